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
    print("import time (median of %d fresh interpreters)" % repeat)
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
