"""The static site on 127.0.0.1 (the `site_load` section of make bench): cold and warm visits in Chromium.

Cold = a fresh browser profile on disk (empty cache); warm = a second visit in the same profile, as a returning
student.
The server answers with `Cache-Control: max-age=600`, as GitHub Pages does. Bytes are counted at the server, so
they include what the Pyodide worker fetches. Nothing outside 127.0.0.1 can be reached (Chromium's resolver maps every
other host to nothing, the count is printed); no request routing, because routing switches the HTTP cache off.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "site"))

# "First kit output": the output of the notebook's first code cell that has one in the committed notebook (for
# notebook 04 the table of the answer scale, after the cell that imports the kit and loads both models).
START = """async () => { const app = window.jupyterapp, w = app.shell.currentWidget; await w.context.ready;
  const k = w.content.widgets.findIndex(c => c.model.type === 'code' && c.model.sharedModel.outputs.length > 0);
  await app.commands.execute('notebook:clear-all-cell-outputs');
  return k; }"""
RUN_TO = """async (k) => { const app = window.jupyterapp, w = app.shell.currentWidget;
  while (!(w.sessionContext.session && w.sessionContext.session.kernel)) await new Promise(r => setTimeout(r, 50));
  w.content.activeCellIndex = k;
  app.commands.execute('notebook:run-all-above').then(() => app.commands.execute('notebook:run-cell')); }"""
OUTPUT_OF = """(k) => { const c = window.jupyterapp.shell.currentWidget.content.widgets[k].model;
  return c.outputs.length > 0 && c.executionCount; }"""


def _mb(n: int) -> str:
    return f"{n / 1e6:6.2f} MB"


def run() -> None:
    import conftest as c
    import lite

    site = c.SITE
    if not (site / "site.json").exists():
        print("  skipped: no built site (run 'make site' first, or 'make bench-site')")
        return
    if not Path(c.CHROMIUM).exists():
        print(f"  skipped: no Chromium at {c.CHROMIUM}")
        return
    from playwright.sync_api import sync_playwright

    manifest = json.loads((site / "site.json").read_text())
    sizes = manifest["bytes"]
    print("  size on disk: " + ", ".join(f"{k} {_mb(v).strip()}" for k, v in sizes.items()))
    server = c.Server(site, expose_app=True)
    http = server.httpd
    rows = []
    with sync_playwright() as p:
        # Playwright's request routing (the tests' Guard) switches Chromium's HTTP cache off, so the warm visit
        # would not be warm: here other hosts are blocked by the resolver instead, and requests are only counted.
        # Each target gets a fresh browser profile on disk: a returning student's browser has a disk cache, while
        # an incognito-like context keeps only a small in-memory cache that drops Pyodide's large wheels.
        args = c.ARGS + ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
        profiles = tempfile.TemporaryDirectory(prefix="sbk-bench-profile-")

        def visit(ctx, label, url, ready):
            page = ctx.new_page()
            page.set_default_timeout(600_000)
            b0 = http.sent_bytes
            t0 = time.perf_counter()
            ready(page, url)
            rows.append((label, time.perf_counter() - t0, http.sent_bytes - b0))
            page.close()

        def static(selector):
            def ready(page, url):
                page.goto(url)
                page.wait_for_selector(selector)
            return ready

        def notebook04(page, url):
            page.goto(url)
            page.wait_for_function(lite.OPENED)
            k = page.evaluate(START)
            if k < 0:
                raise SystemExit("notebook 04 has no code cell with a committed output")
            page.evaluate(RUN_TO, k)
            page.wait_for_function(OUTPUT_OF, arg=k, polling=100)

        targets = [("landing page", server.base, static("main h2"))]
        for model in manifest["selfcheck_pages"][:1]:
            targets.append((f"self-check page ({model})", f"{server.base}selbstcheck/{model}.html",
                            static("fieldset input[type=radio]")))
        targets.append(("book page (04)", f"{server.base}book/notebooks/04_selbstcheck.html", static(".sbk-open a")))
        targets.append(("notebook 04 in JupyterLite, to first kit output",
                        f"{server.base}lite/notebooks/index.html?path=04_selbstcheck.ipynb", notebook04))
        blocked = 0
        for n, (label, url, ready) in enumerate(targets):
            ctx = p.chromium.launch_persistent_context(str(Path(profiles.name) / str(n)), executable_path=c.CHROMIUM,
                                                       args=args, viewport={"width": 1280, "height": 900})
            outside: list[str] = []
            ctx.on("request", lambda r, o=outside: o.append(r.url) if not r.url.startswith(
                ("http://127.0.0.1:", "data:", "blob:")) else None)
            visit(ctx, f"{label}, cold", url, ready)
            visit(ctx, f"{label}, warm", url, ready)
            blocked += len(outside)
            ctx.close()
        profiles.cleanup()
    server.close()
    for label, secs, sent in rows:
        print(f"  {label:58s} {secs:7.2f} s  {_mb(sent)} transferred")
    nb = {lab: s for lab, s, _ in rows if lab.startswith("notebook 04")}
    cold, warm = nb["notebook 04 in JupyterLite, to first kit output, cold"], \
        nb["notebook 04 in JupyterLite, to first kit output, warm"]
    land = next(s for lab, s, _ in rows if lab == "landing page, cold")
    print(f"  notebook 04: warm / cold {warm / cold:4.2f} x; cold / landing page cold {cold / land:6.0f} x"
          f"  (goal on 2 cores: cold <= 20 s, warm <= 8 s)")
    print(f"  requests outside 127.0.0.1: {blocked} (none can succeed: the resolver knows no other host)")
