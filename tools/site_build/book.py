"""The book (Jupyter Book sources, built by Sphinx): the edition's notebooks and guide pages, table of contents,
local MathJax.

Part of ``tools/build_site.py`` (``make site``), which re-exports every name.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from pathlib import Path

from .alt import check_unique, plot_alts
from .common import HEADING, NPM, ROOT, SITE_SRC, edition_notebook, notebooks, run, site_words

# "Umschalt + Eingabe" in the notebooks' prose (with or without <kbd>)
RUN_KEYS = re.compile(r"(<kbd>)?Umschalt(</kbd>)? \+ (<kbd>)?Eingabe(</kbd>)?")
# The book folds the code of a cell (its input) behind "Code anzeigen" and keeps its output in view (the cell
# tag hide-input, labelled by the conf.py that build_book writes), except where the code is the point: in a
# section whose heading says "mit Code" (up to the next heading; the student writes or changes code there), in
# a notebook whose first cell says it is "nur für den Code-Weg" (90, the introduction to Python), and in a
# solution cell (the student's empty field; on the lecturer's site the folded solution).
WITH_CODE = re.compile(r"\bmit Code\b")
CODE_PATH_ONLY = re.compile(r"\bnur für den Code-Weg\b")


def _answer_dropdown(source: str, label: str) -> str:
    fence = "`" * max(4, 1 + max((len(m) for m in re.findall(r"`{3,}", source)), default=0))
    return f"{fence}{{dropdown}} {label}\n:class-container: sbk-answer\n\n{source.strip()}\n{fence}\n"


def _code_shown(cells: list[dict]) -> list[int]:
    """Indices of the code cells whose code the book keeps in view: those under a heading that says "mit Code"
    (up to the next heading), or all of them if the notebook's first cell says it is "nur für den Code-Weg"."""
    first = "".join(cells[0].get("source", "")) if cells else ""
    code_path = bool(cells) and cells[0]["cell_type"] == "markdown" and bool(CODE_PATH_ONLY.search(first))
    shown, with_code = [], False
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            headings = HEADING.findall("".join(cell.get("source", "")))
            if headings:
                with_code = bool(WITH_CODE.search(headings[-1]))
        elif cell["cell_type"] == "code" and (code_path or with_code):
            shown.append(i)
    return shown


def prepare_notebook(src: Path, dst: Path, words: dict, edition: str = "student") -> dict:
    """The book's copy of a notebook. Student edition: the student's copy (empty fields where the model solutions
    and answers were); lecturer edition: the committed notebook, its solutions and model answers folded. Tests are
    left out of both; in both, the code of the other code cells is folded, its output shown (the note above HEADING
    says which cells keep their code in view); a plot gets an alt text (alt.py). Returns how many solution and answer
    cells the notebook has and, under "alts", each plot's alt text as the book shows it (where, text)."""
    from socialbiz_kit import ui

    nb = json.loads(json.dumps(edition_notebook(src, edition)))
    counts = {"solution": 0, "answer": 0}
    # the empty field of a student's answer, as the student edition writes it (socialbiz_kit.editions)
    stubs = {ui.text("editions.text_stub", lang=lang) for lang in ("de", "en")}
    shown = set(_code_shown(nb["cells"]))
    for i, cell in enumerate(nb["cells"]):
        meta = cell.setdefault("metadata", {})
        tags = list(meta.get("tags", []))
        text = "".join(cell.get("source", ""))
        if cell["cell_type"] == "code" and ("BEGIN HIDDEN TESTS" in text or "tests" in tags):
            tags.append("remove-cell")
        elif cell["cell_type"] == "code" and "solution" in tags:
            counts["solution"] += 1
            if edition == "lecturer":
                tags.append("hide-cell")
                meta.setdefault("mystnb", {}).update({"code_prompt_show": words["show_solution"],
                                                      "code_prompt_hide": words["hide_solution"]})
        elif cell["cell_type"] == "markdown" and "answer" in tags and text.strip() in stubs:
            # the book is read, not written: the empty field says where writing works
            cell["source"] = words["answer_in_book"]
        elif cell["cell_type"] == "markdown" and RUN_KEYS.search(text) and not {"answer", "solution"} & set(tags):
            # the book cannot run a cell, and a phone has no Shift key: say what works where
            text = RUN_KEYS.sub(words["run_keys"], text)
            cell["source"] = text
        if cell["cell_type"] == "markdown" and src.stem == "04_selbstcheck" and re.match(r"#+ *7\b", text):
            # the form needs a running notebook; the self-check pages are the way on the site
            cell["source"] = text.rstrip() + "\n\n" + words["selfcheck_in_book"].format(
                altimeter="../../selbstcheck/altimeter.html", cotc="../../selbstcheck/cotc.html") + "\n"
        elif cell["cell_type"] == "code" and i not in shown and not {"remove-cell", "solution"} & set(tags):
            tags.append("hide-input")
        elif cell["cell_type"] == "markdown" and ("answer" in tags or "solution" in tags):
            counts["answer"] += 1
            if edition == "lecturer":
                cell["source"] = _answer_dropdown(text, words["model_answer"] if "answer" in tags
                                                  else words["show_solution"])
        if tags:
            meta["tags"] = sorted(set(tags))
    alts = []
    for i, alt in plot_alts(nb["cells"], words, src.name).items():   # a plot's alt text (an author's own stays)
        image = nb["cells"][i]["metadata"].setdefault("mystnb", {}).setdefault("image", {})
        alts.append((f"{src.name}, cell {i + 1}", image.setdefault("alt", alt)))
    dst.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return {**counts, "alts": alts}


def book_sources(src: Path, edition: str = "student") -> dict:
    """Write the book's sources (notebooks, the edition's guide pages, table of contents) into ``src``; Sphinx is
    not run. The sources keep the repository's layout (notebooks/, docs/), so relative links between them work."""
    from socialbiz_kit import editions

    words = site_words("de", edition)
    if src.exists():
        shutil.rmtree(src)
    (src / "_static").mkdir(parents=True)
    counts = {"solution": 0, "answer": 0}
    chapters, alts = [], []
    (src / "notebooks").mkdir()
    for nb in notebooks():
        got = prepare_notebook(nb, src / "notebooks" / nb.name, words, edition)
        counts = {k: counts[k] + got[k] for k in counts}
        alts += got["alts"]
        chapters.append(f"notebooks/{nb.stem}")
    guide = []
    for rel, text in editions.guide_pages(edition, ROOT).items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".ipynb"):
            (src / rel).write_text(text, encoding="utf-8")
            got = prepare_notebook(src / rel, src / rel, words, "lecturer")  # already the edition's copy: fold only
            counts = {k: counts[k] + got[k] for k in counts}
            alts += [(posixpath.join(posixpath.dirname(rel), where), alt) for where, alt in got["alts"]]
        else:
            # The book's table of contents (_toc.yml) orders the pages; a page's own toctree would list them twice.
            text = re.sub(r"^(`{3,}|:{3,})\{toctree\}.*?^\1\s*$", "", text, flags=re.S | re.M)
            (src / rel).write_text(text, encoding="utf-8")
        guide.append(posixpath.splitext(rel)[0])
    check_unique(alts)     # a screen reader tells two plots apart by their alt texts alone
    # A folder's index page comes first.
    guide.sort(key=lambda g: (posixpath.dirname(g), posixpath.basename(g) != "index", g))
    # Pictures the edition's guide pages show travel along.
    for rel in editions.guide_assets(edition, ROOT):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, src / rel)
    (src / "index.md").write_text(
        f"# {words['book_intro_title']}\n\n{words['book_intro']}\n\n"
        f'<p><a href="../index.html">{html.escape(words["back_home"])}</a></p>\n', encoding="utf-8")
    toc = ["format: jb-book", "root: index", "parts:",
           f"  - caption: {json.dumps(words['part_notebooks'], ensure_ascii=False)}", "    chapters:"]
    toc += [f"      - file: {c}" for c in chapters]
    if guide:
        toc += [f"  - caption: {json.dumps(words['part_guide'], ensure_ascii=False)}", "    chapters:"]
        head, rest = (guide[0], guide[1:]) if posixpath.basename(guide[0]) == "index" else (None, guide)
        if head:
            toc += [f"      - file: {head}"] + (["        sections:"] + [f"          - file: {g}" for g in rest]
                                                  if rest else [])
        else:
            toc += [f"      - file: {g}" for g in rest]
    (src / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    return {"chapters": chapters, "guide": guide, "edition": edition, **counts}


def build_book(venv_bin: Path, work: Path, out: Path, partial: dict[str, dict[str, str]],
               edition: str = "student") -> dict:
    src = work / "book-src"
    book = book_sources(src, edition)
    shutil.copy2(SITE_SRC / "book" / "_config.yml", src / "_config.yml")
    for part in ("_ext", "_templates", "locales"):    # the extension, the German words of the theme
        shutil.copytree(SITE_SRC / "book" / part, src / part)
    (src / "_ext" / "not_in_browser.json").write_text(json.dumps(partial, indent=1) + "\n")
    shutil.copy2(SITE_SRC / "book" / "sbk.css", src / "_static" / "sbk.css")
    # MathJax goes to _vendor (served as _static/mathjax): Jupyter Book would add every .js in _static to
    # every page.
    mj = NPM / "mathjax" / "es5"
    for part in ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "a11y", "ui", "sre"):
        s = mj / part
        d = src / "_vendor" / "mathjax" / part
        d.parent.mkdir(parents=True, exist_ok=True)
        if s.is_dir():
            shutil.copytree(s, d)
        elif s.exists():
            shutil.copy2(s, d)
    # jupyter-book writes the Sphinx conf.py; the book is then built by Sphinx itself, so that the
    # extensions that only add CDN scripts (sphinx-thebe, sphinx-comments) can be left out.
    run([venv_bin / "jupyter-book", "config", "sphinx", src])
    conf = src / "conf.py"
    words = site_words("de", edition)
    conf.write_text(conf.read_text() + (
        "\n# socialbiz-kit site: no CDN pieces, local MathJax, German UI.\n"
        # the toggle of folded code (myst-nb's, tag hide-input), in the site's words (data/ui.yaml)
        f"nb_code_prompt_show = {words['show_code']!r}\n"
        f"nb_code_prompt_hide = {words['hide_code']!r}\n"
        "import sys as _sys, os as _os\n"
        "_sys.path.insert(0, _os.path.join(_os.path.dirname(__file__), '_ext'))\n"
        "extensions = [e for e in extensions if e not in ('sphinx_thebe', 'sphinx_comments')]"
        " + ['sbk_site']\n"
        "html_js_files = [f for f in html_js_files if not str(f).startswith('mathjax/')]\n"
        "html_css_files = [f for f in html_css_files if not str(f).startswith('mathjax/')]\n"
        "html_static_path = list(dict.fromkeys(html_static_path))\n"))
    if out.exists():
        shutil.rmtree(out)
    run([venv_bin / "sphinx-build", "-b", "html", "-q", "-j", "1", src, out,
         "-d", work / "book-doctrees"])
    return book
