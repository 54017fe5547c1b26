"""Tables for people: headers, values and numbers in the reader's language, nothing cut off."""
import re

import numpy as np
import pandas as pd
import pytest

from socialbiz_kit import crosswalk, datasets, display, load_model, models, roadmap, scoring, ui

ALT, COTC = load_model("altimeter"), load_model("cotc")


# Loanwords that German business prose uses as they are (they appear in the German model texts too).
LOANWORDS = {"social", "media", "business", "online", "team", "community", "engagement", "index", "customer", "church"}


def _english_only() -> set[str]:
    return ui.vocabulary("en") - ui.vocabulary("de") - LOANWORDS


def _german_only() -> set[str]:
    return ui.vocabulary("de") - ui.vocabulary("en")


def _words(frame) -> set[str]:
    cells = [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    if frame.index.name:
        cells.append(str(frame.index.name))
    return {w.lower() for c in cells for w in re.findall(r"[^\W\d_]+", c)}


def _display_frames(lang):
    answers = datasets.load_dataset("sample_answers_altimeter")
    result = scoring.label(scoring.score(answers, ALT), ALT, lang=lang)
    return {
        "stages": models.stages_frame(ALT, lang=lang).drop(columns=["original_name", "german_summary_name"]),
        "items": models.items_frame(COTC, lang=lang).drop(columns=["id"]),  # ids are codes, not words
        "result": result[["stage", "stage_name", "index", "answered", "uncertain", "threshold", "rule"]],
        "roadmap": roadmap.roadmap(result, ALT, lang=lang)[["kind", "stage", "stage_name", "answer", "origin"]],
        "crosswalk": crosswalk.crosswalk(lang=lang).drop(columns=["rationale"], errors="ignore"),
    }


@pytest.mark.parametrize("name", ["stages", "items", "result", "roadmap", "crosswalk"])
def test_german_display_frames_show_no_word_of_the_english_ui(name):
    shown = display.table(_display_frames("de")[name], lang="de")
    leaked = _words(shown) & _english_only()
    assert not leaked, f"{name}: English UI words in a German table: {sorted(leaked)}"


@pytest.mark.parametrize("name", ["stages", "items", "result", "roadmap", "crosswalk"])
def test_english_display_frames_show_no_word_of_the_german_ui(name):
    shown = display.table(_display_frames("en")[name], lang="en")
    leaked = _words(shown) & _german_only()
    assert not leaked, f"{name}: German UI words in an English table: {sorted(leaked)}"


def test_numbers_use_the_languages_decimal_sign_and_nan_is_a_dash():
    frame = pd.DataFrame({"index": [3.25, np.nan, 1234.5], "fulfilment_2": [0.75, 1.0, 0.0]})
    de = display.table(frame, lang="de")
    assert de.columns.tolist() == ["Index", "Erfüllung Stufe 2"]
    assert de["Index"].tolist() == ["3,25", "–", "1.234,50"]
    # a column with fractions keeps its decimals throughout: 1,00 beside 0,75, never a bare 1 (lecturer's review)
    assert de["Erfüllung Stufe 2"].tolist() == ["0,75", "1,00", "0,00"]
    whole = display.table(pd.DataFrame({"stage": [0.0, 2.0, 6.0]}), lang="de")
    assert whole.iloc[:, 0].tolist() == ["0", "2", "6"]  # a column of whole numbers stays whole
    assert display.table(frame, lang="en")["index"].tolist() == ["3.25", "–", "1,234.50"]
    assert frame["index"].iloc[0] == 3.25  # the numbers themselves are untouched


def test_show_never_cuts_text_off():
    long = "Eine sehr lange Aussage, " * 20
    shown = display.show(pd.DataFrame({"text": [long]}), lang="de")
    assert long.strip() in shown._repr_html_().replace("\n", " ") or long.strip() in shown._repr_html_()
    assert "…" not in repr(shown) and "..." not in repr(shown)
    assert long.strip() in repr(shown)


def test_own_headers_and_unknown_columns():
    frame = pd.DataFrame({"sector_x": ["Handel"], "stage": [1]})
    assert display.table(frame, lang="de", columns={"sector_x": "Branche"}).columns.tolist() == ["Branche", "Stufe"]
    assert display.table(frame, lang="de").columns.tolist() == ["sector_x", "Stufe"]


@pytest.mark.parametrize("show", [display.show, display.table])
def test_a_list_is_refused_with_a_coded_error_not_an_attribute_error(show):
    from socialbiz_kit.errors import InputDataError
    from socialbiz_kit.explain import explain_error

    with pytest.raises(InputDataError) as info:
        show([1, 2])
    assert info.value.code == "errors.not_frame" and info.value.params == {"what": "frame", "got": "list"}
    assert "pandas-DataFrame" in explain_error(info.value, lang="de")
    show(pd.Series([1, 2], name="stage"))  # a Series is still a table
