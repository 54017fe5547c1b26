"""Prose tied to outputs: what a text quotes from a table must be in the table, and no table is computed in vain.

The convention (CONTRIBUTING.md, "Numbers in the notebooks' prose"):

* Every model answer (a markdown cell tagged ``answer``) and every text cell that carries the marker
  ``<!-- zahlen-aus-ausgaben -->`` may quote only those German decimal numbers (``0,92``) and percentages
  (``58 %``) that appear in the notebook's stored outputs. A model answer whose numbers are worked out by hand
  (an exercise with its own small table) says so with ``<!-- von-hand -->``. The scoring's settings and scale
  points (0,75; 0,375; 0,25 ...) are not quotes and are not checked.
* A code cell shows a table only as its last expression or through an explicit ``display(...)``: a ``show(...)``
  or ``display.show(...)`` call in the middle of a cell returns an object that nobody displays, so the table
  would be computed and silently discarded (nbval would never see it).
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))
DECIMAL = re.compile(r"(?<![\d,.])\d+,\d+(?!\d|,\d)")
PERCENT = re.compile(r"(?<![\d,.])\d+(?:,\d+)?\s?%")
MARK_CHECK = "<!-- zahlen-aus-ausgaben -->"
MARK_HAND = "<!-- von-hand -->"
# settings and scale points, not outputs: the threshold, half of it (the support of the standard rule) and the
# fulfilment of the five answers
SETTINGS = {"0,75", "0,375", "0,38", "0,5", "0,50", "0,25", "0,00", "1,00"}


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _outputs_text(cells: list[dict]) -> str:
    parts = []
    for cell in cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for kind in ("text/plain", "text/html", "text/markdown"):
                if kind in data:
                    parts.append("".join(data[kind]))
            if "text" in out:
                parts.append("".join(out["text"]))
    return re.sub(r"\s+", " ", "\n".join(parts).replace("\u00a0", " ").replace("\u202f", " "))


def _quoted(text: str) -> set[str]:
    text = re.sub(r"`[^`]*`", " ", text)  # code spans are code, not quotes of an output
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return set(DECIMAL.findall(text)) | {re.sub(r"\s?%", " %", p) for p in PERCENT.findall(text)}


def _checked_cells(cells: list[dict]):
    for k, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        src = _source(cell)
        tags = cell.get("metadata", {}).get("tags", [])
        if MARK_HAND in src:
            continue
        if "answer" in tags or MARK_CHECK in src:
            yield k, src


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_numbers_quoted_in_answers_and_marked_texts_are_in_the_outputs(path):
    cells = _cells(path)
    shown = _outputs_text(cells)
    missing = []
    for k, src in _checked_cells(cells):
        for number in sorted(_quoted(src) - SETTINGS):
            plain = number.replace(" %", "%")
            if number not in shown and plain not in shown and number.replace(" %", "") not in shown:
                missing.append((k, number))
    assert not missing, f"{path.name}: numbers in the prose that no stored output shows (cell, number): {missing}"


def _discarded_shows(source: str) -> list[int]:
    try:
        tree = ast.parse(source)
    except SyntaxError:  # magics and the like: nothing to check
        return []
    lines = []
    body = tree.body
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            stmts = getattr(node, field, None)
            if not isinstance(stmts, list):
                continue
            for i, stmt in enumerate(stmts):
                if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
                    continue
                func = stmt.value.func
                kit_show = (isinstance(func, ast.Name) and func.id == "show") or (
                    isinstance(func, ast.Attribute) and func.attr == "show" and getattr(func.value, "id", "") == "display")
                last_of_cell = stmts is body and i == len(body) - 1
                if kit_show and not last_of_cell:
                    lines.append(stmt.lineno)
    return lines


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_table_is_computed_and_discarded(path):
    found = [(k, line) for k, cell in enumerate(_cells(path)) if cell["cell_type"] == "code"
             for line in _discarded_shows(_source(cell))]
    assert not found, f"{path.name}: show(...) not as the cell's last expression (cell, line): {found}"


def test_the_checks_catch_what_they_are_for():
    assert _discarded_shows("show(a)\nshow(b)") == [1]
    assert _discarded_shows("x = 1\nshow(b)") == []
    assert _discarded_shows("plt.show()\nshow(b)") == []  # matplotlib's show draws the figure itself
    assert _discarded_shows("display.show(a)\nx = 1") == [1]
    assert _discarded_shows("for t in ts:\n    show(t)") == [2]
    assert _quoted("Alpenblick 0,92, Quellwerk 58 % und `0,5` im Code") == {"0,92", "58 %"}
    cells = [{"cell_type": "markdown", "metadata": {"tags": ["answer"]}, "source": ["Anteil 0,92"]},
             {"cell_type": "code", "source": [], "outputs": [{"data": {"text/plain": ["0,83"]}}]}]
    assert [src for _, src in _checked_cells(cells)] == ["Anteil 0,92"]
    assert "0,92" not in _outputs_text(cells)
