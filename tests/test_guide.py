"""The lecturer's guide (docs/leitfaden) is one a lecturer can plan with: every relative link and every reference to a
notebook, an exercise, a section, a cell or a file of the kit resolves, and the weeks follow the teaching order."""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from socialbiz_kit.course import load_course

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "leitfaden"
PAGES = sorted(GUIDE.glob("*.md"))
FOLDERS = ("data", "docs", "notebooks", "socialbiz_kit", "tests", "tools", "binder", "site", "benchmarks")


def _slug(heading: str) -> str:
    """The anchor of a heading as MyST and GitHub write it."""
    text = re.sub(r"[*_`]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@cache
def _anchors(path: Path) -> frozenset[str]:
    body = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return frozenset(_slug(h) for h in re.findall(r"^#{1,6} (.+)$", body, flags=re.M))


@cache
def _notebook(number: str) -> dict:
    found = sorted((ROOT / "notebooks").glob(f"{number}_*.ipynb"))
    assert found, f"no notebook {number}"
    return json.loads(found[0].read_text(encoding="utf-8"))


def _notebook_text(number: str) -> str:
    return "\n".join("".join(c["source"]) for c in _notebook(number)["cells"] if c["cell_type"] == "markdown")


def _prose(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_resolves(page):
    for target in re.findall(r"\]\(([^)\s]+)\)", _prose(page)):
        if re.match(r"^[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        path = (page.parent / file).resolve() if file else page
        assert path.exists(), f"{page.name}: link to {target} - no such file"
        if anchor:
            assert anchor in _anchors(path), f"{page.name}: link to {target} - no such heading in {path.name}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_notebook_exercise_section_and_cell_named_exists(page):
    text = re.sub(r"\s+", " ", _prose(page))
    for group in re.findall(r"Notebooks? ((?:\d\d(?:, | und | bis )?)+)", text):
        for number in re.findall(r"\d\d", group):
            _notebook(number)
    for label, number in re.findall(r"Übung (\w+) in Notebook (\d\d)", text):
        assert re.search(rf"^(?:### Übung {label}\b|\*\*Übung {label}[ .])", _notebook_text(number), flags=re.M), \
            f"{page.name}: Notebook {number} has no Übung {label}"
    for number, first, last in re.findall(r"Notebook (\d\d), Abschnitte? (\d+)(?: bis (\d+))?", text):
        headings = {int(n) for n in re.findall(r"^## (\d+) ·", _notebook_text(number), flags=re.M)}
        for section in range(int(first), int(last or first) + 1):
            assert section in headings, f"{page.name}: Notebook {number} has no section {section}"
    # "der Lernpfad in Notebook 00": what the guide says a notebook contains, the notebook contains
    for noun, number in re.findall(r"\b([A-ZÄÖÜ][a-zäöüß]{3,}) (?:in|von|aus) Notebook (\d\d)\b", text):
        if noun not in ("Übung", "Abschnitt", "Abschnitte", "Zelle"):
            assert noun[:-2].lower() in _notebook_text(number).lower(), f"{page.name}: Notebook {number} has no {noun}"
    for number, cell in re.findall(r"Notebook (\d\d),? Zelle (\d+)", text):
        assert int(cell) < len(_notebook(number)["cells"]), f"{page.name}: Notebook {number} has no cell {cell}"
    assert not re.search(r"Zelle \d+", re.sub(r"Notebook \d\d,? Zelle \d+", "", text)), \
        f"{page.name}: a cell is named without its notebook"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_file_of_the_kit_named_exists(page):
    for path in re.findall(r"`([^`\s]+)`", page.read_text(encoding="utf-8")):
        path = path.rstrip("/")
        if path.split("/")[0] not in FOLDERS or "<" in path or "*" in path:
            continue
        assert (ROOT / path).exists(), f"{page.name}: {path} does not exist"


def test_weeks_follow_the_teaching_order():
    rows = re.findall(r"^\| (\d+) \| ([^|]+) \| ([^|]+) \|", (GUIDE / "semesterplan.md").read_text(encoding="utf-8"),
                      flags=re.M)
    weeks = [int(w) for w, _, _ in rows]
    assert weeks == list(range(1, 15))
    first: dict[str, int] = {}
    for week, _, material in rows:
        for number in re.findall(r"Notebook (\d\d)", material):
            first.setdefault(number, int(week))
    plans = load_course()
    for number, plan in plans.items():
        if plan.sessions:
            assert number in first, f"Notebook {number} has no week"
            for need in plan.requires:
                assert first[need] < first[number], f"Notebook {number} (week {first[number]}) needs {need} first"
    cases = next(int(w) for w, _, m in rows if "fallstudien.md" in m)
    # the cases use both models and the gated rule (case 3: Best Buy and the rule)
    assert cases > max(first["02"], first["04"])


def test_one_template_for_the_evidence_table():
    """Notebook 04 (exercise 5) and the case studies page give students the same evidence table, strength included,
    so that a table begun in the notebook carries the column that the portfolio grades."""
    header = re.compile(r"^\| Aussage \(Kennung\) \| Antwort \(0–4 oder \?\) \|.*\|$", flags=re.M)
    in_notebook = header.findall(_notebook_text("04"))
    in_guide = header.findall((GUIDE / "fallstudien.md").read_text(encoding="utf-8"))
    assert in_notebook and in_guide
    assert set(in_notebook) == set(in_guide)
    assert "| Stärke (direkt, indirekt, Hinweis) |" in in_guide[0]
