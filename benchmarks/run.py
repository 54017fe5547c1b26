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
        [sys.executable, "-c", "import sys, socialbiz_kit, socialbiz_kit.plotting;"
         "print(','.join(m for m in ('matplotlib', 'seaborn', 'ipywidgets') if m in sys.modules) or 'none')"],
        capture_output=True, text=True, check=True).stdout.strip()
    print("import time (median of %d fresh interpreters)" % repeat)
    print(f"  python -c pass                         {empty:7.3f} s")
    print(f"  import pandas                          {pandas:7.3f} s   (baseline)")
    print(f"  import socialbiz_kit                   {kit:7.3f} s   ratio to pandas {kit / pandas:5.2f}")
    print(f"  import pandas + kit + load a model     {both:7.3f} s   kit adds {both - pandas:6.3f} s (goal < 0.2 s)")
    print(f"  plotting/widget libraries imported by the kit on import: {heavy}")


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
