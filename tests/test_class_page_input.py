"""The seminar page and read_class with hostile or careless input: names that are also the names of a JavaScript
object's own machinery (``__proto__``, ``constructor``, ``toString``) as cases, raters, ids, columns and files, and
one rater's name typed in several ways. Chromium via Playwright; the package (socialbiz_kit.classroom) is the
reference the page is held to."""
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_class_page import (  # noqa: F401 - pages, server, sealed and browser are fixtures
    _figure_mismatches,
    _frame_rows,
    _load,
    _page_compute,
    _random_class,
    _rows,
    _same_rows,
    browser,
    open_page,
    pages,
    sealed,
    server,
)
from test_classroom import same_figures

from socialbiz_kit import classroom
from socialbiz_kit.class_page import class_page_html
from socialbiz_kit.models import load_model
from socialbiz_kit.responses import read_responses

# the names an object literal ({}) already answers to: as keys they read the prototype or set it
PROTO = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]
HEAD = "assessment,organisation,assessor,planning_1,planning_2,presence_1\n"


def _proto_zip(path):
    """A Moodle zip in which the cases, raters (folder and assessor column), assessment ids and two loose files are
    named like an object's machinery; one case in two spellings ("Constructor" and "constructor")."""
    files = {
        "Anna_11_assignsubmission_file_/a.csv": HEAD + "constructor,__proto__,,1,2,3\n__proto__,constructor,,2,2,2\n"
                                                       "toString,toString,,4,3,1\n",
        "Ben_12_assignsubmission_file_/b.csv": HEAD + "a,__proto__,,3,3,3\nb,Constructor,,0,1,1\nc,valueOf,,2,1,0\n",
        "__proto___13_assignsubmission_file_/c.csv": HEAD + "x,__proto__,,1,1,1\ny,constructor,,4,4,4\n"
                                                            "z,toString,hasOwnProperty,2,3,4\n",
        "constructor_14_assignsubmission_file_/d.csv": HEAD + "p,__proto__,,0,0,1\nq,toString,,,2,\n",
        "__proto__": "keine Antwortdatei",
        "constructor": "auch keine",
    }
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def test_the_package_counts_names_like_an_objects_machinery_like_any_other(tmp_path):
    with pytest.warns(UserWarning, match="Schreibweisen"):  # "Constructor" and "constructor": one case
        cls = classroom.read_class(_proto_zip(tmp_path / "k.zip"), "altimeter")
    assert sorted(cls.frame["organisation"].unique()) == sorted(["__proto__", "constructor", "toString", "valueOf"])
    assert sorted(cls.frame["rater"].unique()) == sorted(["Anna", "Ben", "__proto__", "constructor", "hasOwnProperty"])
    assert sorted(cls.problems["path"]) == ["__proto__", "constructor"]
    dist = classroom.stage_distribution(cls.frame, "altimeter")
    assert dist.loc["__proto__", "n"] == 4 and dist.loc["constructor", "n"] == 3 and dist.loc["toString", "n"] == 3


def test_names_like_an_objects_machinery_are_read_counted_and_shown_as_the_package_does(sealed, tmp_path):  # noqa: F811
    page = sealed()
    zpath = _proto_zip(tmp_path / "k.zip")
    got = _load(page, "#files", str(zpath))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = classroom.read_class(zpath, "altimeter")
        dist = classroom.stage_distribution(want.frame, "altimeter")
    assert _same_rows(_rows(got["read"]), _frame_rows(want.frame, "altimeter")) and len(want.frame) == 11
    assert sorted((p["rater"], p["path"], p["problem"]) for p in got["read"]["problems"]) == \
        sorted(zip(want.problems["rater"], want.problems["path"], want.problems["problem"]))
    result = got["result"]
    assert [c["organisation"] for c in result["cases"]] == list(dist.index)
    assert [c["n"] for c in result["cases"]] == dist["n"].tolist()
    assert result["raters"] == want.frame["rater"].nunique() == 5
    shown = page.locator("#case-list section h3").all_inner_texts()
    assert shown == list(dist.index) and "__proto__" in shown and "constructor" in shown


def test_page_figures_equal_the_packages_for_names_like_an_objects_machinery(browser, tmp_path):  # noqa: F811
    model = load_model("altimeter")
    klasse = _random_class(model, n_raters=5, n_cases=5, per_rater=4, missing=0.1, seed=41, twice=0.2)
    cases = dict(zip(sorted(klasse["organisation"].unique()), PROTO))
    raters = dict(zip(sorted(klasse["rater"].unique()), PROTO))
    klasse = klasse.assign(organisation=klasse["organisation"].map(cases), rater=klasse["rater"].map(raters))
    js = _page_compute(browser, tmp_path, model, klasse)
    assert _figure_mismatches(js, klasse, model) == []
    assert sorted(c["organisation"] for c in js["cases"]) == sorted(PROTO) and js["raters"] == 5


def _read_each(browser, tmp_path, files):  # noqa: F811
    """Each file read by the page (``readFile``) and by read_responses: {name: (page's, package's)}, each the ids,
    organisations and answers read, or the message of the refusal."""
    page = open_page(browser, tmp_path, class_page_html("altimeter"))
    items = list(load_model("altimeter").item_ids)
    out = {}
    for name, raw in files.items():
        js = page.evaluate("""([raw, name]) => Promise.resolve()
            .then(() => window.socialbizClass.readFile(new Uint8Array(raw), name))
            .then((got) => ({ids: got.ids, orgs: got.ids.map((a) => got.meta[a].organisation === undefined ? null
                                                                    : got.meta[a].organisation),
                             answers: got.ids.map((a) => got.answers[a])}), (e) => ({error: e.message}))""",
                           [list(raw), name])
        try:
            py = read_responses(Path(name), "altimeter", content=raw)
            want = {"ids": list(py.index), "orgs": [None if "organisation" not in py.columns else py.loc[a, "organisation"]
                                                    for a in py.index],
                    "answers": [[None if np.isnan(v) else v for v in row] for row in py[items].to_numpy(dtype=float).tolist()]}
        except ValueError as exc:
            want = {"error": str(exc)}
        out[name] = (js, want)
    page.close()
    return out


def test_one_file_with_ids_and_columns_like_an_objects_machinery_is_read_as_read_responses_reads_it(browser, tmp_path):  # noqa: F811
    files = {
        "ids.csv": (HEAD + "constructor,__proto__,,1,2,3\n__proto__,toString,,2,,2\ntoString,constructor,,4,3,1\n"
                    "hasOwnProperty,valueOf,,0,0,0\n").encode(),
        "dup_ids.csv": (HEAD + "constructor,a,,1,2,3\nb,b,,1,1,1\nconstructor,c,,0,0,0\n").encode(),
        "long.csv": b"assessment,item,answer\nconstructor,planning_1,1\n__proto__,planning_1,2\n__proto__,planning_2,3\n",
        "col_constructor.csv": b"assessment,constructor,planning_1\na,1,2\n",
        "col_proto.csv": b"assessment,__proto__,planning_1\na,1,2\n",
        "col_tostring.csv": b"assessment,planning_1,toString\na,1,2\n",
        "item_proto.csv": b"assessment,item,answer\na,__proto__,1\n",
        "item_constructor.csv": b"assessment,item,answer\na,constructor,1\n",
    }
    got = _read_each(browser, tmp_path, files)
    bad = {name: pair for name, pair in got.items() if pair[0] != pair[1]}
    assert bad == {}, "\n".join(f"{k}: {v}" for k, v in bad.items())
    assert got["ids.csv"][1]["ids"] == ["constructor", "__proto__", "toString", "hasOwnProperty"]
    assert "doppelt" in got["dup_ids.csv"][1]["error"] and "unbekannte Spalte" in got["col_proto.csv"][1]["error"]


# ------------------------------------------------------------------ one rater, however the name is typed
ANNA = ["Anna Müller", "anna  müller", "ANNA MU\u0308LLER\u00a0"]  # letter case, two spaces, NFD and a no-break space


def _raters_zip(path):
    """A Moodle zip where Anna types her name three ways in the ``assessor`` column over a draft and a final file
    of "Tafel" (and a bakery in between); Ben assesses "Tafel" once."""
    head = "assessment,organisation,assessor,planning_1,planning_2,presence_1\n"
    files = {"Anna_11_assignsubmission_file_/a_entwurf.csv": head + f"e1,Tafel,{ANNA[0]},4,4,4\n"
                                                                    f"e2,Bäckerei,{ANNA[1]},1,1,1\n",
             "Anna_11_assignsubmission_file_/b_final.csv": head + f"f1,Tafel,{ANNA[2]},,1,2\n",
             "Ben_12_assignsubmission_file_/x.csv": head + "b1,Tafel,Ben,2,2,2\nb2,Bäckerei,Ben,3,3,3\n"}
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def test_a_raters_name_typed_three_ways_is_one_rater_and_said_so(tmp_path):
    from socialbiz_kit.errors import CaseSpellingsWarning

    with pytest.warns(CaseSpellingsWarning) as caught:
        cls = classroom.read_class(_raters_zip(tmp_path / "k.zip"), "altimeter")
    assert sorted(cls.frame["rater"].unique()) == ["Anna Müller", "Ben"]
    # one person: her draft of "Tafel" is set aside for her final file, whichever way she typed her name
    assert cls.set_aside[["rater", "organisation", "assessment"]].values.tolist() == [["Anna Müller", "Tafel", "e1"]]
    notes = [str(w.message) for w in caught]
    assert len(notes) == 1 and notes[0].startswith("Die Person „Anna Müller“ ist in 3 Schreibweisen eingetragen")
    assert [w.message.code for w in caught] == ["classroom.merged_raters"] and caught[0].message.params["n"] == 3
    dist = classroom.stage_distribution(cls.frame, "altimeter")
    assert dist.loc["Tafel", "n"] == 2 and dist.loc["Bäckerei", "n"] == 2
    assert classroom.stage_data(cls.frame, "altimeter").shape == (2, 2)
    with pytest.warns(CaseSpellingsWarning, match="is entered in 3 spellings"):
        classroom.read_class(tmp_path / "k.zip", "altimeter", lang="en")


def test_every_figure_counts_a_respelled_rater_as_one_and_says_so():
    klasse = classroom.simulate_class("altimeter", seed=8, n_raters=6, cases_per_rater=4)
    forms = [str.upper, str.lower, lambda s: f" {s}\t", lambda s: s.replace(" ", "  ")]
    first = ~klasse.duplicated("rater")
    respelled = klasse.assign(rater=[name if keep else forms[k % len(forms)](name)
                                     for k, (name, keep) in enumerate(zip(klasse["rater"], first))])
    assert respelled["rater"].nunique() > klasse["rater"].nunique()
    same_figures(respelled, klasse, r"Die Person „.*“ ist in \d Schreibweisen eingetragen")


def test_the_page_counts_a_respelled_rater_as_one_and_says_so_as_the_package_does(sealed, tmp_path):  # noqa: F811
    page = sealed()
    zpath = _raters_zip(tmp_path / "k.zip")
    got = _load(page, "#files", str(zpath))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        want = classroom.read_class(zpath, "altimeter")
    assert _same_rows(_rows(got["read"]), _frame_rows(want.frame, "altimeter"))
    assert got["read"]["notices"] == [str(w.message) for w in caught] + want.set_aside["problem"].tolist()
    assert got["result"]["raters"] == 2 and "3 Schreibweisen" in page.inner_text("#older")


@pytest.mark.parametrize("seed", [51, 52])
def test_page_figures_equal_the_packages_for_rater_names_typed_many_ways(browser, tmp_path, seed):  # noqa: F811
    from test_class_page import RESPELL

    model = load_model("altimeter")
    klasse = _random_class(model, n_raters=12, n_cases=5, per_rater=3, missing=0.1, seed=seed, twice=0.2)
    rng = np.random.default_rng(seed)
    names = klasse["rater"].str.replace("P", "Jörg Ärztin ")
    first = ~names.duplicated()
    klasse["rater"] = [n if keep or rng.random() < 0.3 else RESPELL[rng.integers(len(RESPELL))](n)
                       for n, keep in zip(names, first)]
    plain = klasse.assign(rater=klasse["rater"].map(classroom.case_key))
    assert klasse["rater"].nunique() > plain["rater"].nunique() == 12
    js = _page_compute(browser, tmp_path, model, klasse)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _figure_mismatches(js, klasse, model, plain) == [] and js["raters"] == 12


# ------------------------------------------------------------------ a model of one's own with a statement "constructor"
def _constructor_model():
    """A model of one's own whose first statement has the id "constructor" (the schema allows it: a-z, 0-9, _)."""
    from socialbiz_kit.models import model_from_dict

    word = {"de": "Wort", "en": "word"}

    def stage(n, ids):
        return {"id": f"s{n}", "number": n, "name": {"de": f"Stufe{n}", "en": f"Stage{n}"}, "tagline": word,
                "summary": word, "characteristics": [word], "next_steps": [{"de": "Schritt", "en": "Step"}],
                "items": [{"id": i, "text": {"de": f"Aussage {i}", "en": f"Statement {i}"}} for i in ids]}
    return model_from_dict({
        "schema_version": 1, "id": "eigen", "version": "0.1", "name": word, "authors": ["A Person"], "year": 2026,
        "sources": [{"title": "T", "publisher": "P", "date": "2026"}], "description": word, "baseline_stage": False,
        "scale": [{"value": v, "fulfilment": v / 4, "label": {"de": f"Punkt {v}", "en": f"point {v}"}} for v in range(5)],
        "stages": [stage(1, ["constructor", "a1", "a2"]), stage(2, ["b1", "b2"])]}, name="eigen.yaml")


def test_a_statement_named_constructor_left_open_is_not_answered_on_the_self_check_page(browser, tmp_path):  # noqa: F811
    from socialbiz_kit import scoring
    from socialbiz_kit.page import write_page

    model = _constructor_model()
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(write_page(model, tmp_path / "eigen.html").as_uri())
    page.wait_for_selector("html[data-ready=true]")
    given = {"a1": 4, "a2": 4, "b1": 1}
    for item, value in given.items():
        page.check(f"#{item}-{value}")
    answers = page.evaluate("() => window.socialbizSelfcheck.answers()")
    js = page.evaluate("(a) => window.socialbizSelfcheck.score(a)", answers)
    page.close()
    assert errors == [] and answers == {**{i: None for i in model.item_ids}, **given}
    want = scoring.score(pd.DataFrame({i: [float(given.get(i, np.nan))] for i in model.item_ids}), model).iloc[0]
    assert (js["stage"], js["fulfilment_1"], js["fulfilment_2"]) == (want["stage"], want["fulfilment_1"], want["fulfilment_2"])
