"""The self-check session in plain Python (no ipywidgets): state, history, discard-and-undo, files, saving."""
import io
import subprocess
import sys

import numpy as np
import pytest

from socialbiz_kit import load_model
from socialbiz_kit.datasets import data_path, load_dataset
from socialbiz_kit.errors import SocialbizError, StoreRefusedError
from socialbiz_kit.responses import MAX_UPLOAD_BYTES, read_responses
from socialbiz_kit.scoring import score
from socialbiz_kit.session import DONT_KNOW, Session
from socialbiz_kit.store import Store

ALT = load_model("altimeter")


def test_the_session_needs_no_ipywidgets():
    code = "import sys, socialbiz_kit.session as s; s.Session('altimeter').result; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_result_is_what_scoring_says_and_follows_every_answer():
    s = Session("altimeter")
    assert s.request("sample", "berger") is None          # nothing to lose yet: no question
    expected = score(load_dataset("sample_answers_altimeter").loc[["berger"]], ALT)
    assert s.result["stage"].iloc[0] == expected["stage"].iloc[0] == 4   # the jagged profile: stage 4 over a gap
    assert s.result["index"].iloc[0] == pytest.approx(expected["index"].iloc[0])
    for item in ALT.stage(4).items:
        s.set_answer(item.id, 0)
    assert s.result["stage"].iloc[0] == 2
    assert "Erreichte Stufe: 2 Präsenz" in s.result_sentence()


def test_answers_are_checked_and_dont_know_counts_as_not_answered():
    s = Session("altimeter")
    with pytest.raises(SocialbizError, match="Antwortskala"):
        s.set_answer("planning_1", 9)
    with pytest.raises(SocialbizError):
        s.set_answer("no_such_item", 1)
    s.set_answer("planning_1", DONT_KNOW)
    assert s.answers["planning_1"] is None and "planning_1" in s.dont_know and s.answered == 0
    s.set_answer("planning_1", 3)
    assert s.dont_know == set() and s.answered == 1


def test_discarding_asks_first_and_undo_brings_everything_back():
    s = Session("altimeter", assessor="A. Muster")
    s.request("sample", "lindner")
    s.set_answer("planning_1", 0)                        # the user's own answer: now there is something to lose
    before = s.answers
    for action, value, words in (("sample", "berger", "Kanzlei Berger"), ("blank", "", "Leer beginnen"),
                                 ("model", "cotc", "Church of the Customer")):
        pending = s.request(action, value)
        assert pending is not None and words in pending.question and "Antworten" in pending.question
        assert s.answers == before                       # nothing happened yet
        s.cancel()
        assert s.pending is None and s.answers == before
    s.request("model", "cotc")
    s.confirm()
    assert s.model.id == "cotc" and s.sample == "lindner"   # the same sample, in the other model
    s.undo()
    assert s.model.id == "altimeter" and s.answers == before and s.organisation == "Modehaus Lindner"
    assert s.assessor == "A. Muster"
    s.request("blank")
    s.confirm()
    assert s.answered == 0 and s.organisation == ""       # the sample's name went with it
    s.undo()
    assert s.answers == before
    assert [e.action for e in s.history][-4:] == ["model", "undo", "blank", "undo"]


def test_a_name_the_user_typed_survives_starting_blank():
    s = Session("altimeter")
    s.set_organisation("Meine GmbH")
    s.set_answer("planning_1", 2)
    s.request("blank")
    s.confirm()
    assert s.organisation == "Meine GmbH" and s.answered == 0


def test_every_typed_field_reaches_the_csv_and_the_csv_follows_the_last_keystroke(tmp_path):
    s = Session("altimeter")
    s.request("sample", "kraemer")
    first = s.csv_bytes()
    s.set_assessor("Jana Beispiel")                    # typed last
    s.set_organisation("Spedition Krämer KG")
    path = tmp_path / s.csv_name()
    path.write_bytes(s.csv_bytes())
    assert s.csv_bytes() != first
    back = read_responses(path, ALT)
    assert back["organisation"].iloc[0] == "Spedition Krämer KG" and back["assessor"].iloc[0] == "Jana Beispiel"
    original = load_dataset("sample_answers_altimeter").loc["kraemer", list(ALT.item_ids)].to_numpy(dtype=float)
    np.testing.assert_array_equal(back.iloc[0][list(ALT.item_ids)].to_numpy(dtype=float), original)


def test_the_report_always_shows_the_current_answers():
    s = Session("altimeter")
    s.request("sample", "berger")
    assert 'data-stage="4"' in s.report_html()
    for item in ALT.stage(4).items:
        s.set_answer(item.id, 0)
    assert 'data-stage="2"' in s.report_html()          # never the report of the old answers
    s.set_organisation("Neuer Name")
    assert "Neuer Name" in s.report_html() and s.report_name() == "bericht_neuer_name.html"


def test_uploads_go_through_the_answer_reader():
    s = Session("altimeter")
    s.set_organisation("Alte Organisation")
    message = s.load_file("meine.csv", data_path("sample_answers_cotc.csv").read_bytes())
    assert s.model.id == "cotc" and s.organisation == "Bäckerei Sonnenkorn" and "erste" in message
    s.undo()
    assert s.model.id == "altimeter" and s.organisation == "Alte Organisation"
    # a file without an organisation does not keep the previous organisation's name
    s.load_file("ohne.csv", b"assessment,planning_1\nx,3\n")
    assert s.organisation == "" and s.answers["planning_1"] == 3


def test_utf16_oversized_and_formula_uploads():
    s = Session("altimeter")
    text = "assessment\torganisation\tplanning_1\nx\tBäckerei Öztürk\t4\n"
    s.load_file("excel_unicode.txt", text.encode("utf-16"))          # Excel's "Unicode text": UTF-16, tabs
    assert s.organisation == "Bäckerei Öztürk" and s.answers["planning_1"] == 4
    s.load_file("ohne_bom.csv", "assessment,planning_1\ny,2\n".encode("utf-16-le"))
    assert s.answers["planning_1"] == 2
    big = b"assessment,planning_1\n" + b"x,1\n" * (MAX_UPLOAD_BYTES // 4 + 300_000)
    with pytest.raises(SocialbizError, match=r"die Datei ist 6,2 MB groß; höchstens 5 MB sind möglich"):
        s.load_file("gross.csv", big)
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["assessment", "organisation", "planning_1", "planning_2"])
    book.active.append(["x", "Formel AG", 3, "=1+2"])
    buf = io.BytesIO()
    book.save(buf)
    formula = r"formeln.xlsx, Zeile 2, Spalte „Planung 2“ \(planning_2\): die Zelle enthält eine Formel"
    with pytest.raises(SocialbizError, match=formula):
        s.load_file("formeln.xlsx", buf.getvalue())
    assert s.answers["planning_1"] == 2 and s.organisation == ""     # a refused file changes nothing


def test_save_without_a_store_or_a_name_says_so(tmp_path):
    s = Session("altimeter", lang="en")
    with pytest.raises(StoreRefusedError, match="Saving is not set up"):
        s.save()
    s.store = Store(tmp_path / "r.sqlite")
    with pytest.raises(StoreRefusedError, match="organisation's name first"):
        s.save()
    s.request("sample", "lindner")
    s.set_assessor("Kim")
    saved, text = s.save()
    assert saved == 1 and str(tmp_path) not in text and "/" not in text
    n = len(ALT.items)
    k = int(load_dataset("sample_answers_altimeter").loc["lindner", list(ALT.item_ids)].notna().sum())
    assert 0 < k <= n and "“r.sqlite”" in text
    assert text.startswith(f"Saved as no. 1: organisation, your name, time and {k} of {n} answers")
    frame = s.store.to_frame(ALT)
    assert frame.loc[0, "organisation"] == "Modehaus Lindner" and frame.loc[0, "assessor"] == "Kim"
    assert s.history[-1].action == "save"


def test_the_default_store_is_named_without_a_path():
    store = Store()
    s = Session("altimeter", store=store, organisation="X")
    _, text = s.save()
    assert "im Ergebnisspeicher Ihres Benutzerkontos" in text and str(store.path.parent) not in text


def test_an_open_question_follows_the_language_switch():
    s = Session("altimeter")
    s.set_answer("planning_1", 1)
    s.request("blank")
    s.set_lang("en")
    assert s.pending.question == "Starting blank clears your 1 answer. Go ahead?"


def test_the_roadmap_shown_is_plans_and_names_dont_know():
    from socialbiz_kit.roadmap import plan

    s = Session("altimeter")
    s.set_answer("planning_1", DONT_KNOW)
    s.set_answer("planning_2", 1)
    html = s.result_html()
    road = plan({"planning_2": 1}, "altimeter")
    assert [st.item.id for st in s.road.steps] == [st.item.id for st in road.steps]
    first = html.split('<li data-item="planning_1">')[1].split("</li>")[0]
    assert "Antwort: weiß nicht / keine Angabe" in first
    other = html.split('<li data-item="planning_3">')[1].split("</li>")[0]
    assert "Antwort: nicht beantwortet" in other
    assert "Richtung aus der Quelle, vom Kit konkretisiert (Li &amp; Solis, 2013)" in first


def test_changing_threshold_or_rule_rescores():
    """Issue 26: threshold and rule were plain attributes while the result was cached."""
    from socialbiz_kit.errors import SettingError

    s = Session("altimeter")
    for item in load_model("altimeter").item_ids:
        s.set_answer(item, 3)
    assert int(s.result["stage"].iloc[0]) == 6
    s.threshold = 1.0
    # "überwiegend" everywhere meets no stage at 1.0; stage 6 lacks four answer points: 6 - 4 under the default rule
    assert int(s.result["stage"].iloc[0]) == 2 and s.road.threshold == 1.0
    s.threshold = 0.75
    s.rule = "gated"
    assert s.result["rule"].iloc[0] == "gated"
    with pytest.raises(SettingError):
        s.rule = "best"
    with pytest.raises(SettingError):
        s.threshold = 0


def test_exports_name_the_version_and_an_older_upload_keeps_only_the_unchanged_answers():
    from socialbiz_kit.responses import answers_csv

    s = Session("altimeter")
    s.request("sample", "berger")
    frame = s.answers_frame()
    assert frame["model_version"].iloc[0] == ALT.version
    assert "model_version" in answers_csv(frame, ALT).splitlines()[0]
    old = answers_csv(frame.assign(model_version="3.0"), ALT).encode()
    fresh = Session("altimeter")
    message = fresh.load_file("alt.csv", old)
    changed = ALT.changed_since("3.0")
    assert "Antworten aus „alt.csv“ geladen" in message and "aus Fassung 3.0" in message and "Planung 3" in message
    assert all(fresh.answers[i] is None for i in changed)
    assert all(fresh.answers[i] == s.answers[i] for i in ALT.item_ids if i not in changed)
