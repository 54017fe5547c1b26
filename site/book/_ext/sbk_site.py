"""Sphinx extension of the course book (tools/build_site.py): privacy and the "Im Browser öffnen" bar.

- puts a link to the page's notebook in JupyterLite (or to the JupyterLite file list) at the top of every page,
  saying so where the browser can run the notebook only in part;
- drops every script and stylesheet that would come from another origin (the build checks the result again);
- writes the toggle of folded code (myst-nb's ``<details>``, cell tag hide-input) without the English aria-label
  "Toggle hidden content" that myst-nb 1.4 gives its ``<summary>``: the accessible name is then the German text
  shown ("Code anzeigen", "Code ausblenden"), and the ``<summary>`` reports by itself whether it is open;
- names the toggle that opens a chapter's sub-pages in the left side bar ("Unterseiten von „Leitfaden für
  Lehrende“", data/ui.yaml site.toc_subpages): pydata-sphinx-theme 0.17 builds that ``<summary>`` in Python
  (toctree.add_collapse_checkboxes) with nothing in it but an icon, so no template, catalogue or theme option can
  name it, and a screen reader announced a nameless button (axe-core: summary-name, WCAG 4.1.2).

The theme's other words are German through the book's own catalogue (locales/de/LC_MESSAGES/sphinx.po) and
template overrides (_templates). sphinx-book-theme looks its own words up in a catalogue of its own ("booktheme":
the header's buttons, "By" above the author), which ``locale_dirs`` does not reach; :func:`_book_words_first` asks
the book's catalogue first there too, the theme's after it.
"""
from __future__ import annotations

import gettext
import html
import json
import posixpath
from pathlib import Path

from socialbiz_kit import ui

# Notebook -> the package it needs that the site's Pyodide lacks (written by the build beside this file).
_LIST = Path(__file__).with_name("not_in_browser.json")
_PARTIAL = json.loads(_LIST.read_text()) if _LIST.exists() else {}


def _external(uri: str) -> bool:
    return uri.startswith(("http://", "https://", "//"))


def _named_subpage_toggles(generate, label: str):
    """pydata-sphinx-theme's ``generate_toctree_html`` (a page's context function), its toggles of sub-pages named:
    hidden text in each ``<summary>`` that holds only the chevron, after the link beside it."""
    def named(*args, **kwargs):
        soup = generate(*args, **kwargs)
        for summary in [] if isinstance(soup, str) else soup.select("li.has-children > details > summary"):
            link = summary.find_parent("li").find("a", recursive=False)
            if summary.get_text(strip=True) or link is None:
                continue    # a part's caption names its toggle itself
            hidden = soup.new_tag("span", attrs={"class": "visually-hidden"})
            hidden.string = label.format(title=link.get_text(" ", strip=True))
            summary.append(hidden)
        return soup
    return named


def _page_context(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [f for f in context[key] if not _external(str(getattr(f, "filename", f) or ""))]
    if "generate_toctree_html" in context:    # the theme's (priority 500) runs before this (900)
        context["generate_toctree_html"] = _named_subpage_toggles(context["generate_toctree_html"],
                                                                  ui.text("site.toc_subpages", lang="de"))
    if "body" not in context or doctree is None:
        return
    w = ui.words("site", "de")
    depth = pagename.count("/")
    lite = "../" * depth + "../lite/"
    source = str(app.env.doc2path(pagename, base=False))
    kind, label = "sbk-open", ""
    if source.endswith(".ipynb") and posixpath.dirname(source) == "notebooks":
        name = posixpath.basename(source)
        href, hint = f"{lite}notebooks/index.html?path={name}", w["open_in_browser_hint"]
        if name in _PARTIAL:
            kind, hint = "sbk-open sbk-partial", w["not_in_browser_hint"].format(**_PARTIAL[name])
            label = f'<strong>{html.escape(w["partial_label"])}</strong> '
    else:   # pages without a notebook of their own open JupyterLite's file list
        href, hint = lite + "lab/index.html", w["open_lite_hint"]
    bar = (f'<p class="{kind}"><a href="{html.escape(href)}">'
           f'{html.escape(w["open_in_browser"])}</a><span>{label}{html.escape(hint)}</span></p>')
    context["body"] = bar + context["body"]


def _visit_folded(self, node):
    """myst-nb's visit_HideCellInput (myst_nb/sphinx_.py) with a plain ``<summary>``: its two titles, one of them
    hidden by mystnb.css, name it in German."""
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n<summary>\n'
                     f'<p class="collapsed admonition-title">{html.escape(node["prompt_show"])}</p>\n'
                     f'<p class="expanded admonition-title">{html.escape(node["prompt_hide"])}</p>\n</summary>\n')


def _book_words_first(app):
    """sphinx-book-theme's catalogue ("booktheme") with the book's own words before the theme's German: the book's
    catalogue as Sphinx compiled it (locales/de/LC_MESSAGES/sphinx.mo), the theme's for every word it lacks. The
    theme looks its words up when a page is written (sphinx.locale.get_translation), so this is in time."""
    from sphinx import locale

    for folder in app.config.locale_dirs:
        ours = gettext.translation("sphinx", localedir=str(Path(app.srcdir) / folder),
                                   languages=[app.config.language], fallback=True)
        if type(ours) is not gettext.NullTranslations:
            theirs = locale.translators.get(("general", "booktheme"))
            if theirs is not None:
                ours.add_fallback(theirs)
            locale.translators["general", "booktheme"] = ours
            return


def setup(app):
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(_visit_folded, depart_HideCellInput))
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("builder-inited", _book_words_first)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
