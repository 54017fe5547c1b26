"""Times live in one data file (``data/course.yaml``): the notebook headers, the README and the lecturer's guide show
exactly its values; notebook 00 shows the design-principles table of ``data/design_principles.yaml``."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from socialbiz_kit import course
from socialbiz_kit.background import design_principles_markdown
from socialbiz_kit.course import CourseFileError, duration, exercise_times, heading_time, load_course, parts_table, prompt_times

ROOT = Path(__file__).resolve().parents[1]
PLANS = load_course()
GUIDE = ROOT / "docs" / "leitfaden"


def _markdown_cells(plan) -> list[str]:
    cells = json.loads((ROOT / "notebooks" / plan.file).read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def test_every_notebook_has_a_plan():
    assert sorted(p.file for p in PLANS.values()) == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert all(plan.file.startswith(nid + "_") for nid, plan in PLANS.items())
    assert course.session_minutes() == 90


@pytest.mark.parametrize("nid", sorted(PLANS))
def test_the_header_shows_the_times_of_the_data_file(nid):
    plan = PLANS[nid]
    cells = _markdown_cells(plan)
    header = next(c for c in cells if "**Dauer:**" in c)
    shown = re.search(r"\*\*Dauer:\*\* (.*?)(?= ·|\n\n|$)", header, flags=re.S).group(1).replace("\n", " ")
    assert shown == duration(plan)
    tables = [c for c in cells if re.search(r"^\| (Teil|Abschnitt) \| (Minuten|Zeit) \|", c, flags=re.M)]
    for cell in tables:  # a notebook that shows its parts shows the data file's parts
        assert parts_table(plan) in cell


@pytest.mark.parametrize("nid", sorted(PLANS))
def test_exercise_labels_and_minutes_match_the_data_file(nid):
    plan = PLANS[nid]
    text = "\n".join(_markdown_cells(plan))
    labels = re.findall(r"^(?:### Übung (\w+)\b|\*\*Übung (\w+)[ .])", text, flags=re.M)
    found = sorted({a or b for a, b in labels})
    assert found == sorted(e.label for e in plan.exercises)
    for label, minutes in re.findall(r"^### Übung (\w+)\b.*?(\d+) Minuten", text, flags=re.M):
        assert int(minutes) == plan.exercise(label).minutes, f"{plan.file}: Übung {label}"


PROMPT = re.compile(r"^\*\*Denkanstoß (\w+) \(ohne Code · Lernziel (\d+) · (\d+) Minuten\)\.\*\* \S", flags=re.M)


@pytest.mark.parametrize("nid", sorted(PLANS))
def test_prompts_carry_goal_and_the_minutes_of_the_data_file(nid):
    """A Denkanstoß is headed like an exercise: "**Denkanstoß N (ohne Code · Lernziel K · M Minuten).**"."""
    plan = PLANS[nid]
    text = "\n".join(_markdown_cells(plan))
    every = re.findall(r"^\*\*Denkanstoß\b[^*]*\*\*", text, flags=re.M)
    headed = PROMPT.findall(text)
    assert len(headed) == len(every), f"{plan.file}: a Denkanstoß without goal and minutes: {every}"
    assert [label for label, _, _ in headed] == [p.label for p in plan.prompts]
    for label, _goal, minutes in headed:
        assert int(minutes) == plan.prompt(label).minutes, f"{plan.file}: Denkanstoß {label}"


def test_readme_shows_the_times_of_the_data_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for plan in PLANS.values():
        row = re.search(r"^\| `" + re.escape(plan.file.removesuffix(".ipynb")) + r"` \|.*\| ([^|]+) \|$", readme, re.M)
        assert row, plan.file
        assert row.group(1) == duration(plan, lang="en")


def test_the_guide_shows_the_times_of_the_data_file():
    notes = (GUIDE / "notebooks.md").read_text(encoding="utf-8")
    for nid, plan in PLANS.items():
        assert f"## {nid} · {plan.title} ({heading_time(plan)})" in notes
        if plan.parts:
            assert parts_table(plan) in notes
        if plan.exercises:
            assert f"**Zeiten der Übungen:** {exercise_times(plan)}\n" in notes
        if plan.prompts:
            assert f"**Zeiten der Denkanstöße:** {prompt_times(plan)}\n" in notes
    plan_md = (GUIDE / "semesterplan.md").read_text(encoding="utf-8")
    for nid, minutes in re.findall(r"Notebook (\d\d)\b[^|(]*\((\d+) Min\.\)", plan_md):
        plan = PLANS[nid]
        assert int(minutes) == plan.minutes // plan.sessions, f"Notebook {nid} ({minutes} Min.)"
    for nid, plan in PLANS.items():
        weeks = re.findall(r"^\| \d+ \|[^\n]*Notebook " + nid + r"\b[^|(]*\(\d+ Min\.\)", plan_md, flags=re.M)
        assert len(weeks) == plan.sessions, f"Notebook {nid} fills {plan.sessions} session(s), the plan has {len(weeks)}"
    for old in ("45 Min.", "2 × 90 Minuten empfohlen", "60 + 15"):
        assert old not in plan_md + notes


def test_notebook_00_shows_the_design_principles_of_the_data_file():
    cells = _markdown_cells(PLANS["00"])
    intro = cells.index(next(c for c in cells if c.startswith("## Was macht ein Reifegradmodell nützlich?")))
    cell = next(c for c in cells if c.startswith("### Wie weit das Kit die Prinzipien erfüllt"))
    assert design_principles_markdown(lang="de") in cell
    assert "entsteht noch" not in cell and "noch nicht |" not in cell
    # the table comes after exercise 4, whose answer it would otherwise give away
    assert cells.index(cell) > next(i for i, c in enumerate(cells) if c.startswith("### Übung 4")) > intro


def test_sums_are_checked_when_the_file_is_read(tmp_path):
    def write(parts, exercises, minutes=20, code=0):
        path = tmp_path / f"course{len(list(tmp_path.iterdir()))}.yaml"
        path.write_text(json.dumps({"schema_version": 1, "session_minutes": 90, "notebooks": [
            {"id": "00", "file": "00_x.ipynb", "title": "X", "sessions": 1, "minutes": minutes, "code_minutes": code,
             "requires": [], "parts": parts, "exercises": exercises}]}), encoding="utf-8")
        return path

    ok = write([{"name": "a", "minutes": 20, "exercises": ["1"]}], [{"label": "1", "minutes": 10, "track": "no_code"}])
    assert load_course(ok)["00"].exercise("1").minutes == 10
    with pytest.raises(CourseFileError, match=r"notebooks\[0\]\.parts: the parts add up to 15 minutes"):
        load_course(write([{"name": "a", "minutes": 15, "exercises": ["1"]}], [{"label": "1", "minutes": 10, "track": "no_code"}]))
    with pytest.raises(CourseFileError, match=r"cannot hold its exercises' 30"):
        load_course(write([{"name": "a", "minutes": 20, "exercises": ["1"]}], [{"label": "1", "minutes": 30, "track": "no_code"}]))
    with pytest.raises(CourseFileError, match=r"belongs to exactly one part"):
        load_course(write([{"name": "a", "minutes": 20}], [{"label": "1", "minutes": 10, "track": "no_code"}]))
    with pytest.raises(CourseFileError, match=r"code_minutes: the code exercises add up to 10 minutes, not 15"):
        load_course(write([{"name": "a", "minutes": 20}], [{"label": "2", "minutes": 10, "track": "code"}], code=15))
    def with_prompt(minutes, placed):  # one Denkanstoß beside exercise 1 (10 minutes) in a part of 20 minutes
        raw = json.loads(ok.read_text(encoding="utf-8"))
        raw["notebooks"][0]["prompts"] = [{"label": "1", "minutes": minutes}]
        raw["notebooks"][0]["parts"][0]["prompts"] = ["1"] if placed else []
        path = tmp_path / f"prompts{minutes}{placed}.yaml"
        path.write_text(json.dumps(raw), encoding="utf-8")
        return path

    assert load_course(with_prompt(10, True))["00"].prompt("1").minutes == 10
    with pytest.raises(CourseFileError, match=r"every Denkanstoß belongs to exactly one part"):
        load_course(with_prompt(10, False))
    with pytest.raises(CourseFileError, match=r"20 minutes cannot hold its exercises' 25"):
        load_course(with_prompt(15, True))
    with pytest.raises(CourseFileError, match=r"do not fit into 1 session"):
        load_course(write([{"name": "a", "minutes": 100}], [], minutes=100))
