"""Student and lecturer editions (nbgrader): no solution or model answer is left in the student edition;
``nbgrader autograde`` gives a correct submission full marks and an unchanged one zero.

The real notebooks are built once; the autograde part uses a small fixture notebook made here, because
autograding executes every notebook (a kernel each) and the real ones take minutes.

The sealed editions (issue 24): the student edition, the student site's book sources, JupyterLite notebooks and
landing pages are searched for every solution, model answer, hidden test and lecturer's page (tests/sealing.py).
"""
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import sealing
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from socialbiz_kit.editions import (
    STUDENT_PAGES,
    EditionError,
    build_lecturer,
    build_student,
    find_leaks,
    guide_pages,
    lecturer_blocks,
    mark_notebook,
    student_notebook,
    student_page,
)

pytest.importorskip("nbgrader")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import build_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PRIMER = NOTEBOOKS / "90_python_einstieg.ipynb"
STUB_CODE, STUB_TEXT = "# Ihre Lösung hier", "*Ihre Antwort hier.*"


def _cell(kind, source, *tags):
    make = new_code_cell if kind == "code" else new_markdown_cell
    return make(source, metadata={"tags": list(tags)} if tags else {})


def fixture_notebook():
    """Three exercises: a whole-cell code solution with tests, a discussion with a model answer, and a
    solution with BEGIN/END SOLUTION markers (scaffold kept) and tests worth 2 points."""
    cells = [
        _cell("md", "# Übungsblatt\nEin kleines Blatt für den Test der Studierendenfassung."),
        _cell("code", "import pandas as pd\nerfuellung = pd.Series({'Planung': 0.8, 'Präsenz': 0.5, 'Dialog': 0.9})"),
        _cell("md", "**Übung 1.** Welche Stufen erreichen die Schwelle 0,75? Speichern Sie sie als Liste `erreicht`.",
              "exercise"),
        _cell("code", "erreicht = sorted(erfuellung[erfuellung >= 0.75].index)\nerreicht", "solution"),
        _cell("code", "assert erreicht == ['Dialog', 'Planung']", "tests"),
        _cell("md", "**Übung 2.** Warum ist die höchste erfüllte Stufe nicht immer die erreichte Stufe?", "exercise"),
        _cell("md", "Unter der gestuften Regel zählt eine Stufe erst, wenn alle darunter die Schwelle erreichen; "
                    "ein Sprung über eine offene Lücke hinweg wird nicht belohnt.", "answer"),
        _cell("md", "**Übung 3.** Berechnen Sie den Mittelwert der Erfüllung als `mittel`.", "exercise"),
        _cell("code", "werte = list(erfuellung)\n### BEGIN SOLUTION\nmittel = sum(werte) / len(werte)\n"
                      "### END SOLUTION\nprint(round(mittel, 2))", "solution"),
        _cell("code", "assert abs(mittel - 0.7333) < 1e-3", "tests", "points-2"),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _text(nb):
    return "\n".join("".join(c.source) for c in nb.cells)


def _independent_leaks(lecturer, student):
    """The test's own check (not the module's): every line of a tagged cell's hidden part, longer than
    10 characters, must be absent from the student's notebook (sources and outputs, as JSON) unless the
    lecturer's notebook shows it outside the hidden parts too (an import, a name the exercise mentions)."""
    public = "\n".join(c.source for c in lecturer.cells
                        if not set(c.metadata.get("tags", [])) & {"solution", "answer", "tests"})
    raw = json.dumps(student, ensure_ascii=False)
    found = []
    for c in lecturer.cells:
        tags = set(c.metadata.get("tags", []))
        if not tags & {"solution", "answer", "tests"}:
            continue
        src = c.source
        if "### BEGIN SOLUTION" in src:
            src = src.split("### BEGIN SOLUTION", 1)[1].split("### END SOLUTION", 1)[0]
        for line in src.splitlines():
            line = line.strip()
            if len(line) > 10 and line not in public and json.dumps(line, ensure_ascii=False)[1:-1] in raw:
                found.append(line)
    return found


@pytest.fixture(scope="module")
def real_edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    return build_student(NOTEBOOKS, out / "student"), build_lecturer(NOTEBOOKS, out / "lecturer")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The fixture notebook as a course: source, student edition and the kept nbgrader course directory."""
    root = tmp_path_factory.mktemp("course")
    (root / "src").mkdir()
    nbformat.write(fixture_notebook(), root / "src" / "blatt.ipynb")
    (root / "src" / PRIMER.name).write_bytes(PRIMER.read_bytes())  # a real notebook with hidden tests
    edition = build_student(root / "src", root / "student", course_dir=root / "nbgrader")
    return root, edition


def test_real_notebooks_student_edition_has_no_solution_left(real_edition):
    student, lecturer = real_edition
    names = sorted(p.relative_to(NOTEBOOKS) for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    assert sorted(p.relative_to(student.folder) for p in student.folder.rglob("*.ipynb")) == names
    assert sorted(p.relative_to(lecturer.folder) for p in lecturer.folder.rglob("*.ipynb")) == names
    for rel in names:
        source = nbformat.read(NOTEBOOKS / rel, as_version=4)
        handed_out = nbformat.read(student.folder / rel, as_version=4)
        assert _independent_leaks(source, handed_out) == [], rel
        assert len(handed_out.cells) == len(source.cells), rel
        for src_cell, cell in zip(source.cells, handed_out.cells):
            tags = set(src_cell.metadata.get("tags", []))
            if "solution" in tags or "tests" in tags:
                assert cell.outputs == [], rel
            elif "answer" in tags:
                assert cell.source == STUB_TEXT, rel
            elif src_cell.cell_type == "code":  # everything else is handed out with its outputs
                assert cell.source == src_cell.source and len(cell.outputs) == len(src_cell.outputs), rel
        # the lecturer edition is the committed notebook itself
        assert (lecturer.folder / rel).read_bytes() == (NOTEBOOKS / rel).read_bytes()


def test_fixture_student_edition_stubs_and_hidden_tests(course):
    root, edition = course
    lecturer = fixture_notebook()
    student = nbformat.read(root / "student" / "blatt.ipynb", as_version=4)
    m = next(n for n in edition.notebooks if n.name == "blatt.ipynb")
    assert (m.exercises, m.solutions, m.answers, m.tests, m.points) == (3, 2, 1, 2, 4)
    src = [c.source for c in student.cells]
    assert src[3] == STUB_CODE  # whole cell replaced
    assert src[6] == STUB_TEXT
    assert src[8].startswith("werte = list(erfuellung)") and STUB_CODE in src[8] and "sum(werte)" not in src[8]
    assert "assert" not in src[4] and "assert" not in src[9]  # hidden tests
    assert student.cells[6].metadata["nbgrader"]["grade"] and student.cells[6].metadata["nbgrader"]["solution"]
    assert student.cells[2].metadata["nbgrader"]["locked"]  # the exercise text is read-only
    assert _independent_leaks(lecturer, student) == []
    assert find_leaks(lecturer, student) == []
    # and both checks do find a leak when one is there
    leaky = nbformat.read(root / "student" / "blatt.ipynb", as_version=4)
    leaky.cells[0].source += "\nmittel = sum(werte) / len(werte)"
    assert _independent_leaks(lecturer, leaky) == ["mittel = sum(werte) / len(werte)"]
    assert find_leaks(lecturer, leaky) == ["mittel = sum(werte) / len(werte)"]


def _autograde(course: Path, assignment: str, notebook: str, submissions: dict) -> dict:
    """Submit each notebook of ``submissions`` (student id -> notebook), run ``nbgrader autograde`` once for
    all of them and read the scores from the gradebook."""
    for student_id, nb in submissions.items():
        folder = course / "submitted" / student_id / assignment
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / f"{notebook}.ipynb")
    env = dict(os.environ, JUPYTER_PLATFORM_DIRS="1",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--create", "--force"],
                          cwd=course, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student_id in submissions:
            nb = gb.find_submission_notebook(notebook, assignment, student_id)
            scores[student_id] = {"score": nb.score, "max_score": nb.max_score, "code": nb.code_score,
                                  "max_code": nb.max_code_score, "manual": nb.needs_manual_grade}
    return scores


def _fill_in(student, lecturer):
    """A student who writes the model solutions and answers into the stubs (scaffold kept)."""
    filled = nbformat.from_dict(json.loads(json.dumps(student)))
    for cell, model in zip(filled.cells, lecturer.cells):
        tags = set(model.metadata.get("tags", []))
        if tags & {"solution", "answer"}:
            src = model.source
            if "### BEGIN SOLUTION" in src:
                inner = src.split("### BEGIN SOLUTION", 1)[1].split("### END SOLUTION", 1)[0].strip("\n")
                cell.source = cell.source.replace(STUB_CODE, inner)
            else:
                cell.source = src
    return filled


def test_autograde_full_marks_and_zero(course):
    root, _ = course
    empty = nbformat.read(root / "student" / "blatt.ipynb", as_version=4)
    correct = _fill_in(empty, fixture_notebook())
    assert "sum(werte)" in correct.cells[8].source and correct.cells[8].source.startswith("werte = list")

    scores = _autograde(root / "nbgrader", "blatt", "blatt", {"studi_richtig": correct, "studi_leer": empty})
    full, zero = scores["studi_richtig"], scores["studi_leer"]
    assert full["max_score"] == 4 and full["max_code"] == 3
    assert full["code"] == 3  # every hidden test passes
    assert full["manual"]  # the written answer waits for the lecturer
    assert zero["code"] == 0 and zero["score"] == 0
    assert not zero["manual"]  # an unchanged answer stub scores 0 without manual grading


def test_autograde_the_real_primer(course):
    """The primer's code exercises carry hidden tests: its own model solutions get full marks, the
    unchanged student edition zero."""
    root, _ = course
    empty = nbformat.read(root / "student" / PRIMER.name, as_version=4)
    correct = _fill_in(empty, nbformat.read(PRIMER, as_version=4))
    scores = _autograde(root / "nbgrader", PRIMER.stem, PRIMER.stem, {"richtig": correct, "leer": empty})
    assert scores["richtig"]["max_code"] > 0
    assert scores["richtig"]["code"] == scores["richtig"]["max_code"]
    assert scores["leer"]["code"] == 0 and scores["leer"]["score"] == 0


def test_an_untagged_cell_before_an_answer_is_its_exercise():
    nb = new_notebook(cells=[_cell("md", "Einleitung"), _cell("md", "Übung: Warum?"), _cell("md", "Darum.", "answer"),
                             _cell("md", "Übung 2"), _cell("code", "x = 1", "solution"), _cell("code", "y = 2")])
    marked = mark_notebook(nb, "07_x.ipynb")
    assert (marked.exercises, marked.untagged, marked.answers, marked.solutions) == (2, 2, 1, 1)
    assert nb.cells[1].metadata.nbgrader["grade_id"] == "uebung-1" and nb.cells[1].metadata.nbgrader["locked"]
    assert "nbgrader" not in nb.cells[0].metadata and "nbgrader" not in nb.cells[5].metadata
    assert nb.cells[4].metadata.nbgrader["grade_id"] == "uebung-2-loesung"


@pytest.mark.parametrize("cells, key", [
    ([_cell("md", "Lösung", "solution")], "orphan"),
    ([_cell("md", "A"), _cell("code", "assert True", "tests")], "orphan"),
    ([_cell("md", "A", "exercise"), _cell("md", "x = 1", "solution")], "solution_not_code"),
    ([_cell("md", "A", "exercise"), _cell("code", "x = 1", "answer")], "answer_not_markdown"),
    ([_cell("md", "A", "exercise"), _cell("md", "Zwischentext")], "no_solution"),
    ([_cell("md", "A", "exercise"), _cell("code", "x = 1\n### BEGIN SOLUTION", "solution")], "half_markers"),
    ([_cell("md", "A", "exercise", "answer")], "two_tags"),
])
def test_broken_tags_are_refused_naming_notebook_and_cell(cells, key):
    with pytest.raises(EditionError) as err:
        mark_notebook(new_notebook(cells=cells), "07_x.ipynb")
    assert str(err.value).startswith("07_x.ipynb, Zelle ")
    from socialbiz_kit import ui

    cell = 1 if key == "no_solution" or len(cells) == 1 else len(cells)
    tag = (cells[-1].metadata.get("tags") or ["–"])[0]
    expected = ui.text(f"editions.{key}", lang="de", notebook="07_x.ipynb", cell=cell, tags="exercise, answer", tag=tag)
    assert str(err.value) == expected


# ---------------------------------------------------------------------------------------------- sealed editions
# Issue 24: nothing of the lecturer's reaches students, neither in the student edition nor on the student site.
# The search (tests/sealing.py) takes the texts from the sources, independently of socialbiz_kit.editions.


@pytest.fixture(scope="module")
def sealed(real_edition, tmp_path_factory):
    """Everything both editions hand out, built as `make student` and `make site` would (the site without Sphinx
    and JupyterLite: the book's sources, JupyterLite's notebooks and the landing pages)."""
    student, lecturer = real_edition
    out = tmp_path_factory.mktemp("sealed")
    trees = {"student": [student.folder], "lecturer": [lecturer.folder]}
    for edition in ("student", "lecturer"):
        site = out / f"site-{edition}"
        book = build_site.book_sources(site / "book-src", edition)
        build_site.lite_contents(site / "lite-contents", {}, edition)
        build_site.build_landing(site / "landing", ["altimeter", "cotc"], f"book/{book['guide'][0]}.html",
                                 {"lite": "0", "pyodide": "0", "python": "3", "kit": "0"}, edition=edition)
        trees[edition].append(site)
    return trees


@pytest.fixture(scope="module")
def search():
    return sealing.Search(sealing.lecturer_texts(STUDENT_PAGES), sealing.public_texts(STUDENT_PAGES))


def test_student_notebook_is_what_nbgrader_hands_out(real_edition):
    """The site's student copy (no nbgrader) and `make student` agree cell by cell, outputs included."""
    student, _ = real_edition
    for path in sealing.notebooks():
        released = nbformat.read(student.folder / path.relative_to(NOTEBOOKS), as_version=4)
        ours = student_notebook(nbformat.read(path, as_version=4))
        assert [(c.cell_type, c.source, c.get("outputs")) for c in ours.cells] == \
               [(c.cell_type, c.source, c.get("outputs")) for c in released.cells], path.name


def test_nothing_of_the_lecturers_reaches_students(sealed, search):
    """No solution, model answer, hidden test, Erwartungshorizont, case answer or lecturer's page in any file of the
    student edition, the student book's sources, JupyterLite's notebooks or the landing pages."""
    texts = sealing.lecturer_texts(STUDENT_PAGES)
    assert any(label.startswith("docs/leitfaden/pruefung.md") for label in texts)
    assert sum(" (answer)" in label for label in texts) >= 40 and sum(" (solution)" in label for label in texts) >= 20
    assert sum("Block" in label for label in texts) >= 3       # the case answers in fallstudien.md
    for folder in sealed["student"]:
        assert search.scan(folder) == {}, folder


def test_the_search_finds_every_lecturer_text_in_the_lecturer_edition(sealed, search):
    """The control: each text the search looks for is found where it belongs, so an empty result above means
    something. (A text of fewer than five words, or one students see anyway, cannot be told apart.)"""
    searchable = {label for label, runs in search.needles.items() if runs}
    assert len(searchable) >= 90
    edition, site = sealed["lecturer"]
    found = search.scan(edition)
    assert searchable - set(found) == set()
    book = search.scan(site / "book-src")      # the lecturer's site has all of it too, solutions folded
    assert searchable - set(book) == set()
    assert len(search.too_short) + len(set(search.needles) - searchable) <= 6, search.too_short


def test_the_search_finds_a_leak(sealed, search, tmp_path):
    """A model answer copied into a student's notebook, in the HTML of a page, is found."""
    answer = next(label for label in search.needles if "04_selbstcheck" in label and "(answer)" in label)
    text = sealing.lecturer_texts(STUDENT_PAGES)[answer]
    page = tmp_path / "seite.html"
    page.write_text(f"<p>{html.escape(text)}</p>".replace(" ", " <em></em>", 3), encoding="utf-8")
    assert set(search.scan(tmp_path)) == {answer}


def test_no_text_promises_a_solution_students_do_not_get(sealed):
    """A sentence of the student edition or site that names a model solution or answer says that it is in the
    lecturer edition (or not there): no "Die Lösung steht direkt darunter"."""
    for folder in sealed["student"]:
        for rel, text in sealing.student_texts(folder).items():
            assert sealing.promises(text) == [], (folder.name, rel)
    assert sealing.promises("Zu jeder Übung steht die Lösung direkt darunter.") != []    # the check itself


def test_student_pages_and_what_the_lecturer_keeps():
    """Students get the listed guide pages without the marked blocks; the lecturer gets every page as it is."""
    lecturer, student = guide_pages("lecturer"), guide_pages("student")
    on_disk = {p.relative_to(ROOT).as_posix() for p in sealing.guide_files()}
    assert set(lecturer) == on_disk and set(student) == set(STUDENT_PAGES) <= on_disk
    assert "docs/leitfaden/pruefung.md" not in student and "docs/leitfaden/pruefung.md" in lecturer
    for rel, text in student.items():
        blocks = lecturer_blocks(lecturer[rel], rel)
        assert all(block.strip() and block.strip() not in text for block in blocks), rel
        assert student_page(lecturer[rel], rel) == text
    assert lecturer_blocks(lecturer["docs/leitfaden/fallstudien.md"])  # the case answers are marked


@pytest.mark.parametrize("text, line", [
    ("A\n<!-- nur-lehrende -->\nB\n", 2),                          # never closed
    ("A\n<!-- /nur-lehrende -->\nB\n", 2),                         # closed, never opened
    ("<!-- nur-lehrende -->\nB\n<!-- nur-lehrende -->\nC\n<!-- /nur-lehrende -->\n", 3),  # nested
    ("A <!-- nur-lehrende --> B\n<!-- /nur-lehrende -->\n", 1),    # not on a line of its own
])
def test_broken_lecturer_markers_are_refused(text, line):
    with pytest.raises(EditionError) as err:
        student_page(text, "docs/x.md")
    assert str(err.value).startswith(f"docs/x.md, Zeile {line}:")


def test_the_lecturer_edition_carries_the_whole_guide(real_edition):
    _, lecturer = real_edition
    for path in sealing.guide_files():
        rel = path.relative_to(ROOT)
        assert (lecturer.folder / rel).read_bytes() == path.read_bytes(), rel
    assert lecturer.pages == len(sealing.guide_files())


def test_an_exercise_cell_begins_with_its_title():
    """Text before an exercise's title is handed out with the exercise: the answer to Übung 6 of notebook 04 once
    stood there ("Mit erfülltem Engagement …", tagged exercise, above Übung 7)."""
    title = re.compile(r"(#{1,4} |\*\*(Übung|Denkanstoß|Aufgabe|Frage)\b)")
    for path in sealing.notebooks():
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells, start=1):
            if "exercise" in cell.metadata.get("tags", []):
                assert title.match(cell.source.lstrip()), f"{path.name}, Zelle {i}: {cell.source[:80]!r}"


def _book_tags(tmp_path, cells, edition):
    src, dst = tmp_path / "07_x.ipynb", tmp_path / "book.ipynb"
    nbformat.write(new_notebook(cells=cells), src)
    build_site.prepare_notebook(src, dst, build_site.site_words("de", edition), edition)
    return [c.get("metadata", {}).get("tags", []) for c in json.loads(dst.read_text())["cells"]]


@pytest.mark.parametrize("edition", ["student", "lecturer"])
def test_the_book_folds_code_but_not_where_the_exercise_is_code(tmp_path, edition):
    """The book's copy folds a code cell's input (tag hide-input) except under a heading that says "mit Code" (up to
    the next heading), in a solution cell (the student's field, or the lecturer's folded solution) and in a test."""
    cells = [_cell("md", "# 07 · Ein Blatt\nFür alle."), _cell("code", "x = 1"),
             _cell("md", "### Übung 1 (optional, mit Code · 5 Minuten) · Ändern\nÄndern Sie die Zelle.", "exercise"),
             _cell("code", "y = x + 1", "solution"), _cell("code", "assert y == 2", "tests"),
             _cell("md", "Dazu eine Zelle zum Ausprobieren:"), _cell("code", "z = 3"),
             _cell("md", "## Literatur\n- Eine Quelle."), _cell("code", "w = 4")]
    tags = _book_tags(tmp_path, cells, edition)
    assert [i for i, t in enumerate(tags) if "hide-input" in t] == [1, 8]
    assert "remove-cell" in tags[4] and ("hide-cell" in tags[3]) == (edition == "lecturer")
    # the introduction to Python ("nur für den Code-Weg") folds nothing
    cells[0] = _cell("md", "# 90 · Python\n**Dauer:** 20 Minuten; nur für den Code-Weg")
    assert [t for t in _book_tags(tmp_path, cells, edition) if "hide-input" in t] == []
