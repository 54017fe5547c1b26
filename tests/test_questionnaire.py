"""The printable questionnaire: every statement of every model in both languages, the scale with its
anchors, the fields to fill in, escaped pre-filled text; in Chromium the page shows every statement and
nothing sticks out at A4 width; the PDF Chromium prints is A4."""
import html
import os
import re
from pathlib import Path

import pytest

from socialbiz_kit import cli, ui
from socialbiz_kit.models import list_models, load_model
from socialbiz_kit.questionnaire import chromium_path, render_questionnaire, write_questionnaire

IN_CI = os.environ.get("CI", "").lower() == "true"


def _plain(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", list_models())
def test_every_statement_scale_and_field_is_on_the_page(name, lang):
    model = load_model(name)
    page = render_questionnaire(model, lang=lang)
    text = _plain(page)
    for item in model.items:
        assert re.sub(r"\s+", " ", item.text.get(lang)) in text, item.id
        assert item.id in text
    for point in model.scale:
        assert point.label.get(lang) in text
    w = ui.words("questionnaire", lang=lang)
    for key in ("organisation", "date", "assessor", "evidence", "notes", "unsure"):
        assert w[key] in text, key
    assert page.count('class="item row"') == len(model.items)
    assert f'<html lang="{lang}">' in page
    assert "@page { size: A4" in page
    assert not re.search(r"(src|href)=\"?https?:", page)  # nothing loaded from anywhere


def test_other_language_words_do_not_leak_into_the_german_page():
    text = _plain(render_questionnaire("cotc", lang="de"))
    for english in ("Statement", "Evidence", "Completed by", "not at all"):
        assert english not in text


def test_prefilled_fields_are_escaped_and_dated_in_german():
    page = render_questionnaire("altimeter", lang="de", organisation="<script>x</script> & Co", date="2026-12-01")
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt; &amp; Co" in page
    assert "01.12.2026" in page


def test_cli_writes_html_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "fragebogen.html"
    assert cli.main(["questionnaire", "cotc", "--lang", "de", "--out", str(out)]) == 0
    assert "geschrieben" in capsys.readouterr().out
    assert load_model("cotc").items[0].text.de in _plain(out.read_text(encoding="utf-8"))
    assert cli.main(["questionnaire", "cotc", "--out", str(out)]) == 2
    assert "gibt es schon" in capsys.readouterr().err


def _need_chromium():
    if not Path(chromium_path()).exists():
        if IN_CI:
            pytest.fail("no Chromium - in CI the questionnaire test must run (.ci/run installs Debian's chromium)")
        pytest.skip(f"no Chromium at {chromium_path()}")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_chromium_shows_every_statement_within_a4_width(lang):
    _need_chromium()
    from playwright.sync_api import sync_playwright

    model = load_model("cotc")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
            page.set_content(render_questionnaire(model, lang=lang))
            page.emulate_media(media="print")
            shown = re.sub(r"\s+", " ", page.inner_text("body"))
            wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        finally:
            browser.close()
    for item in model.items:
        assert re.sub(r"\s+", " ", item.text.get(lang)) in shown, item.id
    assert wide <= 0


def test_pdf_is_a4_with_several_pages(tmp_path):
    _need_chromium()
    pdf = write_questionnaire("altimeter", tmp_path / "q.pdf", lang="de")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(boxes) >= 2  # 25 statements do not fit on one page
    assert all(abs(float(w) - 595.28) < 1.5 and abs(float(h) - 841.89) < 1.5 for w, h in boxes)  # A4 in points


@pytest.mark.parametrize("given,shown", [("2026-12-31", "31.12.2026"), ("31.12.2026", "31.12.2026")])
def test_the_date_is_understood_in_both_ways_of_writing(given, shown):
    assert shown in render_questionnaire("altimeter", lang="de", date=given)


def test_a_date_that_is_no_date_is_a_clear_error(tmp_path, capsys):
    """Issue 25, defect 7: a ValueError from the date parser becomes the kit's error, in German."""
    assert cli.main(["questionnaire", "altimeter", "--date", "31.13.2026", "--out", str(tmp_path / "q.html")]) == 2
    err = capsys.readouterr().err
    assert "„31.13.2026“ ist kein Datum" in err and not (tmp_path / "q.html").exists()
