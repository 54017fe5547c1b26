"""The theme's own words on the course book's pages are German, its buttons work, and whole pages pass axe-core.

Screen readers read a link's title and a button's or landmark's name aloud. Sphinx 7.4's German catalogue leaves
"Link to this heading" untranslated, and sphinx-book-theme 1.3 writes "Toggle primary sidebar", "Toggle secondary
sidebar", "Main" and "Page" into its templates. The course book's own catalogue (site/book/locales/de/LC_MESSAGES/
sphinx.po, read before Sphinx's and the themes') and its template overrides (site/book/_templates) make them German;
the search button and the light/dark switch are named by what they show (axe-core: label-content-name-mismatch,
WCAG 2.5.3), a chapter's toggle of its sub-pages by its chapter (site/book/_ext/sbk_site.py; summary-name). Both
editions: run once more with `make test-site-lecturer` (the lecturer's guide has sub-pages)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT
from test_site_browser import _clean
from test_site_code import PAGE, _ax, _axe

CATALOG = ROOT / "site" / "book" / "locales" / "de" / "LC_MESSAGES" / "sphinx.po"
with CATALOG.open("rb") as _po:
    WORDS = {m.id: m.string for m in read_po(_po) if m.id}
# English that Sphinx and the themes write into a title or a name (their German catalogues translate the second
# group; the first is what this site's catalogue and templates translate)
ENGLISH = set(WORDS) | {"Search", "Back to top", "Skip to main content", "Site navigation", "On this page",
                        "Contents", "Previous page", "Next page", "Download this page", "Download source file",
                        "Print to PDF", "Fullscreen mode", "Version warning", "Search the docs ...", "Copy"}
ENGLISH_PATTERN = re.compile(r"Toggle|Link to this|^Main$|^Page$")
# Bootstrap moves a tooltip's title to data-bs-original-title once the page's scripts run
LABELS = ("title", "aria-label", "data-bs-title", "data-bs-original-title")
MODES = {"light": "Light", "dark": "Dark", "auto": "System Settings"}
# A name that speaks to the reader is a sentence ("Laden Sie diese Seite herunter"), not a button's label.
ADDRESS = re.compile(r"\b(Sie|Ihr|Ihre[mnrs]?|Ihnen|du|dich|dir|dein\w*)\b")


def _english(value: str) -> bool:
    return value.strip() in ENGLISH or bool(ENGLISH_PATTERN.search(value.strip()))


class _Labels(HTMLParser):
    """Every title and name attribute of a page, with its element's tag and classes."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        self.found += [(tag, classes, name, value) for name, value in attrs if name in LABELS and value]


def _pages(site: Path) -> list[Path]:
    """Every HTML page of the site (book, JupyterLite, self-check, landing); the theme's Jinja macros that Sphinx
    copies into _static are no pages."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def test_no_english_title_or_name_on_any_page(site):
    english, german = [], {m: 0 for m in ("Toggle primary sidebar", "Toggle secondary sidebar", "Main", "Page")}
    links = 0
    for path in _pages(site):
        parser = _Labels()
        parser.feed(path.read_text(encoding="utf-8"))
        rel = path.relative_to(site).as_posix()
        english += [(rel, tag, name, value) for tag, _, name, value in parser.found if _english(value)]
        values = {value for *_, value in parser.found}
        german = {m: n + (WORDS[m] in values) for m, n in german.items()}
        heading_links = [value for tag, classes, name, value in parser.found
                         if tag == "a" and "headerlink" in classes.split() and name == "title"]
        assert set(heading_links) <= {WORDS["Link to this heading"]}, (rel, set(heading_links))
        links += len(heading_links)
    assert english == [], english[:10]
    # the control: the German words stand where the English ones stood (every notebook page has the side bars,
    # a table of contents and headings with their links)
    notebooks = len(list((site / "book" / "notebooks").glob("*.html")))
    assert notebooks >= 8 and links >= 10 * notebooks, (notebooks, links)
    assert all(n >= notebooks for n in german.values()), german


def test_the_catalogue_names_things_in_phrases():
    """The book's catalogue holds names of buttons, links and landmarks and the words in them: each a short noun
    or infinitive phrase ("Diese Seite herunterladen"), none a sentence to the reader."""
    sentences = {msgid: german for msgid, german in WORDS.items()
                 if ADDRESS.search(german) or german.rstrip().endswith((".", "!", "?"))}
    assert sentences == {}
    assert len(WORDS) >= 13 and all(WORDS.values())


def test_the_book_themes_own_words_are_the_books(site):
    """sphinx-book-theme translates its own words (the download menu, the print button, "By" above the author) in
    a catalogue of its own; the book's catalogue is asked first there too (site/book/_ext/sbk_site.py). No name on a
    book page speaks to the reader, as the theme's "Laden Sie diese Seite herunter" did."""
    notebooks, address = 0, []
    for path in _pages(site / "book"):
        parser = _Labels()
        text = path.read_text(encoding="utf-8")
        parser.feed(text)
        values = {value for *_, value in parser.found}
        address += [(path.name, v) for v in values if ADDRESS.search(v)]
        if path.parent.name == "notebooks":
            notebooks += 1
            assert {WORDS["Download this page"], WORDS["Print to PDF"]} <= values, path.name
            assert re.search(rf">\s*{WORDS['By']} socialbiz-kit\s*<", text), path.name
    assert address == []
    assert notebooks >= 8


def test_every_shortcut_key_on_a_book_page_is_named_in_german(site):
    """The search button, the search dialog's field and the search page's field show the shortcut "Strg+K": the key
    as a German keyboard names it (the theme wrote "Ctrl" into the dialog's and the search page's field)."""
    keys, pages = {}, 0
    for path in _pages(site / "book"):
        found = re.findall(r'<kbd class="kbd-shortcut__modifier">([^<]*)</kbd>', path.read_text(encoding="utf-8"))
        keys.update((key, path.name) for key in found if key != "K")
        pages += len(found) >= 3  # the button (two keys), the dialog (one) and, on the search page, its field
    assert keys.keys() == {WORDS["Ctrl"]} == {"Strg"}, keys
    assert pages >= 8


def _on_screen(page, selector: str) -> list[int]:
    """The indices among ``selector``'s matches of those on screen (at least one)."""
    found = page.evaluate("(s) => [...document.querySelectorAll(s)].flatMap((e, i) => e.checkVisibility() ? [i] : [])",
                          selector)
    assert found, f"nothing on screen matches {selector}"
    return found


def _settle(page) -> None:
    """Wait until the theme's transitions (colours, side bars, tooltips) have run."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def _in_view(page, selector: str) -> bool:
    return page.evaluate("""(s) => { const e = document.querySelector(s), r = e.getBoundingClientRect();
                                     return e.checkVisibility() && r.width > 0 && r.right > 0 && r.left < innerWidth; }""",
                         selector)


@pytest.mark.parametrize("width", [1280, 360])
def test_a_whole_page_is_german_and_passes_axe(server, context, width):
    """Notebook 01 on a desktop and on a phone, after the theme's scripts ran: no English title or name left,
    header and side bars included, axe-core finds no WCAG 2.1 A/AA violation in the whole page, and Chromium names
    the side bar button, the search button and the light/dark switch in German, the switch with the mode in use."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server.base + PAGE)
    page.wait_for_load_state("load")
    labels = page.evaluate("(names) => [...document.querySelectorAll('*')].flatMap(e => names.map(n => "
                           "e.getAttribute(n)).filter(Boolean))", list(LABELS))
    assert [v for v in labels if _english(v)] == []
    assert WORDS["Link to this heading"] in labels and WORDS["Toggle primary sidebar"] in labels   # the control
    toggle = ".primary-toggle"
    assert _ax(context, page, toggle, _on_screen(page, toggle)[0])[0] == WORDS["Toggle primary sidebar"]
    search = ".search-button__button"      # a field with the shortcut in the side bar, an icon above the page
    for i in _on_screen(page, search):
        name, shown = _ax(context, page, search, i)[0], page.locator(search).nth(i).inner_text()
        assert name and not _english(name) and "".join(shown.split()) in "".join(name.split()), (name, shown)
    switch = ".theme-switch-button"
    index = _on_screen(page, switch)[0]
    seen = set()
    for _ in range(len(MODES)):
        mode = page.evaluate("() => document.documentElement.dataset.mode")
        assert _ax(context, page, switch, index)[0] == f"{WORDS['Color mode']}: {WORDS[MODES[mode]]}", mode
        assert _axe(page, include=None) == [], mode
        seen.add(mode)
        page.locator(switch).nth(index).click()
        _settle(page)       # the theme fades its colours into the new mode (and the switch's tooltip in)
    assert seen == set(MODES)          # a click moves on to the next mode, and the name follows it
    _clean(context.guard, f"notebook 01 at {width} px")


def test_every_book_page_passes_axe(server, site, context):
    """Every page of the book, whole, passes axe-core's WCAG 2.1 A/AA rules (notebook 01 is checked above in more
    detail; this catches a page of its own kind, such as the search page or notebook 04's self-check box)."""
    pages = [p.relative_to(site).as_posix() for p in _pages(site / "book")]
    assert len(pages) >= 10
    page = context.new_page()
    found = {}
    for rel in pages:
        page.goto(server.base + rel)
        page.wait_for_load_state("load")
        if got := _axe(page, include=None):
            found[rel] = got
    assert found == {}
    _clean(context.guard, "book pages")


def test_the_side_bar_buttons_work(server, context):
    """"Navigation ein- oder ausblenden" does what it says: on a phone it opens the chapters over the page (Escape
    closes them), on a desktop it folds the left side bar away and back. With a header bar of pydata-sphinx-theme's
    own in the page, its hidden buttons took the clicks and these did nothing."""
    page = context.new_page()
    chapters = "nav.bd-docs-nav"     # the chapters ("Inhalt des Kursbuchs")
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(server.base + PAGE)
        page.wait_for_load_state("load")
        button = page.locator(".primary-toggle").nth(_on_screen(page, ".primary-toggle")[0])
        assert _in_view(page, chapters) == (width > 960), width
        button.click()
        _settle(page)
        if width < 960:
            assert page.locator("dialog#pst-primary-sidebar-modal[open]").count() == 1
            assert _in_view(page, chapters)
            assert _axe(page, include=None) == []          # the open navigation too
            page.keyboard.press("Escape")
            _settle(page)
            assert page.locator("dialog[open]").count() == 0
        assert not _in_view(page, chapters), width
        if width > 960:
            button.click()
            _settle(page)
            assert _in_view(page, chapters)
    _clean(context.guard, "side bar buttons")


# Whether the focused element shows its focus: a keyboard focus ring as an outline or a box shadow, on the element
# or on a child of it (pydata-sphinx-theme rings the chevron of a chapter's toggle in the side bar, not the toggle).
FOCUS_SHOWN = """e => { const ring = x => { const c = getComputedStyle(x);
        return (c.outlineStyle !== 'none' && parseFloat(c.outlineWidth) > 0)
               || (c.boxShadow !== 'none' && !/^rgba\\(0, 0, 0, 0\\) 0px 0px 0px 0px$/.test(c.boxShadow)); };
    return e.matches(':focus-visible') && (ring(e) || [...e.children].some(ring)); }"""


DRAWERS = {"primary": (".primary-toggle", "dialog#pst-primary-sidebar-modal"),
           "secondary": (".secondary-toggle", "dialog#pst-secondary-sidebar-modal")}


@pytest.mark.parametrize("side", DRAWERS)
def test_a_closed_drawer_gives_the_focus_back_to_its_button(server, context, side):
    """On a phone (360 px) the chapters (primary) and the page's table of contents (secondary) open as drawers over
    the page. Reached with Tab and opened with Enter, then closed with Escape, or with a tap beside the drawer (it
    has no close button of its own), the focus is back on the button that opened it (WCAG 2.4.3), not on the page's
    body (site/book/_templates/layout.html)."""
    toggle, drawer = DRAWERS[side]
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(server.base + PAGE)
    page.wait_for_load_state("load")
    button = page.locator(toggle).nth(_on_screen(page, toggle)[0])
    is_focused = "e => e === document.activeElement"
    for _ in range(60):         # from the top of the page, as a keyboard user would
        page.keyboard.press("Tab")
        if button.evaluate(is_focused):
            break
    else:
        pytest.fail(f"Tab never reaches {toggle}")
    for close in ("Escape", "tap beside"):
        page.keyboard.press("Enter")
        _settle(page)
        assert page.locator(f"{drawer}[open]").count() == 1, close
        assert page.evaluate("(d) => document.querySelector(d).contains(document.activeElement)", drawer), close
        if close == "Escape":
            page.keyboard.press("Escape")
        else:
            box = page.locator(drawer).bounding_box()
            x = box["x"] + box["width"] + 10 if box["x"] + box["width"] < 350 else box["x"] - 10
            page.mouse.click(x, box["y"] + box["height"] / 2)
        _settle(page)
        assert page.locator(f"{drawer}[open]").count() == 0, close
        assert button.evaluate(is_focused), (close, page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
        if close == "Escape":
            assert button.evaluate(FOCUS_SHOWN), "the focus is back but not shown"
    _clean(context.guard, f"{side} drawer at 360 px")


@pytest.mark.parametrize("width", [1280, 360])
def test_every_control_before_the_article_shows_its_focus(server, context, width):
    """Tab from the top of notebook 01 to the article: each control it reaches on the way (skip link, side bar,
    header buttons) shows its keyboard focus (WCAG 2.4.7); the theme hid it on the side bar button, the download
    menu and the search field (site/book/sbk.css)."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server.base + PAGE)
    page.wait_for_load_state("load")
    reached, hidden = set(), []
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.bd-article')"):
            break
        name = page.evaluate("() => document.activeElement.outerHTML.slice(0, 90)")
        reached.add(name)
        if not page.evaluate(f"() => ({FOCUS_SHOWN})(document.activeElement)"):
            hidden.append(name)
    else:
        pytest.fail("Tab never reaches the article")
    assert hidden == []
    assert any("primary-toggle" in r for r in reached) and any("dropdown-toggle" in r for r in reached), reached
    _clean(context.guard, f"focus at {width} px")
