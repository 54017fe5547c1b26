"""The column ``dont_know`` of an answer file: "weiß nicht / keine Angabe" survives a saved file (the reader, the
session and the notebook widget; the page and the seminar page in test_page_browser.py and test_class_page.py)."""
import warnings

import numpy as np
import pandas as pd
import pytest

from socialbiz_kit import load_model
from socialbiz_kit._dont_know import dont_know_ids
from socialbiz_kit.errors import AnswerFileError
from socialbiz_kit.explain import explain_error
from socialbiz_kit.responses import answers_csv, read_responses
from socialbiz_kit.scoring import score
from socialbiz_kit.session import DONT_KNOW, Session

ALT = load_model("altimeter")


def _read(text: str, **kw):
    return read_responses("antworten.csv", "altimeter", content=text.encode("utf-8"), **kw)


@pytest.mark.parametrize("cell", ["planning_2 presence_1", '"presence_1;planning_2"', '" planning_2 ,  presence_1 "'])
def test_the_reader_keeps_the_ids_space_separated_in_the_models_order(cell):
    back = _read(f"assessment,organisation,dont_know,planning_1,planning_2\na,X,{cell},3,\n")
    assert back.loc["a", "dont_know"] == "planning_2 presence_1"
    assert np.isnan(back.loc["a", "planning_2"]) and np.isnan(back.loc["a", "presence_1"])
    assert list(back.columns[:2]) == ["organisation", "dont_know"]  # kept where the other metadata columns are


def test_an_id_whose_cell_holds_an_answer_is_dropped_and_scores_do_not_change():
    plain = _read("assessment,planning_1,planning_2\na,3,\nb,,\n")
    back = _read("assessment,dont_know,planning_1,planning_2\na,planning_1 planning_2,3,\nb,,\n")
    assert back.loc["a", "dont_know"] == "planning_2" and back.loc["a", "planning_1"] == 3
    assert pd.isna(back.loc["b", "dont_know"])
    assert score(back, ALT).equals(score(plain, ALT))


@pytest.mark.parametrize("lang, words", [("de", "Zeile 3, Spalte „dont_know“"), ("en", "row 3, column 'dont_know'")])
def test_an_id_that_is_no_statement_is_refused_naming_file_row_and_column(lang, words):
    with pytest.raises(AnswerFileError) as err:
        _read("assessment,dont_know,planning_1\na,planning_2,1\nb,planung_2,\n", lang=lang)
    exc = err.value
    assert (exc.code, exc.row, exc.column) == ("answers.dont_know_item", 3, "dont_know")
    assert "antworten.csv" in str(exc) and words in str(exc) and "planung_2" in str(exc)
    assert "noch nicht" not in explain_error(exc, lang="de")


def test_the_long_layout_takes_the_column_as_well():
    back = _read("assessment,item,answer,dont_know\na,planning_1,2,planning_3\na,planning_2,1,planning_3\n")
    assert back.loc["a", "dont_know"] == "planning_3" and back.loc["a", "planning_1"] == 2
    with pytest.raises(AnswerFileError) as err:
        _read("assessment,item,answer,dont_know\na,planning_1,2,\na,planning_2,1,nix\n")
    assert (err.value.code, err.value.row) == ("answers.dont_know_item", 3)
    # one row per answer: "weiß nicht" may stand on any row of the assessment, and none is lost (the first row's
    # value alone was kept before)
    spread = _read("assessment,item,answer,dont_know\na,planning_1,2,planning_3\na,planning_2,1,presence_1\n"
                   "b,planning_1,4,\nb,planning_2,,planning_2\n")
    assert spread.loc["a", "dont_know"] == "planning_3 presence_1" and spread.loc["b", "dont_know"] == "planning_2"


def test_a_statement_changed_since_an_older_version_is_no_longer_dont_know():
    change = next(c for c in ALT.changes if ALT.changed_since(c.since))
    changed = ALT.changed_since(change.since)
    kept = next(i for i in ALT.item_ids if i not in changed)
    text = f"assessment,model_version,dont_know,planning_1\na,{change.since},{changed[0]} {kept},\n"
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        back = _read(text)
    assert back.loc["a", "dont_know"] == kept and back.loc["a", "model_version"] == ALT.version


def test_answers_csv_writes_the_column_back_unchanged():
    back = _read("assessment,dont_know,planning_1\na,presence_2 planning_2,1\n")
    again = _read(answers_csv(back, ALT))
    assert again.loc["a", "dont_know"] == "planning_2 presence_2" and again.loc["a", "planning_1"] == 1


def test_ids_are_split_at_spaces_semicolons_and_commas():
    assert dont_know_ids("a b;c, d\te") == ["a", "b", "c", "d", "e"]
    assert dont_know_ids(float("nan")) == [] and dont_know_ids("  ") == []


def _session_with_two_unsure() -> Session:
    s = Session("altimeter", organisation="Stadtwerke")
    for k, item in enumerate(ALT.item_ids):
        s.set_answer(item, DONT_KNOW if k in (3, 17) else k % 5)
    return s


def test_the_sessions_csv_keeps_dont_know_and_an_upload_restores_it():
    s = _session_with_two_unsure()
    unsure = {ALT.item_ids[3], ALT.item_ids[17]}
    assert s.dont_know == unsure and s.answered == len(ALT.item_ids) - 2
    raw = s.csv_bytes()
    assert raw.decode().splitlines()[0].split(",")[5] == "dont_know"
    fresh = Session("altimeter")
    fresh.load_file("antworten.csv", raw)
    assert fresh.dont_know == unsure and fresh.answers == s.answers
    # the header is the same when nothing was answered "weiß nicht" (an empty cell), and reads back as none
    plain = Session("altimeter", organisation="X")
    plain.set_answer("planning_1", 2)
    assert "dont_know" in plain.csv_bytes().decode().splitlines()[0]
    fresh.load_file("leer.csv", plain.csv_bytes())
    assert fresh.dont_know == set() and fresh.answers["planning_1"] == 2


def test_the_widget_upload_restores_dont_know():
    pytest.importorskip("ipywidgets")
    from socialbiz_kit.widgets import SelfCheck

    raw = _session_with_two_unsure().csv_bytes()
    sc = SelfCheck("altimeter")
    sc._on_upload({"new": ({"name": "antworten.csv", "content": memoryview(raw)},)})
    assert sc.session.dont_know == {ALT.item_ids[3], ALT.item_ids[17]}
    assert sc.answer_widgets[ALT.item_ids[3]].value == DONT_KNOW and sc.answer_widgets[ALT.item_ids[4]].value == 4
    bad = raw.decode().replace(f",{ALT.item_ids[3]} ", ",planung_99 ").encode()
    sc._on_upload({"new": ({"name": "kaputt.csv", "content": memoryview(bad)},)})
    assert "sbk-msg-err" in sc.message.value and "kaputt.csv, Zeile 2" in sc.message.value
    assert sc.session.dont_know == {ALT.item_ids[3], ALT.item_ids[17]}  # nothing entered was lost
