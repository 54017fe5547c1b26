"""Did you mean: an unknown column or statement of an answer file is answered with the known name it most likely
means (socialbiz_kit._nearest), in the reader's language, by the package, the seminar page and the self-check page
alike (static/near.js, held to the package in Chromium); so is a file in the long layout but for the name of its
``item`` or ``answer`` column ("itme", "Aussage", "Antwort")."""
import difflib
import io
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from test_class_page import open_page
from test_page import generated_model
from test_page_browser import browser  # noqa: F401 - a fixture

from socialbiz_kit import responses
from socialbiz_kit._nearest import ALIASES, META, near_choices, near_id, near_long, nearest
from socialbiz_kit.class_page import class_page_html
from socialbiz_kit.errors import AnswerFileError
from socialbiz_kit.explain import explain_error
from socialbiz_kit.models import item_labels, load_model
from socialbiz_kit.page import page_html

WIDE = [("planing_1", "planning_1"), ("Planung_1", "planning_1"), ("planung 1", "planning_1"),
        ("Planning 1", "planning_1"), ("PLANNING-1", "planning_1"), ("organization", "organisation"),
        ("Datum", "date"), ("note:planing_2", "note:planning_2")]


def _refusal(raw: bytes, lang: str, model: str | None = "altimeter") -> AnswerFileError:
    with pytest.raises(AnswerFileError) as info:
        responses.read_responses(Path("antworten.csv"), model, content=raw, lang=lang)
    return info.value


@pytest.mark.parametrize(("typed", "meant"), WIDE)
def test_a_misspelt_column_is_answered_with_the_name_meant_in_german_and_english(typed, meant):
    raw = f"assessment,{typed},planning_3\na,3,2\n".encode()
    de, en = _refusal(raw, "de"), _refusal(raw, "en")
    assert str(de).endswith(f"ist keine Aussage des Modells altimeter. Meinten Sie „{meant}“?")
    assert str(en).endswith(f"is not an item of model altimeter. Did you mean '{meant}'?")
    assert (de.code, de.params["near"], de.column) == ("answers.unknown_col_near", meant, typed)


def test_a_misspelt_statement_or_column_of_the_long_layout_is_answered_too():
    item = _refusal(b"assessment,item,answer\na,planing_2,3\n", "de")
    assert item.code == "answers.unknown_item_near" and str(item).endswith("Meinten Sie „planning_2“?") and item.row == 2
    assert "Did you mean 'planning_2'?" in str(_refusal(b"assessment,item,answer\na,Planung 2,3\n", "en"))
    column = _refusal(b"assessment,item,answer,organization\na,planning_2,3,X\n", "de")
    assert column.code == "answers.unknown_col_near" and column.params["near"] == "organisation"


# the id column misspelt: "Meinten Sie „assessment“?" instead of only "es fehlt die Spalte „assessment“"
ID_TYPOS = ["assesment", "Assessment", "ASSESSMENT", "assessments", "assessmnet", "Asessment", "assess-ment"]


@pytest.mark.parametrize("model", ["altimeter", None])
@pytest.mark.parametrize("rest", ["planning_1,planning_2\na,1,2", "item,answer\na,planning_1,3", "foo\na,1"])
@pytest.mark.parametrize("typed", ID_TYPOS)
def test_a_misspelt_id_column_is_answered_with_assessment(typed, rest, model):
    raw = f"{typed} ,{rest}\n".encode()  # a space after it too: the header is read trimmed
    de, en = _refusal(raw, "de", model), _refusal(raw, "en", model)
    assert str(de) == (f"antworten.csv, Spalte „{typed}“: es fehlt die Spalte „assessment“ (eine Kennung je "
                       "Einschätzung). Meinten Sie „assessment“?")
    assert str(en).endswith(f"column '{typed}': the column 'assessment' (one id per assessment) is missing. "
                            "Did you mean 'assessment'?")
    assert (de.code, de.column, de.params["near"], de.row) == ("answers.no_id_near", typed, "assessment", None)
    assert explain_error(de, lang="de") == str(de) and explain_error(en, lang="en") == str(en)


@pytest.mark.parametrize(("raw", "code"), [
    (b"assesor,planning_1\na,1\n", "answers.no_id"),       # closer to "assessor": the id is missing, nothing meant
    (b"Bewertung,planning_1\na,1\n", "answers.no_id"),     # no German names for the columns
    (b"Einsch\xc3\xa4tzung,foo\na,1\n", "answers.not_table"),
    (b"planning_1,planning_2\n1,2\n", "answers.no_id"),    # a statement is never taken for the id
])
def test_a_file_without_an_id_column_and_nothing_close_gets_no_guess(raw, code):
    exc = _refusal(raw, "de")
    assert exc.code == code and "Meinten" not in str(exc) and exc.column is None


def test_a_statement_id_close_to_assessment_is_not_taken_for_it():
    # a model of one's own may name a statement like that; with that model, the statement is no misspelt id
    assert near_id(["assessment_1", "x"], ["assessment_1"]) is None
    assert near_id(["assessment_1", "x"], []) == "assessment_1"
    assert near_id(["planning_1", "Assesment", "assesment"], ["planning_1"]) == "Assesment"  # the first one


# the long layout but for the name of "item" or "answer": "Meinten Sie „item“?" instead of a wide file's message
LONG_TYPOS = [("assessment,itme,answer", "itme", "item"), ("assessment;Aussage;Antwort", "Aussage", "item"),
              ("assessment,item,Antwort", "Antwort", "answer"), ("assessment,Statement,answers", "Statement", "item"),
              ("assessment,Item,Antworten,organisation", "Item", "item"), ("assessment,answer,Itme", "Itme", "item"),
              ("organisation,Aussagen,Wert,assessment", "Aussagen", "item"), ("assessment,Antwort,item", "Antwort", "answer"),
              ("assessment,Answer,item", "Answer", "answer"), ("assessment,Aussage,answr,note", "Aussage", "item")]


def _long_file(header):
    sep = ";" if ";" in header else ","
    values = {"assessment": "a", "organisation": "X", "note": "n"}
    return (header + "\n" + sep.join(values.get(c, "planning_1" if k % 2 else "3")
                                     for k, c in enumerate(header.split(sep))) + "\n").encode()


@pytest.mark.parametrize("model", ["altimeter", None])
@pytest.mark.parametrize(("header", "typed", "meant"), LONG_TYPOS)
def test_a_long_file_with_item_or_answer_named_otherwise_is_answered_with_the_name_meant(header, typed, meant, model):
    raw = _long_file(header)
    de, en = _refusal(raw, "de", model), _refusal(raw, "en", model)
    assert str(de) == (f"antworten.csv, Spalte „{typed}“: die Datei sieht aus wie eine Tabelle mit einer Zeile je "
                       f"Antwort; deren Spalten heißen „assessment“, „item“ und „answer“, nicht „{typed}“. "
                       f"Meinten Sie „{meant}“?")
    assert str(en) == (f"antworten.csv, column '{typed}': the file looks like a table with one row per answer, whose "
                       f"columns are named 'assessment', 'item' and 'answer', not '{typed}'. Did you mean '{meant}'?")
    assert (de.code, de.column, de.params["near"], de.row) == ("answers.long_col_near", typed, meant, None)
    assert explain_error(de, lang="de") == str(de) and explain_error(en, lang="en") == str(en)


@pytest.mark.parametrize(("raw", "code", "guessed"), [  # the code with the model given, and without (guessed)
    (b"assessment,planning_1,Antwort\na,3,3\n", "answers.unknown_col", "answers.unknown_col"),  # as before
    (b"assessment,planning_1,Aussage,Antwort\na,3,x,3\n", "answers.unknown_col", "answers.unknown_col"),  # wide
    (b"assessment,itme,answer,planning_2\na,planning_1,3,2\n", "answers.unknown_col", "answers.unknown_col"),
    (b"assessment,Antwort,foo\na,3,x\n", "answers.unknown_col", "answers.no_items"),  # nothing like "item"
    (b"assessment,Aussage,foo\na,planning_1,x\n", "answers.unknown_col", "answers.no_items"),  # nor "answer"
    (b"assessment,item,answer,Antwort\na,planning_1,3,3\n", "answers.unknown_col_near", "answers.unknown_col_near"),
    (b"assessment,experimental_strategy,itme,answer\na,2,planning_1,3\n", "answers.other_model",  # cotc's: wide
     "answers.unknown_col"),
])
def test_a_wide_file_is_never_taken_for_a_long_one(raw, code, guessed):
    for model, want in (("altimeter", code), (None, guessed)):
        exc = _refusal(raw, "de", model)
        assert exc.code == want and "Zeile je Antwort" not in str(exc), (model, str(exc))


def test_the_long_layout_named_otherwise_is_the_first_such_column_of_a_file_without_statements():
    assert near_long(["assessment", "Antwort", "Aussage"], []) == ("Antwort", "answer")  # in the file's order
    assert near_long(["assessment", "Antwort", "Aussage"], ["Aussage"]) is None  # a statement of a model of one's own
    assert near_long(["assessment", "Antwort", "planning_1"], ["planning_1"]) is None
    assert near_long(["assessment", "item", "answer"], []) is None  # nothing named otherwise
    assert near_long(["assessment", "Antwort"], []) is None and near_long(["assessment", "Aussage", "xyz"], []) is None
    assert {near_long(["assessment", name, "answer" if meant == "item" else "item"], []) for name, meant in ALIASES} \
        == {(name, meant) for name, meant in ALIASES}


@pytest.mark.parametrize("layout", ["assessment,planning_1,{typed}\na,3,x\n",
                                    "assessment,item,answer,{typed}\na,planning_1,3,x\n"])
@pytest.mark.parametrize("meant", META)
def test_every_optional_column_misspelt_is_answered_with_its_name_in_both_layouts(meant, layout):
    typed = meant[:-1] + meant[-1] * 2  # "organisationn", "modell", "datee", ...
    for lang, hint in (("de", f"Meinten Sie „{meant}“?"), ("en", f"Did you mean '{meant}'?")):
        exc = _refusal(layout.format(typed=typed).encode(), lang)
        assert (exc.code, exc.column, exc.params["near"]) == ("answers.unknown_col_near", typed, meant)
        assert str(exc).endswith(hint)


@pytest.mark.parametrize("raw", [b"assessment,foo,planning_1\na,1,2\n", b"assessment,item,answer\na,zzz,1\n",
                                 b"assessment,item,answer,planning_1\na,planning_2,1,2\n",  # no statement as a column there
                                 b"assessment," + b"planning_1" * 11 + b"\na,1\n"])     # too long to guess
def test_nothing_close_is_no_guess(raw):
    exc = _refusal(raw, "de")
    assert exc.code in ("answers.unknown_col", "answers.unknown_item") and "Meinten" not in str(exc)
    assert exc.params["near"] is None


def test_the_optional_columns_it_knows_are_the_readers():
    assert META == responses.META_COLUMNS


def test_every_label_in_either_language_means_its_statement():
    for name in ("altimeter", "cotc"):
        model = load_model(name)
        for lang in ("de", "en"):
            labels = item_labels(model, lang=lang)
            assert {i: nearest(label, near_choices(model)["item"]) for i, label in labels.items()} == \
                {i: i for i in labels}


# ------------------------------------------------------------------ the pages: near.js is the package's rule
def _typos(rng, word):
    """Some ways of mistyping ``word``: a letter dropped, doubled, swapped or replaced, case and separators changed."""
    chars = list(word)
    k = int(rng.integers(len(chars))) if chars else 0
    out = [word.upper(), word.replace("_", " "), word.replace("_", "-") + " ", word[:k] + word[k + 1:],
           word[:k] + word[k:k + 1] * 2 + word[k + 1:], word[:k] + "ä" + word[k + 1:]]
    if len(word) > 2:
        out.append(word[:k] + word[k + 1:k + 2] + word[k:k + 1] + word[k + 2:])
    return out


def _names(model, seed):
    rng = np.random.default_rng(seed)
    words = list(model.item_ids) + [label for lang in ("de", "en") for label in item_labels(model, lang=lang).values()]
    words += list(META) + ["assessment", "item", "answer", "Kommentar", "Firma", "Datum", "Bewertung", "x_1", "",
                           "__proto__", "constructor", "Straße 😀", "\u00a0planung\t1", "a" * 101]
    return [t for w in words for t in _typos(rng, w)] + words


def test_near_js_ratio_is_difflibs(browser, tmp_path):  # noqa: F811
    page = open_page(browser, tmp_path, class_page_html("altimeter"))
    rng = np.random.default_rng(7)
    alphabet = list("aab_ 1äßs😀")
    pairs = [["".join(rng.choice(alphabet, size=rng.integers(0, 14))) for _ in range(2)] for _ in range(600)]
    pairs += [["", ""], ["planning_1", "planing_1"], ["abcd", "dcba"], ["😀a", "a😀"]]
    js = page.evaluate("(pairs) => pairs.map((p) => window.SocialbizNear.ratio(Array.from(p[0]), Array.from(p[1])))",
                       pairs)
    page.close()
    want = [difflib.SequenceMatcher(None, a, b).ratio() for a, b in pairs]
    assert [(p, j, w) for p, j, w in zip(pairs, js, want) if j != w] == []


def _js(value):
    """A Python answer as the page's JSON has it (a pair as a list)."""
    return list(value) if isinstance(value, tuple) else value


@pytest.mark.parametrize("name", ["altimeter", "cotc", "user"])
def test_both_pages_suggest_what_the_package_suggests(browser, tmp_path, name):  # noqa: F811
    model = generated_model(4, [0, 0.25, 0.5, 0.75, 1], baseline=True, seed=5) if name == "user" else load_model(name)
    names = _names(model, seed=len(name))
    choices = near_choices(model)
    want = {where: [nearest(n, choices[where]) for n in names] for where in ("wide", "long", "item")}
    assert sum(w is not None for w in want["wide"]) > len(names) / 2  # most typos are recognised
    # a file without "assessment": each name as its first column, then a statement (never taken for the id)
    headers = [[n, model.item_ids[0]] for n in names] + [[model.item_ids[0], n] for n in names[::7]]
    want["id"] = [near_id(h, model.item_ids) for h in headers]
    assert sum(w is not None for w in want["id"]) >= 6  # the typos of "assessment" (_typos)
    # a file long but for a name: each name (and each alias mistyped) in place of "item" or of "answer", in either
    # order, and once beside a statement (never taken for the long layout)
    rng = np.random.default_rng(len(name))
    spelt = names + [t for alias, _ in ALIASES for t in _typos(rng, alias) + [alias]]
    longs = [h for n in spelt for h in (["assessment", n, "answer"], [n, "item", "assessment"])]
    longs += [["assessment", n, "Antwort", model.item_ids[1]] for n in spelt[::5]]
    want["long_file"] = [near_long(h, model.item_ids) for h in longs]
    assert sum(w is not None for w in want["long_file"]) >= 30  # the typos of "item", "answer" and the aliases
    assert all(w is None for w in want["long_file"][2 * len(spelt):])  # a statement among the columns: wide
    for html, api in ((class_page_html(model), "socialbizClass"), (page_html(model), "socialbizSelfcheck")):
        page = open_page(browser, tmp_path, html)
        lists = page.evaluate(f"() => window.{api}.near")  # what the page built from the model it carries
        got = page.evaluate("""([names, lists, headers, items, longs]) => {
            const out = {};
            for (const where of ["wide", "long", "item"]) {
                out[where] = names.map((n) => window.SocialbizNear.nearest(n, lists[where]));
            }
            out.id = headers.map((h) => window.SocialbizNear.nearId(h, items, lists.long));
            out.long_file = longs.map((h) => window.SocialbizNear.nearLong(h, items, lists.long));
            return out;
        }""", [names, lists, headers, list(model.item_ids), longs])
        page.close()
        assert lists == choices, api
        asked = {"id": headers, "long_file": longs}
        bad = {w: [(n, g, x) for n, g, x in zip(asked.get(w, names), got[w], [_js(v) for v in want[w]]) if g != x]
               for w in want}
        assert bad == {"wide": [], "long": [], "item": [], "id": [], "long_file": []}, api


def _workbook(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_the_seminar_page_says_what_the_package_says_of_a_misspelt_column(browser, tmp_path):  # noqa: F811
    files = {"planing.csv": b"assessment,planing_1,planning_2\na,1,2\n",
             "planung.xlsx": _workbook([["assessment", "Planung 1", "planning_2"], ["a", 1, 2]]),
             "long_planing.csv": b"assessment,item,answer\na,Planung 2,3\n",
             "organization.csv": b"assessment,item,answer,organization\na,planning_2,3,X\n",
             "assesment.csv": b"assesment,planning_1\na,1\n",
             "Assessment.xlsx": _workbook([["Assessment ", "organisation", "planning_2"], ["a", "X", 2]]),
             "long_assesment.csv": b"item;answer;Assesment\nplanning_2;3;a\n",
             "assesor.csv": b"assesor,planning_1\na,1\n",
             "mixed.csv": b"assessment;planning_1\na,1\n"}
    page = open_page(browser, tmp_path, class_page_html("altimeter"))
    got = {name: page.evaluate("""([raw, name]) => Promise.resolve()
               .then(() => window.socialbizClass.readFile(new Uint8Array(raw), name)).then(() => null, (e) => e.message)""",
                               [list(raw), name]) for name, raw in files.items()}
    page.close()
    want = {}
    for name, raw in files.items():
        with pytest.raises(AnswerFileError) as info:
            responses.read_responses(Path(name), "altimeter", content=raw)
        want[name] = str(info.value)
    assert got == want
    assert want["planung.xlsx"].endswith("Meinten Sie „planning_1“?") and "„planning_2“?" in want["long_planing.csv"]
    assert want["Assessment.xlsx"].startswith("Assessment.xlsx, Spalte „Assessment“: es fehlt die Spalte „assessment“")
    assert [n for n, w in want.items() if w.endswith("Meinten Sie „assessment“?")] == \
        ["assesment.csv", "Assessment.xlsx", "long_assesment.csv"]
    assert "mit „;“, diese Zeile mit „,“;" in want["mixed.csv"]


def test_the_self_check_page_says_which_column_was_meant_in_its_language(browser, tmp_path):  # noqa: F811
    page = open_page(browser, tmp_path, page_html("altimeter"))
    page.set_input_files("#upload", files=[{"name": "tippfehler.csv", "mimeType": "text/csv",
                                            "buffer": b"assessment,planing_1\nx,3\n"}])
    page.wait_for_function("() => document.getElementById('upload-error').textContent.includes('tippfehler.csv')")
    assert "Spalte „planing_1“" in page.inner_text("#upload-error")
    assert page.inner_text("#upload-error").endswith("Meinten Sie „planning_1“?")
    page.click("#switch-lang")
    assert page.inner_text("#upload-error").endswith("Did you mean “planning_1”?")
    page.set_input_files("#upload", files=[{"name": "nah.csv", "mimeType": "text/csv",
                                            "buffer": b"assessment,item,answer\nx,Planung 3,3\n"}])
    page.wait_for_function("() => document.getElementById('upload-error').textContent.includes('nah.csv')")
    assert page.inner_text("#upload-error").endswith("Did you mean “planning_3”?")
    page.set_input_files("#upload", files=[{"name": "fern.csv", "mimeType": "text/csv",
                                            "buffer": b"assessment,foo\nx,3\n"}])
    page.wait_for_function("() => document.getElementById('upload-error').textContent.includes('fern.csv')")
    assert page.inner_text("#upload-error").endswith("does not belong to this self-check.")
    page.close()


def test_the_self_check_page_says_which_column_was_meant_for_the_id(browser, tmp_path):  # noqa: F811
    page = open_page(browser, tmp_path, page_html("altimeter"))
    for name, raw, said in (("id.csv", b"Assesment;planning_1\nx;3\n", "Meinten Sie „assessment“?"),
                            ("lang.csv", b"item,answer,assessments\nplanning_1,3,x\n", "Meinten Sie „assessment“?"),
                            ("ohne.csv", b"Bewertung,planning_1\nx,3\n", "(es fehlt die Spalte „assessment“)."),
                            ("nah.csv", b"assesor,planning_1\nx,3\n", "(es fehlt die Spalte „assessment“).")):
        page.set_input_files("#upload", files=[{"name": name, "mimeType": "text/csv", "buffer": raw}])
        page.wait_for_function(f"() => document.getElementById('upload-error').textContent.includes('{name}')")
        assert page.inner_text("#upload-error").endswith(said), name
    page.set_input_files("#upload", files=[{"name": "id.csv", "mimeType": "text/csv",
                                            "buffer": b"Assesment;planning_1\nx;3\n"}])
    page.wait_for_function("() => document.getElementById('upload-error').textContent.includes('id.csv')")
    assert page.inner_text("#upload-error").endswith("Die Datei „id.csv“, Spalte „Assesment“: Es fehlt die Spalte "
                                                     "„assessment“ (eine Kennung je Einschätzung). Meinten Sie „assessment“?")
    page.click("#switch-lang")
    assert page.inner_text("#upload-error").endswith("column “Assesment”: the column “assessment” (one id per "
                                                     "assessment) is missing. Did you mean “assessment”?")
    page.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_seminar_page_says_what_the_package_says_of_a_long_file_named_otherwise(browser, tmp_path, lang):  # noqa: F811
    files = {f"long_{k}.csv": _long_file(header) for k, (header, _, _) in enumerate(LONG_TYPOS)}
    files.update({"aussage.xlsx": _workbook([["assessment", "Aussage", "Antwort"], ["a", "planning_1", 3]]),
                  "wide.csv": b"assessment,planning_1,Antwort\na,3,3\n",       # wide: today's message
                  "statement.csv": b"assessment,planning_1,Aussage,Antwort\na,3,x,3\n",
                  "cotc.csv": b"assessment,experimental_strategy,itme,answer\na,2,planning_1,3\n",
                  "both.csv": b"Assesment,Aussage,Antwort\na,planning_1,3\n"})  # the id first
    page = open_page(browser, tmp_path, class_page_html("altimeter", lang=lang))
    got = {name: page.evaluate("""([raw, name]) => Promise.resolve()
               .then(() => window.socialbizClass.readFile(new Uint8Array(raw), name)).then(() => null, (e) => e.message)""",
                               [list(raw), name]) for name, raw in files.items()}
    page.close()
    want, codes = {}, {}
    for name, raw in files.items():
        exc = [_refusal_of(name, raw, lang, model) for model in ("altimeter", None)]
        assert str(exc[0]) == str(exc[1]) or name in ("wide.csv", "cotc.csv"), name  # with or without the model
        want[name], codes[name] = str(exc[0]), exc[0].code
    assert got == want
    assert [n for n, c in codes.items() if c == "answers.long_col_near"] == [*files][:len(LONG_TYPOS) + 1]
    assert (codes["wide.csv"], codes["statement.csv"], codes["cotc.csv"], codes["both.csv"]) == \
        ("answers.unknown_col", "answers.unknown_col", "answers.other_model", "answers.no_id_near")


def _refusal_of(name, raw, lang, model):
    with pytest.raises(AnswerFileError) as info:
        responses.read_responses(Path(name), model, content=raw, lang=lang)
    return info.value


def test_the_self_check_page_says_which_long_column_was_meant_in_its_language(browser, tmp_path):  # noqa: F811
    page = open_page(browser, tmp_path, page_html("altimeter"))

    def upload(name, raw):
        page.set_input_files("#upload", files=[{"name": name, "mimeType": "text/csv", "buffer": raw}])
        page.wait_for_function(f"() => document.getElementById('upload-error').textContent.includes('{name}')")
        return page.inner_text("#upload-error")

    for k, (header, typed, meant) in enumerate(LONG_TYPOS):
        assert upload(f"lang_{k}.csv", _long_file(header)).endswith(
            f"Die Datei „lang_{k}.csv“ sieht aus wie eine Tabelle mit einer Zeile je Antwort; deren Spalten heißen "
            f"„assessment“, „item“ und „answer“, nicht „{typed}“. Meinten Sie „{meant}“?"), header
    page.click("#switch-lang")  # the last one, now in English
    assert page.inner_text("#upload-error").endswith(
        f"The file “lang_{k}.csv” looks like a table with one row per answer, whose columns are named “assessment”, "
        f"“item” and “answer”, not “{typed}”. Did you mean “{meant}”?")
    assert upload("aussage.csv", b"assessment;Aussage;Antwort\nx;planning_1;3\n").endswith(
        "not “Aussage”. Did you mean “item”?")
    # a wide file with an extra "Antwort" is a wide file's error, as before
    assert upload("breit.csv", b"assessment,planning_1,Antwort\nx,3,3\n").endswith("does not belong to this self-check.")
    assert upload("id.csv", b"Assesment,Aussage,Antwort\nx,planning_1,3\n").endswith("Did you mean “assessment”?")
    page.close()
