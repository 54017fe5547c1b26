"""The SCORM 1.2 package (issue 27): its manifest and files, and its page inside an LMS played by scorm-again (npm,
pinned in package-lock.json) in a parent page on 127.0.0.1, in headless Chromium."""
import functools
import http.server
import json
import threading
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
from test_page import generated_model
from test_page_browser import _axe, _need, browser  # noqa: F401 - the module's Chromium fixture

from socialbiz_kit import ui
from socialbiz_kit.cli import main
from socialbiz_kit.models import list_models, load_model
from socialbiz_kit.page import page_html
from socialbiz_kit.scoring import score
from socialbiz_kit.scorm import (
    MAX_ITEMS,
    NOTES_LIMIT,
    PAGE,
    SUSPEND_LIMIT,
    code_width,
    encode_answers,
    header,
    manifest,
    worst_case,
    write_package,
)

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


# ------------------------------------------------------------------ the package, without a browser
def _check_package(path: Path) -> ET.Element:
    """Every element SCORM 1.2 content packaging requires, and the files listed are exactly the files in the zip."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        root = ET.fromstring(zf.read("imsmanifest.xml"))
        assert zf.testzip() is None
    assert root.tag == f"{CP}manifest" and root.get("identifier")
    assert root.findtext(f"{CP}metadata/{CP}schema") == "ADL SCORM"
    assert root.findtext(f"{CP}metadata/{CP}schemaversion") == "1.2"
    orgs = root.find(f"{CP}organizations")
    organizations = orgs.findall(f"{CP}organization")
    assert len(organizations) == 1 and orgs.get("default") == organizations[0].get("identifier")
    assert organizations[0].findtext(f"{CP}title").strip()
    items = organizations[0].findall(f"{CP}item")
    assert len(items) == 1 and items[0].findtext(f"{CP}title").strip()
    resources = root.findall(f"{CP}resources/{CP}resource")
    assert len(resources) == 1
    res = resources[0]
    assert items[0].get("identifierref") == res.get("identifier")
    assert res.get("type") == "webcontent" and res.get(f"{ADLCP}scormtype") == "sco"
    listed = {f.get("href") for f in res.findall(f"{CP}file")}
    assert res.get("href") in listed
    assert listed | {"imsmanifest.xml"} == names, "every file listed is in the zip and vice versa"
    ids = [e.get("identifier") for e in root.iter() if e.get("identifier")]
    assert len(ids) == len(set(ids)) and all(i[0].isalpha() or i[0] == "_" for i in ids)  # xsd:ID
    return root


@pytest.mark.parametrize("name", list_models())
def test_the_package_has_a_scorm_12_manifest_and_the_page(name, tmp_path):
    path = write_package(name, tmp_path / "p.zip")
    _check_package(path)
    with zipfile.ZipFile(path) as zf:
        html = zf.read(PAGE).decode("utf-8")
    assert html == page_html(name, scorm="stage")
    assert path.stat().st_size < 60_000  # compressed; the page alone is about 160 KB


def test_the_stand_alone_page_has_none_of_the_lms_code():
    alone, packaged = page_html("cotc"), page_html("cotc", scorm="none")
    assert "lms-note" not in alone and "LMSInitialize" not in alone and '"scorm"' not in alone
    assert "lms-note" in packaged and "LMSInitialize" in packaged
    # the page never asks for the learner: not even the words are in the code
    assert "student_name" not in packaged and "student_id" not in packaged


def test_cli_writes_the_package_and_refuses_what_does_not_fit(tmp_path, capsys):
    out = tmp_path / "a.zip"
    assert main(["page", "altimeter", "--scorm", str(out), "--scorm-score", "index"]) == 0
    assert "written" in capsys.readouterr().out and not (tmp_path / "selbstcheck_altimeter.html").exists()
    _check_package(out)
    assert main(["page", "altimeter", "--scorm", str(out)]) == 2  # exists
    with pytest.raises(SystemExit):
        main(["page", "altimeter", "--scorm", str(out), "--scorm-score", "grade"])
    big = generated_model(2, [0, 1], baseline=False, items_per_stage=(251, 251))
    assert len(big.items) == MAX_ITEMS + 2
    with pytest.raises(ValueError, match="at most 500 statements"):
        write_package(big, tmp_path / "big.zip")


def test_the_encoding_and_its_worst_case():
    assert code_width(5) == 1 and code_width(60) == 1 and code_width(61) == 2 and code_width(20_001) == 3
    assert worst_case() == 72 + MAX_ITEMS * 3 < SUSPEND_LIMIT / 2  # any model a package takes, without notes
    assert worst_case(n_scale=60) == 572
    assert len(header("altimeter") + "x" * 32) == 51
    # a: first scale point (code 2), b: "weiß nicht" (1), c: unanswered (0), d: 21st point (22 = "m")
    assert encode_answers(["a", "b", "c", "d"], {"a": 0, "b": None, "d": 20}, {"b": True}, list(range(21))) == "210m"
    assert NOTES_LIMIT <= SUSPEND_LIMIT


def test_the_manifest_names_the_model():
    text = manifest("cotc")
    assert "ADL SCORM" in text and load_model("cotc").name.de in text


# ------------------------------------------------------------------ inside an LMS
PARENT = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.min.js"></script>
<script>
  var start = location.hash ? JSON.parse(decodeURIComponent(location.hash.slice(1))) : null;
  window.API = new Scorm12API({logLevel: 5, autocommit: false});
  if (start) { window.API.loadFromJSON(start); }
  window.calls = [];
  ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"].forEach(function (name) {
    var real = window.API[name].bind(window.API);
    window.API[name] = function (a, b) {
      window.calls.push([name, a, b === undefined ? null : String(b)]);
      return real(a, b);
    };
  });
</script></head><body><main><h1>LMS</h1>
<iframe title="Selbstcheck" src="pkg/selbstcheck.html" style="width:1000px;height:800px"></iframe></main></body></html>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def lms(tmp_path):
    """A folder on 127.0.0.1 with the parent page, the runtime and a package unpacked under pkg/."""
    _need(RUNTIME.exists(), f"scorm-again is missing at {RUNTIME}: run 'npm ci' (make test does)")
    (tmp_path / "index.html").write_text(PARENT, encoding="utf-8")
    (tmp_path / "scorm12.min.js").write_bytes(RUNTIME.read_bytes())
    handler = functools.partial(_Quiet, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def unpack(model, **kw):
        zip_path = write_package(model, tmp_path / "p.zip", overwrite=True, **kw)
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(tmp_path / "pkg")
        return f"http://127.0.0.1:{httpd.server_address[1]}/index.html"

    yield unpack
    httpd.shutdown()
    httpd.server_close()


class Run:
    """The parent page and the frame in one Chromium context; any request off 127.0.0.1 is blocked and counted."""

    def __init__(self, browser, url):  # noqa: F811
        self.url, self.outside, self.errors = url, [], []
        self.context = browser.new_context()
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, start=None):
        self.page.goto(self.url + ("#" + quote(json.dumps(start), safe="") if start else ""))
        self.frame = self.page.frame_locator("iframe")
        self.frame.locator("html[data-ready=true]").wait_for()
        return self.frame

    def api(self, expr):
        return self.page.evaluate(f"() => {expr}")

    def leave(self):
        """Away from the page (pagehide): the frame finishes; what the LMS keeps, and every call it saw."""
        kept = self.api("({status: API.cmi.core.lesson_status, raw: API.cmi.core.score.raw, min: API.cmi.core.score.min,"
                        " max: API.cmi.core.score.max, suspend: API.cmi.suspend_data})")
        self.page.evaluate("() => document.querySelector('iframe').remove()")
        calls = self.api("window.calls")
        # cmi.core.exit is write-only: the last value set
        kept["exit"] = [c[2] for c in calls if c[0] == "LMSSetValue" and c[1] == "cmi.core.exit"][-1]
        return kept, calls

    def close(self):
        self.context.close()
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"
        assert self.errors == [], self.errors


def _frame_eval(run, expr, arg=None):
    frame = next(f for f in run.page.frames if f.url.endswith(PAGE))
    return frame.evaluate(expr, arg)


def _gets(calls):
    return [c[1] for c in calls if c[0] == "LMSGetValue"]


def test_inside_an_lms_status_score_and_resume(browser, lms):  # noqa: F811
    model = load_model("cotc")
    run = Run(browser, lms(model))
    frame = run.open()
    note = frame.locator("#lms-note")
    assert note.is_visible() and note.text_content().startswith(ui.text("scorm.stage", lang="de"))
    assert not frame.locator("[data-i18n='page.privacy']").is_visible()
    assert run.api("API.cmi.core.lesson_status") == "not attempted"
    items = list(model.item_ids)
    frame.locator(f"#{items[0]}-4").check()
    frame.locator(f"#{items[1]}-none").check()  # "weiß nicht"
    run.page.wait_for_timeout(50)
    assert run.api("API.cmi.core.lesson_status") == "incomplete"
    answers = {i: 4 for i in items}
    answers[items[1]] = None
    for item in items[2:]:
        frame.locator(f"#{item}-4").check()
    frame.locator(f"#note-{items[0]}").evaluate("n => n.closest('details').open = true")
    frame.locator(f"#note-{items[0]}").fill("Beleg: Jahresbericht, S. 4; Gespräch mit der Leitung")
    frame.locator("#organisation").fill("Quellwerk")
    run.page.wait_for_timeout(1300)  # the debounced commit
    assert _axe_in_frame(run) == []
    kept, calls = run.leave()
    result = score(pd.DataFrame([answers]), model, keep_answers=False).iloc[0]
    assert kept["status"] == "completed"  # every statement dealt with, one of them "weiß nicht"
    assert kept["raw"] == str(round(100 * int(result["stage"]) / model.n_stages))
    assert (kept["min"], kept["max"], kept["exit"]) == ("0", "100", "suspend")
    scale = [p.value for p in model.scale]
    answers_part = encode_answers(items, answers, {items[1]: True}, scale)
    assert kept["suspend"].startswith(header(model) + answers_part + ";0:Beleg")
    assert "Quellwerk" not in kept["suspend"]  # the organisation stays in the browser
    names = [c[0] for c in calls]
    assert names[0] == "LMSInitialize" and names[-1] == "LMSFinish" and "LMSCommit" in names
    assert _gets(calls) == ["cmi.suspend_data"]  # nothing else is read, never the learner's name or id
    assert {c[1] for c in calls if c[0] == "LMSSetValue"} == {
        "cmi.core.exit", "cmi.suspend_data", "cmi.core.lesson_status", "cmi.core.score.min", "cmi.core.score.max",
        "cmi.core.score.raw"}
    run.close()

    # another device: an empty browser, the LMS's suspend_data alone
    again = Run(browser, lms(model))
    again.context.add_init_script("try { localStorage.clear(); } catch (e) {}")
    frame = again.open({"suspend_data": kept["suspend"], "core": {"lesson_status": "completed"}})
    assert _frame_eval(again, "() => localStorage.length") == 0
    assert frame.locator(f"#{items[0]}-4").is_checked() and frame.locator(f"#{items[1]}-none").is_checked()
    assert frame.locator(f"#note-{items[0]}").input_value().startswith("Beleg: Jahresbericht")
    assert frame.locator("#organisation").input_value() == ""
    assert _frame_eval(again, "() => window.socialbizSelfcheck.answers()") == answers
    _, calls = again.leave()
    assert _gets(calls) == ["cmi.suspend_data"]
    again.close()


def _axe_in_frame(run):
    frame = next(f for f in run.page.frames if f.url.endswith(PAGE))
    return _axe(frame)


@pytest.mark.parametrize("kind", ["none", "index"])
def test_the_score_the_lecturer_chose(kind, browser, lms):  # noqa: F811
    model = load_model("altimeter")
    run = Run(browser, lms(model, score=kind))
    frame = run.open()
    assert frame.locator("#lms-note").text_content().startswith(ui.text(f"scorm.{kind}", lang="de"))
    items = list(model.item_ids)
    for item in items:
        frame.locator(f"#{item}-3").check()
    kept, calls = run.leave()
    assert kept["status"] == "completed"
    sets = {c[1] for c in calls if c[0] == "LMSSetValue"}
    if kind == "none":
        assert not any(name.startswith("cmi.core.score") for name in sets)
    else:
        pct = score(pd.DataFrame([{i: 3 for i in items}]), model, keep_answers=False)["index_pct"].iloc[0]
        assert kept["raw"] == str(round(pct)) and (kept["min"], kept["max"]) == ("0", "100")
    run.close()


def test_suspend_data_stays_within_4096_on_the_largest_model_with_long_notes(browser, lms):  # noqa: F811
    """The most statements a package takes, on a scale of two-character codes; notes past the limit stay local."""
    model = generated_model(2, [k / 60 for k in range(61)], baseline=False, items_per_stage=(250, 250))
    assert len(model.items) == MAX_ITEMS and code_width(len(model.scale)) == 2
    run = Run(browser, lms(model))
    frame = run.open()
    items = list(model.item_ids)
    _frame_eval(run, """(items) => items.forEach((id, k) => {
        const r = document.getElementById(id + '-' + (k % 61));
        r.checked = true;
        r.dispatchEvent(new Event('change', {bubbles: true}));
    })""", items)
    assert frame.locator("#lms-note").text_content().endswith(ui.text("scorm.notes_sent", lang="de"))
    long = "Ä" * 1999 + "."
    for item in items[:3]:
        box = frame.locator(f"#note-{item}")
        box.evaluate("n => n.closest('details').open = true")
        box.fill(long)
    assert frame.locator("#lms-note").text_content().endswith(ui.text("scorm.notes_local", lang="de"))
    kept, calls = run.leave()
    lengths = [len(c[2]) for c in calls if c[0] == "LMSSetValue" and c[1] == "cmi.suspend_data"]
    assert lengths and max(lengths) <= SUSPEND_LIMIT, max(lengths)
    assert kept["suspend"] == header(model) + "".join(_code2(2 + k % 61) for k in range(len(items)))
    assert len(kept["suspend"]) <= worst_case() and kept["status"] == "completed"
    run.close()


def _code2(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return digits[n // 62] + digits[n % 62]


def test_outside_an_lms_the_packaged_page_is_the_stand_alone_page(browser, tmp_path):  # noqa: F811
    path = tmp_path / PAGE
    path.write_text(page_html("cotc", scorm="stage"), encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready=true]")
    assert page.locator("#lms-note").is_hidden() and page.locator("[data-i18n='page.privacy']").is_visible()
    assert page.evaluate("() => window.SocialbizLMS === undefined")
    page.close()


def test_suspend_data_of_an_earlier_version_is_read_with_its_own_statements(browser, lms):  # noqa: F811
    """A course that swaps the 3.0 package for 3.1 mid-semester: what a learner stored under 3.0 is read with the
    3.0 statements (Model.items_of), the answers to statements changed since stay open, notes keep their
    statement, and the next save writes the 3.1 form."""
    model = load_model("altimeter")
    old = model.items_of("3.0")
    scale = [p.value for p in model.scale]
    answers = {i: 2 for i in old}
    old_header = header(model).replace(f";{model.version};", ";3.0;")
    note_at = old.index("formalized_1")  # after engagement_6 in 3.1: its index differs between the versions
    suspend = old_header + encode_answers(list(old), answers, {}, scale) + f";{note_at}:Beleg%20Organigramm"
    run = Run(browser, lms(model))
    run.context.add_init_script("try { localStorage.clear(); } catch (e) {}")
    frame = run.open({"suspend_data": suspend, "core": {"lesson_status": "incomplete"}})
    restored = _frame_eval(run, "() => window.socialbizSelfcheck.answers()")
    open_now = set(model.changed_since("3.0"))
    assert {i for i, v in restored.items() if v == 2} == set(old) - open_now
    assert all(restored.get(i) is None for i in open_now)
    assert frame.locator("#note-formalized_1").input_value() == "Beleg Organigramm"
    kept, _ = run.leave()
    assert kept["suspend"].startswith(header(model))
    run.close()
