"""The notebooks of the editions (private; the public names live in :mod:`~socialbiz_kit.editions`): tags
turned into nbgrader metadata (:func:`mark_notebook`), the student's copy of one notebook without nbgrader
(:func:`student_notebook`), and the check that nothing of a model solution leaks (:func:`find_leaks`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NoReturn

from . import ui
from ._compat import keyword_lang
from .errors import EditionError

__all__ = ["TAGS", "EditionError", "Marked", "mark_notebook", "student_notebook", "find_leaks"]

TAGS = ("exercise", "solution", "answer", "tests")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
_POINTS = re.compile(r"^points-(\d+)$")


@dataclass
class Marked:
    """What :func:`mark_notebook` found in one notebook."""

    name: str
    exercises: int = 0
    solutions: int = 0
    answers: int = 0
    tests: int = 0
    points: int = 0
    untagged: int = 0  # exercises recognised by position (the cell before a solution or answer), not by tag



def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _meta(grade_id: str, *, solution: bool, grade: bool, locked: bool, points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if grade:
        meta["points"] = points
    return meta


class _Marker:
    """:func:`mark_notebook` walking the cells: the exercise whose cells it is in, and what it found."""

    def __init__(self, nb, name: str) -> None:
        self.nb, self.found = nb, Marked(name)
        self.chain: str | None = None  # the grade id of the exercise whose cells we are in
        self.start = 0  # where that exercise is
        self.used: dict[str, int] = {}
        self.has_key = False

    def fail(self, i: int, *, code: str, **params: Any) -> NoReturn:
        raise ui.error(EditionError, code=code, lang="de", notebook=self.found.name, cell=i + 1, **params)

    def close(self) -> None:
        if self.chain is not None and not self.has_key:
            self.fail(self.start, code="editions.no_solution")

    def next_id(self, kind: str) -> str:
        base = f"{self.chain}-{kind}"
        self.used[base] = self.used.get(base, 0) + 1
        return base if self.used[base] == 1 else f"{base}-{self.used[base]}"

    def open(self, i: int, *, untagged: bool) -> None:
        """Cell ``i`` is the exercise of the cells that follow."""
        self.found.exercises += 1
        self.found.untagged += int(untagged)
        self.chain, self.start, self.has_key, self.used = f"uebung-{self.found.exercises}", i, False, {}
        self.nb.cells[i].metadata["nbgrader"] = _meta(self.chain, solution=False, grade=False, locked=True)

    def cell(self, i: int, cell) -> None:
        tags = [t for t in _tags(cell) if t in TAGS]
        if len(tags) > 1:
            self.fail(i, code="editions.two_tags", tags=", ".join(tags))
        tag = tags[0] if tags else None
        if tag is None:
            self.close()
            self.chain = None
            return
        if tag == "exercise":
            self.close()
            self.open(i, untagged=False)
            return
        if self.chain is None:
            # without an ``exercise`` tag, the untagged cell right before a solution or answer is its exercise
            if tag == "tests" or i == 0:
                self.fail(i, code="editions.orphan", tag=tag)
            self.open(i - 1, untagged=True)
        points = next((int(m.group(1)) for t in _tags(cell) if (m := _POINTS.match(t))), 1)
        {"solution": self.solution, "answer": self.answer, "tests": self.tests}[tag](i, cell, points)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None

    def solution(self, i: int, cell, points: int) -> None:
        if cell.cell_type != "code":
            self.fail(i, code="editions.solution_not_code")
        src = _source(cell)
        if (BEGIN in src) != (END in src):
            self.fail(i, code="editions.half_markers")
        cell.metadata["nbgrader"] = _meta(self.next_id("loesung"), solution=True, grade=False, locked=False)
        self.found.solutions += 1
        self.has_key = True

    def answer(self, i: int, cell, points: int) -> None:
        if cell.cell_type != "markdown":
            self.fail(i, code="editions.answer_not_markdown")
        cell.metadata["nbgrader"] = _meta(self.next_id("antwort"), solution=True, grade=True, locked=False,
                                          points=points)
        self.found.answers += 1
        self.found.points += points
        self.has_key = True

    def tests(self, i: int, cell, points: int) -> None:
        if cell.cell_type != "code":
            self.fail(i, code="editions.tests_not_code")
        src = _source(cell)
        if BEGIN_HIDDEN not in src:
            cell.source = f"{BEGIN_HIDDEN}\n{src.rstrip()}\n{END_HIDDEN}"
        cell.metadata["nbgrader"] = _meta(self.next_id("test"), solution=False, grade=True, locked=True,
                                          points=points)
        self.found.tests += 1
        self.found.points += points


def mark_notebook(nb, name: str) -> Marked:
    """Turn the tags of ``nb`` (an nbformat notebook, changed in place) into nbgrader metadata.

    Raises :class:`EditionError` naming ``name`` and the cell (counted from 1) when a ``solution`` is
    not a code cell, an ``answer`` not a markdown cell, ``tests`` do not follow a solution of an exercise
    (or a key cell opens the notebook), or an exercise has neither a solution nor an answer.

    Parameters
    ----------
    nb : NotebookNode
        An nbformat notebook, changed in place.
    name : str
        The notebook's name, for messages.

    Returns
    -------
    Marked
        What was marked: exercises, solutions, answers, tests.
    """
    marker = _Marker(nb, name)
    for i, cell in enumerate(nb.cells):
        marker.cell(i, cell)
    marker.close()
    return marker.found


def _hidden_parts(cell) -> list[str]:
    """The text of a tagged cell that a student must not see."""
    src = _source(cell)
    tag = next((t for t in _tags(cell) if t in TAGS), None)
    if tag == "solution" and BEGIN in src:
        return re.findall(re.escape(BEGIN) + r"(.*?)" + re.escape(END), src, flags=re.S)
    if tag == "tests" and BEGIN_HIDDEN in src:
        return re.findall(re.escape(BEGIN_HIDDEN) + r"(.*?)" + re.escape(END_HIDDEN), src, flags=re.S)
    return [src] if tag in ("solution", "answer", "tests") else []


def _clear_region(src: str, begin: str, end: str, stub: str | None) -> str:
    """``src`` with each region from a line holding ``begin`` to a line holding ``end`` replaced by ``stub``
    (indented like its ``begin`` line) or removed (``stub=None``), as nbgrader does."""
    lines = []
    inside = False
    for line in src.split("\n"):
        if begin in line:
            inside = True
            if stub is not None:
                indent = line[:len(line) - len(line.lstrip())]
                lines += [indent + s for s in stub.split("\n")]
        elif end in line:
            inside = False
        elif not inside:
            lines.append(line)
    return "\n".join(lines)


@keyword_lang("lang", "name")
def student_notebook(nb, *, lang: str = "de", name: str = ""):
    """The student's copy of ``nb`` (an nbformat notebook, left unchanged), made without nbgrader.

    The same cells as :func:`build_student` hands out: model solutions replaced by ``# Ihre Lösung hier`` (or
    only their marked part), model answers by ``*Ihre Antwort hier.*``, hidden tests removed, the outputs of
    solution and test cells dropped; every other cell as it is. The tags are checked as in
    :func:`mark_notebook` (:class:`EditionError` naming ``name`` and the cell on a broken one). The course site
    is built from these copies.

    Parameters
    ----------
    nb : NotebookNode
        An nbformat notebook (left unchanged).
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    name : str, default ""
        The notebook's name, for messages.

    Returns
    -------
    NotebookNode
        The student's copy.

    Examples
    --------

    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_markdown_cell("Warum?", metadata={"tags": ["exercise"]}),
    ...                          new_markdown_cell("Darum.", metadata={"tags": ["answer"]}),
    ...                          new_code_cell("x = 1\\n### BEGIN SOLUTION\\ny = 2\\n### END SOLUTION",
    ...                                        metadata={"tags": ["solution"]})])
    >>> [c.source for c in student_notebook(nb).cells]
    ['Warum?', '*Ihre Antwort hier.*', 'x = 1\\n# Ihre Lösung hier']
    """
    import copy

    import nbformat

    nb = nbformat.from_dict(copy.deepcopy(nb))
    mark_notebook(nb, name)  # checks the tags, wraps tests in hidden markers, drops outputs of solutions and tests
    code_stub, text_stub = ui.text("editions.code_stub", lang=lang), ui.text("editions.text_stub", lang=lang)
    for cell in nb.cells:
        meta = cell.metadata.pop("nbgrader", None)
        if meta is None:
            continue
        src = _source(cell)
        stub = code_stub if cell.cell_type == "code" else text_stub
        if meta["solution"]:
            cell.source = _clear_region(src, "BEGIN SOLUTION", "END SOLUTION", stub) if "BEGIN SOLUTION" in src \
                else stub
        elif meta["grade"]:  # tests
            cell.source = _clear_region(src, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", None)
    return nb


def _visible_lines(nb) -> tuple[set[str], str]:
    """Every stripped line a student sees (sources and text outputs), and all of it as one text."""
    parts = []
    for cell in nb.cells:
        parts.append(_source(cell))
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for value in [out.get("text", "")] + [data.get(k, "") for k in ("text/plain", "text/html", "text/markdown")]:
                parts.append("".join(value) if isinstance(value, list) else str(value))
    text = "\n".join(parts)
    return {line.strip() for line in text.splitlines()}, text


def find_leaks(lecturer_nb, student_nb) -> list[str]:
    """Lines of model solutions, model answers or hidden tests of ``lecturer_nb`` found in ``student_nb``.

    A line of at least 8 characters (stripped) leaks when the student sees it as a whole line, one of at
    least 25 characters also when it appears inside a longer line; lines that also occur in an untagged
    or exercise cell of the lecturer's notebook (an import both share) do not count. ``[]``: no leak.

    Parameters
    ----------
    lecturer_nb : NotebookNode
        The lecturer's notebook.
    student_nb : NotebookNode
        The student's copy.

    Returns
    -------
    list of str
        The leaked lines; empty when nothing leaks.
    """
    shared: set[str] = set()
    for cell in lecturer_nb.cells:
        if not any(t in TAGS[1:] for t in _tags(cell)):
            shared.update(line.strip() for line in _source(cell).splitlines())
    lines, text = _visible_lines(student_nb)
    leaks = []
    for cell in lecturer_nb.cells:
        for part in _hidden_parts(cell):
            for line in part.splitlines():
                line = line.strip()
                if len(line) < 8 or line in shared:
                    continue
                if line in lines or (len(line) >= 25 and line in text):
                    leaks.append(line)
    return leaks

