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
from typing import Any, NoReturn

from . import ui
from ._compat import keyword_lang
from .errors import SettingError, SocialbizError

__all__ = ["TAGS", "STUDENT_PAGES", "EditionError", "Marked", "Edition", "mark_notebook", "student_notebook",
           "find_leaks", "lecturer_blocks", "student_page", "guide_pages", "guide_assets", "build_student",
           "build_lecturer", "main"]

TAGS = ("exercise", "solution", "answer", "tests")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
_POINTS = re.compile(r"^points-(\d+)$")
_ROOT = Path(__file__).resolve().parent.parent
# Where the lecturer's guide lives (relative to the checkout), and the pages of it that students may read (as
# posix paths relative to the checkout). Every other page is the lecturer's: a new page stays out of the
# student edition and the student site until it is listed here.
GUIDE_FOLDERS = ("docs",)
STUDENT_PAGES = ("docs/leitfaden/fallstudien.md", "docs/leitfaden/glossar.md", "docs/leitfaden/literatur.md")
_BLOCK = re.compile(r"^[ \t]*<!--\s*(/?)nur-lehrende\s*-->[ \t]*$", re.M)


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
    pages: int = 0  # pages of the guide

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
    found = Marked(name)
    chain: str | None = None  # the grade id of the exercise whose cells we are in
    start = 0  # where that exercise is
    used: dict[str, int] = {}
    has_key = False

    def fail(i: int, *, code: str, **params: Any) -> NoReturn:
        raise ui.error(EditionError, code=code, lang="de", notebook=name, cell=i + 1, **params)

    def close() -> None:
        if chain is not None and not has_key:
            fail(start, code="editions.no_solution")

    def next_id(kind: str) -> str:
        base = f"{chain}-{kind}"
        used[base] = used.get(base, 0) + 1
        return base if used[base] == 1 else f"{base}-{used[base]}"

    for i, cell in enumerate(nb.cells):
        tags = [t for t in _tags(cell) if t in TAGS]
        if len(tags) > 1:
            fail(i, code="editions.two_tags", tags=", ".join(tags))
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
                fail(i, code="editions.orphan", tag=tag)
            found.exercises += 1
            found.untagged += 1
            chain, start, has_key, used = f"uebung-{found.exercises}", i - 1, False, {}
            nb.cells[i - 1].metadata["nbgrader"] = _meta(chain, solution=False, grade=False, locked=True)
        if tag == "solution":
            if cell.cell_type != "code":
                fail(i, code="editions.solution_not_code")
            src = _source(cell)
            if (BEGIN in src) != (END in src):
                fail(i, code="editions.half_markers")
            cell.metadata["nbgrader"] = _meta(next_id("loesung"), solution=True, grade=False, locked=False)
            found.solutions += 1
            has_key = True
        elif tag == "answer":
            if cell.cell_type != "markdown":
                fail(i, code="editions.answer_not_markdown")
            cell.metadata["nbgrader"] = _meta(next_id("antwort"), solution=True, grade=True, locked=False,
                                                  points=points)
            found.answers += 1
            found.points += points
            has_key = True
        else:  # tests
            if cell.cell_type != "code":
                fail(i, code="editions.tests_not_code")
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


def _split_page(text: str, name: str) -> tuple[str, list[str]]:
    """A guide page without its lecturer-only blocks, and the blocks."""
    marks = list(_BLOCK.finditer(text))
    if text.count("nur-lehrende") != len(marks):  # a marker that does not stand on a line of its own
        line = text.count("\n", 0, text.find("nur-lehrende")) + 1
        raise ui.error(EditionError, code="editions.page_markers", lang="de", page=name, line=line)
    kept, blocks, pos, opened = [], [], 0, None
    for m in marks:
        closing = m.group(1) == "/"
        if closing == (opened is None):  # a closing marker without an opening one, or an opening one twice
            raise ui.error(EditionError, code="editions.page_markers", lang="de", page=name,
                                       line=text.count("\n", 0, m.start()) + 1)
        if closing:
            blocks.append(text[opened:m.start()].strip("\n"))
            pos, opened = m.end(), None
        else:
            kept.append(text[pos:m.start()])
            opened = m.end()
    if opened is not None:
        raise ui.error(EditionError, code="editions.page_markers", lang="de", page=name, line=text.count("\n", 0, opened) + 1)
    kept.append(text[pos:])
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)), blocks


def lecturer_blocks(text: str, name: str = "") -> list[str]:
    """The parts of a guide page between ``<!-- nur-lehrende -->`` and ``<!-- /nur-lehrende -->``.

    Parameters
    ----------
    text : str
        A guide page.
    name : str, default ""
        The page's name, for messages.

    Returns
    -------
    list of str
        The blocks' texts.

    Examples
    --------

    >>> lecturer_blocks("Frage?\\n<!-- nur-lehrende -->\\nAntwort.\\n<!-- /nur-lehrende -->\\n")
    ['Antwort.']
    """
    return _split_page(text, name)[1]


def student_page(text: str, name: str = "") -> str:
    """A guide page as students read it: without its lecturer-only blocks.

    Raises :class:`EditionError` naming ``name`` and the line when a marker does not stand on a line of its
    own or the markers do not pair up (an unclosed block would otherwise end the page or leak).

    Parameters
    ----------
    text : str
        A guide page.
    name : str, default ""
        The page's name, for messages.

    Returns
    -------
    str
        The page without its lecturer-only blocks.

    Examples
    --------

    >>> student_page("Frage?\\n\\n<!-- nur-lehrende -->\\nAntwort.\\n<!-- /nur-lehrende -->\\n\\nNächste Frage?\\n")
    'Frage?\\n\\nNächste Frage?\\n'
    """
    return _split_page(text, name)[0]


_ASSETS = (".png", ".jpg", ".jpeg", ".svg", ".gif")


def guide_pages(edition: str, root: str | Path | None = None) -> dict[str, str]:
    """The guide's pages in an edition: path relative to ``root`` (the checkout) -> the page's text.

    ``"lecturer"``: every Markdown page and notebook under the guide folders (``docs/``) as it is;
    ``"student"``: only :data:`STUDENT_PAGES`, without their lecturer-only blocks (a notebook among them as
    :func:`student_notebook`, in JSON). README files and folders starting with ``.`` or ``_`` are left out.

    Parameters
    ----------
    edition : str
        ``"student"`` or ``"lecturer"``.
    root : str or Path, optional
        The checkout; this one by default.

    Returns
    -------
    dict of str to str
        Relative path -> text.
    """
    import json

    import nbformat

    if edition not in ("student", "lecturer"):
        raise SettingError(f"edition must be 'student' or 'lecturer', not {edition!r}", code="errors.choice", name="edition",
                           value=edition, allowed="student, lecturer")
    root = Path(root) if root is not None else _ROOT
    pages: dict[str, str] = {}
    for folder in GUIDE_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.suffix not in (".md", ".ipynb") or path.name.lower() == "readme.md" or any(
                    part.startswith((".", "_")) for part in path.relative_to(base).parts):
                continue
            text = path.read_text(encoding="utf-8")
            if edition == "lecturer":
                pages[rel] = text
            elif rel in STUDENT_PAGES:
                if path.suffix == ".ipynb":
                    nb = student_notebook(nbformat.reads(text, as_version=4), name=rel)
                    pages[rel] = json.dumps(nb, ensure_ascii=False, indent=1) + "\n"
                else:
                    pages[rel] = student_page(text, rel)
    return pages


def guide_assets(edition: str, root: str | Path | None = None) -> list[str]:
    """Pictures of the guide in an edition (paths relative to ``root``): all of them for the lecturer; for
    students only those a student page names.

    Parameters
    ----------
    edition : str
        ``"student"`` or ``"lecturer"``.
    root : str or Path, optional
        The checkout; this one by default.

    Returns
    -------
    list of str
        Relative paths.
    """
    root = Path(root) if root is not None else _ROOT
    found = sorted(p.relative_to(root).as_posix() for folder in GUIDE_FOLDERS if (root / folder).is_dir()
                   for p in (root / folder).rglob("*") if p.is_file() and p.suffix.lower() in _ASSETS)
    if edition == "lecturer":
        return found
    pages = guide_pages("student", root)
    named = set()
    for rel, text in pages.items():
        for target in re.findall(r"[\w./-]+\.(?:png|jpe?g|svg|gif)", text, flags=re.I):
            named.add(os.path.normpath(os.path.join(os.path.dirname(rel), target)).replace(os.sep, "/"))
    return [a for a in found if a in named]


def _write_guide(edition: str, out: Path, root: Path) -> int:
    pages = guide_pages(edition, root)
    for rel, text in pages.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    for rel in guide_assets(edition, root):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / rel, out / rel)
    return len(pages)


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
                  guide: str | Path | None = _ROOT) -> Edition:
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
                raise ui.error(EditionError, code="editions.leak", lang="de", notebook=str(rel), line=leaks[0])
            target = stage / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(released, target)
        for extra in source.rglob("*"):  # pictures and data files beside the notebooks
            rel = extra.relative_to(source)
            if extra.is_file() and extra.suffix != ".ipynb" and ".ipynb_checkpoints" not in rel.parts:
                (stage / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(extra, stage / rel)
        if guide is not None:
            edition.pages = _write_guide("student", stage, Path(guide))
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(stage, out)
    return edition


def build_lecturer(source: str | Path | None = None, out: str | Path | None = None, *,
                   guide: str | Path | None = _ROOT) -> Edition:
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
    """
    import nbformat

    source = Path(source) if source is not None else _ROOT / "notebooks"
    out = Path(out) if out is not None else _ROOT / "build" / "lecturer"
    edition = Edition(out)
    for path in _notebooks(source):
        edition.notebooks.append(mark_notebook(nbformat.read(path, as_version=4), str(path.relative_to(source))))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    if guide is not None:
        edition.pages = _write_guide("lecturer", out, Path(guide))
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
    out = Path(args.out) if args.out else _ROOT / "build"
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
