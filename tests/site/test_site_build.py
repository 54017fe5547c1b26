"""What `make site` built: every notebook in book and JupyterLite, the kit's wheel, verified Pyodide files, privacy."""
from __future__ import annotations

import hashlib
import html
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4.rwbase import rejoin_lines

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
import build_site  # noqa: E402
import sealing  # noqa: E402

from socialbiz_kit import editions, ui  # noqa: E402
from socialbiz_kit.editions import STUDENT_PAGES, student_notebook  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
OFFICIAL = json.loads((ROOT / "site" / "node_modules" / "pyodide" / "pyodide-lock.json").read_text())


# The Pyodide kernel's wheels as the build took them, in the site under test (the tests run outside the site's venv).
KERNEL_WHEELS = Path("lite") / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_notebook_is_in_the_book_and_in_jupyterlite(site, edition):
    assert NOTEBOOKS
    contents = json.loads((site / "lite" / "api" / "contents" / "all.json").read_text())
    in_lite = {c["name"] for c in contents["content"]}
    for nb in NOTEBOOKS:
        page = site / "book" / "notebooks" / f"{nb.stem}.html"
        assert page.exists(), page
        assert f"notebooks/index.html?path={nb.name}" in page.read_text(encoding="utf-8"), "no 'Im Browser öffnen'"
        assert nb.name in in_lite
        # The edition's copy of the notebook (the student's, or the committed one on the lecturer's site), with
        # multi-line texts joined as a Jupyter server would (tools/build_site.py lite_notebook).
        served = json.loads((site / "lite" / "files" / nb.name).read_text())["cells"]
        committed = nbformat.read(nb, as_version=4)
        handed_out = rejoin_lines(student_notebook(committed) if edition == "student" else committed)["cells"]
        if served and served[0].get("id") == "sbk-browser-note":     # see test_notebooks_the_browser_runs_in_part
            served = served[1:]
        assert served == handed_out
        assert not [o for c in served for o in c.get("outputs", []) for v in o.get("data", {}).values()
                    if isinstance(v, list)]


def test_the_book_keeps_the_committed_outputs(site, edition):
    """Not re-executed: an output of the committed notebook appears in its page (a solution's output only on the
    lecturer's site, folded with the solution)."""
    left_out = {"remove-cell", "tests"} | ({"solution"} if edition == "student" else set())
    for nb in NOTEBOOKS:
        cells = json.loads(nb.read_text())["cells"]
        with_output = sum(1 for c in cells if c["cell_type"] == "code" and c.get("outputs")
                          and not left_out & set(c.get("metadata", {}).get("tags", [])))
        page = (site / "book" / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert page.count('<div class="cell_output') == with_output, nb.name


def _tagged() -> dict[str, int]:
    """How many model solutions (code cells) and model answers (Markdown cells) the committed notebooks have."""
    tagged = {"solution": 0, "answer": 0}
    for nb in NOTEBOOKS:
        for c in json.loads(nb.read_text())["cells"]:
            tags = c.get("metadata", {}).get("tags", [])
            if c["cell_type"] == "code" and "solution" in tags:
                tagged["solution"] += 1
            if c["cell_type"] == "markdown" and ("answer" in tags or "solution" in tags):
                tagged["answer"] += 1
    return tagged


def _book_pages(site: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (site / "book").rglob("*.html"))


@pytest.mark.edition("student")
def test_the_site_is_the_student_edition(site):
    """Empty fields where the solutions and model answers were: nothing folded that a click would open."""
    tagged = _tagged()
    manifest = json.loads((site / "site.json").read_text())
    assert manifest["edition"] == "student"
    assert (manifest["book"]["solution"], manifest["book"]["answer"]) == (tagged["solution"], tagged["answer"])
    assert manifest["book"]["guide"] == sorted(p.rsplit(".", 1)[0] for p in STUDENT_PAGES)
    pages = _book_pages(site)
    assert ui.text("site.show_solution", lang="de") not in pages and "sbk-answer" not in pages
    assert "Ihre Antwort hier" in pages and "Ihre Lösung hier" in pages


@pytest.mark.edition("lecturer")
def test_the_site_is_the_lecturer_edition(site):
    """Every model solution and model answer folded where the student's site has its empty field, and the whole
    lecturer's guide (test_site_browser.py test_a_solution_opens clicks them open)."""
    tagged = _tagged()
    manifest = json.loads((site / "site.json").read_text())
    assert manifest["edition"] == "lecturer"
    assert (manifest["book"]["solution"], manifest["book"]["answer"]) == (tagged["solution"], tagged["answer"])
    assert sorted(manifest["book"]["guide"]) == sorted(p.rsplit(".", 1)[0] for p in editions.guide_pages("lecturer", ROOT))
    assert not set(manifest["book"]["guide"]) <= {p.rsplit(".", 1)[0] for p in STUDENT_PAGES}
    pages = _book_pages(site)
    folded = f'<p class="collapsed admonition-title">{ui.text("site.show_solution", lang="de")}</p>'
    assert pages.count(folded) == tagged["solution"] > 0
    assert len(re.findall(r"<details\b[^>]*\bsbk-answer\b", pages)) == tagged["answer"] > 0
    assert "Ihre Lösung hier" not in pages


# Files the site takes unchanged from Pyodide (the lock's sha256, checked above) hold none of the kit's texts.
def _upstream(site: Path) -> list[Path]:
    pyodide = site / "lite" / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    same = [pyodide / e["file_name"] for n, e in lock["packages"].items()
            if n in OFFICIAL["packages"] and e["sha256"] == OFFICIAL["packages"][n]["sha256"]]
    return same + [pyodide / f for f in build_site.RUNTIME_FILES]    # python_stdlib.zip: see test_modules_are_...


@pytest.mark.edition("student")
def test_nothing_of_the_lecturers_is_on_the_site(site):
    """No solution, model answer, hidden test, Erwartungshorizont, case answer or lecturer's page in any file of
    the built site: book (HTML, search index, sources), JupyterLite, the kit's wheel, self-check and landing pages."""
    search = sealing.Search(sealing.lecturer_texts(STUDENT_PAGES), sealing.public_texts(STUDENT_PAGES))
    assert sum(1 for runs in search.needles.values() if runs) >= 90
    assert search.scan(site, skip=_upstream(site)) == {}
    # the control: the exercises (which students do read) are found in the built pages by the same search
    exercises = {f"{nb.name}, {i}": "".join(c["source"]) for nb in NOTEBOOKS
                 for i, c in enumerate(json.loads(nb.read_text())["cells"])
                 if "exercise" in c.get("metadata", {}).get("tags", [])}
    assert len(exercises) >= 30
    assert set(sealing.Search(exercises, []).scan(site / "book" / "notebooks")) == set(exercises)


@pytest.mark.edition("student")
def test_no_page_promises_a_solution_students_do_not_get(site):
    texts = {**sealing.student_texts(site / "book"), **sealing.student_texts(site / "lite" / "files")}
    texts["index.html"] = (site / "index.html").read_text(encoding="utf-8")
    assert len(texts) >= len(NOTEBOOKS) * 2
    for rel, text in texts.items():
        if "_static/" not in rel:
            assert sealing.promises(text) == [], rel


def test_the_kits_wheel_and_every_package_is_in_the_sites_pyodide(site):
    pyodide = site / "lite" / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    assert lock["info"] == OFFICIAL["info"]
    kit = lock["packages"]["socialbiz-kit"]
    assert kit["imports"] == ["socialbiz_kit"] and kit["file_name"].startswith("socialbiz_kit-")
    pinned = {}
    for line in (ROOT / "site" / "browser-requirements.txt").read_text().splitlines():
        if "--hash=sha256:" in line:
            req, digest = line.split("--hash=sha256:")
            pinned[req.split("==")[0].strip()] = digest.strip()
    pinned = {p.name: pinned[p.name.split("-")[0]] for p in pyodide.glob("*.whl") if p.name.split("-")[0] in pinned}
    names = {build_site.norm(n) for n in lock["packages"]}
    for name, entry in lock["packages"].items():
        f = pyodide / entry["file_name"]
        assert f.exists(), f"{name}: {f.name} missing"
        assert _sha(f) == entry["sha256"], name
        if name in build_site.EXTRA:     # a pure wheel: hash-pinned from PyPI, built pure, or the kit's own
            assert entry["file_name"].endswith("-none-any.whl"), name
            if entry["file_name"] in pinned:
                assert entry["sha256"] == pinned[entry["file_name"]], f"{name} is not the pinned file"
        elif name.startswith(build_site.PYC_PREFIX):     # compiled modules, made by the build (see below)
            assert entry["file_name"].endswith("-none-any.whl") and entry["depends"] == [], name
        else:
            # the official entry; the build only adds its companion of compiled modules to the dependencies
            own = [d for d in entry["depends"] if not d.startswith(build_site.PYC_PREFIX)]
            assert {**entry, "depends": own} == OFFICIAL["packages"][name], f"{name} differs from the official lock"
        for dep in entry["depends"]:
            assert build_site.norm(dep) in names, f"{name} depends on {dep}, which is not in the site"
    compiled = [e for e in lock["packages"].values() if not e["file_name"].endswith("-none-any.whl")]
    assert {"numpy", "pandas", "matplotlib"} <= {e["name"] for e in compiled}
    for runtime in build_site.RUNTIME_FILES:
        if runtime != "python_stdlib.zip":     # its .py files unchanged, see test_modules_are_precompiled
            assert _sha(pyodide / runtime) == _sha(ROOT / "site" / "node_modules" / "pyodide" / runtime)
    # Only what the notebooks need: no pyarrow, no test packages.
    assert "pyarrow" not in lock["packages"] and not any(n.endswith("-tests") for n in lock["packages"])
    extra = {p.name for p in pyodide.iterdir()} - {e["file_name"] for e in lock["packages"].values()}
    assert extra == {"pyodide-lock.json", *build_site.RUNTIME_FILES}


def test_jupyterlite_uses_only_the_sites_own_pyodide(site):
    cfg = json.loads((site / "lite" / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = cfg["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert kernel["disablePyPIFallback"] is True
    # The kernel's own packages load from the site's lock as Pyodide starts (the kernel skips installing each
    # one through piplite when it finds it in this list): every name is in the lock.
    preload = kernel["loadPyodideOptions"]["packages"]
    assert {"pyodide_kernel", "piplite", "ipykernel", "ipython"} <= set(preload)
    lock = json.loads((site / "lite" / "static" / "pyodide" / "pyodide-lock.json").read_text())
    assert {build_site.norm(n) for n in preload} <= set(lock["packages"])
    names = [e["name"] for e in cfg["federated_extensions"]]
    assert "@jupyter-widgets/jupyterlab-manager" in names


def test_jupyterlite_takes_the_phone_css_and_keeps_every_cell(site):
    """site/lite/phone.css as a style-only extension (tools/build_site.py phone_css_extension), and the notebook
    setting the self-check's sticky summary line needs (no CSS transform on the cells)."""
    cfg = json.loads((site / "lite" / "jupyter-lite.json").read_text())["jupyter-config-data"]
    [ext] = [e for e in cfg["federated_extensions"] if e["name"] == build_site.PHONE_CSS_EXT]
    assert ext["style"] == "./style" and "extension" not in ext          # CSS only, no plugin
    entry = (site / "lite" / "extensions" / build_site.PHONE_CSS_EXT / ext["load"]).read_text(encoding="utf-8")
    css = (ROOT / "site" / "lite" / "phone.css").read_text(encoding="utf-8")
    assert json.dumps(css) in entry and "window._JUPYTERLAB[" in entry
    assert cfg["settingsOverrides"]["@jupyterlab/notebook-extension:tracker"] == {"windowingMode": "none"}
    # the widget extension made for JupyterLite's JupyterLab 4.4 (jupyterlab_widgets 3.0.15: jupyterlab-manager 5.0.15)
    manager = json.loads((site / "lite" / "extensions" / "@jupyter-widgets" / "jupyterlab-manager" / "package.json").read_text())
    assert manager["version"] == "5.0.15"


def test_the_notebook_view_speaks_german(site):
    import yaml

    domains = json.loads((site / "lite" / "api" / "translations" / "de_DE.json").read_text(encoding="utf-8"))["data"]
    notebook = domains["notebook"]
    own = yaml.safe_load((ROOT / "data" / "jupyterlite_de.yaml").read_text(encoding="utf-8"))["messages"]
    assert notebook["Not Trusted"] == [own["Not Trusted"]] == ["Nicht vertrauenswürdig"]
    # the pack's own JupyterLab German for the texts both views share
    assert notebook["Last Checkpoint: %1"] == domains["jupyterlab"]["Last Checkpoint: %1"]
    assert notebook[""]["domain"] == "notebook" and notebook["Rename…"] == ["Umbenennen…"]
    assert all(notebook[k] == [v] for k, v in own.items() if k not in ("Rename…",))
    assert notebook["Kernel Connecting"] == ["Kernel wird verbunden"]
    # the Run menu's "Cell Type" submenu, which JupyterLab translates in its own domain
    assert domains["jupyterlab"]["menu\x04Cell Type"] == ["Zellen-Typ"]


def test_the_matplotlib_font_cache_is_prepared(site):
    import zipfile

    lock = json.loads((site / "lite" / "static" / "pyodide" / "pyodide-lock.json").read_text())
    entry = lock["packages"]["socialbiz-site-mplcache"]
    assert "socialbiz-site-mplcache" in lock["packages"]["socialbiz-kit"]["depends"]
    # installed after matplotlib, whose own wheel carries a fontlist.json of the wrong version at the same path
    assert entry["depends"] == ["matplotlib"]
    with zipfile.ZipFile(site / "lite" / "static" / "pyodide" / entry["file_name"]) as z:
        fonts = json.loads(z.read("matplotlib/fontlist.json"))   # where Pyodide's matplotlib 3.8.4 looks
    assert fonts["_version"] == 330 and any(f["name"] == "DejaVu Sans" for f in fonts["ttflist"])



def _pyc_flags(data: bytes) -> int:
    return int.from_bytes(data[4:8], "little")


def test_modules_are_precompiled(site):
    """The modules a session imports come compiled (unchecked-hash pycs), beside byte-identical sources."""
    import zipfile

    pyodide = site / "lite" / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    companions = {n: e for n, e in lock["packages"].items() if n.startswith(build_site.PYC_PREFIX)}
    assert companions
    magics = set()
    compiled = set()
    for name, entry in companions.items():
        owners = [k for k, e in lock["packages"].items() if name in e["depends"]]
        assert len(owners) == 1, name
        with zipfile.ZipFile(pyodide / lock["packages"][owners[0]]["file_name"]) as z:
            sources = set(z.namelist())
        with zipfile.ZipFile(pyodide / entry["file_name"]) as z:
            for n in z.namelist():
                if ".dist-info/" in n:
                    continue
                folder, _, base = ("/" + n).rpartition("/__pycache__/")
                source = f"{folder}/{base.split('.cpython-312.pyc')[0]}.py".lstrip("/")
                assert base.endswith(".cpython-312.pyc") and source in sources, n
                data = z.read(n)
                magics.add(data[:4])
                assert _pyc_flags(data) == 0b01, f"{n} is not an unchecked-hash pyc"
                compiled.add(source)
    # what notebook 04 needs first is among them
    for module in ("pandas/__init__.py", "IPython/__init__.py", "socialbiz_kit/__init__.py",
                   "socialbiz_kit/scoring.py", "pyodide_kernel/__init__.py", "matplotlib/pyplot.py"):
        assert module in compiled, module
    # the standard library: every file of the npm zip unchanged, a .pyc beside some of its .py files
    with zipfile.ZipFile(ROOT / "site" / "node_modules" / "pyodide" / "python_stdlib.zip") as npm, \
            zipfile.ZipFile(pyodide / "python_stdlib.zip") as ours:
        for info in npm.infolist():
            assert ours.read(info.filename) == npm.read(info), info.filename
        added = set(ours.namelist()) - set(npm.namelist())
        assert added and all(n.endswith(".pyc") and n[:-1] in set(npm.namelist()) for n in added)
        assert {"json/__init__.pyc", "asyncio/__init__.pyc"} <= added
        for n in added:
            data = ours.read(n)
            magics.add(data[:4])
            assert _pyc_flags(data) == 0b01, n
    assert len(magics) == 1     # one interpreter compiled them all
    # the build ran the notebooks: those the browser tests run, ran to the end in the site's Pyodide
    ran = json.loads((site / "site.json").read_text())["pyodide"]["precompiled"]["notebooks"]
    for name in ("01_altimeter", "04_selbstcheck"):
        assert ran[name]["ran"] == ran[name]["cells"] > 0 and not ran[name]["missing"], ran[name]


def test_notebooks_the_browser_runs_in_part(site):
    """A notebook that needs a package the site lacks says so in the book and in JupyterLite; no other does."""
    ran = json.loads((site / "site.json").read_text())["pyodide"]["precompiled"]["notebooks"]
    lock = json.loads((site / "lite" / "static" / "pyodide" / "pyodide-lock.json").read_text())
    known = {i for e in lock["packages"].values() for i in e["imports"]}
    partial = build_site.not_in_browser({"notebooks": ran})
    for nb in NOTEBOOKS:
        missing = ran[nb.stem]["missing"]
        page = (site / "book" / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
        cells = json.loads((site / "lite" / "files" / nb.name).read_text())["cells"]
        note = [c for c in cells if c.get("id") == "sbk-browser-note"]
        if missing:
            assert missing not in known
            where = partial[nb.name]
            assert where["package"] == missing and where["section"], where     # the section that needs it
            hint = build_site.browser_hint(where)
            assert where["section"] in hint and missing in hint
            assert "sbk-partial" in page and html.escape(hint) in page, nb.name
            assert len(note) == 1 and hint in note[0]["source"] and cells.index(note[0]) == 0, nb.name
        else:
            assert "sbk-partial" not in page and not note, nb.name
    # the landing page says that some notebooks run only in part, when some do
    landing = (site / "index.html").read_text(encoding="utf-8")
    assert (ui.text("site.lite_partial", lang="de") in landing) == bool(partial)


def test_a_tampered_compiled_file_stops_the_build(site, tmp_path, monkeypatch):
    """The build refuses a carrier file whose sha256 is not the official one."""
    import shutil
    import zipfile

    cache = ROOT / "build" / "site-cache"
    carrier = next((cache / "carrier").glob("*.whl"))
    fake = tmp_path / "cache"
    (fake / "carrier").mkdir(parents=True)
    shutil.copytree(cache / "wheels", fake / "wheels")
    shutil.copytree(cache / "pyyaml", fake / "pyyaml")
    with zipfile.ZipFile(carrier) as src, zipfile.ZipFile(fake / "carrier" / carrier.name, "w") as dst:
        for info in src.infolist():
            if "/pyodide/" in info.filename and info.filename.endswith((".whl", ".zip")):
                data = src.read(info)
                if "/numpy-" in info.filename:
                    data = data[:-1] + bytes([data[-1] ^ 1])
                dst.writestr(info.filename, data)
    # the kit's wheel and the kernel's as the site under test has them (either edition's build folder)
    kit = site / "lite" / "static" / "pyodide" / json.loads((site / "site.json").read_text())["kit_wheel"]
    with pytest.raises(SystemExit, match=r"REFUSED numpy-.*differs from the official Pyodide 0\.27\.7"):
        build_site.build_pyodide(fake, tmp_path / "work", kit, kernel_wheels=site / KERNEL_WHEELS)


def test_no_page_loads_from_another_origin(site):
    build_site.check_private(site)     # raises with the offending tags
    for page in (site / "book").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for needle in ("fonts.googleapis", "unpkg.com", "cdn.jsdelivr", "cdnjs", "thebe"):
            assert needle not in text, f"{page.relative_to(site)} mentions {needle}"


def test_landing_pages_in_both_languages(site):
    de = (site / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in de and '<html lang="en">' in en
    for text in (de, en):
        assert 'href="' in text and "book/index.html" in text and "lite/lab/index.html" in text
    assert "Ihre Daten bleiben bei Ihnen" in de and "Your data stays with you" in en
