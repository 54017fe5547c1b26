"""The self-check widget, driven without a browser: it shows the session, asks before discarding,
offers only current downloads and survives any error in a callback."""
import base64
import re
import subprocess
import sys
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from socialbiz_kit import load_model, ui
from socialbiz_kit.datasets import data_path, load_dataset
from socialbiz_kit.errors import StoreRefusedError
from socialbiz_kit.responses import MAX_UPLOAD_BYTES, read_responses
from socialbiz_kit.scoring import score
from socialbiz_kit.session import DONT_KNOW
from socialbiz_kit.store import Store
from socialbiz_kit.widgets import SelfCheck

pytest.importorskip("ipywidgets")
ALT = load_model("altimeter")


def _download(widget_html: str, mime: str) -> bytes:
    return base64.b64decode(re.search(rf'href="data:{mime};base64,([^"]+)"', widget_html).group(1))


def _upload(sc, name, content):
    sc._on_upload({"new": ({"name": name, "content": memoryview(content)},)})


def test_importing_the_widgets_module_does_not_import_ipywidgets():
    code = "import sys, socialbiz_kit.widgets; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _answered(company):
    """How many statements a sample company answered (its file leaves some at "weiß nicht")."""
    return int(load_dataset("sample_answers_altimeter").loc[company, list(ALT.item_ids)].notna().sum())


def test_sample_company_result_equals_scoring():
    sc = SelfCheck("altimeter", company="berger")
    expected = score(load_dataset("sample_answers_altimeter").loc[["berger"]], ALT)
    assert sc.result["stage"].iloc[0] == expected["stage"].iloc[0] == 4   # the jagged profile: stage 4 over a gap
    assert sc.organisation.value == "Kanzlei Berger & Partner"
    assert 'data-stage="4"' in sc.panel.value and "Formalisierung" in sc.panel.value
    assert "Noch offen unterhalb von Stufe 4" in sc.panel.value and "Engagement" in sc.panel.value
    n, k = len(ALT.items), _answered("berger")
    assert sc.progress.value == k and f"{k} von {n}" in sc.progress_text.value
    assert 'role="status"' in sc.announce.value and "Erreichte Stufe: 4 Formalisierung" in sc.announce.value


def test_answer_controls_are_one_click_choices_named_by_their_statement():
    sc = SelfCheck("altimeter")
    box = sc.answer_widgets["planning_1"]
    assert type(box).__name__ == "RadioButtons"
    assert box.description == ALT.items[0].text.de
    labels = [label for label, _ in box.options]
    assert labels[0] == "0 – trifft nicht zu" and labels[-1] == "weiß nicht / keine Angabe"
    assert box.value is None                                  # nothing chosen until the user chooses
    box.value = DONT_KNOW
    assert sc.answers["planning_1"] is None and sc.session.dont_know == {"planning_1"}
    sc.lang_choice.value = "en"
    assert box.description == ALT.items[0].text.en and box.value == DONT_KNOW
    assert [label for label, _ in box.options][-1] == "don't know / no answer"


def test_changing_answers_updates_stage_next_steps_and_both_downloads():
    sc = SelfCheck("altimeter", company="berger")
    report_before = _download(sc.downloads.value, "text/html").decode()
    assert 'data-stage="4"' in report_before
    for item in ALT.stage(4).items:
        sc.set_answer(item.id, 0)
    assert sc.result["stage"].iloc[0] == 2 and 'data-stage="2"' in sc.panel.value
    for step in ALT.stage(2).next_steps:
        assert step.de in sc.panel.value
    report = _download(sc.downloads.value, "text/html").decode()
    assert 'data-stage="2"' in report and 'data-stage="4"' not in report     # never the old result
    assert "Erreichte Stufe: 2 Präsenz" in sc.announce.value
    before = sc.progress.value
    sc.set_answer("planning_1", None)
    assert sc.progress.value == before - 1


def test_every_typed_field_is_in_the_csv_even_when_typed_last(tmp_path):
    sc = SelfCheck("altimeter", company="kraemer")
    sc.organisation.value = "Spedition Krämer KG"
    sc.assessor.value = "Jana Beispiel"                   # the last thing typed, no other click after it
    path = tmp_path / "a.csv"
    path.write_bytes(_download(sc.downloads.value, "text/csv"))
    back = read_responses(path, "altimeter")
    assert back["organisation"].iloc[0] == "Spedition Krämer KG" and back["assessor"].iloc[0] == "Jana Beispiel"
    original = load_dataset("sample_answers_altimeter").loc["kraemer", list(ALT.item_ids)]
    np.testing.assert_array_equal(back.iloc[0][list(ALT.item_ids)].to_numpy(dtype=float), original.to_numpy(dtype=float))
    assert "Jana Beispiel" in _download(sc.downloads.value, "text/html").decode()


def test_choosing_a_sample_asks_first_and_undo_brings_the_answers_back():
    sc = SelfCheck("altimeter", company="lindner")
    sc.set_answer("planning_1", 0)
    mine = sc.answers
    sc.company_choice.value = "berger"
    assert sc.confirm_box.layout.display == "" and "Kanzlei Berger &amp; Partner" in sc.confirm_text.value
    assert sc.answers == mine and sc.company_choice.value == "lindner"   # nothing replaced before the answer
    sc.confirm_no.click()
    assert sc.confirm_box.layout.display == "none" and sc.answers == mine
    sc.company_choice.value = "berger"
    sc.confirm_yes.click()
    assert sc.organisation.value == "Kanzlei Berger & Partner" and sc.answers != mine
    assert sc.undo_button.layout.display == "" and "ersetzt" in sc.message.value
    sc.undo_button.click()                                             # one click
    assert sc.answers == mine and sc.organisation.value == "Modehaus Lindner"
    assert sc.answer_widgets["planning_1"].value == 0 and sc.company_choice.value == "lindner"


def test_switching_model_and_blank_start_ask_first_and_can_be_undone():
    sc = SelfCheck("altimeter", company="quellwerk")
    sc.model_choice.value = "cotc"                       # only a sample loaded: nothing of the user's is lost
    assert sc.model.id == "cotc" and sc.result["stage"].iloc[0] == 5 and sc.confirm_box.layout.display == "none"
    sc.set_answer("experimental_strategy", 0)
    sc.company_choice.value = ""
    n_cotc = len(load_model("cotc").items)  # quellwerk answers every statement
    assert f"Leer beginnen löscht Ihre {n_cotc} Antworten" in sc.confirm_text.value
    sc.confirm_yes.click()
    assert sc.organisation.value == "" and all(v is None for v in sc.answers.values())
    assert sc.result["stage"].iloc[0] == 1  # the baseline stage
    sc.undo_button.click()
    assert sc.answers["experimental_strategy"] == 0 and sc.session.answered == n_cotc
    sc.model_choice.value = "altimeter"
    assert "Altimeter" in sc.confirm_text.value and sc.model.id == "cotc" and sc.model_choice.value == "cotc"


def test_an_exception_inside_a_callback_leaves_a_working_form_with_a_message(monkeypatch):
    sc = SelfCheck("altimeter", company="berger")
    calls = {"n": 0}
    original = sc.session.set_answer

    def broken(item, value):
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyError("boom")
        return original(item, value)

    monkeypatch.setattr(sc.session, "set_answer", broken)
    sc.answer_widgets["engagement_1"].value = 4
    assert "sbk-msg-err" in sc.message.value and "unerwarteter Fehler" in sc.message.value
    assert "Ihre Antworten sind erhalten" in sc.message.value and "Traceback" not in sc.message.value
    assert not sc._busy
    assert sc.answer_widgets["engagement_1"].value == load_dataset("sample_answers_altimeter").loc["berger", "engagement_1"]
    sc.answer_widgets["engagement_2"].value = 4            # the form still works
    assert sc.answers["engagement_2"] == 4 and sc.message.value == ""
    # a broken drawing step in a discarding action, too
    monkeypatch.setattr(sc, "_ask", lambda q: 1 / 0)
    sc.company_choice.value = "lindner"
    assert "ZeroDivisionError" in sc.message.value and not sc._busy
    monkeypatch.undo()
    sc.answer_widgets["engagement_3"].value = 4
    assert sc.answers["engagement_3"] == 4


def test_uploads_utf16_oversized_and_formulas_show_messages_in_the_ui_language():
    openpyxl = pytest.importorskip("openpyxl")
    import io

    sc = SelfCheck("altimeter")
    _upload(sc, "meine.csv", data_path("sample_answers_cotc.csv").read_bytes())
    assert sc.model.id == "cotc" and sc.organisation.value == "Bäckerei Sonnenkorn" and "erste" in sc.message.value
    _upload(sc, "kaputt.csv", b"assessment,experimental_strategy\nx,9\n")
    assert "sbk-msg-err" in sc.message.value and "kaputt.csv, Zeile 2" in sc.message.value
    assert sc.organisation.value == "Bäckerei Sonnenkorn"  # nothing entered was lost
    _upload(sc, "unicode.csv", "assessment;organisation;experimental_strategy\nx;Öko eG;3\n".encode("utf-16"))
    assert sc.organisation.value == "Öko eG" and sc.answers["experimental_strategy"] == 3
    _upload(sc, "gross.csv", b"x" * (MAX_UPLOAD_BYTES + 1))
    assert "gross.csv: die Datei ist 5 MB groß" not in sc.message.value and "höchstens 5 MB" in sc.message.value
    book = openpyxl.Workbook()
    book.active.append(["assessment", "organisation", "experimental_strategy"])
    book.active.append(["x", "Formel AG", "=2+1"])
    buf = io.BytesIO()
    book.save(buf)
    _upload(sc, "formel.xlsx", buf.getvalue())
    assert "Formel" in sc.message.value and "sbk-msg-err" in sc.message.value and sc.organisation.value == "Öko eG"
    sc.lang_choice.value = "en"
    _upload(sc, "bad.csv", b'assessment,experimental_strategy\n"x,1\n')
    assert "sbk-msg-err" in sc.message.value and "Zeile" not in sc.message.value
    assert "bad.csv, row 2: the CSV file is malformed" in sc.message.value


def test_save_says_what_is_stored_where_and_never_a_server_path(tmp_path):
    store = Store(tmp_path / "r.sqlite")
    sc = SelfCheck("altimeter", company="lindner", store=store)
    saved = sc.save()
    assert saved == 1 and "Nr. 1" in sc.message.value and str(tmp_path) not in sc.message.value
    n, k = len(ALT.items), _answered("lindner")
    assert f"Organisation, Ihr Name, Zeitpunkt und {k} von {n} Antworten" in sc.message.value
    sc.organisation.value = ""
    # the button shows a failure in the form; called from code, save() raises (issue 26: it returned None)
    assert sc._on_save() is None and "Namen der Organisation" in sc.message.value and len(store) == 1
    with pytest.raises(StoreRefusedError, match="Namen der Organisation"):
        sc.save()
    without = SelfCheck("altimeter", company="lindner")
    assert without._on_save() is None and "nicht eingerichtet" in without.message.value
    assert "NoneType" not in without.message.value
    with pytest.raises(StoreRefusedError):
        without.save()


def test_user_text_is_escaped_in_the_form_and_the_report():
    sc = SelfCheck("altimeter")
    sc.organisation.value = '<script>alert(1)</script>'
    assert "<script>alert" not in sc.panel.value and "&lt;script&gt;" in sc.panel.value
    page = _download(sc.downloads.value, "text/html").decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert 'download="bericht_script_alert_1_script.html"' in sc.downloads.value


class _Text(HTMLParser):
    """The text a reader sees, without styles and without cited titles (a source keeps its own language)."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script", "cite")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script", "cite")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def test_a_one_line_summary_comes_first_and_follows_every_answer():
    """On a phone the result panel is thousands of pixels below the statements: the form's first line says the
    current stage, index and progress, in German, and stays in view (sticky) while the statements scroll by."""
    sc = SelfCheck("altimeter", company="berger")
    assert sc.widget.children[0] is sc.summary and "sbk-summary" in sc.summary._dom_classes
    n, k = len(ALT.items), _answered("berger")
    result = score(load_dataset("sample_answers_altimeter").loc[["berger"]], ALT).iloc[0]  # the package's numbers
    index = ui.number(float(result["index"]), lang="de")
    stage = int(result["stage"])
    assert _text(sc.summary.value) == f"Derzeit: Stufe {stage} {ALT.stage(stage).name.de} · Index {index} · {k}/{n} beantwortet"
    assert "role=" not in sc.summary.value            # the status region below announces; this line does not
    assert sc.summary_text() == _text(sc.summary.value)
    assert re.search(r"\.sbk-form>\.sbk-summary\{position:sticky;top:0", sc.style.value)
    # an answer given as a click gives it: the line follows at once (stage, index, progress)
    before = _text(sc.summary.value)
    for item in ALT.stage(3).items:
        sc.answer_widgets[item.id].value = 4
    assert sc.result["stage"].iloc[0] == 4
    index = ui.number(float(sc.result["index"].iloc[0]), lang="de")
    k = sum(v is not None for v in sc.answers.values())
    assert _text(sc.summary.value) == f"Derzeit: Stufe 4 Formalisierung · Index {index} · {k}/{n} beantwortet"
    assert _text(sc.summary.value) != before
    sc.answer_widgets["planning_1"].value = DONT_KNOW
    assert _text(sc.summary.value).endswith(f"{k - 1}/{n} beantwortet")
    # German words only (the English form has its own line), and the blank form says so plainly
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", _text(sc.summary.value))}
    assert words and not words & (ui.vocabulary("en") - ui.vocabulary("de")), words
    blank = SelfCheck("altimeter")
    assert _text(blank.summary.value) == f"Derzeit: keine Stufe erreicht · Index – · 0/{n} beantwortet · unsicher"
    sc.lang_choice.value = "en"
    assert _text(sc.summary.value).startswith("Now: stage 4 ")


def _visible_words(sc) -> set[str]:
    """Every word the form shows: descriptions, option labels, HTML text (no markup, no data URIs)."""
    texts = []

    def walk(widget):
        for name in ("description",):
            texts.append(getattr(widget, name, "") or "")
        if hasattr(widget, "options"):
            texts.extend(str(label) for label, _ in widget.options)
        if type(widget).__name__ == "HTML":
            parser = _Text()
            parser.feed(widget.value)
            texts.extend(parser.parts)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(sc.widget)
    return {w.lower() for t in texts for w in re.findall(r"[^\W\d_]+", t)}


@pytest.mark.parametrize("lang,other", [("de", "en"), ("en", "de")])
def test_the_form_and_its_report_show_no_word_of_the_other_languages_ui(lang, other):
    sc = SelfCheck("altimeter", company="berger", lang=lang, store=Store())
    foreign = ui.vocabulary(other) - ui.vocabulary(lang)
    # the language switch names both languages in their own words; that is the point of it
    shown = _visible_words(sc) - {"deutsch", "english"}
    assert not shown & foreign, sorted(shown & foreign)
    parser = _Text()
    parser.feed(sc.report_html())
    report = {w.lower() for t in parser.parts for w in re.findall(r"[^\W\d_]+", t)}
    assert not report & foreign, sorted(report & foreign)


def test_a_previous_file_shows_then_and_now_as_change_py_says():
    """Issue 28: the notebook self-check compares with an earlier assessment from a file (socialbiz_kit.change),
    in the panel and in the downloaded report; the answers in the form stay as they are."""
    from socialbiz_kit.change import compare_assessments
    from socialbiz_kit.responses import answers_csv

    answers = load_dataset("sample_answers_altimeter")
    sc = SelfCheck("altimeter", company="alpenblick")
    earlier = answers.loc[["lindner"]].copy()
    earlier.insert(0, "date", "2026-10-12")
    sc.load_previous("lindner.csv", answers_csv(earlier, ALT).encode("utf-8"))
    change = compare_assessments(answers.loc["lindner"], answers.loc["alpenblick"], ALT, previous_date="2026-10-12")
    assert "„lindner.csv“" in sc.message.value and sc.previous_clear.layout.display == ""
    row = answers.loc["alpenblick"]
    assert sc.answers == {i: None if pd.isna(row[i]) else int(row[i]) for i in ALT.item_ids}     # nothing replaced
    panel = sc.panel.value
    assert "Damals und heute" in panel and ui.escape(change.sentence(lang="de")) in panel
    assert change.sentence(lang="de").startswith("Seit dem 12.10.2026: vorher Stufe 2, jetzt Stufe 3;")
    first = next(i for i in ALT.items if i.id == change.worse[0])
    labels = {p.value: p.label.de for p in ALT.scale}
    old, new = int(answers.loc["lindner", first.id]), int(answers.loc["alpenblick", first.id])
    assert ui.escape(f"{first.text.de} (schlechter: vorher {labels[old]}, jetzt {labels[new]})") in panel
    assert "Damals und heute" in _download(sc.downloads.value, "text/html").decode("utf-8")
    # the comparison follows every answer
    sc.set_answer(first.id, old)
    assert ui.escape(compare_assessments(answers.loc["lindner"], sc.answers, ALT,
                                         previous_date="2026-10-12").sentence(lang="de")) in sc.panel.value
    sc.lang_choice.value = "en"
    assert "Then and now" in sc.panel.value and "Since 12 Oct 2026: before stage 2, now stage 3;" in sc.panel.value
    sc.lang_choice.value = "de"
    # a file of the other model is refused with a message; the comparison stays
    sc.load_previous("journey.csv", data_path("sample_answers_cotc.csv").read_bytes())
    assert "sbk-msg-err" in sc.message.value and "Damals und heute" in sc.panel.value
    sc.clear_previous()
    assert "Damals und heute" not in sc.panel.value and sc.previous_clear.layout.display == "none"
    assert "Damals und heute" not in _download(sc.downloads.value, "text/html").decode("utf-8")
    # a date the file writes otherwise than ISO: the sentence without one
    earlier["date"] = "12.10.2026"
    sc.load_previous("lindner.csv", answers_csv(earlier, ALT).encode("utf-8"))
    assert "Seit der letzten Einschätzung: vorher Stufe 2, jetzt Stufe " in sc.panel.value
    assert sc.session.change().previous_date is None
