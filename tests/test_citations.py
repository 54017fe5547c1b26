"""One source per fact: every hand-typed citation in the notebooks, the lecturer's guide and the README is what
``socialbiz_kit.literature`` renders from ``data/literature.yaml`` (APA 7; German forms in German text).

Scanned: the Markdown cells of ``notebooks/*.ipynb`` and ``docs/leitfaden/*.md`` (German), ``README.md`` (English);
code spans, code blocks and block quotes (an exercise may quote a faulty citation on purpose) are left out.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from socialbiz_kit import literature
from socialbiz_kit.literature import cite, load_literature, render

ROOT = Path(__file__).resolve().parents[1]
YEAR = r"(?:\d{4}[a-z]?|o\. J\.(?:-[a-z])?|n\.d\.(?:-[a-z])?)"
# a reference-list entry: authors (or a title) ending in "." or ")", then the date in brackets and a full stop
REFERENCE = re.compile(r"^(?:- )?\S.{0,400}?[.)\]] \(" + YEAR + r"(?:, [^)]{1,30})?\)\.(?: |$)")
PARENTHETICAL = re.compile(r"\(([^()]*?, " + YEAR + r"(?:; [^()]*?, " + YEAR + r")*)\)")
NAME = r"(?:[A-ZÄÖÜ][\w'’\-/]*|ISO/IEC)"
NARRATIVE = re.compile(r"((?:" + NAME + r" )*" + NAME + r"(?: (?:&|und|and) " + NAME + r"| u\. a\.| et al\.)?) \((" + YEAR + r")\)")
PREFIX = re.compile(r"^(?:vgl\.|siehe|see|etwa|e\.g\.,|z\. B\.|Quelle:|Source:)\s+")


def _texts() -> list[tuple[str, str, str]]:
    """(where, language, text) for every scanned piece of text."""
    out = []
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        out += [(f"{nb.name} cell {i}", "de", "".join(c["source"])) for i, c in enumerate(cells)
                if c["cell_type"] == "markdown"]
    out += [(str(p.relative_to(ROOT)), "de", p.read_text(encoding="utf-8"))
            for p in sorted((ROOT / "docs" / "leitfaden").glob("*.md"))]
    out.append(("README.md", "en", (ROOT / "README.md").read_text(encoding="utf-8")))
    return out


def _clean(text: str) -> str:
    text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.M | re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def _blocks(text: str) -> list[str]:
    """Paragraphs and list items, each joined into one line."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if not line.strip():
            blocks.append([])
        elif re.match(r"^\s*(?:[-*]|\d+\.) ", line) or not blocks or line.startswith(("|", "#")):
            blocks.append([line.strip()])
        else:
            blocks[-1].append(line.strip())
    return [" ".join(b) for b in blocks if b]


@cache
def _rendered(lang: str) -> frozenset[str]:
    return frozenset(render(i, lang=lang) for i in load_literature())


@cache
def _cited(lang: str, narrative: bool) -> frozenset[str]:
    return frozenset(cite(i, lang=lang, narrative=narrative) for i in load_literature())


def _references(text: str) -> list[str]:
    return [re.sub(r"^- ", "", b) for b in _blocks(text) if REFERENCE.match(b)]


def _problems(where: str, lang: str, text: str) -> list[str]:
    text = _clean(text)
    problems = []
    refs = _references(text)
    for ref in refs:
        if ref not in _rendered(lang):
            problems.append(f"{where}: reference not rendered from data/literature.yaml: {ref[:100]!r}")
    body = "\n".join(b for b in _blocks(text) if re.sub(r"^- ", "", b) not in refs)
    for m in PARENTHETICAL.finditer(body):
        for part in m.group(1).split("; "):
            part = PREFIX.sub("", part.strip())
            if not re.match(r"^[A-ZÄÖÜ„“\"\[]", part):
                continue
            if part not in _cited(lang, False):
                problems.append(f"{where}: citation ({part}) is not one that data/literature.yaml gives")
    for m in NARRATIVE.finditer(body):
        words = m.group(1).split(" ")
        # leading words may be given names ("Jake McKee (2010)"), but "Li & Solis (2013)" is not "Solis (2013)"
        forms = {" ".join(words[k:]) + f" ({m.group(2)})" for k in range(len(words))
                 if k == 0 or words[k - 1] not in ("&", "und", "and")}
        if not forms & _cited(lang, True):
            problems.append(f"{where}: citation {m.group(0)!r} is not one that data/literature.yaml gives")
    if re.search(r"[A-ZÄÖÜ][\w'’\-]* u\. a\.(?:,| \()", body):
        problems.append(f"{where}: APA 7 writes 'et al.' in German text too, not 'u. a.'")
    return problems


def test_every_hand_typed_citation_agrees_with_the_literature_file():
    problems = [p for where, lang, text in _texts() for p in _problems(where, lang, text)]
    assert not problems, "\n".join(problems)


def test_the_scanner_finds_what_it_should():
    bad = ("Altimeter (Li et al., 2013) sagt das. Li & Solis (2013) sagen das auch.\n\n"
           "- Li, C., Solis, B., Webber, A., & Szymanski, J. (2013). *The evolution of social business*. Altimeter Group.\n"
           "- Ant's Eye View (Jake McKee, Christopher Carfi) (2010). *The Social Engagement Journey*.\n\n"
           "> Church of the Customer (2010). Quoted on purpose.\n\n`Li et al. (2013)` in code")
    found = _problems("x", "de", bad)
    assert any("(Li et al., 2013)" in p for p in found)
    assert any("not 'u. a.'" in p for p in _problems("x", "de", "Wie Becker u. a. (2009) zeigen."))
    assert any("'Li & Solis (2013)'" in p for p in found)  # narrative German form is "Li und Solis (2013)"
    assert any("Webber" in p for p in found) and any("Carfi" in p for p in found)
    assert not any("Quoted" in p or "in code" in p for p in found)
    good = (f"Wie Altimeter ({cite('li_solis_2013')}) und {cite('mckee_2010', narrative=True)} zeigen; "
            f"siehe auch Jake {cite('mckee_2010', narrative=True)} und ({cite('huba_2010')}; {cite('mckee_2010')}).\n\n"
            f"- {render('becker_et_al_2009')}\n- {render('summary_cotc_de')}")
    assert _problems("x", "de", good) == []
    assert _problems("x", "en", f"See ({cite('becker_et_al_2009', lang='en')}).\n\n- {render('owasp_samm', lang='en')}") == []


def test_german_and_english_in_text_forms():
    assert cite("li_solis_2013", lang="de") == "Li & Solis, 2013"
    assert cite("li_solis_2013", lang="de", narrative=True) == "Li und Solis (2013)"
    assert cite("li_solis_2013", lang="en", narrative=True) == "Li and Solis (2013)"
    assert cite("becker_et_al_2009", lang="de") == "Becker et al., 2009"  # APA 7 and its German adaptation
    assert cite("becker_et_al_2009", lang="en", narrative=True) == "Becker et al. (2009)"
    assert cite("summary_altimeter_de", lang="de", narrative=True) == "„Von Social Media zum Social Business“ (o. J.)"


def test_same_authors_and_year_get_letters(tmp_path, monkeypatch):
    path = tmp_path / "literature.yaml"
    path.write_text(
        "schema_version: 1\nentries:\n"
        "  - {id: b, type: report, authors: ['Li, Charlene', 'Solis, Brian'], year: 2013, title: The seven success factors}\n"
        "  - {id: a, type: report, authors: ['Li, Charlene', 'Solis, Brian'], year: 2013, title: The evolution of social business}\n"
        "  - {id: c, type: report, authors: ['Solis, Brian'], year: 2013, title: Another}\n", encoding="utf-8")
    monkeypatch.setattr(literature, "_path", lambda: path)
    assert cite("a") == "Li & Solis, 2013a" and cite("b") == "Li & Solis, 2013b" and cite("c") == "Solis, 2013"
    assert render("b", fmt="text").startswith("Li, C., & Solis, B. (2013b). The seven")


def test_report_numbers_and_journal_volumes_follow_apa():
    assert render("cmmi_2010", lang="en", fmt="text") == (
        "CMMI Product Team. (2010). CMMI for development, version 1.3 (CMU/SEI-2010-TR-033). "
        "Software Engineering Institute, Carnegie Mellon University.")
    assert "*Business & Information Systems Engineering, 1*(3), 213–222." in render("becker_et_al_2009", lang="de")


@pytest.mark.parametrize("name", ["Carfi"])
def test_no_person_outside_the_sources_is_named_as_an_author(name):
    hits = [where for where, _, text in _texts() if name in text]
    assert not hits, f"{name} is in none of the kit's sources but named in {hits}"
