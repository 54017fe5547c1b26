"""The site build's settings (versions, pinned inputs, editions) and small helpers, shared by its parts.

Part of ``tools/build_site.py`` (``make site``), which re-exports every name.
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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
# Companion wheels of compiled modules (tools/site_build/pyodide.py precompile): one per package, named after it.
PYC_PREFIX = "socialbiz-site-pyc-"
MODELS = ("altimeter", "cotc")
# matplotlib's font cache, made at build time (site/mpl_fontcache.mjs) and shipped as a small wheel that puts it
# where Pyodide's matplotlib looks (beside font_manager.py), so the browser does not build it at the first import.
MPL_CACHE_PKG = "socialbiz_site_mplcache"
MPL_CACHE_DIR = f"/lib/python3.12/site-packages/{MPL_CACHE_PKG}"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", re.I)
EDITIONS = ("student", "lecturer")
# a Markdown heading line (in a notebook's markdown cell): book.py folds code by it, alt.py names plots by it
HEADING = re.compile(r"^#{1,6}\s.*$", re.M)


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
