"""The plots on the course book's pages have German alt texts (WCAG 1.1.1; tools/site_build/alt.py).

Left to itself, Sphinx writes an image's path as its alt text (``alt="../_images/<hash>.png"``), which a screen
reader reads aloud, and axe-core accepts it. The build gives each plot a text in the site's words (data/ui.yaml):
the figure's title or the heading above it, and "die Zahlen stehen in der Tabelle darunter" only where a table
follows; no two plots share a text. Run once more with `make test-site-lecturer` for the lecturer's site.
"""
from __future__ import annotations

import html.parser
import json
import re

from conftest import ROOT

from socialbiz_kit import ui

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PATH_LIKE = re.compile(r"[/\\]|\.(png|jpe?g|gif|svg|webp)\b|_images", re.I)
BLOCK = re.compile(r"<(img|table|h[1-6])\b[^>]*>", re.I)


def _template(key: str, lang: str) -> str:
    """A pattern of one of the site's alt-text templates: each placeholder stands for some text."""
    parts = re.split(r"\{\w+\}", ui.text(f"site.{key}", lang=lang))
    return "(?:.+)".join(map(re.escape, parts))


def _alt_pattern(lang: str) -> re.Pattern:
    plain = f"(?:{_template('plot_alt_title', lang)}|{_template('plot_alt_heading', lang)})"
    table = re.escape(ui.text("site.plot_alt_table", lang=lang)).replace(re.escape("{alt}"), plain)
    return re.compile(f"(?:{plain}|{table})")


GERMAN, ENGLISH = _alt_pattern("de"), _alt_pattern("en")
TABLE_CLAIM = ui.text("site.plot_alt_table", lang="de").replace("{alt}", "")


class _Blocks(html.parser.HTMLParser):
    """The images (with their alt text, None if it has none), tables and headings of a page, in order."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img" or tag == "table" or re.fullmatch(r"h[1-6]", tag):
            self.found.append((tag, dict(attrs).get("alt") if tag == "img" else None))


def _blocks(path) -> list[tuple[str, str | None]]:
    parser = _Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


def _pages(site):
    return sorted(p for p in (site / "book").rglob("*.html") if "_static" not in p.parts)


def test_every_image_in_the_book_has_a_german_alt_text(site):
    """No <img> on a page of the book has an empty alt text or one that looks like a path; each says in the site's
    German words (data/ui.yaml) what the plot shows."""
    bad, seen = {}, 0
    for path in _pages(site):
        for tag, alt in _blocks(path):
            if tag != "img":
                continue
            seen += 1
            if not alt or not alt.strip() or PATH_LIKE.search(alt) or not GERMAN.fullmatch(alt) or ENGLISH.fullmatch(alt):
                bad.setdefault(path.relative_to(site).as_posix(), []).append(alt)
    assert seen >= 10, f"only {seen} images in the book"
    assert bad == {}


def test_every_plot_of_the_notebooks_is_an_image_with_an_alt(site, edition):
    """Each notebook page shows at least as many described images as its notebook has plots, outside the model
    solutions on the student's site (which leaves those out), all of them on the lecturer's."""
    left_out = {"solution", "tests"} if edition == "student" else {"tests"}
    for nb in NOTEBOOKS:
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        plots = sum(1 for c in cells if c["cell_type"] == "code" and not left_out & set(c["metadata"].get("tags", []))
                    for out in c.get("outputs", []) if any(m.startswith("image/") for m in out.get("data", {})))
        page = site / "book" / "notebooks" / f"{nb.stem}.html"
        alts = [alt for tag, alt in _blocks(page) if tag == "img" and alt and GERMAN.fullmatch(alt)]
        assert len(alts) >= plots, f"{nb.name}: {plots} plots, {len(alts)} images with a German alt text"


def test_no_two_plots_share_an_alt_text(site):
    """A screen reader tells the plots apart by their alt texts alone: no text stands under two images anywhere in
    the book (notebooks 01 and 02 both had "Grafik zu „Die Stufen als Treppe“" for their stage ladders)."""
    where: dict[str, list[str]] = {}
    for path in _pages(site):
        for k, (tag, alt) in enumerate(_blocks(path)):
            if tag == "img":
                where.setdefault(alt, []).append(f"{path.relative_to(site).as_posix()} #{k}")
    assert sum(map(len, where.values())) >= 10
    assert {alt: found for alt, found in where.items() if len(found) > 1} == {}


def test_a_plot_that_names_its_table_has_one_below(site):
    """An alt text that says "die Zahlen stehen in der Tabelle darunter" is true: a table follows the image on the
    page before the next heading."""
    claims = 0
    for path in _pages(site):
        blocks = _blocks(path)
        for k, (tag, alt) in enumerate(blocks):
            if tag == "img" and alt and alt.endswith(TABLE_CLAIM):
                claims += 1
                after = [t for t, _ in blocks[k + 1:]]
                following = after[:next((j for j, t in enumerate(after) if t.startswith("h")), len(after))]
                assert "table" in following, f"{path.name}: {alt!r} but no table below it before the next heading"
    assert claims >= 1


def test_the_accessible_name_of_a_plot_is_its_german_alt_text(server, site, context):
    """In Chromium's accessibility tree, the first plot of notebook 01 is an image named by its German alt text."""
    alt = next(alt for tag, alt in _blocks(site / "book" / "notebooks" / "01_altimeter.html") if tag == "img")
    assert alt and GERMAN.fullmatch(alt)
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(server.base + "book/notebooks/01_altimeter.html")
    page.wait_for_load_state("load")
    expect(page.locator(".cell_output img").first).to_have_accessible_name(alt)
    assert page.get_by_role("img", name=alt, exact=True).count() == 1
    assert not context.guard.blocked
