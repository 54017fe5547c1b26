"""Student and lecturer editions of the notebooks, built with nbgrader (``make student``).

The committed notebooks are the one source: they carry the model solutions and model answers and are
checked by strict nbval. Notebook authors mark the cells with tags; this module turns the tags into
nbgrader cell metadata in a course directory, runs ``nbgrader generate_assignment`` there (one
assignment per notebook) and copies the result to the student edition.

Tags (each directly after its exercise; several may follow one exercise):

``exercise``
    the task (markdown or code); read-only in the student edition. Without this tag the untagged cell
    right before a ``solution`` or ``answer`` is taken as its exercise.
``solution``
    a code cell with the model solution. The whole cell becomes ``# Ihre Lösung hier``, or only the part
    between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` when the cell has these markers (the rest
    stays as a scaffold). Its outputs are removed.
``answer``
    a markdown cell with the model answer to a discussion or no-code exercise; it becomes a manually
    graded answer cell reading ``*Ihre Antwort hier.*``.
``tests``
    a code cell of asserts for an autogradable code exercise; hidden in the student edition and run by
    ``nbgrader autograde``. One point, or N points with an extra tag ``points-N`` (also on ``answer``).

Every other cell, outputs included, is handed out as it is. The lecturer edition is a copy of the
committed notebooks.

>>> import nbformat
>>> from nbformat.v4 import new_markdown_cell, new_notebook
>>> nb = new_notebook(cells=[new_markdown_cell("Warum?", metadata={"tags": ["exercise"]}),
...                          new_markdown_cell("Darum.", metadata={"tags": ["answer"]})])
>>> marked = mark_notebook(nb, "beispiel.ipynb")
>>> marked.exercises, marked.answers, nb.cells[1].metadata.nbgrader["grade_id"]
(1, 1, 'uebung-1-antwort')
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import ui
from .errors import SocialbizError

__all__ = ["TAGS", "EditionError", "Marked", "Edition", "mark_notebook", "find_leaks", "build_student",
           "build_lecturer", "main"]

TAGS = ("exercise", "solution", "answer", "tests")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
_POINTS = re.compile(r"^points-(\d+)$")
_ROOT = Path(__file__).resolve().parent.parent


class EditionError(SocialbizError):
    """A notebook's tags break the convention (the message names notebook and cell)."""


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


@dataclass
class Edition:
    """A built edition: where it is and what it holds."""

    folder: Path
    notebooks: list[Marked] = field(default_factory=list)

    def total(self, what: str) -> int:
        return sum(getattr(m, what) for m in self.notebooks)


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


def mark_notebook(nb, name: str) -> Marked:
    """Turn the tags of ``nb`` (an nbformat notebook, changed in place) into nbgrader metadata.

    Raises :class:`EditionError` naming ``name`` and the cell (counted from 1) when a ``solution`` is
    not a code cell, an ``answer`` not a markdown cell, ``tests`` do not follow a solution of an exercise
    (or a key cell opens the notebook), or an exercise has neither a solution nor an answer.
    """
    found = Marked(name)
    chain: str | None = None  # the grade id of the exercise whose cells we are in
    start = 0  # where that exercise is
    used: dict[str, int] = {}
    has_key = False

    def fail(i: int, key: str, **fmt) -> None:
        raise EditionError(ui.text(f"editions.{key}", "de", notebook=name, cell=i + 1, **fmt))

    def close() -> None:
        if chain is not None and not has_key:
            fail(start, "no_solution")

    def next_id(kind: str) -> str:
        base = f"{chain}-{kind}"
        used[base] = used.get(base, 0) + 1
        return base if used[base] == 1 else f"{base}-{used[base]}"

    for i, cell in enumerate(nb.cells):
        tags = [t for t in _tags(cell) if t in TAGS]
        if len(tags) > 1:
            fail(i, "two_tags", tags=", ".join(tags))
        tag = tags[0] if tags else None
        points = next((int(m.group(1)) for t in _tags(cell) if (m := _POINTS.match(t))), 1)
        if tag is None:
            close()
            chain = None
            continue
        if tag == "exercise":
            close()
            found.exercises += 1
            chain, start, has_key, used = f"uebung-{found.exercises}", i, False, {}
            cell.metadata["nbgrader"] = _meta(chain, solution=False, grade=False, locked=True)
            continue
        if chain is None:
            # without an ``exercise`` tag, the untagged cell right before a solution or answer is its exercise
            if tag == "tests" or i == 0:
                fail(i, "orphan", tag=tag)
            found.exercises += 1
            found.untagged += 1
            chain, start, has_key, used = f"uebung-{found.exercises}", i - 1, False, {}
            nb.cells[i - 1].metadata["nbgrader"] = _meta(chain, solution=False, grade=False, locked=True)
        if tag == "solution":
            if cell.cell_type != "code":
                fail(i, "solution_not_code")
            src = _source(cell)
            if (BEGIN in src) != (END in src):
                fail(i, "half_markers")
            cell.metadata["nbgrader"] = _meta(next_id("loesung"), solution=True, grade=False, locked=False)
            found.solutions += 1
            has_key = True
        elif tag == "answer":
            if cell.cell_type != "markdown":
                fail(i, "answer_not_markdown")
            cell.metadata["nbgrader"] = _meta(next_id("antwort"), solution=True, grade=True, locked=False,
                                                  points=points)
            found.answers += 1
            found.points += points
            has_key = True
        else:  # tests
            if cell.cell_type != "code":
                fail(i, "tests_not_code")
            src = _source(cell)
            if BEGIN_HIDDEN not in src:
                cell.source = f"{BEGIN_HIDDEN}\n{src.rstrip()}\n{END_HIDDEN}"
            cell.metadata["nbgrader"] = _meta(next_id("test"), solution=False, grade=True, locked=True,
                                                  points=points)
            found.tests += 1
            found.points += points
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    close()
    return found


def _hidden_parts(cell) -> list[str]:
    """The text of a tagged cell that a student must not see."""
    src = _source(cell)
    tag = next((t for t in _tags(cell) if t in TAGS), None)
    if tag == "solution" and BEGIN in src:
        return re.findall(re.escape(BEGIN) + r"(.*?)" + re.escape(END), src, flags=re.S)
    if tag == "tests" and BEGIN_HIDDEN in src:
        return re.findall(re.escape(BEGIN_HIDDEN) + r"(.*?)" + re.escape(END_HIDDEN), src, flags=re.S)
    return [src] if tag in ("solution", "answer", "tests") else []


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


_CONFIG = """\
c = get_config()  # noqa: F821 (nbgrader's config file; written by socialbiz_kit.editions)
c.CourseDirectory.course_id = "socialbiz-kit"
c.CourseDirectory.root = {root!r}
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
c.ClearSolutions.text_stub = {text_stub!r}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
# Keep the outputs students read (tables, plots); outputs of solution and test cells are removed before.
c.ClearOutput.enabled = False
"""


def _notebooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


_GENERATE = """\
import json, sys
from traitlets.config.loader import PyFileConfigLoader
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
config = PyFileConfigLoader("nbgrader_config.py", path=".").load_config()
api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
for assignment in sys.argv[1:]:
    result = api.generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        print(json.dumps({"assignment": assignment, "log": result.get("log", "") + result.get("error", "")}))
        sys.exit(1)
"""


def _generate(course: Path, assignments: list[str]) -> None:
    """``nbgrader generate_assignment`` for each assignment, in one process (nbgrader takes seconds to import)."""
    # nbgrader calls the ``alembic`` script for the gradebook: the interpreter's own bin folder goes first
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, JUPYTER_PLATFORM_DIRS="1", PATH=os.pathsep.join([bin_dir, os.environ.get("PATH", "")]))
    done = subprocess.run([sys.executable, "-c", _GENERATE, *assignments], cwd=course, env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        try:
            failed = json.loads(done.stdout.strip().splitlines()[-1])
            which, log = failed["assignment"], failed["log"]
        except (ValueError, IndexError, KeyError):
            which, log = " ".join(assignments), done.stdout + done.stderr
        tail = "\n".join(log.strip().splitlines()[-15:])
        raise EditionError(ui.text("editions.nbgrader_failed", "de", command=f"generate_assignment {which}", log=tail))


def write_config(course: Path, lang: str = "de") -> Path:
    """Write the ``nbgrader_config.py`` of a course directory (German stubs by default)."""
    course.mkdir(parents=True, exist_ok=True)
    path = course / "nbgrader_config.py"
    path.write_text(_CONFIG.format(root=str(course.resolve()), code_stub=ui.text("editions.code_stub", lang),
                                   text_stub=ui.text("editions.text_stub", lang)), encoding="utf-8")
    return path


def build_student(source: str | Path | None = None, out: str | Path | None = None, *,
                  course_dir: str | Path | None = None, lang: str = "de") -> Edition:
    """Build the student edition of every notebook under ``source`` into ``out``.

    ``source`` defaults to the checkout's ``notebooks/``, ``out`` to ``build/student``. A notebook
    without tagged cells is copied as it is (nbgrader still checks it). The nbgrader course directory
    (``source/``, ``release/``, ``gradebook.db`` with the hidden tests) is temporary unless
    ``course_dir`` is given; keep it to autograde submissions later. The result is checked with
    :func:`find_leaks`; any leak raises :class:`EditionError` and leaves ``out`` untouched.
    """
    import nbformat

    source = Path(source) if source is not None else _ROOT / "notebooks"
    out = Path(out) if out is not None else _ROOT / "build" / "student"
    with tempfile.TemporaryDirectory(prefix="socialbiz-course-") as tmp:
        course = Path(course_dir) if course_dir is not None else Path(tmp) / "course"
        if (course / "source").exists():
            shutil.rmtree(course / "source")
        if (course / "release").exists():
            shutil.rmtree(course / "release")
        write_config(course, lang)
        stage = Path(tmp) / "student"
        edition = Edition(out)
        jobs = []
        for path in _notebooks(source):
            rel = path.relative_to(source)
            nb = nbformat.read(path, as_version=4)
            edition.notebooks.append(mark_notebook(nb, str(rel)))
            assignment = re.sub(r"[^A-Za-z0-9_-]", "_", str(rel.with_suffix("")))
            folder = course / "source" / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / path.name)
            jobs.append((path, rel, assignment))
        _generate(course, [a for _, _, a in jobs])
        for path, rel, assignment in jobs:
            released = course / "release" / assignment / path.name
            leaks = find_leaks(nbformat.read(path, as_version=4), nbformat.read(released, as_version=4))
            if leaks:
                raise EditionError(ui.text("editions.leak", "de", notebook=str(rel), line=leaks[0]))
            target = stage / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(released, target)
        for extra in source.rglob("*"):  # pictures and data files beside the notebooks
            rel = extra.relative_to(source)
            if extra.is_file() and extra.suffix != ".ipynb" and ".ipynb_checkpoints" not in rel.parts:
                (stage / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(extra, stage / rel)
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(stage, out)
    return edition


def build_lecturer(source: str | Path | None = None, out: str | Path | None = None) -> Edition:
    """Copy the committed notebooks, with model solutions and answers, to ``out`` (``build/lecturer``)."""
    import nbformat

    source = Path(source) if source is not None else _ROOT / "notebooks"
    out = Path(out) if out is not None else _ROOT / "build" / "lecturer"
    edition = Edition(out)
    for path in _notebooks(source):
        edition.notebooks.append(mark_notebook(nbformat.read(path, as_version=4), str(path.relative_to(source))))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return edition


def main(argv: list[str] | None = None) -> int:
    """``python -m socialbiz_kit.editions [--source DIR] [--out DIR] [--course-dir DIR]``."""
    import argparse

    p = argparse.ArgumentParser(prog="socialbiz editions", description="student and lecturer editions (nbgrader)")
    p.add_argument("--source", default=None, help="folder of the committed notebooks (default: notebooks/)")
    p.add_argument("--out", default=None, help="where both editions go (default: build/)")
    p.add_argument("--course-dir", default=None, help="keep the nbgrader course directory here (for autograde)")
    p.add_argument("--lang", default="de", choices=["de", "en"])
    args = p.parse_args(argv)
    out = Path(args.out) if args.out else _ROOT / "build"
    try:
        student = build_student(args.source, out / "student", course_dir=args.course_dir, lang=args.lang)
        lecturer = build_lecturer(args.source, out / "lecturer")
    except SocialbizError as exc:
        sys.stderr.write(f"socialbiz: {exc}\n")
        return 2
    w = lambda key, **fmt: ui.text(f"editions.{key}", args.lang, **fmt)  # noqa: E731
    lines = [w("student_done", folder=student.folder.resolve(), notebooks=len(student.notebooks),
               exercises=student.total("exercises"), solutions=student.total("solutions"),
               answers=student.total("answers"), tests=student.total("tests")),
             w("lecturer_done", folder=lecturer.folder.resolve())]
    if args.course_dir:
        lines.append(w("course_kept", folder=Path(args.course_dir).resolve()))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
