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
committed notebooks. :func:`student_notebook` makes the student's copy of one notebook without nbgrader (the
course site shows it); a test keeps it equal to what nbgrader hands out.

The lecturer's guide (``docs/``) belongs to the lecturer edition. Students get only the pages listed in
:data:`STUDENT_PAGES`, and in them nothing between ``<!-- nur-lehrende -->`` and ``<!-- /nur-lehrende -->``
(model answers to the cases, for example); a page that is not listed stays the lecturer's.

Three rooms (issue 26): the notebooks' tags and leaks (``_edition_notebooks``), the guide's pages
(``_edition_guide``) and, here, the nbgrader build; every name is importable from here as before.

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
from ._edition_guide import GUIDE_FOLDERS as GUIDE_FOLDERS
from ._edition_guide import ROOT, STUDENT_PAGES, guide_assets, guide_pages, lecturer_blocks, student_page, write_guide
from ._edition_notebooks import BEGIN as BEGIN
from ._edition_notebooks import BEGIN_HIDDEN as BEGIN_HIDDEN
from ._edition_notebooks import END as END
from ._edition_notebooks import END_HIDDEN as END_HIDDEN
from ._edition_notebooks import (
    TAGS,
    EditionError,
    Marked,
    find_leaks,
    mark_notebook,
    student_notebook,
)
from .errors import SocialbizError

__all__ = ["TAGS", "STUDENT_PAGES", "EditionError", "Marked", "Edition", "mark_notebook", "student_notebook",
           "find_leaks", "lecturer_blocks", "student_page", "guide_pages", "guide_assets", "build_student",
           "build_lecturer", "main"]


@dataclass
class Edition:
    """A built edition: where it is and what it holds."""

    folder: Path
    notebooks: list[Marked] = field(default_factory=list)
    pages: int = 0  # pages of the guide

    def total(self, what: str) -> int:
        """A count summed over the edition's notebooks.

        Parameters
        ----------
        what : str
            The name of a count of :class:`Marked` (``"exercises"``, ``"solutions"``, ``"answers"``, ...).

        Returns
        -------
        int
            The sum over the notebooks.
        """
        return sum(getattr(m, what) for m in self.notebooks)




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
        raise ui.error(EditionError, code="editions.nbgrader_failed", lang="de", command=f"generate_assignment {which}", log=tail)


def write_config(course: Path, lang: str = "de") -> Path:
    """Write the ``nbgrader_config.py`` of a course directory (German stubs by default)."""
    course.mkdir(parents=True, exist_ok=True)
    path = course / "nbgrader_config.py"
    path.write_text(_CONFIG.format(root=str(course.resolve()), code_stub=ui.text("editions.code_stub", lang=lang),
                                   text_stub=ui.text("editions.text_stub", lang=lang)), encoding="utf-8")
    return path


def build_student(source: str | Path | None = None, out: str | Path | None = None, *,
                  course_dir: str | Path | None = None, lang: str = "de",
                  guide: str | Path | None = ROOT) -> Edition:
    """Build the student edition of every notebook under ``source`` into ``out``.

    ``source`` defaults to the checkout's ``notebooks/``, ``out`` to ``build/student``. A notebook
    without tagged cells is copied as it is (nbgrader still checks it). The nbgrader course directory
    (``source/``, ``release/``, ``gradebook.db`` with the hidden tests) is temporary unless
    ``course_dir`` is given; keep it to autograde submissions later. The result is checked with
    :func:`find_leaks`; any leak raises :class:`EditionError` and leaves ``out`` untouched.

    The guide pages students may read (:func:`guide_pages`) go along, in the checkout's layout
    (``docs/leitfaden/...``); ``guide`` is the checkout they come from (default: this one), ``None`` for none.

    Parameters
    ----------
    source : str or Path, optional
        The notebooks; the checkout's ``notebooks/`` by default.
    out : str or Path, optional
        Where the edition goes; ``build/student`` by default.
    course_dir : str or Path, optional
        Keep nbgrader's course directory here.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    guide : str or Path or None, default this checkout
        The checkout whose guide pages go along; None for none.

    Returns
    -------
    Edition
        What was built and where.

    Raises
    ------
    EditionError
        If a notebook's or page's markers are broken, nbgrader fails, or a solution would leak into the
        student edition.
    """
    source = Path(source) if source is not None else ROOT / "notebooks"
    out = Path(out) if out is not None else ROOT / "build" / "student"
    with tempfile.TemporaryDirectory(prefix="socialbiz-course-") as tmp:
        course = Path(course_dir) if course_dir is not None else Path(tmp) / "course"
        for old in ("source", "release"):
            if (course / old).exists():
                shutil.rmtree(course / old)
        write_config(course, lang)
        stage = Path(tmp) / "student"
        edition = Edition(out)
        jobs = _course_sources(source, course, edition)
        _generate(course, [a for _, _, a in jobs])
        _release(course, stage, jobs)
        _copy_extras(source, stage)
        if guide is not None:
            edition.pages = write_guide("student", stage, Path(guide))
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(stage, out)
    return edition


def _course_sources(source: Path, course: Path, edition: Edition) -> list[tuple[Path, Path, str]]:
    """Mark every notebook and put it into the course's ``source/`` (one assignment each); the jobs for nbgrader."""
    import nbformat

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
    return jobs


def _release(course: Path, stage: Path, jobs: list[tuple[Path, Path, str]]) -> None:
    """Copy what nbgrader released to ``stage``, after checking each notebook for leaks."""
    import nbformat

    for path, rel, assignment in jobs:
        released = course / "release" / assignment / path.name
        leaks = find_leaks(nbformat.read(path, as_version=4), nbformat.read(released, as_version=4))
        if leaks:
            raise ui.error(EditionError, code="editions.leak", lang="de", notebook=str(rel), line=leaks[0])
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(released, target)


def _copy_extras(source: Path, stage: Path) -> None:
    """Pictures and data files beside the notebooks."""
    for extra in source.rglob("*"):
        rel = extra.relative_to(source)
        if extra.is_file() and extra.suffix != ".ipynb" and ".ipynb_checkpoints" not in rel.parts:
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(extra, stage / rel)


def build_lecturer(source: str | Path | None = None, out: str | Path | None = None, *,
                   guide: str | Path | None = ROOT) -> Edition:
    """Copy the committed notebooks, with model solutions and answers, to ``out`` (``build/lecturer``), and
    the whole guide (``docs/...``) of the checkout ``guide`` (default: this one; ``None``: no guide).

    Parameters
    ----------
    source : str or Path, optional
        The notebooks; the checkout's ``notebooks/`` by default.
    out : str or Path, optional
        Where the edition goes; ``build/lecturer`` by default.
    guide : str or Path or None, default this checkout
        The checkout whose guide goes along; None for none.

    Returns
    -------
    Edition
        What was copied and where.

    Raises
    ------
    EditionError
        If a notebook's or page's markers are broken, nbgrader fails, or a solution would leak into the
        student edition.
    """
    import nbformat

    source = Path(source) if source is not None else ROOT / "notebooks"
    out = Path(out) if out is not None else ROOT / "build" / "lecturer"
    edition = Edition(out)
    for path in _notebooks(source):
        edition.notebooks.append(mark_notebook(nbformat.read(path, as_version=4), str(path.relative_to(source))))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    if guide is not None:
        edition.pages = write_guide("lecturer", out, Path(guide))
    return edition


def main(argv: list[str] | None = None) -> int:
    """``python -m socialbiz_kit.editions [--source DIR] [--out DIR] [--course-dir DIR]``.

    Parameters
    ----------
    argv : list of str, optional
        The arguments; the command line's by default.

    Returns
    -------
    int
        The exit status.
    """
    import argparse

    p = argparse.ArgumentParser(prog="socialbiz editions", description="student and lecturer editions (nbgrader)")
    p.add_argument("--source", default=None, help="folder of the committed notebooks (default: notebooks/)")
    p.add_argument("--out", default=None, help="where both editions go (default: build/)")
    p.add_argument("--course-dir", default=None, help="keep the nbgrader course directory here (for autograde)")
    p.add_argument("--lang", default="de", choices=["de", "en"])
    args = p.parse_args(argv)
    out = Path(args.out) if args.out else ROOT / "build"
    try:
        student = build_student(args.source, out / "student", course_dir=args.course_dir, lang=args.lang)
        lecturer = build_lecturer(args.source, out / "lecturer")
    except SocialbizError as exc:
        sys.stderr.write(f"socialbiz: {exc}\n")
        return 2
    w = lambda key, **fmt: ui.text(f"editions.{key}", lang=args.lang, **fmt)  # noqa: E731
    lines = [w("student_done", folder=student.folder.resolve(), notebooks=len(student.notebooks),
               exercises=student.total("exercises"), solutions=student.total("solutions"),
               answers=student.total("answers"), tests=student.total("tests"), pages=student.pages),
             w("lecturer_done", folder=lecturer.folder.resolve(), pages=lecturer.pages)]
    if args.course_dir:
        lines.append(w("course_kept", folder=Path(args.course_dir).resolve()))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
