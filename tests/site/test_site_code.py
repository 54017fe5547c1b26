"""The notebooks' code on the course book's pages: folded behind a German toggle, the outputs in view
(tools/site_build/book.py, cell tag hide-input; site/book/_ext/sbk_site.py names the toggle in German).

Students who never program read the book, many on a phone: the prose and the result tables come first, the Python
behind them one click (or Enter, or Space) away. The exercises "mit Code" and the introduction to Python (notebook
90, "nur für den Code-Weg") keep their code in view: there the code is what the student reads and changes.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

from socialbiz_kit import ui

SHOW, HIDE = ui.text("site.show_code", lang="de"), ui.text("site.hide_code", lang="de")
# on the lecturer's site (make test-site-lecturer) a model solution folds as a whole cell
SOLUTION = [("collapsed", ui.text("site.show_solution", lang="de")), ("expanded", ui.text("site.hide_solution", lang="de"))]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# what myst-nb 1.4 writes for a folded cell unless told otherwise: English on a German page
ENGLISH = ("Toggle hidden content", "Show code cell", "Hide code cell", "Click to show", "Click to hide")
PAGE = "book/notebooks/01_altimeter.html"
FOLDED = "details.hide.above-input"
PIECE = re.compile(r'<h([1-6])\b[^>]*>(.*?)</h\1>|<div class="cell( [^"]*)?">', re.S)


def _cells(page: str) -> list[dict]:
    """The code cells of a book page in order, each with the heading above it, whether its input is folded and
    whether its output lies outside the fold."""
    found, heading = [], ""
    pieces = list(PIECE.finditer(page))
    for m, after in zip(pieces, pieces[1:] + [None]):
        if m.group(1):
            heading = html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
            continue
        body = page[m.end():after.start() if after else len(page)]
        folded = body.lstrip().startswith('<details class="admonition hide above-input">')
        fold = body[:body.find("</details>")] if folded else ""
        found.append({"heading": heading, "folded": folded, "summary": re.findall(r"<summary\b[^>]*>", fold),
                      "output_folded": 'class="cell_output' in fold, "output": 'class="cell_output' in body,
                      "titles": re.findall(r'<p class="(collapsed|expanded) admonition-title">([^<]*)</p>', fold)})
    return found


def _code_path_only(nb: Path) -> bool:
    first = json.loads(nb.read_text())["cells"][0]
    return "nur für den Code-Weg" in "".join(first["source"])


def test_code_is_folded_outside_the_exercises_with_code(site):
    """Every notebook page: each code input is folded behind "Code anzeigen" / "Code ausblenden" unless the heading
    above it says "mit Code"; the outputs stay outside the fold; notebook 90 folds nothing."""
    folded = shown = 0
    for nb in NOTEBOOKS:
        cells = _cells((site / "book" / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8"))
        assert cells, nb.name
        code_path = _code_path_only(nb)
        for i, cell in enumerate(cells):
            if cell["titles"] == SOLUTION:
                assert "mit Code" in cell["heading"] and cell["summary"] == ["<summary>"], (nb.name, i)
                continue
            expect_folded = not code_path and "mit Code" not in cell["heading"]
            assert cell["folded"] == expect_folded, (nb.name, i, cell["heading"])
            if cell["folded"]:
                assert cell["summary"] == ["<summary>"], (nb.name, i)        # no aria-label over the German text
                assert cell["titles"] == [("collapsed", SHOW), ("expanded", HIDE)], (nb.name, i)
                assert not cell["output_folded"], (nb.name, i)
        folded += sum(c["folded"] and c["titles"] != SOLUTION for c in cells)
        shown += sum(not c["folded"] or c["titles"] == SOLUTION for c in cells)
        if not code_path:
            assert any(c["folded"] and c["output"] for c in cells), nb.name
    assert [nb.name for nb in NOTEBOOKS if _code_path_only(nb)] == ["90_python_einstieg.ipynb"]
    assert folded >= 100 and shown >= 20, (folded, shown)


def test_no_english_toggle_text_in_the_book(site):
    pages = [p for p in (site / "book").rglob("*.html") if "_static" not in p.parts]
    assert len(pages) >= len(NOTEBOOKS)
    german = 0
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert [e for e in ENGLISH if e in text] == [], path.name
        german += text.count(f'<p class="collapsed admonition-title">{SHOW}</p>')
    assert german >= 100, german        # the control: the toggles are there, in German


def _ax(context, page, selector: str, index: int = 0) -> tuple[str, bool | None]:
    """Chromium's own accessible name and expanded state of an element (the accessibility tree over CDP)."""
    cdp = context.new_cdp_session(page)
    ref = cdp.send("Runtime.evaluate", {"expression": f"document.querySelectorAll({json.dumps(selector)})[{index}]"})
    node = cdp.send("Accessibility.getPartialAXTree", {"objectId": ref["result"]["objectId"],
                                                       "fetchRelatives": False})["nodes"][0]
    expanded = [p["value"]["value"] for p in node.get("properties", []) if p["name"] == "expanded"]
    cdp.detach()
    return node["name"]["value"], (expanded[0] if expanded else None)


def _axe(page, include: str | None = ".bd-article") -> list:
    """axe-core's WCAG 2.1 A/AA violations in the page's article (a folded cell and its toggle are there), or with
    ``include=None`` in the whole page, the theme's header and side bars too (tests/site/test_site_theme.py)."""
    if not AXE.exists():
        pytest.skip(f"axe-core is missing at {AXE}: run 'npm ci'")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    got = page.evaluate("([where, tags]) => axe.run(where ? {include: [[where]]} : document, {runOnly: {type: 'tag', "
                        "values: tags}, resultTypes: ['violations']})", [include, WCAG])
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in got["violations"]]


def test_the_toggle_works_by_keyboard_and_says_what_it_does(server, context):
    """Notebook 01: the code folded, its output (the stage ladder) in view; Tab reaches the toggle, Enter opens it
    and Space closes it; its accessible name is the German text shown and it reports whether it is open."""
    page = context.new_page()
    page.goto(server.base + PAGE)
    page.wait_for_load_state("load")
    cell = page.locator(f"div.cell:has(> {FOLDED}):has(> .cell_output img)").first
    assert cell.count() == 1, "no folded cell with a picture below it"
    details, summary = cell.locator(f"> {FOLDED}"), cell.locator(f"> {FOLDED} > summary")
    code, output = details.locator(".cell_input"), cell.locator("> .cell_output")
    index = page.evaluate(f"(s) => [...document.querySelectorAll('{FOLDED} > summary')].indexOf(s)",
                          summary.element_handle())
    assert index >= 0
    assert not code.is_visible() and output.is_visible()
    assert summary.inner_text().strip() == SHOW
    assert _ax(context, page, f"{FOLDED} > summary", index) == (SHOW, False)
    assert _axe(page) == []
    # Tab from the top of the page, as a keyboard user would, until the toggle has the focus
    for _ in range(400):
        page.keyboard.press("Tab")
        if summary.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches the toggle")
    assert summary.evaluate("e => e.matches(':focus-visible') && getComputedStyle(e).outlineStyle !== 'none'")
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    assert code.is_visible() and code.inner_text().strip() and output.is_visible()
    assert summary.inner_text().strip() == HIDE
    assert _ax(context, page, f"{FOLDED} > summary", index) == (HIDE, True)
    assert _axe(page) == []
    page.keyboard.press("Space")
    assert details.get_attribute("open") is None and not code.is_visible() and output.is_visible()
    assert _ax(context, page, f"{FOLDED} > summary", index) == (SHOW, False)


@pytest.mark.edition("student")
def test_the_exercises_with_code_show_theirs(server, site, context):
    """An exercise "mit Code" keeps its code field in view, with no toggle above it (the lecturer's site folds the
    solution there: test_site_browser.py test_a_solution_opens)."""
    page = context.new_page()
    page.goto(server.base + PAGE)
    heading = page.locator("h3", has_text="mit Code").first
    field = page.locator("div.cell", has=page.locator("pre", has_text=ui.text("editions.code_stub", lang="de"))).first
    assert heading.is_visible() and field.locator(".cell_input").is_visible()
    assert field.locator(FOLDED).count() == 0
    assert heading.evaluate("(h, f) => !!(h.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING)",
                            field.element_handle())


def test_toggles_fit_a_phone(server, site, context):
    """At 320 px, folded and unfolded, no toggle or code sticks out of the screen and the page does not scroll
    sideways (the code scrolls inside its own box)."""
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    wide, toggles = [], 0
    for path in sorted((site / "book" / "notebooks").glob("*.html")):
        page.goto(server.base + path.relative_to(site).as_posix())
        page.wait_for_load_state("load")
        for state in ("folded", "open"):
            if state == "open":
                page.evaluate(f"() => document.querySelectorAll('{FOLDED}').forEach(d => d.open = true)")
            got = page.evaluate(f"""() => {{
                document.scrollingElement.scrollLeft = 1000;
                const parts = [...document.querySelectorAll('{FOLDED}, {FOLDED} > summary, {FOLDED} .cell_input')];
                return {{scrolled: scrollX, page: document.documentElement.scrollWidth, vw: innerWidth, n: parts.length,
                         out: parts.filter(e => e.getBoundingClientRect().right > innerWidth + 0.5
                                                || e.getBoundingClientRect().left < -0.5).length,
                         cut: [...document.querySelectorAll('{FOLDED} > summary p')]
                                .filter(p => p.scrollWidth > p.clientWidth + 1).length}}; }}""")
            if got["scrolled"] or got["page"] > got["vw"] or got["out"] or got["cut"]:
                wide.append((path.name, state, got))
            toggles += got["n"]
    assert wide == []
    assert toggles >= 2 * 3 * 100, toggles       # the control: it measured the folded cells (three parts each)
