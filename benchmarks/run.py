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


@section
def scoring(n: int = 1_000_000, loop_rows: int = 5_000) -> None:
    """Scoring 1,000,000 Altimeter assessments, against a per-row Python loop on the same data."""
    import tracemalloc

    import numpy as np

    from socialbiz_kit import load_model
    from socialbiz_kit.scoring import score, score_reference

    model = load_model("altimeter")
    data = _synthetic(model, n)
    score(data.iloc[:1000], model)  # warm-up
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        result = score(data, model)
        runs.append(time.perf_counter() - t0)
    fast = min(runs)
    tracemalloc.start()
    score(data, model)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sub = data.iloc[:loop_rows]
    t0 = time.perf_counter()
    slow_result = score_reference(sub, model)
    slow = time.perf_counter() - t0
    agree = bool((slow_result["stage"].to_numpy() == result["stage"].to_numpy()[:loop_rows]).all())
    fast_rate, slow_rate = n / fast, loop_rows / slow
    print(f"  data: {n:,} assessments x {len(model.item_ids)} items, {data.memory_usage().sum() / 2**20:.0f} MiB")
    print(f"  score() vectorised          {fast:8.3f} s  (best of 3)   {fast_rate:12,.0f} rows/s   goal < 2 s")
    print(f"  peak memory inside score()  {peak / 2**20:8.0f} MiB (tracemalloc)")
    print(f"  per-row loop (baseline)     {slow:8.3f} s for {loop_rows:,} rows {slow_rate:10,.0f} rows/s")
    print(f"  speed-up vectorised / loop  {fast_rate / slow_rate:8.0f} x   goal >= 100 x; same stages: {agree}")
    print(f"  loop extrapolated to {n:,} rows: {n / slow_rate:,.0f} s")
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


def _voila(notebook, port, data):
    import os
    import socket
    from pathlib import Path

    env = dict(os.environ, XDG_DATA_HOME=str(data), JUPYTER_PLATFORM_DIRS="1")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "voila"), str(notebook), "--no-browser",
                             "--Voila.ip=127.0.0.1", f"--port={port}", "--preheat_kernel=True", "--pool_size=1"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    time.sleep(15)  # let the pre-started kernel run the notebook before the first visitor comes
    return proc


@section
def app_first_render(visits: int = 3) -> None:
    """Time to the first rendered self-check form in headless Chromium, with a pre-started Voilà kernel."""
    import shutil
    import socket
    import tempfile
    from pathlib import Path

    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("  skipped: no Chromium (install Debian's 'chromium')")
        return
    from playwright.sync_api import sync_playwright

    root = Path(__file__).resolve().parent.parent
    work = Path(tempfile.mkdtemp())
    trivial = work / "trivial.ipynb"
    nb = new_notebook(cells=[new_code_cell("import ipywidgets\nipywidgets.HTML('<b class=\"ready\">ready</b>')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, trivial)
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]

    def ports():
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        for name, notebook, selector in (("trivial page (baseline)", trivial, ".ready"),
                                         ("self-check app", root / "notebooks" / "app" / "selbstcheck.ipynb",
                                          ".sbk-result .sbk-stage")):
            times = []
            for _ in range(visits):
                port = ports()
                proc = _voila(notebook, port, work)
                try:
                    page = browser.new_page()
                    t0 = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/")
                    page.wait_for_selector(selector, timeout=60_000)
                    times.append(time.perf_counter() - t0)
                    page.close()
                finally:
                    proc.terminate()
                    proc.wait(10)
            results[name] = statistics.median(times)
            print(f"  {name:26s} median of {visits}: {results[name]:5.2f} s to first rendered content")
        browser.close()
    base, app = results["trivial page (baseline)"], results["self-check app"]
    print(f"  self-check app / trivial page: {app / base:4.2f} x   (goal: app under 3 s)")
    shutil.rmtree(work, ignore_errors=True)


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
