"""The alt texts of the plots on the course book's pages (tools/site_build/alt.py, set by book.py at build time as
myst-nb's cell option ``mystnb: {image: {alt: ...}}``). tests/site/test_site_alt.py checks the built pages."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from socialbiz_kit import ui

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import build_site  # noqa: E402
from site_build.alt import nest_quotes  # noqa: E402

WORDS = build_site.site_words("de")
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


def _plot(source, *more, tags=()):
    """A code cell that drew a plot (a PNG whose text/plain is only matplotlib's "<Figure size ...>"), then
    ``more`` outputs."""
    figure = new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure size 640x480 with 1 Axes>"})
    return new_code_cell(source, outputs=[figure, *more], metadata={"tags": list(tags)} if tags else {})


def _table():
    return new_output("execute_result", data={"text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "1"},
                      execution_count=1)


def _text(key, **kw):
    return ui.text(f"site.{key}", lang="de").format(**kw)


def _alts(cells):
    return build_site.plot_alts(json.loads(nbformat.writes(new_notebook(cells=cells)))["cells"], WORDS, "07_x.ipynb")


def test_a_plot_is_named_by_the_title_its_code_sets():
    """The last title the code sets as a plain string names the plot; a legend's title does not count."""
    cells = [new_markdown_cell("## 2 · Profile"),
             _plot('ax = plotting.stage_profile(p, hue="Organisation")\nax.set_title("Zwei Profile im Vergleich")\n'
                   'ax.legend(title="Organisation")\nplt.show()', _table()),
             _plot('plotting.heatmap(t, title="Erfüllung   je Stufe", vmin=0)\nplt.show()')]
    alts = _alts(cells)
    assert alts[1] == _text("plot_alt_table", alt=_text("plot_alt_title", title="Zwei Profile im Vergleich"))
    assert alts[2] == _text("plot_alt_title", title="Erfüllung je Stufe")     # no table follows


@pytest.mark.parametrize("code", ['plotting.ladder(alt, lang="de")', 'ax.set_title(f"{name}: Stufen")',
                                  'plotting.heatmap(t, title="x")\nax.set_title(modell.name)', "%matplotlib inline\nx ="])
def test_without_a_readable_title_the_heading_names_the_plot(code):
    """A title the code computes (or code that does not parse) is not guessed: the heading above names the plot,
    as plain text."""
    cells = [new_markdown_cell("# 07 · Blatt"), new_markdown_cell("Text.\n\n## 3 · Die *Stufen* als `Treppe`"),
             _plot(code + "\nplt.show()"), new_code_cell("stufen = 1"), _plot("x", _table())]
    alts = _alts(cells)
    assert alts[2] == _text("plot_alt_heading", heading="3 · Die Stufen als Treppe")
    assert alts[4] == _text("plot_alt_table", alt=_text("plot_alt_heading", heading="3 · Die Stufen als Treppe"))


def test_the_table_is_claimed_only_where_one_follows():
    """"Die Zahlen stehen in der Tabelle darunter" only if a table follows the plot in its own cell or in one of the
    next two code cells the book shows, before the next heading and the next plot."""
    def table_cell(*more, tags=()):
        return new_code_cell("show(t)", outputs=[_table(), *more], metadata={"tags": list(tags)} if tags else {})

    cells = [new_markdown_cell("## A"), _plot("p()"), new_markdown_cell("Dazu:"), new_code_cell("a = 1"), table_cell(),
             _plot("p()"), new_code_cell("a = 1"), new_code_cell("b = 2"), table_cell(),     # a third code cell
             _plot("p()"), new_markdown_cell("## B"), table_cell(),                           # another section
             _plot("p()"), table_cell(tags=["tests"]), new_code_cell("a = 1"), _plot("p()", _table()),  # hidden; next plot's
             new_markdown_cell("## C"), table_cell(new_output("display_data", data={"image/png": PNG}))]  # table above
    claims = {i: alt.endswith(_text("plot_alt_table", alt="")) for i, alt in _alts(cells).items()}
    assert claims == {1: True, 5: False, 9: False, 12: False, 15: True, 17: False}


def test_a_plot_with_neither_title_nor_heading_stops_the_build():
    with pytest.raises(build_site.BuildError, match=r"07_x\.ipynb, cell 2"):
        _alts([new_markdown_cell("Ohne Überschrift."), _plot("p()")])


@pytest.mark.parametrize("edition", ["student", "lecturer"])
def test_the_book_copy_carries_the_alt_as_mystnb_image_option(tmp_path, edition):
    """prepare_notebook writes the alt text where myst-nb 1.4 reads it (cell metadata mystnb.image.alt), keeps an
    author's own alt text and, on the lecturer's site, the German toggle of a folded solution beside it."""
    pytest.importorskip("nbgrader")
    own = _plot('plotting.heatmap(t, title="Eigene")')
    own.metadata["mystnb"] = {"image": {"alt": "Vom Notebook gesetzt"}}
    cells = [new_markdown_cell("# 07 · Ein Blatt"), _plot('plotting.heatmap(t, title="Erfüllung")', _table()), own,
             new_markdown_cell("### Übung 1 (mit Code)\nZeichnen Sie."), _plot("p()", tags=["solution"])]
    src, dst = tmp_path / "07_x.ipynb", tmp_path / "book.ipynb"
    nbformat.write(new_notebook(cells=cells), src)
    build_site.prepare_notebook(src, dst, build_site.site_words("de", edition), edition)
    meta = [c["metadata"].get("mystnb", {}) for c in json.loads(dst.read_text())["cells"]]
    assert meta[1]["image"]["alt"] == _text("plot_alt_table", alt=_text("plot_alt_title", title="Erfüllung"))
    assert meta[2]["image"]["alt"] == "Vom Notebook gesetzt"
    if edition == "lecturer":    # the student's copy has an empty field there, no plot
        assert meta[4]["image"]["alt"] == _text("plot_alt_heading", heading="Übung 1 (mit Code)")
        assert meta[4]["code_prompt_show"] == WORDS["show_solution"]
    else:
        assert "image" not in meta[4]


def test_a_ladder_is_named_by_the_title_it_draws():
    """plotting.ladder titles its figure from its model: where that is a bundled model, named in the call or in a
    variable set by load_model("<name>") and not set otherwise before the call, the plot is named by that title."""
    from socialbiz_kit import plotting

    def ladder_alt(*sources):
        cells = [new_markdown_cell("## 3 · Die Stufen als Treppe"), *map(new_code_cell, sources[:-1]),
                 _plot(sources[-1])]
        return _alts(cells)[len(cells) - 1]

    named = {m: _text("plot_alt_title", title=nest_quotes(plotting.ladder_title(m))) for m in ("altimeter", "cotc")}
    # a quotation inside the quotation is single: „Stufen: Social Engagement Journey (‚Church of the Customer‘)“
    assert "(‚Church of the Customer‘)“" in named["cotc"] and named["cotc"].count("„") == 1
    heading = _text("plot_alt_heading", heading="3 · Die Stufen als Treppe")
    assert named["altimeter"] != named["cotc"]
    assert ladder_alt('alt = sbk.load_model("altimeter")', 'plotting.ladder(alt, lang="de")') == named["altimeter"]
    assert ladder_alt('plotting.ladder("cotc")\nplt.show()') == named["cotc"]
    assert ladder_alt('m = sbk.load_model("cotc")\nplotting.ladder(m, lang="en")') == \
        _text("plot_alt_title", title=nest_quotes(plotting.ladder_title("cotc", lang="en")))
    # the variables as they are when the call runs, in the cell's own order too
    assert ladder_alt('m = sbk.load_model("altimeter")', 'plotting.ladder(m)\nm = sbk.load_model("cotc")') == \
        named["altimeter"]
    assert ladder_alt('m = models.load_model("altimeter")\nm = sbk.load_model("cotc")', "plotting.ladder(m)") == \
        named["cotc"]
    # not guessed: a model set otherwise, not bundled, not named by a string, or a language the code computes
    for sources in (('m = sbk.load_model("altimeter")', "m = anders(m)", "plotting.ladder(m)"),
                    ('m = sbk.load_model("mein_modell.yaml")', "plotting.ladder(m)"),
                    ("m = sbk.load_model(name)", "plotting.ladder(m)"),
                    ('m = sbk.load_model("altimeter")', "for m in modelle:\n    pass", "plotting.ladder(m)"),
                    ('m = sbk.load_model("altimeter")', "plotting.ladder(m, lang=SPRACHE)"),
                    ("plotting.ladder(intranet)",), ('ladder("altimeter")',)):
        assert ladder_alt(*sources) == heading, sources


def test_two_plots_with_one_alt_text_stop_the_build():
    """A screen reader tells plots apart by their alt texts alone: the build names both plots that share one."""
    build_site.check_unique([("01_a.ipynb, cell 4", "Grafik A"), ("02_b.ipynb, cell 5", "Grafik B")])
    with pytest.raises(build_site.BuildError, match=r"01_a\.ipynb, cell 4 and 02_b\.ipynb, cell 5: .*'Grafik A'"):
        build_site.check_unique([("01_a.ipynb, cell 4", "Grafik A"), ("02_b.ipynb, cell 5", "Grafik A")])


@pytest.mark.parametrize("edition", ["student", "lecturer"])
def test_no_two_plots_of_the_book_share_an_alt_text(tmp_path, edition):
    """The book's sources as the build writes them (book_sources stops on a shared alt text): every plot of every
    page has an alt text of its own, and the stage ladders of notebooks 01 and 02 name their models."""
    pytest.importorskip("nbgrader")
    from socialbiz_kit import plotting

    build_site.book_sources(tmp_path / "book", edition)
    alts = {}
    for path in sorted((tmp_path / "book").rglob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if alt := cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt"):
                alts.setdefault(alt, []).append(f"{path.name}, cell {i + 1}")
    assert len(alts) >= 14
    assert {alt: where for alt, where in alts.items() if len(where) > 1} == {}
    for stem, model in (("01_altimeter", "altimeter"), ("02_church_of_the_customer", "cotc")):
        title = _text("plot_alt_title", title=nest_quotes(plotting.ladder_title(model)))
        found = [where for alt, where in alts.items() if alt.startswith(title)]
        assert len(found) == 1 and found[0][0].startswith(f"{stem}.ipynb,"), (stem, found)
