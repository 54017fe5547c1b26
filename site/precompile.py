"""Runs inside Pyodide (site/precompile.mjs): the workload of a browser session, then a .pyc of every module it imported.

JOB_JSON (from the build): {"packages": [what the kernel loads as it starts], "imports": {import name: lock name},
"depends": {lock name: [lock names]}, "notebooks": {"NN_name": [code cell sources]}}; OUT: the output folder.
Each cell first loads the packages its imports name, as the kernel does, so a notebook that needs a package the
site lacks stops here as in the browser.

Writes OUT/site/<path in site-packages>/__pycache__/<name>.cpython-312.pyc, OUT/stdlib/<path in the zip>.pyc and
OUT/precompiled.json: [source, pyc] pairs of what was compiled, and how far each notebook ran.

The .pyc files are unchecked-hash pycs (PEP 552): Python loads them without comparing them with the source's
timestamp, which Pyodide's package loader does not keep. They are compiled from the very files the site serves, by
the site's own interpreter, so they cannot disagree with them. A module that the workload does not import is simply
compiled in the browser, as before.
"""
import contextlib
import importlib.util
import io
import json
import os
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

import js
import pyodide
import pyodide_js

JOB = json.loads(JOB_JSON)  # noqa: F821 - JOB_JSON and OUT are set by precompile.mjs
OUT = OUT  # noqa: F821, PLW0127
STDLIB_ZIP = "/lib/python312.zip/"
SITE = "/lib/python3.12/site-packages/"

# 1. The kernel's start-up, as JupyterLite's worker runs it (pyodide_kernel replaces sys.stdout and sys.stderr).
saved = sys.stdout, sys.stderr
import micropip  # noqa: E402, F401
import piplite.piplite  # noqa: E402, F401
import pyodide_kernel  # noqa: E402, F401

sys.stdout, sys.stderr = saved
# In the browser the worker gives the kernel a way to send widget messages; here they go nowhere.
pyodide_kernel.kernel_instance.interpreter.send_comm = lambda *args, **kwargs: None

# 2. Every notebook's code cells, in a plain IPython shell (its display formatter asks for the HTML and PNG forms,
#    as the notebook front end does). Before each cell, as the kernel does, the packages its imports name are
#    loaded, and only those. The notebooks share this one interpreter, while in the browser each has a kernel of
#    its own, so what a notebook may import is tracked per notebook: the kernel's packages, and what its cells'
#    imports name, with their dependencies. An import that a cell or the kit makes of a package the site has but
#    the notebook never named (the kit imports scipy inside a function) is noted under "needs_import": in the
#    browser that cell would fail. A module the site does not have at all ends the notebook ("missing").
import builtins  # noqa: E402

from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from pyodide.code import find_imports  # noqa: E402

QUIET = pyodide.ffi.to_js({"messageCallback": lambda message: None}, dict_converter=js.Object.fromEntries)
DEPENDS = JOB["depends"]


def closure(packages):
    found, todo = set(), list(packages)
    while todo:
        p = todo.pop()
        if p not in found:
            found.add(p)
            todo += DEPENDS.get(p, [])
    return found


asked = []
plain_import = builtins.__import__


def recording_import(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {}).get("__name__", "")
    if level == 0 and (importer == "__main__" or importer.startswith("socialbiz_kit")):
        asked.append(name.split(".")[0])
    return plain_import(name, globals, locals, fromlist, level)


ran = {}
home = "/home/pyodide/precompile"
os.makedirs(home, exist_ok=True)
for name, cells in JOB["notebooks"].items():
    os.chdir(home)
    shell = InteractiveShell()
    report = ran[name] = {"cells": len(cells), "ran": 0, "needs_import": [], "missing": None, "error": None}
    allowed = closure(JOB["packages"])
    for k, source in enumerate(cells, 1):
        code = shell.transform_cell(source)
        allowed |= closure(JOB["imports"][n] for n in find_imports(code) if n in JOB["imports"])
        await pyodide_js.loadPackagesFromImports(code, QUIET)
        retried = set()
        while True:
            asked.clear()
            builtins.__import__ = recording_import
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    result = shell.run_cell(source, store_history=False)
            finally:
                builtins.__import__ = plain_import
            error = result.error_before_exec or result.error_in_exec
            failed = (getattr(error, "name", None) or "").split(".")[0] if isinstance(error, ModuleNotFoundError) else ""
            for top in dict.fromkeys([*asked, failed]):
                if top in JOB["imports"] and JOB["imports"][top] not in allowed:
                    report["needs_import"].append(top)
                    allowed |= closure([JOB["imports"][top]])
            if failed in JOB["imports"] and failed not in retried:
                # no notebook before this one loaded it: load it and run the cell again, to see what else it needs
                retried.add(failed)
                await pyodide_js.loadPackage(JOB["imports"][failed], QUIET)
                continue
            if failed and failed not in JOB["imports"]:
                report["missing"] = failed
            break
        if error is not None:
            if report["missing"] is None:
                report["error"] = f"code cell {k}: {type(error).__name__}: {str(error)[:200]}"
            break
        report["ran"] = k
    try:
        import matplotlib.pyplot as plt
        plt.close("all")
    except ImportError:
        pass

# 3. A .pyc for every imported module whose source Pyodide would compile.
stdlib = zipfile.ZipFile(STDLIB_ZIP.rstrip("/"))
done = {"site": [], "stdlib": [], "skipped": []}
seen = set()
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None) or ""
    if not path.endswith(".py") or path in seen:   # a frozen module and its twin share a file
        continue
    seen.add(path)
    if path.startswith(STDLIB_ZIP):
        rel = path[len(STDLIB_ZIP):]
        source = stdlib.read(rel)
        pyc, kind = rel[:-3] + ".pyc", "stdlib"
    elif path.startswith(SITE):
        rel = path[len(SITE):]
        with open(path, "rb") as f:
            source = f.read()
        pyc, kind = importlib.util.cache_from_source(rel), "site"
    else:
        done["skipped"].append(path)
        continue
    code = compile(source, path, "exec", dont_inherit=True)
    target = os.path.join(OUT, kind, pyc)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))
    done[kind].append([rel, pyc])
for v in done.values():
    v.sort()
done["notebooks"] = ran
done["python"] = sys.version.split()[0]
with open(os.path.join(OUT, "precompiled.json"), "w") as f:
    json.dump(done, f, indent=1)
print(f"precompiled {len(done['site'])} modules from site-packages and {len(done['stdlib'])} from the standard "
      f"library (Python {done['python']})")
for name, how in ran.items():
    line = f"{how['ran']} of {how['cells']} code cells ran"
    if how["missing"]:
        line += f"; needs {how['missing']}, which the site does not have"
    if how["error"]:
        line += f"; error in {how['error']}"
    if how["needs_import"]:
        line += f"; imports {', '.join(how['needs_import'])} only inside the kit"
    print(f"  {name}: {line}")
