"""Background for the models: Altimeter's definitions, neighbouring models, and the design principles table.

* :func:`definitions_frame` - what a social business is, in Altimeter's terms (``data/background.yaml``);
* :func:`neighbours_frame` - other models a user might pick instead, for a short comparison;
* :func:`design_principles_frame` - Pöppelbuß and Röglinger's nine design principles (DP1.1-3.3) and where the
  kit meets each and where it does not (``data/design_principles.yaml``; the judgement is the kit's reading).

Every frame comes with headers in the language asked for (words from ``data/ui.yaml``).

>>> from socialbiz_kit.background import design_principles_frame
>>> dp = design_principles_frame(lang="de")
>>> dp.columns.tolist()
['DP', 'Prinzip', 'Was es verlangt', 'Wo das Kit es erfüllt', 'Wo nicht', 'Einschätzung des Kits']
>>> dp["DP"].tolist()
['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '3.1', '3.2', '3.3']
>>> dp.loc[7, "Einschätzung des Kits"]
'teilweise'
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import ui
from ._cache import by_file
from ._compat import keyword_lang
from ._data import data_dir
from ._lang import check_lang
from ._yaml import Checker, Text, read_yaml, unique
from .errors import BackgroundFileError
from .literature import cite, load_literature

__all__ = ["BackgroundFileError", "Definition", "Neighbour", "Principle", "load_background", "load_design_principles",
           "definitions_frame", "neighbours_frame", "design_principles_frame", "design_principles_markdown",
           "STATUSES", "KINDS"]

STATUSES = ("met", "partly", "not")
KINDS = ("stages", "stages_with_checklist", "self_rating", "organisational_forms")
GROUPS = ("basic", "descriptive", "prescriptive")


@dataclass(frozen=True)
class Definition:
    id: str
    term: Text
    text: Text
    origin: str
    source: str


@dataclass(frozen=True)
class Neighbour:
    id: str
    by: str
    year: int
    name: Text
    kind: str
    stages: tuple[str, ...]
    comparison: Text


@dataclass(frozen=True)
class Principle:
    id: str
    group: str
    name: Text
    asks: Text
    meets: Text
    misses: Text
    status: str


class _Check(Checker):
    error = BackgroundFileError

    def choice(self, allowed: tuple[str, ...]):
        def run(value: Any, key: str) -> str:
            value = self.string(value, key)
            if value not in allowed:
                self.fail(key, f"must be one of {', '.join(allowed)}, got {value!r}", code="explain.not_allowed", value=value,
                          allowed=", ".join(allowed))
            return value
        return run

    def literature_id(self, value: Any, key: str) -> str:
        value = self.identifier(value, key)
        if value not in load_literature():
            self.fail(key, f"no literature entry {value!r} in data/literature.yaml", code="explain.unknown_source",
                      value=value)
        return value

    def definition(self, value: Any, key: str) -> Definition:
        return Definition(**self.mapping(value, key, {"id": self.identifier, "term": self.text, "text": self.text,
                                                      "origin": self.choice(("source",)),
                                                      "source": self.literature_id}, {}))

    def neighbour(self, value: Any, key: str) -> Neighbour:
        return Neighbour(**self.mapping(value, key, {
            "id": self.identifier, "by": self.string, "year": self.integer, "name": self.text,
            "kind": self.choice(KINDS), "stages": self.seq(self.string, min_len=2), "comparison": self.text}, {}))

    def principle(self, value: Any, key: str) -> Principle:
        return Principle(**self.mapping(value, key, {
            "id": self.string, "group": self.choice(GROUPS), "name": self.text, "asks": self.text,
            "meets": self.text, "misses": self.text, "status": self.choice(STATUSES)}, {}))


@by_file
def _background(path: str) -> tuple[tuple[Definition, ...], tuple[Neighbour, ...]]:
    p = Path(path)
    c = _Check(p)
    f = c.mapping(read_yaml(p, BackgroundFileError, needs="schema_version, definitions and neighbours"), "",
                  {"schema_version": c.integer, "definitions": c.seq(c.definition, min_len=1),
                   "neighbours": c.seq(c.neighbour, min_len=1)}, {})
    if f["schema_version"] != 1:
        c.fail("schema_version", "this kit reads schema version 1 only", code="explain.schema_version")
    unique(c, [d.id for d in f["definitions"]], "definitions", "id")
    unique(c, [n.id for n in f["neighbours"]], "neighbours", "id")
    return f["definitions"], f["neighbours"]


@by_file
def _principles(path: str) -> tuple[str, tuple[Principle, ...]]:
    p = Path(path)
    c = _Check(p)
    f = c.mapping(read_yaml(p, BackgroundFileError, needs="schema_version, source and principles"), "",
                  {"schema_version": c.integer, "source": c.literature_id, "principles": c.seq(c.principle, min_len=1)},
                  {})
    if f["schema_version"] != 1:
        c.fail("schema_version", "this kit reads schema version 1 only", code="explain.schema_version")
    ids = [d.id for d in f["principles"]]
    unique(c, ids, "principles", "id")
    expected = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "3.1", "3.2", "3.3"]
    if ids != expected:
        c.fail("principles", f"expected the nine principles {', '.join(expected)} in order, got {', '.join(ids)}",
               code="explain.principles", want=", ".join(expected), got=", ".join(ids))
    return f["source"], f["principles"]


def load_background(path: str | Path | None = None) -> tuple[tuple[Definition, ...], tuple[Neighbour, ...]]:
    """The definitions and the neighbouring models of ``data/background.yaml``.

    Parameters
    ----------
    path : str or Path, optional
        A file of your own; ``data/background.yaml`` by default.

    Returns
    -------
    tuple
        The definitions and the neighbouring models, each a tuple of frozen dataclasses.

    Raises
    ------
    BackgroundFileError
        If the file is missing, unreadable, not valid YAML or breaks the background schema.
    """
    return _background(str(path or data_dir() / "background.yaml"))


def load_design_principles(path: str | Path | None = None) -> tuple[str, tuple[Principle, ...]]:
    """The literature id of the design principles and the nine principles of ``data/design_principles.yaml``.

    Parameters
    ----------
    path : str or Path, optional
        A file of your own; ``data/design_principles.yaml`` by default.

    Returns
    -------
    tuple of (str, tuple of Principle)
        The literature id of the principles and the nine principles in order.

    Raises
    ------
    BackgroundFileError
        If the file is missing, unreadable, not valid YAML or breaks the schema of the design principles.
    """
    return _principles(str(path or data_dir() / "design_principles.yaml"))


def _frame(rows: list[dict], section: str, lang: str):
    import pandas as pd

    words = ui.words(section, lang=lang)
    frame = pd.DataFrame(rows)
    return frame.rename(columns={k: words[k] for k in frame.columns})


@keyword_lang("lang")
def definitions_frame(*, lang: str = "de"):
    """Altimeter's definitions: term, definition (in the kit's words), source (short citation).

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per definition, headers in ``lang``.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    NotFoundError
        If a literature key is not in the bibliography.
    """
    check_lang(lang)
    defs, _ = load_background()
    return _frame([{"term": d.term.get(lang), "text": d.text.get(lang), "source": cite(d.source, lang=lang)} for d in defs],
                  "background_columns", lang)


@keyword_lang("lang")
def neighbours_frame(*, lang: str = "de"):
    """Neighbouring models: name, by whom and when, kind, stages (original names), and a short comparison
    (the kit's reading).

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per neighbouring model, headers in ``lang``.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    check_lang(lang)
    _, neighbours = load_background()
    kinds = ui.words("background_kinds", lang=lang)
    return _frame([{"model": n.name.get(lang), "by": n.by, "year": n.year, "kind": kinds[n.kind],
                    "stages": " → ".join(n.stages), "comparison": n.comparison.get(lang)} for n in neighbours],
                  "background_columns", lang)


@keyword_lang("lang")
def design_principles_frame(*, lang: str = "de"):
    """The nine design principles (Pöppelbuß & Röglinger, 2011) with where the kit meets each and where not.

    Columns (German): ``DP``, ``Prinzip``, ``Was es verlangt``, ``Wo das Kit es erfüllt``, ``Wo nicht``,
    ``Einschätzung des Kits`` (erfüllt / teilweise / nicht erfüllt) - the last three are the kit's reading.

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per principle, headers in ``lang``.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    check_lang(lang)
    _, principles = load_design_principles()
    status = ui.words("dp_status", lang=lang)
    return _frame([{"dp": p.id, "name": p.name.get(lang), "asks": p.asks.get(lang), "meets": p.meets.get(lang),
                    "misses": p.misses.get(lang), "status": status[p.status]} for p in principles],
                  "dp_columns", lang)


@keyword_lang("lang")
def design_principles_markdown(*, lang: str = "de") -> str:
    """The design principles as the Markdown table that notebook 00 shows (DP, principle, the kit's judgement,
    where it meets it, where not); a test keeps the notebook's table equal to this one.

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        A Markdown table, one row per principle.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    frame = design_principles_frame(lang=lang)
    cols = [frame.columns[i] for i in (0, 1, 5, 3, 4)]
    rows = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    rows += ["| " + " | ".join(str(r[c]).replace("|", "\\|") for c in cols) + " |" for _, r in frame.iterrows()]
    return "\n".join(rows)
