"""The tests' own search for lecturer material in what students get (tests/test_editions.py, tests/site).

Independent of socialbiz_kit.editions, which builds the editions: the texts come straight from the sources.

- What must not reach students (:func:`lecturer_texts`): every cell tagged ``solution``, ``answer`` or ``tests``
  in the committed notebooks (of a solution with ``### BEGIN SOLUTION`` markers only the marked part), with the
  outputs of such cells; every guide page under ``docs/`` that is not a student page, whole; and on a student page
  every block between ``<!-- nur-lehrende -->`` and ``<!-- /nur-lehrende -->``.
- How it is searched (:class:`Search`): texts and files are reduced to their words (HTML tags, entities and JSON
  escapes undone, lower case), and a text counts as found when a run of consecutive words of it (8, or all of
  a shorter text of at least 5 words) appears in a file. Runs that students may read anyway (the rest of the
  notebooks and their outputs, the student pages, the kit's own package, data and README) do not count.
- What must not be promised (:func:`promises`): a sentence that names a model solution, model answer or
  Erwartungshorizont must say that it is in the lecturer edition (or that it is not there).
"""
from __future__ import annotations

import html
import json
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = 8  # words in a row that make a match
SHORTEST = 5  # a text of fewer words is not searched (too common to mean anything)
HIDDEN = {"solution", "answer", "tests"}
_BLOCK = re.compile(r"<!--\s*nur-lehrende\s*-->(.*?)<!--\s*/nur-lehrende\s*-->", re.S)
_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\[nrt\"/\\]")
_WORD = re.compile(r"\w+")
TEXT_SUFFIXES = (".html", ".htm", ".js", ".mjs", ".json", ".ipynb", ".md", ".txt", ".css", ".yaml", ".yml", ".py",
                 ".csv", ".xml", ".svg", ".map", "")


def words(text: str) -> list[str]:
    """The words of a text as a reader sees them, whether it is Markdown, HTML, JSON or code."""
    text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else " ", text)
    text = _TAG.sub(" ", html.unescape(text))
    return _WORD.findall(text.lower())


def _runs(ws: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(ws[i:i + size]) for i in range(len(ws) - size + 1)}


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _outputs(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        for value in [out.get("text", "")] + [v for k, v in out.get("data", {}).items() if k.startswith("text/")]:
            parts.append("".join(value) if isinstance(value, list) else str(value))
    return "\n".join(parts)


def notebooks(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in (root / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def guide_files(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in (root / "docs").rglob("*") if p.suffix in (".md", ".ipynb")
                  and not any(part.startswith((".", "_")) for part in p.relative_to(root / "docs").parts))


def lecturer_texts(student_pages: Iterable[str], root: Path = ROOT) -> dict[str, str]:
    """Label -> text of everything that is the lecturer's alone (``student_pages``: paths relative to ``root``)."""
    student_pages = set(student_pages)
    found = {}
    for path in notebooks(root):
        rel = path.relative_to(root).as_posix()
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"], start=1):
            tags = set(cell.get("metadata", {}).get("tags", []))
            if not tags & HIDDEN:
                continue
            src = _source(cell)
            if "### BEGIN SOLUTION" in src:
                src = "\n".join(re.findall(r"### BEGIN SOLUTION(.*?)### END SOLUTION", src, flags=re.S))
            found[f"{rel}, Zelle {i} ({', '.join(sorted(tags & HIDDEN))})"] = src
            if _outputs(cell).strip():
                found[f"{rel}, Zelle {i}, Ausgabe"] = _outputs(cell)
    for path in guide_files(root):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel not in student_pages:
            found[f"{rel} (Seite für Lehrende)"] = text
        else:
            for n, block in enumerate(_BLOCK.findall(text), start=1):
                found[f"{rel}, Block {n} für Lehrende"] = block
    return found


def public_texts(student_pages: Iterable[str], root: Path = ROOT) -> list[str]:
    """What students may read anyway: untagged and exercise cells with their outputs, the student pages without
    their lecturer blocks, the kit's package, data and README (a student who installs the kit has them), and
    each statement of the bundled models after its id (as tables and the self-check page show them)."""
    from socialbiz_kit import models

    texts = [(root / "README.md").read_text(encoding="utf-8")]
    for name in models.list_models():
        texts += [f"{item.id} {item.text.de}\n{item.id} {item.text.en}" for item in models.load_model(name).items]
    for path in notebooks(root):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if not set(cell.get("metadata", {}).get("tags", [])) & HIDDEN:
                texts += [_source(cell), _outputs(cell)]
    for rel in student_pages:
        texts.append(_BLOCK.sub(" ", (root / rel).read_text(encoding="utf-8")))
    for folder in ("socialbiz_kit", "data"):
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted((root / folder).rglob("*"))
                  if p.is_file() and p.suffix in (".py", ".yaml", ".csv", ".txt", ".md", ".json", ".js", ".j2")]
    return texts


class Search:
    """The word runs of each lecturer text, less those students may read anyway; :meth:`scan` finds them."""

    def __init__(self, texts: dict[str, str], public: Iterable[str]):
        self.sizes: set[int] = set()
        self.needles: dict[str, set[tuple[str, ...]]] = {}
        self.too_short: list[str] = []
        wanted: dict[str, tuple[list[str], int]] = {}
        for label, text in texts.items():
            ws = words(text)
            if len(ws) < SHORTEST:
                self.too_short.append(label)
                continue
            wanted[label] = (ws, min(RUN, len(ws)))
            self.sizes.add(min(RUN, len(ws)))
        seen: dict[int, set[tuple[str, ...]]] = {n: set() for n in self.sizes}
        for text in public:
            ws = words(text)
            for n in self.sizes:
                seen[n] |= _runs(ws, n)
        for label, (ws, n) in wanted.items():
            self.needles[label] = _runs(ws, n) - seen[n]
        self._owner = {run: label for label, runs in self.needles.items() for run in runs}

    def scan_text(self, text: str) -> dict[str, str]:
        """Label -> the first run of that lecturer text found in ``text``."""
        ws = words(text)
        hits: dict[str, str] = {}
        for n in self.sizes:
            for i in range(len(ws) - n + 1):
                label = self._owner.get(tuple(ws[i:i + n]))
                if label is not None and label not in hits:
                    hits[label] = " ".join(ws[i:i + n])
        return hits

    def scan(self, folder: Path, skip: Iterable[Path] = ()) -> dict[str, tuple[str, str]]:
        """Label -> (file, words) for every lecturer text found in a file under ``folder``; inside .zip and .whl
        archives every text member is read. ``skip``: files not to read (upstream files checked elsewhere)."""
        skip = {p.resolve() for p in skip}
        hits: dict[str, tuple[str, str]] = {}
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.resolve() in skip:
                continue
            rel = path.relative_to(folder).as_posix()
            if path.suffix in (".zip", ".whl"):
                with zipfile.ZipFile(path) as z:
                    for name in z.namelist():
                        if Path(name).suffix in TEXT_SUFFIXES and not name.endswith("/"):
                            for label, run in self.scan_text(z.read(name).decode("utf-8", "replace")).items():
                                hits.setdefault(label, (f"{rel}!{name}", run))
            elif path.suffix in TEXT_SUFFIXES:
                for label, run in self.scan_text(path.read_text(encoding="utf-8", errors="replace")).items():
                    hits.setdefault(label, (rel, run))
        return hits


# A sentence that names a model solution, a model answer or an Erwartungshorizont ("bis zur Lösung" of a customer's
# request is not one) ...
SOLUTION_WORDS = re.compile(r"Musterlösung|Musterantwort|Erwartungshorizont|Lösungsskizze|(?<!zur )\bLösung(en)?\b")
# ... is honest in the student edition only when it says where they are, or that they are not there.
WHERE_OR_NOT = re.compile(r"Lehrende|\bohne\b|\bnicht\b|\bkein", re.I)
STUBS = ("# Ihre Lösung hier", "*Ihre Antwort hier.*", "Ihre Lösung hier", "Ihre Antwort hier.")


def promises(text: str) -> list[str]:
    """The sentences of a student's text (Markdown or HTML) that name a solution without saying that it is in the
    lecturer edition (or absent)."""
    text = _TAG.sub(" ", html.unescape(text))
    for stub in STUBS:
        text = text.replace(stub, " ")
    found = []
    for sentence in re.split(r"(?<=[.!?;:])\s+|\n\s*\n|\|", text):
        sentence = " ".join(sentence.split())
        if SOLUTION_WORDS.search(sentence) and not WHERE_OR_NOT.search(sentence):
            found.append(sentence)
    return found


def student_texts(folder: Path) -> dict[str, str]:
    """File (relative) -> the prose a student reads in it: Markdown cells of notebooks, Markdown pages, HTML."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            found[rel] = "\n\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")
        elif path.suffix in (".md", ".html"):
            found[rel] = path.read_text(encoding="utf-8")
    return found
