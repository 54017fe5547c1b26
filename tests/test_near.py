"""Did you mean: an unknown column or statement of an answer file is answered with the known name it most likely
means (socialbiz_kit._nearest), in the reader's language, by the package, the seminar page and the self-check page
alike (static/near.js, held to the package in Chromium)."""
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
from socialbiz_kit._nearest import META, near_choices, nearest
from socialbiz_kit.class_page import class_page_html
from socialbiz_kit.errors import AnswerFileError
from socialbiz_kit.models import item_labels, load_model
from socialbiz_kit.page import page_html

WIDE = [("planing_1", "planning_1"), ("Planung_1", "planning_1"), ("planung 1", "planning_1"),
        ("Planning 1", "planning_1"), ("PLANNING-1", "planning_1"), ("organization", "organisation"),
        ("Datum", "date"), ("note:planing_2", "note:planning_2")]


def _refusal(raw: bytes, lang: str) -> AnswerFileError:
    with pytest.raises(AnswerFileError) as info:
        responses.read_responses(Path("antworten.csv"), "altimeter", content=raw, lang=lang)
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


@pytest.mark.parametrize("name", ["altimeter", "cotc", "user"])
def test_both_pages_suggest_what_the_package_suggests(browser, tmp_path, name):  # noqa: F811
    model = generated_model(4, [0, 0.25, 0.5, 0.75, 1], baseline=True, seed=5) if name == "user" else load_model(name)
    names = _names(model, seed=len(name))
    choices = near_choices(model)
    want = {where: [nearest(n, choices[where]) for n in names] for where in ("wide", "long", "item")}
    assert sum(w is not None for w in want["wide"]) > len(names) / 2  # most typos are recognised
    for html, api in ((class_page_html(model), "socialbizClass"), (page_html(model), "socialbizSelfcheck")):
        page = open_page(browser, tmp_path, html)
        lists = page.evaluate(f"() => window.{api}.near")  # what the page built from the model it carries
        got = page.evaluate("""([names, lists]) => {
            const out = {};
            for (const where of ["wide", "long", "item"]) {
                out[where] = names.map((n) => window.SocialbizNear.nearest(n, lists[where]));
            }
            return out;
        }""", [names, lists])
        page.close()
        assert lists == choices, api
        bad = {w: [(n, g, x) for n, g, x in zip(names, got[w], want[w]) if g != x] for w in want}
        assert bad == {"wide": [], "long": [], "item": []}, api


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
             "organization.csv": b"assessment,item,answer,organization\na,planning_2,3,X\n"}
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
