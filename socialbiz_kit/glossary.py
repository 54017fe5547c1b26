"""The kit's vocabulary (``data/glossary.yaml``): one term per concept, German and English, and words to avoid.

:func:`find_avoided` checks a German text against the words to avoid and says what to write instead;
:func:`data_texts` collects the learner-facing German texts of the bundled data (the glossary test runs one
over the other, and other tests add notebook outputs, the widget and the report).

>>> from socialbiz_kit.glossary import find_avoided, term
>>> term("stage").de, term("statement").de, term("roadmap").de
('Stufe', 'Aussage', 'Fahrplan')
>>> [(f.term, f.found, f.use) for f in find_avoided("Die dritte Etappe der Reise")]
[('stage', 'Etappe', 'Stufe')]
>>> find_avoided("Fragen der Kundschaft werden beantwortet.")
[]
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._cache import by_file, frozen
from ._compat import keyword_lang
from ._data import data_dir
from ._lang import check_lang
from ._yaml import Checker, Text, read_yaml, unique
from .errors import GlossaryFileError, NotFoundError

__all__ = ["GlossaryFileError", "Term", "Avoid", "Finding", "load_glossary", "term", "find_avoided", "prose", "data_texts",
           "glossary_frame"]


@dataclass(frozen=True)
class Avoid:
    pattern: re.Pattern
    use: str


@dataclass(frozen=True)
class Term:
    id: str
    de: str
    en: str
    avoid: tuple[Avoid, ...] = ()
    definition: Text | None = None


@dataclass(frozen=True)
class Finding:
    """A word to avoid found in a text: which term, what was found, what to write instead, and where."""

    term: str
    found: str
    use: str
    where: str = ""
    context: str = ""


class _Check(Checker):
    error = GlossaryFileError

    def avoid(self, value: Any, key: str) -> Avoid:
        f = self.mapping(value, key, {"text": self.string, "use": self.string}, {})
        try:
            pattern = re.compile(f["text"])
        except re.error as exc:
            self.fail(f"{key}.text", f"not a valid regular expression ({exc})", code="explain.bad_pattern", detail=str(exc))
        return Avoid(pattern=pattern, use=f["use"])

    def term(self, value: Any, key: str) -> Term:
        f = self.mapping(value, key, {"id": self.identifier, "de": self.string, "en": self.string,
                                      "avoid": self.seq(self.avoid)}, {"definition": self.text})
        return Term(**f)


@by_file
def _load(path: str) -> Mapping[str, Term]:
    p = Path(path)
    c = _Check(p)
    f = c.mapping(read_yaml(p, GlossaryFileError, needs="schema_version and terms"), "",
                  {"schema_version": c.integer, "terms": c.seq(c.term, min_len=1)}, {})
    if f["schema_version"] != 1:
        c.fail("schema_version", "this kit reads schema version 1 only", code="explain.schema_version")
    unique(c, [t.id for t in f["terms"]], "terms", "id")
    unique(c, [t.de for t in f["terms"]], "terms", "German term")
    return frozen({t.id: t for t in f["terms"]})


def load_glossary(path: str | Path | None = None) -> Mapping[str, Term]:
    """Every term by id (``data/glossary.yaml`` unless ``path`` is given).

    Parameters
    ----------
    path : str or Path, optional
        A file of your own; the bundled file by default. An edited file is read again.

    Returns
    -------
    Mapping of str to Term
        Read-only: term id -> term.

    Raises
    ------
    GlossaryFileError
        If the file is missing, unreadable, not valid YAML or breaks the glossary schema.
    """
    return _load(str(path or data_dir() / "glossary.yaml"))


def term(ident: str) -> Term:
    """One term by id; ``KeyError`` naming the known ids otherwise.

    Parameters
    ----------
    ident : str
        A term's id.

    Returns
    -------
    Term
        The term.

    Raises
    ------
    NotFoundError
        If the term is not in the glossary.
    """
    terms = load_glossary()
    if ident not in terms:
        raise NotFoundError(f"no glossary term {ident!r}; known: {', '.join(sorted(terms))}", code="errors.no_term",
                            name=ident)
    return terms[ident]


def find_avoided(text: str, *, where: str = "", glossary: Mapping[str, Term] | None = None) -> list[Finding]:
    """Every word to avoid in one German text, with what to write instead.

    Parameters
    ----------
    text : str
        A German text.
    where : str, default ""
        Where the text is, for the findings.
    glossary : Mapping, optional
        The terms; the bundled glossary by default.

    Returns
    -------
    list of Finding
        One finding per word to avoid, with what to write instead.
    """
    out = []
    for t in (glossary or load_glossary()).values():
        for a in t.avoid:
            for m in a.pattern.finditer(text):
                lo, hi = max(m.start() - 30, 0), min(m.end() + 30, len(text))
                out.append(Finding(term=t.id, found=m.group(0), use=a.use, where=where, context=text[lo:hi]))
    return out


# What German prose in Markdown may contain without being the kit's own words: code, quotations (blockquotes and
# text in „…“ or "…"), titles and other software's labels (set in italics), link targets and comments.
_NOT_PROSE = [
    (r"```.*?```", re.S), (r"`[^`\n]*`", 0), (r"<!--.*?-->", re.S), (r"^[ \t]*>.*$", re.M), (r"„[^“\n]*(?:\n[^“\n]+)*“", 0),
    (r'"[^"\n]*"', 0), (r"(?<![*\w])\*(?!\*)[^*\n]+(?:\n[^*\n]+)*\*(?!\*)", 0), (r"\]\([^)]*\)", 0),
    (r"^[ \t]*(?:[-*+]|\d+\.)[ \t]+", re.M),
]


def prose(markdown: str) -> str:
    r"""The kit's own running text in a Markdown text, on one line: without code, quotations, italic titles and
    labels, link targets, comments and list markers.

    Parameters
    ----------
    markdown : str
        A Markdown text (a notebook cell, a page of the guide).

    Returns
    -------
    str
        What the glossary check reads.

    Examples
    --------
    >>> prose('Die Stufe - hier „Etappe“ genannt - in *Richtlinien zur Manuskriptgestaltung*:\n- `Bewertung`')
    'Die Stufe - hier genannt - in :'
    """
    for pattern, flags in _NOT_PROSE:
        markdown = re.sub(pattern, " ", markdown, flags=flags)
    return " ".join(markdown.split())


def _yaml_texts(node: Any, key: str, lang: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "stems":
                continue  # word stems for counting, not text
            sub = f"{key}.{k}" if key else str(k)
            if k == lang and isinstance(v, str):
                yield sub, v
            elif k == lang and isinstance(v, dict):  # plural forms
                for form, text in v.items():
                    if isinstance(text, str):
                        yield f"{sub}.{form}", text
            else:
                yield from _yaml_texts(v, sub, lang)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _yaml_texts(v, f"{key}[{i}]", lang)


@keyword_lang("lang", "folder")
def data_texts(*, lang: str = "de", folder: str | Path | None = None) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every learner-facing text in ``lang`` in the data folder: every ``{de, en}`` text of
    every YAML file (the glossary itself excepted) and every ``*_de`` / ``*_en`` column of the CSV files.

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    folder : str or Path, optional
        The data folder; the kit's own by default.

    Yields
    ------
    iterator of (str, str)
        Where and what, text by text.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    import yaml

    check_lang(lang)
    root = Path(folder) if folder else data_dir()
    for path in sorted(root.rglob("*.yaml")):
        if path.name == "glossary.yaml":
            continue
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, text in _yaml_texts(raw, "", lang):
            yield f"{path.relative_to(root)}: {key}", text
    for path in sorted(root.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row_no, row in enumerate(csv.DictReader(fh), start=2):
                for col, text in row.items():
                    if col and col.endswith(f"_{lang}") and text:
                        yield f"{path.relative_to(root)}: row {row_no}, {col}", text


@keyword_lang("lang")
def glossary_frame(*, lang: str = "de"):
    """The glossary as a table for learners: term, the other language's term, definition, words to avoid.

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per term, headers in ``lang``.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    import pandas as pd

    from . import ui

    check_lang(lang)
    other = "en" if lang == "de" else "de"
    rows = [{"term": getattr(t, lang), "other": getattr(t, other),
             "definition": t.definition.get(lang) if t.definition else "",
             "avoid": ", ".join(a.use for a in t.avoid) and ", ".join(
                 re.sub(r"\\b|\(\?<?[!=][^)]*\)|[\\^$]", "", a.pattern.pattern) for a in t.avoid)}
            for t in load_glossary().values()]
    frame = pd.DataFrame(rows)
    return frame.rename(columns=ui.words("glossary_columns", lang=lang))
