"""The kit's model-file errors in plain German and English (socialbiz_kit.explain)."""
import copy
import re

import pytest
import yaml

from socialbiz_kit import models
from socialbiz_kit.errors import ModelFileError
from socialbiz_kit.explain import describe_key, explain_error
from socialbiz_kit.models import item_labels

# The example model as YAML: the way a model file of one's own is written
RAW = yaml.safe_load(models.template_path().read_text(encoding="utf-8"))

# words a German explanation must not contain: the English of the technical messages
ENGLISH = re.compile(r"\b(required|missing|expected|unknown|duplicate|must|found|got|stage|item|line|column|"
                     r"the|is|not|valid)\b")


def fail(change):
    raw = copy.deepcopy(RAW)
    change(raw)
    with pytest.raises(ModelFileError) as info:
        models.model_from_dict(raw, name="mein_modell.yaml")
    return info.value


CASES = {
    "missing English": (lambda r: r["stages"][1]["summary"].pop("en"), "fehlt der englische Text"),
    "missing key": (lambda r: r["stages"][0].pop("tagline"), "fehlt die Angabe „Leitsatz“"),
    "unknown key": (lambda r: r["stages"][0].update(farbe="blau"), "Angabe „farbe“, die das Kit"),
    "split text": (lambda r: r["stages"][0]["name"].update({"mit Komma": None}), "weil er ein Komma enthält"),
    "bad id": (lambda r: r["stages"][0]["items"][0].update(id="Inform 1"), "„Inform 1“ keine gültige Kennung"),
    "duplicate item": (lambda r: r["stages"][1]["items"][0].update(id=r["stages"][0]["items"][0]["id"]),
                       "kommt die Aussagenkennung „first_1“ zweimal vor"),
    "stage numbers": (lambda r: r["stages"][1].update(number=3), "nicht lückenlos von 1 an nummeriert"),
    "single text": (lambda r: r.update(description="nur deutsch"), "steht nur ein Text"),
    "not integer": (lambda r: r.update(year="zwanzig"), "wird eine ganze Zahl erwartet (gefunden: ein Text)"),
    "not boolean": (lambda r: r.update(baseline_stage="ja"), "true (ja) oder false (nein)"),
    "empty text": (lambda r: r["stages"][0]["name"].update(de=""), "ist kein Text eingetragen"),
    # the template may write recommendations or the older next_steps: empty whichever it has
    "too few": (lambda r: r["stages"][0].update({"recommendations" if "recommendations" in r["stages"][0] else "next_steps": []}),
                "mindestens 1 Einträge"),
    "not list": (lambda r: r.update(authors="Ich"), "wird eine Liste erwartet"),
    "scale order": (lambda r: r["scale"].reverse(), "steigen die Werte der Antwortskala nicht"),
    "fulfilment range": (lambda r: r["scale"][2].update(fulfilment=1.5), "zwischen 0 und 1 liegen (gefunden: 1,50)"),
    "baseline items": (lambda r: r.update(baseline_stage=True), "hat die Ausgangsstufe Aussagen"),
    "no items": (lambda r: r["stages"][1].update(items=[]), "hat die Stufe keine Aussage"),
    "schema": (lambda r: r.update(schema_version=2), "Schemaversion"),
}


@pytest.mark.parametrize("name", CASES)
def test_every_kind_of_model_error_has_a_german_explanation(name):
    change, needle = CASES[name]
    exc = fail(change)
    text = explain_error(exc, lang="de")
    assert needle in text, text
    assert "noch nicht auf Deutsch erklären" not in text  # recognised, not the fallback
    assert not ENGLISH.search(text.replace("mein_modell.yaml", "")), text
    assert explain_error(exc, lang="en") != text


def test_the_place_is_named_in_words():
    exc = fail(lambda r: r["stages"][1]["summary"].pop("en"))
    assert explain_error(exc, lang="de").startswith("In „mein_modell.yaml“ an der Stelle „2. Stufe › Zusammenfassung“")
    assert describe_key("stages[0].items[2].text.de", lang="de") == "1. Stufe › 3. Aussage › Text › deutscher Text"
    assert describe_key("sources[0].title", lang="en") == "1. source › title"


YAML_CASES = {
    "colon in a German sentence": ("name: {de: Reife: ein Modell, en: x}\n", "Doppelpunkt"),
    "tab indentation": ("id: x\nstages:\n\t- id: a\n", "Zeile 3"),
    "duplicate key": ("id: x\nid: y\n", "steht die Angabe „id“ in Zeile 2 ein zweites Mal"),
    "python tag": ("id: !!python/object:os.system x\n", "Zeichen „!“"),
    "empty": ("# nur ein Kommentar\n", "ist die Datei leer"),
}


@pytest.mark.parametrize("name", YAML_CASES)
def test_yaml_errors_in_a_file_are_explained(tmp_path, name):
    text, needle = YAML_CASES[name]
    path = tmp_path / "mein_modell.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelFileError) as info:
        models.read_model(path)
    german = explain_error(info.value, lang="de")
    assert needle in german, german
    assert not ENGLISH.search(german.replace("mein_modell.yaml", "")), german


def test_not_utf8_and_missing_file(tmp_path):
    path = tmp_path / "alt.yaml"
    path.write_bytes("name: Übung".encode("cp1252"))
    with pytest.raises(ModelFileError) as info:
        models.read_model(path)
    assert "UTF-8" in explain_error(info.value, lang="de")
    with pytest.raises(ModelFileError) as info:
        models.read_model(tmp_path / "fehlt.yaml")
    assert "keine Datei gefunden" in explain_error(info.value, lang="de")


def test_an_unknown_problem_gets_a_german_sentence_not_the_english_text():
    exc = ModelFileError("x.yaml", "stages[0]", "something nobody has seen before")
    text = explain_error(exc, lang="de")
    assert "noch nicht auf Deutsch erklären" in text and "something" not in text
    assert "noch nicht" in explain_error(ValueError("boom"), lang="de")


# --------------------------------------------------------------------------- keyed on codes, not on messages
def test_every_code_raised_anywhere_has_an_explanation_in_german_and_english():
    from error_sites import IMPLICIT, placeholders, sites

    from socialbiz_kit import ui

    words = ui.load_ui()
    missing, unfilled = [], []
    for site in sites():
        for code in site.codes:
            if code not in words or not all(str(words[code][lang]).strip() for lang in ("de", "en")):
                missing.append(f"{site.file}:{site.line} {code}")
                continue
            need = placeholders(words[code]["de"]) | placeholders(words[code]["en"])
            given = set(site.keywords) | IMPLICIT.get((site.file, site.call), set())
            if not site.splat and need - given:
                unfilled.append(f"{site.file}:{site.line} {code} lacks {sorted(need - given)}")
    assert not missing, missing
    assert not unfilled, unfilled


def _trigger(tmp_path):
    """One real error of each kind, made the way a learner or researcher makes it."""
    import pandas as pd

    from socialbiz_kit import agreement, builder, cohort, glossary, literature, roadmap, scoring, session, store
    from socialbiz_kit.responses import read_responses

    bad_yaml = tmp_path / "mein_modell.yaml"
    bad_yaml.write_text("name: {de: Reife: ein Modell, en: x}\n", encoding="utf-8")
    answers = tmp_path / "antworten.csv"
    answers.write_text("assessment,planning_1\na,9\n", encoding="utf-8")
    table = pd.read_csv(builder.example_table_path(), sep=";", dtype=str, keep_default_na=False)
    return {
        "model file": lambda: models.model_from_dict({**RAW, "year": "zwanzig"}, name="mein_modell.yaml"),
        "yaml syntax": lambda: models.read_model(bad_yaml),
        "model table": lambda: builder.model_from_table(table.iloc[:1], name="tabelle.csv"),
        "answer file": lambda: read_responses(answers, "altimeter"),
        "threshold": lambda: scoring.score(pd.DataFrame({"planning_1": [3]}), "altimeter", threshold=2),
        "no model": lambda: models.load_model("altimetr"),
        "no stage": lambda: models.load_model("altimeter").stage(9),
        "no reference": lambda: literature.reference("gibt_es_nicht"),
        "no term": lambda: glossary.term("gibt_es_nicht"),
        "store refused": lambda: store.Store(tmp_path / "s.sqlite").save({}, model="altimeter", organisation=" "),
        "choice": lambda: agreement.krippendorff_alpha([[1, 2], [1, 2]], level="kardinal"),
        "at least": lambda: cohort.simulate("altimeter", 0, seed=1),
        "language": lambda: describe_key("stages", lang="fr"),
        "answers mapping": lambda: roadmap.plan([4] * 32, "altimeter"),
        "session action": lambda: session.Session().request("springen"),
    }


def test_rewording_a_message_cannot_lose_its_explanation(tmp_path):
    from socialbiz_kit.errors import SocialbizError

    for name, make in _trigger(tmp_path).items():
        with pytest.raises(SocialbizError) as info:
            make()
        exc = info.value
        assert exc.code, name
        german, english = explain_error(exc, lang="de"), explain_error(exc, lang="en")
        assert "noch nicht" not in german and german != english, (name, german)
        exc.args = ("a message reworded beyond recognition",)
        if hasattr(exc, "problem"):
            exc.problem = "reworded as well"
        assert explain_error(exc, lang="de") == german, name
        assert explain_error(exc, lang="en") == english, name


def test_a_code_the_words_lack_gets_the_honest_general_sentence():
    from socialbiz_kit.errors import SettingError

    text = explain_error(SettingError("boom", code="errors.no_such_code_yet"), lang="de")
    assert "noch nicht" in text and "boom" not in text


# --------------------------------------------------------------------------- a name quoted „…“ in German, '…' in English
STRAIGHT = re.compile(r"(?<![\w])'[^'\n]+'|\"[^\"\n]+\"")  # a text in straight quotes, as Python's repr writes it

ANSWER_FILES = {  # a real refusal of each kind that names a column: code -> the file (rows split by "|"), the column
    "off_scale": ("assessment,planning_1|a,9", "planning_1"), "not_number": ("assessment,planning_1|a,viel", "planning_1"),
    "dup_col": ("assessment,planning_1,planning_1|a,1,2", "planning_1"),
    "unknown_col": ("assessment,foo,planning_1|a,1,2", "foo"), "unknown_col_near": ("assessment,planing_1|a,1", "planing_1"),
    "unknown_item_near": ("assessment,item,answer|a,Planung 2,1", "item"),
    "long_col_near": ("assessment,Aussage,Antwort|a,planning_1,1", "Aussage"),
    "dup_answer": ("assessment,item,answer|a,planning_1,1|a,planning_1,2", "item"),
    "no_id_value": ("assessment,planning_1|,1", "assessment"), "no_id_near": ("Assesment,planning_1|a,1", "Assesment"),
    "dup_id": ("assessment,planning_1|a,1|a,2", "assessment"), "model_col": ("assessment,model,planning_1|a,cotc,1", "model"),
    "version_unknown": ("assessment,model_version,planning_1|a,9.9,1", "model_version"),
    "dont_know_item": ("assessment,dont_know,planning_1|a,planung_1,1", "dont_know"),
}


def _answer_refusal(raw, lang="de"):
    from pathlib import Path

    from socialbiz_kit.errors import AnswerFileError
    from socialbiz_kit.responses import read_responses

    with pytest.raises(AnswerFileError) as info:
        read_responses(Path("antworten.csv"), "altimeter", content=raw, lang=lang)
    return info.value


@pytest.mark.parametrize("code", ANSWER_FILES)
def test_the_column_of_an_answer_file_is_quoted_in_german_quotation_marks(code):
    text, column = ANSWER_FILES[code]
    exc = _answer_refusal(text.replace("|", "\n").encode() + b"\n")
    assert (exc.code, exc.column) == (f"answers.{code}", column)
    german, english = explain_error(exc, lang="de"), explain_error(exc, lang="en")
    label = item_labels("altimeter", lang="de").get(column)  # a statement column is named by its short label too
    named = f"Spalte „{label}“ ({column})" if label else f"Spalte „{column}“"
    assert german.startswith(f"antworten.csv, {'Zeile ' + str(exc.row) + ', ' if exc.row else ''}{named}: ")
    assert not STRAIGHT.search(german), german
    assert f"column '{column}'" in english  # English keeps its quotation marks


@pytest.mark.parametrize(("raw", "de", "en"), [
    (b"assessment;planning_1\na,1\n", "mit „;“, diese Zeile mit „,“;", "with ';', this row with ',';"),
    (b"assessment,planning_1\na\t1\n", "mit „,“, diese Zeile mit Tabulator;", "with ',', this row with Tab;"),
])
def test_a_separator_is_quoted_in_german_quotation_marks(raw, de, en):
    german = _answer_refusal(raw)
    assert german.code == "answers.mixed_sep" and de in str(german) and de in explain_error(german, lang="de")
    assert not STRAIGHT.search(str(german))
    assert en in str(_answer_refusal(raw, "en")) and en in explain_error(german, lang="en")


def test_no_german_explanation_quotes_a_name_in_straight_quotes(tmp_path):
    from socialbiz_kit.errors import SocialbizError

    makes = {**_trigger(tmp_path), "table fields": lambda: builder_table(tmp_path, "Art;Stufe;Deutsch\nx;1;a;b\n"),
             "table columns": lambda: builder_table(tmp_path, "Art;Deutsch\nStufe;a\n")}
    for name, make in makes.items():
        with pytest.raises(SocialbizError) as info:
            make()
        german = explain_error(info.value, lang="de")
        # the only straight quotes a German sentence may hold are the ones it asks the reader to type ("…")
        assert not STRAIGHT.search(german.replace('("…")', "")), (name, german)


def builder_table(tmp_path, text):
    from socialbiz_kit import builder

    path = tmp_path / "tabelle.csv"
    path.write_text(text, encoding="utf-8")
    return builder.model_from_table(path)



def test_a_statement_column_is_named_by_its_short_label_in_the_explanation_as_in_the_message():
    exc = _answer_refusal(b"assessment,planning_1\na,7\n")
    de, en = item_labels("altimeter", lang="de")["planning_1"], item_labels("altimeter", lang="en")["planning_1"]
    assert (de, en) == ("Planung 1", "Planning 1")  # what the model calls it: a short label, not the id
    assert str(exc).startswith("antworten.csv, Zeile 2, Spalte „Planung 1“ (planning_1): ")
    assert explain_error(exc, lang="de").startswith("antworten.csv, Zeile 2, Spalte „Planung 1“ (planning_1): ")
    assert explain_error(exc, lang="en").startswith("antworten.csv, row 2, column 'planning_1' (Planning 1): ")
