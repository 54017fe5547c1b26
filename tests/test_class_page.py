"""The seminar page (``socialbiz class-page``): its numbers equal socialbiz_kit.classroom's, it reads what
read_class reads (Moodle and ILIAS zips, folders, loose CSV files, broken files named), it is accessible,
usable by keyboard alone, sends nothing anywhere and stays small. Chromium via Playwright, axe-core from npm."""
import functools
import gzip
import http.server
import io
import math
import threading
import unicodedata
import warnings
import zipfile
from html import unescape
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_classroom import SPELLINGS, _hostile_zip, _spellings_zip, _two_assessments_zip
from test_page import generated_model
from test_page_browser import _axe, _QuietHandler, browser  # noqa: F401 - browser is a fixture

from socialbiz_kit import classroom
from socialbiz_kit.agreement import krippendorff_alpha
from socialbiz_kit.class_page import class_page_html, write_class_page
from socialbiz_kit.models import load_model
from socialbiz_kit.responses import answers_csv

MAX_BYTES = 200_000
TOL = 1e-9


# ------------------------------------------------------------------ without a browser
def test_the_page_is_one_small_file_that_asks_nobody(tmp_path):
    for model in ("altimeter", "cotc"):
        html = class_page_html(model)
        size = len(html.encode("utf-8"))
        assert size < MAX_BYTES, f"{model}: {size} bytes"
        assert len(gzip.compress(html.encode("utf-8"))) < 40_000
        csp = unescape(html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0])
        assert csp.startswith("default-src 'none'") and "connect-src" not in csp and "unsafe" not in csp
        assert "http://" not in html.split("<script")[0] and "https://" not in html.split("<script")[0]
        assert '<html lang="de"' in html and "Seminarauswertung" in html


def test_cli_writes_the_page(tmp_path):
    from socialbiz_kit.cli import main

    out = tmp_path / "seminar.html"
    assert main(["class-page", "cotc", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["class-page", "cotc", "--out", str(out)]) == 2  # no overwrite without --force
    assert main(["class-page", "cotc", "--out", str(out), "--force", "--home", "https://x"]) == 2


def test_case_agreement_is_alpha_over_the_statements_of_one_case():
    klasse = classroom.simulate_class("altimeter", seed=7, n_raters=6, cases_per_rater=3)
    got = classroom.case_agreement(klasse, "altimeter")
    items = list(load_model("altimeter").item_ids)
    for _, row in got.iterrows():
        part = klasse[klasse["organisation"] == row["organisation"]]
        want = krippendorff_alpha(part.groupby("rater")[items].last().to_numpy(dtype=float))
        assert row["raters"] == part["rater"].nunique()
        assert (math.isnan(want.alpha) and math.isnan(row["alpha"])) or abs(want.alpha - row["alpha"]) < 1e-12
    one = classroom.case_agreement(klasse[klasse["rater"] == "Person 01"], "altimeter")
    assert one["alpha"].isna().all()  # one rater: not defined


# ------------------------------------------------------------------ a browser
@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("classpages")
    for name in ("altimeter", "cotc"):
        write_class_page(name, folder / f"{name}.html")
    return folder


@pytest.fixture(scope="module")
def server(pages):
    handler = functools.partial(_QuietHandler, directory=str(pages))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class Sealed:
    """A context in which every request but the page itself is blocked and counted, errors collected."""

    def __init__(self, chromium, url, **context):
        self.url, self.requests, self.errors = url, [], []
        self.context = chromium.new_context(**context)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def open(self):
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-ready=true]")
        return self.page


@pytest.fixture
def sealed(browser, server):  # noqa: F811 - the fixture imported above
    made = []

    def make(name="altimeter", **context):
        s = Sealed(browser, f"{server}{name}.html", **context)
        made.append(s)
        return s.open()

    yield make
    for s in made:
        s.context.close()
        assert s.requests == [], f"requests left the page: {s.requests}"
        assert s.errors == [], s.errors


def _load(page, selector, files):
    page.evaluate("() => document.documentElement.removeAttribute('data-shown')")
    page.set_input_files(selector, files)
    page.wait_for_selector("html[data-shown]")
    return page.evaluate("() => window.socialbizClass.result()")


def _rows(read):
    """The page's rows as read_class's frame: rater, organisation, assessment, answers."""
    return sorted((r["rater"], r["organisation"], r["assessment"],
                   tuple(np.nan if v is None else float(v) for v in r["answers"])) for r in read["rows"])


def _frame_rows(frame, model):
    items = list(load_model(model).item_ids)
    return sorted((r["rater"], r["organisation"], r["assessment"], tuple(float(r[i]) for i in items))
                  for r in frame.to_dict("records"))


def _same_rows(a, b):
    return len(a) == len(b) and all(x[:3] == y[:3] and np.array_equal(x[3], y[3], equal_nan=True) for x, y in zip(a, b))


def _ilias_zip(path, klasse, model):
    """An ILIAS exercise download: a wrapping folder, one folder per student (login in the name), files at any
    depth below it, a note that is no answer file; stored (not deflated) members as well."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, (rater, part) in enumerate(klasse.groupby("rater", sort=True)):
            table = part.set_index("assessment")[["organisation"] + list(model.item_ids)]
            depth = "abgabe/" * (k % 3)
            folder = f"Übung 3 Einschätzungen/{rater.replace(' ', '_')}_login{k}/{depth}"
            if k == 1:  # one student hands in a workbook
                rows = [["assessment", "organisation", *model.item_ids]]
                rows += [[a, r["organisation"], *(None if pd.isna(r[i]) else int(r[i]) for i in model.item_ids)]
                         for a, r in table.iterrows()]
                zf.writestr(folder + "fall.xlsx", _workbook(rows))
                continue
            zf.writestr(folder + "fall.csv", answers_csv(table, model).encode("utf-8"),
                        compress_type=zipfile.ZIP_STORED if k % 2 else zipfile.ZIP_DEFLATED)
        zf.writestr("Übung 3 Einschätzungen/Muster_Anna_login99/notizen.txt", "nur Notizen")
    path.write_bytes(buf.getvalue())
    return path


def test_a_moodle_zip_is_read_as_read_class_reads_it(sealed, tmp_path):
    page = sealed()
    klasse = classroom.simulate_class("altimeter", seed=11, n_raters=30, cases_per_rater=4)
    zpath = classroom.write_class_zip(klasse, tmp_path / "moodle.zip", "altimeter")
    got = _load(page, "#files", str(zpath))
    want = classroom.read_class(zpath, "altimeter")
    assert _same_rows(_rows(got["read"]), _frame_rows(want.frame, "altimeter"))
    assert sorted((p["rater"], p["path"], p["problem"]) for p in got["read"]["problems"]) == \
        sorted(zip(want.problems["rater"], want.problems["path"], want.problems["problem"]))
    assert "Fallorganisationen" in page.inner_text("#status") and page.locator("#case-list section").count() == 10
    alpha = classroom.stage_agreement(want.frame, "altimeter")["ordinal"]
    assert f"{alpha:.3f}".replace(".", ",") in page.inner_text("#alpha-class")  # German number format


def test_an_ilias_zip_with_stored_members_and_folders_at_any_depth(sealed, tmp_path):
    page = sealed()
    model = load_model("altimeter")
    klasse = classroom.simulate_class("altimeter", seed=12, n_raters=8, cases_per_rater=3)
    zpath = _ilias_zip(tmp_path / "ilias.zip", klasse, model)
    got = _load(page, "#files", str(zpath))
    want = classroom.read_class(zpath, "altimeter")
    assert sorted({r["rater"] for r in got["read"]["rows"]}) == sorted(want.frame["rater"].unique())
    assert any("login" in r for r in want.frame["rater"])  # named after the student's folder
    assert _same_rows(_rows(got["read"]), _frame_rows(want.frame, "altimeter"))
    assert any(f.endswith(".xlsx") for f in want.frame["file"]) and want.frame["rater"].nunique() == 8
    assert [p["path"] for p in got["read"]["problems"]] == want.problems["path"].tolist()
    assert [p["rater"] for p in got["read"]["problems"]] == ["Muster_Anna_login99"]


def test_a_folder_of_csv_files_and_the_one_file_state(sealed, tmp_path):
    page = sealed("cotc")
    model = load_model("cotc")
    klasse = classroom.simulate_class("cotc", seed=13, n_raters=5, cases_per_rater=2)
    root = tmp_path / "Abgaben"
    for rater, part in klasse.groupby("rater"):
        folder = root / f"{rater}_{hash(rater) % 1000 + 1}_assignsubmission_file_"
        folder.mkdir(parents=True)
        (folder / "cotc.csv").write_text(answers_csv(part.set_index("assessment")[["organisation"] + list(model.item_ids)],
                                                     model), encoding="utf-8")
    got = _load(page, "#folder", str(root))
    want = classroom.read_class(root, "cotc")
    assert _same_rows(_rows(got["read"]), _frame_rows(want.frame, "cotc")) and len(want.frame) == 10
    assert page.locator("#one-rater").is_hidden()
    # one file: the spread shows, agreement says why it is not defined
    first = sorted(root.glob("*/cotc.csv"))[0]
    got = _load(page, "#files", str(first))
    assert got["result"]["raters"] == 1 and got["result"]["alpha"] is None
    assert page.locator("#one-rater").is_visible() and "nicht bestimmbar" in page.inner_text("#summary")


def test_broken_files_are_named_in_german_and_the_rest_is_shown(sealed, tmp_path):
    page = sealed()
    model = load_model("altimeter")
    klasse = classroom.simulate_class("altimeter", seed=14, n_raters=4, cases_per_rater=2)
    files = []
    for rater, part in klasse.groupby("rater"):
        f = tmp_path / f"{rater}.csv"
        f.write_text(answers_csv(part.set_index("assessment")[["organisation"] + list(model.item_ids)], model), encoding="utf-8")
        files.append(f)
    broken = {"leer.csv": "", "kaputt.csv": 'assessment,planning_1\n"a,3\n', "fremd.csv": "assessment,x_1\na,3\n",
              "skala.csv": "assessment;planning_1\na;9\n", "notiz.txt": "Notiz", "tabelle.xlsx": "PK"}
    for name, text in broken.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    files.append(_hostile_zip(tmp_path / "klasse.zip"))
    got = _load(page, "#files", [str(f) for f in files])
    assert len({r["rater"] for r in got["read"]["rows"]}) == 4 + 2  # the four good files and Anna, Emil from the zip
    why = {p["path"].split("/")[-1]: p["problem"] for p in got["read"]["problems"]}
    assert "leer" in why["leer.csv"] and "fehlerhaft" in why["kaputt.csv"] and "unbekannte Spalte" in why["fremd.csv"]
    assert "nicht auf der Antwortskala" in why["skala.csv"] and "keine Antwortdatei" in why["notiz.txt"]
    assert "Excel-Datei lässt sich nicht lesen" in why["tabelle.xlsx"]
    assert "Prüfsumme" in why["crc.csv"] and "verschlüsselt" in why["verschluesselt.csv"]
    assert "Kompressionsverfahren 9" in why["deflate64.csv"] and "zu groß" in why["gross.csv"]
    assert "Zip-Bombe" in why["gepackt.csv"] and "keine Antwortdatei" in why["arbeit.pdf"]
    # the same reasons as the package gives for the same files
    for name in ("leer.csv", "kaputt.csv", "fremd.csv", "skala.csv"):
        with pytest.raises(ValueError) as exc:
            from socialbiz_kit.responses import read_responses
            read_responses(tmp_path / name, "altimeter")
        assert str(exc.value) == why[name], name
    assert page.locator("#problems li").count() == len(why) and page.locator("#cases").is_visible()


def test_a_drop_of_files_is_read_like_a_choice(sealed, tmp_path):
    page = sealed()
    klasse = classroom.simulate_class("altimeter", seed=15, n_raters=3, cases_per_rater=2)
    zpath = classroom.write_class_zip(klasse, tmp_path / "k.zip", "altimeter")
    raw = list(zpath.read_bytes())
    page.evaluate("""(raw) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(raw)], "abgaben.zip", {type: "application/zip"}));
        document.getElementById("drop").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
        window.__dropped = true;
    }""", raw)
    page.wait_for_selector("html[data-shown]")
    got = page.evaluate("() => window.socialbizClass.result()")
    assert len(got["read"]["rows"]) == 6 and len(got["read"]["problems"]) == 2


def test_no_data_and_nothing_readable_states(sealed, tmp_path):
    page = sealed()
    assert page.locator("#empty").is_visible() and page.locator("#cases").is_hidden()
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    _load(page, "#files", str(tmp_path / "a.pdf"))
    assert page.locator("#nothing").is_visible() and page.locator("#problems").is_visible()
    assert page.locator("#summary").is_hidden() and page.locator("#empty").is_hidden()
    page.click("#reset")
    assert page.locator("#empty").is_visible() and page.locator("#problems").is_hidden()


# ------------------------------------------------------------------ the numbers
RESPELL = [str.upper, str.lower, lambda s: unicodedata.normalize("NFD", s), lambda s: f"  {s}\u00a0",
           lambda s: s.replace(" ", " \t")]


def _random_class(model, *, n_raters, n_cases, per_rater, missing, seed, twice=0.0, respell=False):
    """Raters answering at random around a case's profile, some answers missing, a few cases assessed twice; with
    ``respell`` the cases are named "Bäckerei Süd 03" and after its first row each name is often typed otherwise
    (letter case, spaces, NFD)."""
    rng = np.random.default_rng(seed)
    values = sorted(p.value for p in model.scale)
    items = list(model.item_ids)
    truth = rng.integers(0, len(values), size=(n_cases, len(items)))
    rows = []
    for r in range(n_raters):
        lean = rng.normal(0, 0.6)
        for c in rng.choice(n_cases, size=min(per_rater, n_cases), replace=False):
            for _ in range(2 if rng.random() < twice else 1):
                idx = np.clip(np.rint(truth[c] + lean + rng.normal(0, rng.uniform(0.2, 1.5), len(items))), 0, len(values) - 1)
                a = np.array([values[int(i)] for i in idx], dtype=float)
                a[rng.random(len(items)) < missing] = np.nan
                rows.append({"rater": f"P{r:03d}", "organisation": f"Fall {c:02d}", **dict(zip(items, a))})
    frame = pd.DataFrame(rows)
    if respell:
        names = frame["organisation"].str.replace("Fall", "Bäckerei Süd")
        first = ~names.duplicated()
        frame["organisation"] = [n if keep or rng.random() < 0.3 else RESPELL[rng.integers(len(RESPELL))](n)
                                 for n, keep in zip(names, first)]
    return frame


def _user_model():
    return generated_model(4, [0, 0.25, 0.5, 0.75, 1], baseline=True, seed=5)


CLASSES = [  # (model, raters, cases, cases per rater, missing, twice, seed)
    ("altimeter", 2, 3, 3, 0.0, 0.0, 1), ("altimeter", 3, 5, 2, 0.1, 0.0, 2), ("altimeter", 24, 10, 5, 0.02, 0.0, 3),
    ("altimeter", 200, 10, 10, 0.05, 0.0, 4), ("altimeter", 60, 8, 3, 0.3, 0.1, 5), ("cotc", 2, 2, 2, 0.05, 0.0, 6),
    ("cotc", 17, 6, 4, 0.15, 0.05, 7), ("cotc", 200, 10, 3, 0.02, 0.02, 8), ("user", 2, 4, 4, 0.0, 0.0, 9),
    ("user", 40, 7, 5, 0.2, 0.1, 10), ("user", 150, 10, 10, 0.5, 0.0, 11), ("user", 5, 3, 1, 0.0, 0.0, 12),
]


def _close(a, b):
    if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
        return (a is None) and (b is None or math.isnan(b))
    return abs(a - b) <= TOL


def open_page(chromium, tmp_path, html, name="p.html"):
    """A page (its HTML written to ``tmp_path``) opened from its file and ready."""
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    page = chromium.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready=true]")
    return page


def _page_compute(chromium, tmp_path, model, klasse):
    """The seminar page's figures for a class table (``window.socialbizClass.compute``)."""
    page = open_page(chromium, tmp_path, class_page_html(model))
    items = list(model.item_ids)
    rows = [{"rater": r["rater"], "organisation": r["organisation"],
             "answers": [None if np.isnan(r[i]) else int(r[i]) for i in items]} for r in klasse.to_dict("records")]
    js = page.evaluate("(rows) => window.socialbizClass.compute(rows)", rows)
    page.close()
    return js



@pytest.mark.parametrize("spec", CLASSES, ids=[f"{c[0]}-{c[1]}x{c[2]}-s{c[6]}" for c in CLASSES])
def test_page_figures_equal_the_packages(spec, browser, tmp_path):  # noqa: F811
    name, n_raters, n_cases, per_rater, missing, twice, seed = spec
    model = _user_model() if name == "user" else load_model(name)
    klasse = _random_class(model, n_raters=n_raters, n_cases=n_cases, per_rater=per_rater, missing=missing,
                           seed=seed, twice=twice)
    if name == "altimeter" and seed == 3:  # the kit's own synthetic class as well
        klasse = classroom.simulate_class("altimeter", seed=seed)
    js = _page_compute(browser, tmp_path, model, klasse)
    assert _figure_mismatches(js, klasse, model) == []


def _figure_mismatches(js, klasse, model, plain=None):
    """Where the page's figures (``js``) differ from the package's for ``klasse``; ``plain``: the class with one
    spelling per case and per rater (default ``klasse``), for the counts."""
    plain = klasse if plain is None else plain
    mismatches = []
    dist = classroom.stage_distribution(klasse, model)
    alpha = classroom.stage_agreement(klasse, model)["ordinal"]
    cases = classroom.case_agreement(klasse, model).set_index("organisation")
    top = classroom.disagreements(klasse, model, top=5)
    every = classroom.disagreements(klasse, model, top=10_000).set_index(["organisation", "item"])
    if not _close(js["alpha"], alpha):
        mismatches.append(("class alpha", js["alpha"], alpha))
    once = plain.drop_duplicates(["rater", "organisation"], keep="last")  # a case assessed twice counts once, whole
    if js["raters"] != plain["rater"].nunique() or js["assessments"] != len(once):
        mismatches.append(("counts", js["raters"], js["assessments"]))
    if [c["organisation"] for c in js["cases"]] != list(dist.index):
        mismatches.append(("cases", [c["organisation"] for c in js["cases"]], list(dist.index)))
    stages = [c for c in dist.columns if isinstance(c, (int, np.integer))]
    for c in js["cases"]:
        org = c["organisation"]
        want = dist.loc[org]
        if [c["counts"][str(s)] for s in stages] != [int(want[s]) for s in stages] or c["n"] != want["n"]:
            mismatches.append((org, "counts", c["counts"], want[stages].tolist()))
        if not _close(c["modalShare"], want["modal_share"]) or not _close(c["median"], want["median"]):
            mismatches.append((org, "modal/median", c["modalShare"], c["median"], want["modal_share"], want["median"]))
        if not _close(c["alpha"], cases.loc[org, "alpha"]) or c["raters"] != cases.loc[org, "raters"]:
            mismatches.append((org, "case alpha", c["alpha"], cases.loc[org, "alpha"]))
        if c["pairable"] != cases.loc[org, "pairable"]:
            mismatches.append((org, "pairable", c["pairable"], cases.loc[org, "pairable"]))
        py = top[top["organisation"] == org]
        if len(py) != len(c["spread"]):
            mismatches.append((org, "spread length", len(c["spread"]), len(py)))
            continue
        for s, (_, p) in zip(c["spread"], py.iterrows()):
            ref = every.loc[(org, s["item"])]  # an item tied on the spread may stand in another's place
            if not (_close(s["sd"], p["sd"]) and _close(s["sd"], ref["sd"]) and _close(s["mean"], ref["mean"])
                    and s["n"] == ref["n"] and s["low"] == ref["low"] and s["high"] == ref["high"]):
                mismatches.append((org, "spread", s, p.to_dict()))
    return mismatches[:5]


def test_alpha_equals_the_package_on_hand_made_tables(browser, tmp_path):  # noqa: F811
    page = open_page(browser, tmp_path, class_page_html("altimeter"))
    rng = np.random.default_rng(3)
    tables = [[[1, 2, 3, 3], [1, 2, 3, 4], [None, 2, 3, None]], [[1, 1], [1, 1]], [[1, None], [None, 2]]]
    for _ in range(200):
        t = rng.integers(0, rng.integers(2, 8), size=(rng.integers(2, 12), rng.integers(1, 15))).astype(float)
        t[rng.random(t.shape) < rng.uniform(0, 0.6)] = np.nan
        tables.append([[None if np.isnan(v) else float(v) for v in row] for row in t])
    bad = []
    for level in ("ordinal", "nominal", "interval"):
        for table in tables:
            units = [[row[j] for row in table if row[j] is not None] for j in range(len(table[0]))]
            js = page.evaluate("([u, l]) => window.socialbizClass.alpha(u, l)", [units, level])
            py = krippendorff_alpha(np.array(table, dtype=float), level=level)
            if not _close(js["alpha"], py.alpha) or js["pairable"] != py.pairable:
                bad.append((level, table, js, py))
    page.close()
    assert bad == [], bad[:3]


# ------------------------------------------------------------------ accessible, keyboard, offline
def _put_in_state(page, state, tmp_path):
    if state == "empty":
        return
    if state == "one-file":
        klasse = classroom.simulate_class("altimeter", seed=2, n_raters=2, cases_per_rater=3)
        part = klasse[klasse["rater"] == "Person 01"].set_index("assessment")
        f = tmp_path / "eine.csv"
        f.write_text(answers_csv(part[["organisation"] + list(load_model("altimeter").item_ids)], "altimeter"))
        _load(page, "#files", str(f))
    elif state == "nothing":
        (tmp_path / "a.pdf").write_bytes(b"%PDF")
        _load(page, "#files", str(tmp_path / "a.pdf"))
    else:
        _load(page, "#files", str(classroom.example_path()))
    if state == "print":
        page.emulate_media(media="print")


@pytest.mark.parametrize("width,scale", [(320, 1), (390, 1), (1280, 1), (640, 2)], ids=["320", "390", "1280", "1280-zoom200"])
def test_axe_finds_nothing_in_any_state(sealed, width, scale, tmp_path):
    page = sealed(viewport={"width": width, "height": 800 if scale == 1 else 400}, device_scale_factor=scale)
    found = {}
    for state in ("empty", "loaded", "one-file", "nothing", "print"):
        page.reload()
        page.wait_for_selector("html[data-ready=true]")
        page.emulate_media(media="screen")
        _put_in_state(page, state, tmp_path)
        violations = _axe(page)
        if violations:
            found[state] = violations
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{state} at {width} px scrolls sideways by {overflow} px"
    assert not found, found


def test_keyboard_alone_loads_the_class_and_reaches_the_results(sealed):
    page = sealed()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "files-pick"  # the page's button, not the native control
    # keyboard only: Space opens the file chooser; on a busy machine headless Chromium sometimes drops the first
    # key press before the focus has settled, so the press is repeated (bounded), never replaced by a click
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(3):
        try:
            with page.expect_file_chooser(timeout=10_000) as chooser:
                page.keyboard.press("Space")
            break
        except PlaywrightTimeout:
            assert page.evaluate("() => document.activeElement.id") == "files-pick"
            if attempt == 2:
                raise
    chooser.value.set_files(str(classroom.example_path()))
    page.wait_for_selector("html[data-shown]")
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(page.evaluate("() => document.activeElement.id"))
    assert order == ["folder-pick", "reset", "print", ""] or order[:3] == ["folder-pick", "reset", "print"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.id") == "reset"
    page.keyboard.press("Enter")
    assert page.locator("#empty").is_visible()
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    assert page.evaluate("() => document.activeElement.id") == "results"


def test_file_url_page_makes_no_request(browser, pages, tmp_path):  # noqa: F811
    context = browser.new_context()
    seen = []
    context.on("request", lambda r: seen.append(r.url))
    page = context.new_page()
    url = (pages / "altimeter.html").as_uri()
    page.goto(url)
    page.wait_for_selector("html[data-ready=true]")
    _load(page, "#files", str(classroom.example_path()))
    page.emulate_media(media="print")
    context.close()
    assert seen == [url]


def test_the_page_file_stays_under_200_kb(pages):
    for f in Path(pages).glob("*.html"):
        assert f.stat().st_size < MAX_BYTES, (f.name, f.stat().st_size)


# ------------------------------------------------------------------ one file: the page reads as read_responses reads
def _variants():
    model = load_model("altimeter")
    items = list(model.item_ids)
    cotc = list(load_model("cotc").item_ids)
    k = classroom.simulate_class("altimeter", seed=21, n_raters=2, cases_per_rater=3)
    wide = k.set_index("assessment")[["organisation"] + items].assign(assessor=["Anna", None, "=cmd", "Ben", "", "@x"])
    wide["note:" + items[0]] = ['Beleg "a", b', "zwei\nZeilen", None, "+49 30", "-5 %", None]
    wide["organisation"] = ["Müller; GmbH", "=HYPERLINK(1)", "Ärzte AG", "Übel & Co", "  leer  ", "Größe"]
    kit = answers_csv(wide, model)
    head = "assessment,organisation," + ",".join(items[:4])
    older = answers_csv(wide.assign(model="altimeter", model_version=["3.0", model.version, "3.0", "", "3.0", model.version]), model)
    out = {
        "older.csv": older.encode("utf-8"),  # rows of an earlier version: the statements changed since stay open
        "unknown_version.csv": answers_csv(wide.assign(model_version="9.9"), model).encode("utf-8"),
        "kit.csv": kit.encode("utf-8"),
        "bom_crlf.csv": ("\ufeff" + kit.replace("\n", "\r\n")).encode("utf-8"),
        "cr.csv": kit.replace("\n", "\r").encode("utf-8"),
        "utf16.csv": kit.encode("utf-16"),
        "cp1252.csv": kit.replace("\n", "\r\n").encode("cp1252", errors="replace"),
        "semikolon.csv": ("assessment;organisation;" + ";".join(items[:3]) + "\na;Müller GmbH;3,0;2;\nb;X;;1;4\n").encode("utf-8"),
        "tab.csv": ("assessment\torganisation\t" + items[0] + "\na\tX\t3\n").encode("utf-8"),
        "long.csv": ("assessment,item,answer,organisation\n"
                     + "".join(f"a{i % 2},{it},{i % 5},Fall {i % 2}\n" for i, it in enumerate(items[:9]))).encode(),
        "blank_rows.csv": (head + "\n\n,,,\na,X,1,2,3,4\n\n").encode(),
        "extra_empty.csv": (head + ",,\na,X,1,2,3,4,,\n").encode(),
        # refused, with the package's message
        "off_scale.csv": (head + "\na,X,1,2,9,4\n").encode(),
        "not_number.csv": (head + "\na,X,1,zwei,3,4\n").encode(),
        "fraction.csv": (head + "\na,X,1,2.5,3,4\n").encode(),
        "dup_id.csv": (head + "\na,X,1,2,3,4\na,Y,1,2,3,4\n").encode(),
        "dup_col.csv": ("assessment," + items[0] + "," + items[0] + "\na,1,2\n").encode(),
        "no_id.csv": (items[0] + "," + items[1] + "\n1,2\n").encode(),
        "no_id_value.csv": (head + "\n,X,1,2,3,4\n").encode(),
        "not_table.csv": b"nur ein Text\n",
        "unknown.csv": ("assessment,foo," + items[0] + "\na,1,2\n").encode(),
        "other_model.csv": ("assessment," + ",".join(cotc[:3]) + "\na,1,2,3\n").encode(),
        "empty.csv": b"  \n",
        "header_only.csv": (head + "\n").encode(),
        "unclosed.csv": (head + '\na,"X,1,2,3,4\n').encode(),
        "after_quote.csv": (head + '\na,"X"y,1,2,3,4\n').encode(),
        "mixed.csv": (head + "\na;X;1;2;3;4\n").encode(),
        "model_col.csv": ("assessment,model," + items[0] + "\na,cotc,1\n").encode(),
        "too_many.csv": (head + "\na,X,1,2,3,4,5\n").encode(),
        "long_dup.csv": ("assessment,item,answer\na," + items[0] + ",1\na," + items[0] + ",2\n").encode(),
        "long_unknown.csv": (b"assessment,item,answer\na,zzz,1\n"),
        "long_other.csv": ("assessment,item,answer\na," + cotc[0] + ",1\n").encode(),
        "long_extra.csv": ("assessment,item,answer,foo\na," + items[0] + ",1,x\n").encode(),
        "no_items.csv": (b"assessment,organisation\na,X\n"),
        "binary.csv": b"\x00\x01\x02\x03abc\x00\x00\x00",
        "kit.xlsx": _workbook([["assessment", "organisation", "assessor", *items[:5]],
                               ["a", "Müller GmbH", "Anna", 0, 1.0, 2, None, 4], [1, 2.5, True, 3, 3, 3, 3, 3],
                               [None, None], ["c", "  ", None, 4, 4, "", 4, 4]]),
        "gap_column.xlsx": _workbook([["assessment", items[0], None, items[1]], ["a", 3, None, 2]]),
        "gap_row.xlsx": _workbook([["assessment", "organisation", items[0]], [], ["a", 7.0, 3], [None, None, None],
                                   ["b", "Fall", 4.0]]),
        "off_scale.xlsx": _workbook([["assessment", items[0]], ["a", 2.5]]),
        "formula.xlsx": _workbook([["assessment", items[0], items[1]], ["a", 3, "=1+2"]]),
        "right.xlsx": _workbook([["assessment", items[0]], ["a", 3, "x"]]),
        "kaputt.xlsx": b"PK\x03\x04 this is not really a workbook",
        "pk.csv": _workbook([["assessment", items[0]], ["a", 3]]),
        # the first sheet empty, data on the second: said so, not "empty"
        "empty_first_sheet.xlsx": _workbook([]),
        # an answer off the scale as typed (2,5, not 2.5); a version a spreadsheet changed, named as such
        "comma_off_scale.csv": ("assessment;" + items[0] + "\na;2,5\n").encode(),
        "version_comma.csv": ("assessment,model_version," + items[0] + '\na,"3,3",3\n').encode(),
        "version_date.csv": ("assessment;model_version;" + items[0] + "\na;03. Mrz;3\n").encode(),
        "version_serial.xlsx": _workbook([["assessment", "model_version", items[0]], ["a", 46084, 3]]),
        # "weiß nicht" in the column dont_know (the page's and the notebook's downloads): taken; an id of no statement
        # refused with the package's message
        "dont_know.csv": (head + f',dont_know\na,X,1,,3,,"{items[1]} {items[3]}"\nb,Y,2,2,2,2,\n').encode(),
        "dont_know_long.csv": (f"assessment,item,answer,dont_know\na,{items[0]},1,{items[1]};{items[2]}\n").encode(),
        "dont_know_bad.csv": (head + f",dont_know\na,X,1,2,3,4,\nb,Y,1,2,3,4,{items[1]} planung_9\n").encode(),
    }
    return out


def _workbook(rows):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    book.create_sheet("Zweites Blatt")["A1"] = "nicht gelesen"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_one_file_is_read_as_read_responses_reads_it(browser, tmp_path):  # noqa: F811
    from socialbiz_kit.responses import read_responses

    page = open_page(browser, tmp_path, class_page_html("altimeter"))
    items = list(load_model("altimeter").item_ids)
    bad, read, errors = [], [], {}
    for name, raw in _variants().items():
        js = page.evaluate("""([raw, name]) => Promise.resolve().then(() => window.socialbizClass.readFile(new Uint8Array(raw), name))
            .catch((e) => ({error: e.message}))""", [list(raw), name])
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                py = read_responses(Path(name), "altimeter", content=raw)
            # only the file of an earlier version says that answers were not taken over
            assert [w.category.__name__ for w in caught] == (["OlderAnswersWarning"] if name == "older.csv" else []), name
        except ValueError as exc:
            errors[name] = str(exc)
            if js.get("error") != str(exc):
                bad.append((name, js.get("error"), str(exc)))
            continue
        if "error" in js:
            bad.append((name, js["error"], "read by the package"))
            continue
        want_ids = list(py.index)
        got = {"ids": js["ids"], "answers": [[np.nan if v is None else v for v in js["answers"][a]] for a in js["ids"]],
               "meta": [[js["meta"][a].get(c) for c in ("organisation", "assessor")] for a in js["ids"]]}
        want = {"ids": want_ids, "answers": py[items].to_numpy(dtype=float).tolist(),
                "meta": [[None if c not in py.columns or pd.isna(py.loc[a, c]) else py.loc[a, c]
                          for c in ("organisation", "assessor")] for a in want_ids]}
        if got["ids"] != want["ids"] or got["meta"] != want["meta"] or \
                not np.array_equal(np.array(got["answers"], dtype=float), np.array(want["answers"]), equal_nan=True):
            bad.append((name, got, want))
        read.append(name)
    page.close()
    assert bad == [], bad[:3]
    assert "Tabellenprogramm" in errors["version_date.csv"] and "2,5 liegt nicht" in errors["comma_off_scale.csv"]
    assert "„Zweites Blatt“" in errors["empty_first_sheet.xlsx"]
    assert "planung_9" in errors["dont_know_bad.csv"] and "Zeile 3" in errors["dont_know_bad.csv"]
    assert sorted(read) == ["blank_rows.csv", "bom_crlf.csv", "cp1252.csv", "cr.csv", "dont_know.csv", "dont_know_long.csv",
                            "extra_empty.csv", "gap_row.xlsx",
                            "kit.csv", "kit.xlsx", "long.csv", "older.csv", "pk.csv", "semikolon.csv", "tab.csv",
                            "utf16.csv"]


def test_files_of_an_earlier_version_count_only_their_unchanged_answers_and_say_so(sealed, tmp_path):
    page = sealed()
    model = load_model("altimeter")
    klasse = classroom.simulate_class("altimeter", seed=15, n_raters=3, cases_per_rater=2)
    root = tmp_path / "Abgaben"
    for k, (rater, part) in enumerate(klasse.groupby("rater")):
        folder = root / f"{rater}_{k + 1}_assignsubmission_file_"
        folder.mkdir(parents=True)
        table = part.set_index("assessment")[["organisation"] + list(model.item_ids)]
        (folder / "alt.csv").write_text(answers_csv(table.assign(model_version="3.0" if k == 0 else model.version),
                                                    model), encoding="utf-8")
    got = _load(page, "#folder", str(root))
    with pytest.warns(UserWarning, match="Fassung 3.0"):
        want = classroom.read_class(root, "altimeter")
    assert _same_rows(_rows(got["read"]), _frame_rows(want.frame, "altimeter"))
    older = page.inner_text("#older")
    first = sorted(root.iterdir())[0].name               # the file of an earlier version, named by its path
    assert page.is_visible("#older") and f"„{first}/alt.csv“: 2 Einschätzungen stammen aus Fassung 3.0" in older
    assert "Planung 3" in older and not got["read"]["problems"]


def test_the_file_fields_speak_the_pages_language_not_the_browsers(sealed):
    """As on the self-check page: the native controls (which speak the browser's language) are hidden; buttons in
    the page's language open them, and files chosen through a button are read."""
    from socialbiz_kit import classroom

    page = sealed(locale="en-US")
    for field, words in (("files", "Dateien auswählen …"), ("folder", "Ordner auswählen …")):
        assert page.get_attribute(f"#{field}", "aria-hidden") == "true"
        assert page.inner_text(f"#{field}-pick") == words and page.is_visible(f"#{field}-pick")
    page.evaluate("() => document.documentElement.removeAttribute('data-shown')")
    with page.expect_file_chooser() as chooser:
        page.click("#files-pick")
    chooser.value.set_files(str(classroom.example_path()))
    page.wait_for_selector("html[data-shown]")
    assert len(page.evaluate("() => window.socialbizClass.result()")["read"]["rows"]) > 0


def test_same_named_files_from_different_places_are_different_people_and_said_so(sealed):
    """Two students' downloads from the self-check carry the same name when they assessed the same case on the same
    day; dropped or chosen together without folders they share one path. Without an "assessor" column they are two
    people, numbered, and the page says why; with the column, the names decide."""
    model = load_model("altimeter")
    klasse = classroom.simulate_class("altimeter", seed=3, n_raters=2, cases_per_rater=1)
    parts = [answers_csv(part.set_index("assessment")[["organisation"] + list(model.item_ids)], model).encode("utf-8")
             for _, part in klasse.groupby("rater")]
    name = "selbstcheck_altimeter_fall_2026-12-06.csv"
    page = sealed()
    page.evaluate("() => document.documentElement.removeAttribute('data-shown')")
    page.set_input_files("#files", files=[{"name": name, "mimeType": "text/csv", "buffer": b} for b in parts])
    page.wait_for_selector("html[data-shown]")
    got = page.evaluate("() => window.socialbizClass.result()")
    stem = name[:-4]
    assert sorted({r["rater"] for r in got["read"]["rows"]}) == [f"{stem} (1)", f"{stem} (2)"]
    notice = page.inner_text("#older")
    assert f"2 Dateien heißen gleich: „{name}“" in notice and f"als 2 Personen: „{stem} (1)“, „{stem} (2)“" in notice
    assert page.inner_text("#status").endswith("Ein Hinweis (siehe unten).") and page.is_visible("#notices-h")
    assert "2 Personen" in page.inner_text("#status")


@pytest.mark.parametrize("dates", [("", ""), ("2026-05-20", "2026-05-02"), ("2026-05-20", "2026-02-30")])
def test_two_assessments_of_one_case_are_never_mixed_and_the_one_set_aside_is_named(sealed, tmp_path, dates):
    page = sealed()
    zpath = _two_assessments_zip(tmp_path / "k.zip", draft_date=dates[0], final_date=dates[1])
    got = _load(page, "#files", str(zpath))
    want = classroom.read_class(zpath, "altimeter")
    assert _same_rows(_rows(got["read"]), _frame_rows(want.frame, "altimeter")) and len(want.frame) == 2
    assert got["read"]["notices"] == want.set_aside["problem"].tolist() and len(want.set_aside) == 1
    assert page.locator("#notices").is_visible() and "beiseitegelegt" in page.inner_text("#notices")
    case = [c for c in got["result"]["cases"] if c["organisation"] == "Tafel"][0]
    assert case["n"] == 2 and case["raters"] == 2


# ------------------------------------------------------------------ one case, however its name is typed
def test_the_pages_case_key_is_the_packages(browser, tmp_path):  # noqa: F811
    """classroom.case_key and class.js's caseKey give the same key for German names, every white-space character
    of either language and the letters of Latin-1 and Latin Extended-A; casefold() would not (ß)."""
    from socialbiz_kit.classroom import case_key

    page = open_page(browser, tmp_path, class_page_html("altimeter"))
    spaces = "\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
    names = [*SPELLINGS, "Straße", "STRAẞE", "STRASSE", "Maße", "MASSE", "Größe", "ÖL & ÜBEL", "İnci", "ΟΔΟΣ ΟΔΟΣ",
             "Ǆemal", *(f"a{c}b{c}" for c in spaces), *(unicodedata.normalize(form, chr(c)) + "x"
                                                     for c in range(0xC0, 0x180) for form in ("NFC", "NFD"))]
    js = page.evaluate("(names) => names.map(window.socialbizClass.caseKey)", names)
    lowered = page.evaluate("() => ['ß', 'ẞ'].map((s) => s.toLowerCase())")
    page.close()
    assert [(n, k) for n, k, want in zip(names, js, map(case_key, names)) if k != want] == []
    assert lowered == ["ß", "ß"] and "ß".casefold() == "ss"  # why the rule lowers instead of case-folding


def test_names_that_differ_only_in_case_space_or_nfd_are_one_case_on_the_page(sealed, tmp_path):
    page = sealed()
    zpath = _spellings_zip(tmp_path / "k.zip")
    got = _load(page, "#files", str(zpath))
    with pytest.warns(UserWarning):
        want = classroom.read_class(zpath, "altimeter")
    assert _same_rows(_rows(got["read"]), _frame_rows(want.frame, "altimeter"))
    assert got["read"]["notices"] == want.merged["note"].tolist() + want.set_aside["problem"].tolist()
    assert [[m[0], tuple(m[1])] for m in got["read"]["merged"]] == want.merged[["organisation", "spellings"]].values.tolist()
    dist = classroom.stage_distribution(want.frame, "altimeter")
    assert [c["organisation"] for c in got["result"]["cases"]] == list(dist.index)
    assert [c["n"] for c in got["result"]["cases"]] == dist["n"].tolist()
    hints = page.locator("#case-list .spellings")
    assert hints.count() == 3 and "in 5 Schreibweisen vor" in page.inner_text("#case-list")
    assert "„Bäckerei Süd“ kommt in 5 Schreibweisen vor" in page.inner_text("#older")


@pytest.mark.parametrize("seed", [31, 32])
def test_page_figures_equal_the_packages_for_names_typed_many_ways(browser, tmp_path, seed):  # noqa: F811
    model = load_model("altimeter")
    klasse = _random_class(model, n_raters=30, n_cases=6, per_rater=4, missing=0.1, seed=seed, twice=0.1, respell=True)
    assert klasse["organisation"].nunique() > 6
    js = _page_compute(browser, tmp_path, model, klasse)
    plain = klasse.assign(organisation=klasse["organisation"].map(classroom.case_key))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mismatches = _figure_mismatches(js, klasse, model, plain)
    assert mismatches == [] and len(js["cases"]) == 6
    by_case = klasse.groupby(klasse["organisation"].map(classroom.case_key), sort=False)["organisation"]
    assert [m[0] for m in js["merged"]] == [g.iloc[0] for _, g in by_case if g.nunique() > 1]
