"""Benchmarks for socialbiz-kit (``make bench``).

Every figure is reported beside a baseline measured in the same run on the same machine, as a
ratio; nothing here asserts a time. Run ``python benchmarks/run.py --list`` to see the sections,
``--only NAME`` to run one.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

SECTIONS = {}


def section(func):
    SECTIONS[func.__name__] = func
    return func


def _run_python(code: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t0)
    return times


@section
def import_time(repeat: int = 9) -> None:
    """Wall time of a fresh interpreter importing the kit, against importing pandas (median of runs)."""
    empty = statistics.median(_run_python("pass", repeat))
    pandas = statistics.median(_run_python("import pandas", repeat))
    both = statistics.median(_run_python("import pandas, socialbiz_kit; socialbiz_kit.load_model('altimeter')", repeat))
    kit = statistics.median(_run_python("import socialbiz_kit", repeat))
    heavy = subprocess.run(
        [sys.executable, "-c", "import sys, socialbiz_kit, socialbiz_kit.plotting, socialbiz_kit.scoring, socialbiz_kit.responses;"
         "print(','.join(m for m in ('matplotlib', 'seaborn', 'ipywidgets') if m in sys.modules) or 'none')"],
        capture_output=True, text=True, check=True).stdout.strip()
    print(f"import time (median of {repeat} fresh interpreters)")
    print(f"  python -c pass                         {empty:7.3f} s")
    print(f"  import pandas                          {pandas:7.3f} s   (baseline)")
    print(f"  import socialbiz_kit                   {kit:7.3f} s   ratio to pandas {kit / pandas:5.2f}")
    print(f"  import pandas + kit + load a model     {both:7.3f} s   kit adds {both - pandas:6.3f} s (goal < 0.2 s)")
    print(f"  plotting/widget libraries imported by the kit on import: {heavy}")


def _synthetic(model, n: int, seed: int = 1):
    """n assessments with answers 0..4 and about 3 % unanswered, seeded."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    values = rng.integers(0, 5, size=(n, len(model.item_ids))).astype(float)
    values[rng.random(values.shape) < 0.03] = np.nan
    return pd.DataFrame(values, columns=list(model.item_ids))


# Today's implementation before the block-wise scoring (issue 14), kept as the baseline: read from git so the
# tree holds one scoring module only.
SCORING_BASELINE = "ef9d793"


def _baseline_scoring():
    """``socialbiz_kit.scoring`` as it was at :data:`SCORING_BASELINE`, imported under another name."""
    import types
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    src = subprocess.run(["git", "-C", str(root), "show", f"{SCORING_BASELINE}:socialbiz_kit/scoring.py"],
                         capture_output=True, text=True, check=True).stdout
    name = "socialbiz_kit._scoring_baseline"
    mod = types.ModuleType(name)
    mod.__package__ = "socialbiz_kit"
    sys.modules[name] = mod
    exec(compile(src, f"scoring.py@{SCORING_BASELINE}", "exec"), mod.__dict__)
    return mod


def _best_and_peak(func, repeat: int = 3):
    """Best wall time of ``repeat`` calls and the tracemalloc peak of one more call (bytes)."""
    import gc
    import tracemalloc

    runs = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = func()
        runs.append(time.perf_counter() - t0)
        del result
    gc.collect()
    tracemalloc.start()
    result = func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(runs), peak, result


@section
def scoring(n: int = 1_000_000, loop_rows: int = 5_000) -> None:
    """Scoring 1,000,000 Altimeter assessments, against today's implementation (baseline) and a per-row loop."""
    import numpy as np
    import pandas as pd

    from socialbiz_kit import load_model
    from socialbiz_kit._reference import score_reference
    from socialbiz_kit.scoring import score

    model = load_model("altimeter")
    data = _synthetic(model, n)
    size = data.memory_usage().sum()
    score(data.iloc[:1000], model)  # warm-up
    try:
        baseline = _baseline_scoring()
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:  # no git history (an unpacked archive)
        baseline = None
        print(f"  baseline {SCORING_BASELINE} not available ({exc}); only the new implementation is timed")
    fast, peak, result = _best_and_peak(lambda: score(data, model), repeat=5)
    print(f"  data: {n:,} assessments x {len(model.item_ids)} items, {size / 2**20:.0f} MiB of answers")
    print(f"  score() now                 {fast:8.3f} s  (best of 5)   {n / fast:12,.0f} rows/s   "
          f"peak {peak / 2**20:5.0f} MiB = {peak / size:4.2f} x the input (goal <= 1.5 x)")
    if baseline is not None:
        baseline.score(data.iloc[:1000], model)
        slow, bpeak, bresult = _best_and_peak(lambda: baseline.score(data, model), repeat=5)
        same = True
        try:
            pd.testing.assert_frame_equal(result, bresult)
        except AssertionError:
            same = False
        print(f"  score() at {SCORING_BASELINE} (baseline) {slow:6.3f} s  (best of 5)   {n / slow:12,.0f} rows/s   "
              f"peak {bpeak / 2**20:5.0f} MiB = {bpeak / size:4.2f} x the input")
        print(f"  speed-up now / baseline     {slow / fast:8.2f} x   goal >= 4 x; identical result table: {same}")
        del bresult
    sub = data.iloc[:loop_rows]
    t0 = time.perf_counter()
    slow_result = score_reference(sub, model)
    slow_loop = time.perf_counter() - t0
    agree = bool((slow_result["stage"].to_numpy() == result["stage"].to_numpy()[:loop_rows]).all())
    loop_rate = loop_rows / slow_loop
    print(f"  per-row loop (reference)    {slow_loop:8.3f} s for {loop_rows:,} rows {loop_rate:10,.0f} rows/s")
    print(f"  speed-up now / loop         {n / fast / loop_rate:8.0f} x   same stages: {agree}")
    assert np.isfinite(fast)


def _dask_job(folder: str, engine: str, files: int | None):
    """Run in a fresh process: score the Parquet files with Dask or pandas; return time, rows, peak RSS."""
    import resource
    from pathlib import Path

    import pandas as pd

    from socialbiz_kit import load_model
    from socialbiz_kit.scoring import score

    model = load_model("altimeter")
    paths = sorted(Path(folder).glob("part-*.parquet"))[:files]
    t0 = time.perf_counter()
    if engine == "dask":
        import dask
        import dask.dataframe as dd

        with dask.config.set(scheduler="threads", num_workers=2):
            ddf = dd.read_parquet([str(p) for p in paths])
            counts = score(ddf, model, keep_answers=False)["stage"].value_counts().compute()
    else:
        data = pd.concat([pd.read_parquet(p) for p in paths])
        counts = score(data, model, keep_answers=False)["stage"].value_counts()
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    return elapsed, int(counts.sum()), peak, counts.sort_index().to_dict()


@section
def dask_scale(n: int = 10_000_000, per_file: int = 500_000, pandas_files: int = 4) -> None:
    """Scoring 10,000,000 assessments from Parquet with Dask (2 threads), against pandas in the same run."""
    import concurrent.futures as cf
    import multiprocessing as mp
    import shutil
    from pathlib import Path

    import numpy as np

    from socialbiz_kit import load_model

    model = load_model("altimeter")
    folder = Path(__file__).resolve().parent / "_out" / "parquet"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    for i in range(n // per_file):
        chunk = _synthetic(model, per_file, seed=100 + i).astype(np.float32)
        chunk.index = chunk.index + i * per_file
        chunk.to_parquet(folder / f"part-{i:04d}.parquet")
    size = sum(p.stat().st_size for p in folder.glob("*.parquet")) / 2**20
    print(f"  wrote {n:,} assessments to {n // per_file} Parquet files ({size:,.0f} MiB) in {time.perf_counter() - t0:.1f} s")
    ctx = mp.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        d_time, d_rows, d_peak, d_counts = pool.submit(_dask_job, str(folder), "dask", None).result()
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        p_time, p_rows, p_peak, p_counts = pool.submit(_dask_job, str(folder), "pandas", pandas_files).result()
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        s_time, s_rows, s_peak, s_counts = pool.submit(_dask_job, str(folder), "dask", pandas_files).result()
    print(f"  Dask, all {d_rows:,} rows       {d_time:7.1f} s  {d_rows / d_time:12,.0f} rows/s  peak RSS {d_peak:7,.0f} MiB")
    print(f"  pandas, first {p_rows:,} rows  {p_time:7.1f} s  {p_rows / p_time:12,.0f} rows/s  peak RSS {p_peak:7,.0f} MiB")
    print(f"  Dask, same {s_rows:,} rows     {s_time:7.1f} s  {s_rows / s_time:12,.0f} rows/s  peak RSS {s_peak:7,.0f} MiB")
    print(f"  Dask rows/s relative to pandas (same rows): {(s_rows / s_time) / (p_rows / p_time):5.2f}")
    print(f"  Dask and pandas give the same stage counts on the same rows: {s_counts == p_counts}")
    print(f"  memory: Dask on 10 M rows peaks at {d_peak:,.0f} MiB; pandas would hold all answers "
          f"({n * len(model.item_ids) * 8 / 2**20:,.0f} MiB as float64) plus its intermediate arrays")
    shutil.rmtree(folder, ignore_errors=True)


@section
def widget_latency(changes: int = 60) -> None:
    """Time from an answer change in the self-check widget to the updated result, inside the kernel."""
    from socialbiz_kit.scoring import score
    from socialbiz_kit.widgets import SelfCheck

    check = SelfCheck("altimeter", company="lindner")
    items = list(check.model.item_ids)
    times = []
    for i in range(changes):
        item = items[i % len(items)]
        t0 = time.perf_counter()
        check.set_answer(item, (i % 4) + 1 if check.answers.get(item) != (i % 4) + 1 else 0)
        times.append(time.perf_counter() - t0)
    frame = check.answers_frame()
    base = []
    for _ in range(changes):
        t0 = time.perf_counter()
        score(frame, check.model)
        base.append(time.perf_counter() - t0)
    med, p95 = statistics.median(times), sorted(times)[int(0.95 * len(times)) - 1]
    print(f"  answer change -> updated result: median {med * 1000:6.1f} ms, 95th percentile {p95 * 1000:6.1f} ms"
          f"  (goal < 100 ms)")
    print(f"  baseline score() of the same one-row table: median {statistics.median(base) * 1000:6.1f} ms;"
          f" the widget's full update costs {med / statistics.median(base):4.1f} x that")


class _Gzip:
    """A plain static handler that sends a file gzipped when the browser accepts it (as nginx's gzip_static)."""

    @staticmethod
    def handler(folder, gzip_on):
        import functools
        import gzip
        import http.server
        from pathlib import Path

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802 - the http.server name
                path = Path(folder) / self.path.lstrip("/").split("?")[0]
                if not path.is_file():
                    return super().do_GET()
                body = path.read_bytes()
                zipped = gzip_on and "gzip" in self.headers.get("Accept-Encoding", "")
                if zipped:
                    body = gzip.compress(body, 9, mtime=0)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "max-age=3600")
                if zipped:
                    self.send_header("Content-Encoding", "gzip")
                self.end_headers()
                self.wfile.write(body)

        return functools.partial(Handler, directory=str(folder))


def _serve(folder, gzip_on):
    import http.server
    import threading

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Gzip.handler(folder, gzip_on))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def _visit(browser, url, profile, warm, visits):
    """Median ms from navigation start to the interactive form (``readyAt``, set when the form is wired)."""
    times = []
    for _ in range(visits):
        context = browser.new_context()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        if warm:  # a first visit fills the cache; the timed one comes from it
            page.goto(url)
            page.wait_for_function("() => window.__readyAt !== undefined")
        if profile:
            cdp.send("Network.emulateNetworkConditions", {"offline": False, **profile})
        page.goto(url)
        page.wait_for_function("() => window.__readyAt !== undefined", timeout=120_000)
        times.append(page.evaluate("() => window.__readyAt"))
        context.close()
    return statistics.median(times)


@section
def page_load(visits: int = 5) -> None:
    """The self-check pages: bytes, and time to an interactive form in Chromium, against the network's floor."""
    import gzip
    import shutil
    import tempfile
    from pathlib import Path

    from socialbiz_kit.models import list_models
    from socialbiz_kit.page import page_html

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("  skipped: no Chromium (install Debian's 'chromium')")
        return
    from playwright.sync_api import sync_playwright

    kbit, latency = 400, 400
    slow = {"latency": latency, "downloadThroughput": kbit * 1000 / 8, "uploadThroughput": kbit * 1000 / 8}
    work = Path(tempfile.mkdtemp())
    sizes = {}
    for name in list_models():
        html = page_html(name)
        raw = html.encode("utf-8")
        (work / f"{name}.html").write_bytes(raw)
        # the floor: a page of the same bytes (the same text, so it compresses alike) that does nothing
        floor = ("<!DOCTYPE html><html lang=de><title>floor</title><!--" + html.replace("--", "- -")
                 + "--><script>window.__readyAt=performance.now()</script></html>").encode("utf-8")
        (work / f"{name}.floor.html").write_bytes(floor)
        sizes[name] = (len(raw), len(gzip.compress(raw, 9, mtime=0)))
    print(f"  slow profile: CDP network emulation {kbit} kbit/s down and up, {latency} ms latency; "
          f"median of {visits} visits, ms from navigation start to the interactive form")
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        for name, (raw, zipped) in sizes.items():
            print(f"  {name}: {raw:,} bytes raw, {zipped:,} bytes gzipped (goal: altimeter < 150,000 raw)")
            for gzip_on in (False, True):
                httpd = _serve(work, gzip_on)
                base = f"http://127.0.0.1:{httpd.server_address[1]}/"
                sent = zipped if gzip_on else raw
                computed = sent * 8 / (kbit * 1000) * 1000 + latency
                for label, profile in (("127.0.0.1", None), ("slow", slow)):
                    for warm in (False, True):
                        got = _visit(browser, f"{base}{name}.html", profile, warm, visits)
                        floor = _visit(browser, f"{base}{name}.floor.html", profile, warm, visits)
                        note = f"  (bytes / bandwidth + latency = {computed:,.0f} ms)" if profile and not warm else ""
                        print(f"    served {'gzip' if gzip_on else 'raw '} {label:9s} {'warm' if warm else 'cold'}: "
                              f"page {got:7,.0f} ms  floor {floor:7,.0f} ms  ratio {got / floor:5.2f}{note}")
                httpd.shutdown()
                httpd.server_close()
        file_times = []
        for name in sizes:
            file_times.append((name, _visit(browser, (work / f"{name}.html").as_uri(), None, False, visits)))
        browser.close()
    for name, ms in file_times:
        print(f"  {name} from file:// (cold): {ms:,.0f} ms")
    print("  goal: at most 1.3 x the floor")
    shutil.rmtree(work, ignore_errors=True)


@section
def class_page(repeat: int = 5) -> None:
    """The seminar page with 200 raters x 10 cases: files handed over to the shown result, against only reading
    and parsing the same files in the same browser (median of runs)."""
    import gzip
    import shutil
    import tempfile
    from pathlib import Path

    from socialbiz_kit import classroom
    from socialbiz_kit.class_page import class_page_html
    from socialbiz_kit.models import load_model
    from socialbiz_kit.responses import answers_csv

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("  skipped: no Chromium (install Debian's 'chromium')")
        return
    from playwright.sync_api import sync_playwright

    model = load_model("altimeter")
    work = Path(tempfile.mkdtemp())
    html = class_page_html(model).encode("utf-8")
    (work / "seminar.html").write_bytes(html)
    klasse = classroom.simulate_class(model, n_raters=200, cases_per_rater=10, seed=2026)
    zpath = classroom.write_class_zip(klasse, work / "klasse.zip", model, extras=False)
    csvs = []
    for rater, part in klasse.groupby("rater"):
        f = work / "csv" / f"{rater}.csv"
        f.parent.mkdir(exist_ok=True)
        f.write_text(answers_csv(part.set_index("assessment")[["organisation"] + list(model.item_ids)], model))
        csvs.append(str(f))
    print(f"  page {len(html):,} bytes, {len(gzip.compress(html, 9, mtime=0)):,} gzipped; class: "
          f"{klasse['rater'].nunique()} raters x {klasse['organisation'].nunique()} cases = {len(klasse):,} assessments; "
          f"median of {repeat} runs")
    args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        for label, files in ((f"Moodle zip ({zpath.stat().st_size:,} bytes)", str(zpath)),
                             (f"{len(csvs)} CSV files", csvs)):
            full, parse = [], []
            for _ in range(repeat):
                page = browser.new_page()
                page.goto((work / "seminar.html").as_uri())
                page.wait_for_selector("html[data-ready=true]")
                page.set_input_files("#files", files)
                page.wait_for_selector("html[data-shown]", timeout=300_000)
                full.append(page.evaluate("() => window.socialbizClass.result().ms"))
                parse.append(page.evaluate("() => window.socialbizClass.readOnly("
                                           "window.socialbizClass.fromInput(document.getElementById('files').files))"))
                page.close()
            f, r = statistics.median(full), statistics.median(parse)
            print(f"  {label:34s} shown {f:8,.0f} ms   read+parse only {r:8,.0f} ms   ratio {f / r:5.2f} (goal <= 3)")
        browser.close()
    shutil.rmtree(work, ignore_errors=True)


@section
def site_load() -> None:
    """The static site (make site) in Chromium: notebook 04 in JupyterLite, landing and self-check page, cold/warm."""
    import site_bench

    site_bench.run()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(SECTIONS), help="run only this section")
    parser.add_argument("--list", action="store_true", help="list the sections")
    args = parser.parse_args(argv)
    if args.list:
        for name, func in SECTIONS.items():
            print(f"{name:20s} {func.__doc__.splitlines()[0]}")
        return 0
    for name in args.only or list(SECTIONS):
        print(f"== {name}")
        SECTIONS[name]()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
