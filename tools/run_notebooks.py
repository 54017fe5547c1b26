"""Re-execute notebooks in place, top to bottom in a fresh kernel (``make notebooks``).

    python tools/run_notebooks.py                      # every notebook under notebooks/
    python tools/run_notebooks.py notebooks/04_*.ipynb

Cells tagged ``nbval-ignore-output`` (widget displays) keep their execution count but not their
output, and the notebook keeps no widget state: widget ids change on every run and would make
every re-execution a diff; cell timings are dropped for the same reason. Everything else is stored as produced, for strict nbval.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def run(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        # timings change on every run and would make every re-execution a diff (and a merge conflict)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and "nbval-ignore-output" in cell.metadata.get("tags", []):
            cell.outputs = []
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(args: list[str]) -> int:
    paths = [Path(a).resolve() for a in args] or sorted((ROOT / "notebooks").rglob("[0-9][0-9]_*.ipynb")) + sorted(
        (ROOT / "notebooks" / "app").glob("*.ipynb"))
    for path in paths:
        run(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
