"""The known name a misspelt one most likely means: the "Meinten Sie „planning_1“?" of the messages about an
unknown column or statement in an answer file (private).

A name is compared by its *key*: Unicode NFC, lower-cased, every run of white space, ``_``, ``-`` and ``.`` made one
``_`` and trimmed ("Planung 1", "planung_1" and "PLANUNG-1" have one key). The names it may mean are the model's
statement ids, their short labels in German and English ("Planung 1" means ``planning_1``), the optional columns
and the note columns (:func:`near_choices`); the closest key is chosen by :func:`difflib.get_close_matches` (one
match, cutoff 0.6). A name longer than 100 characters gets no suggestion. A file without the id column
``assessment`` is answered with the column that most likely means it (:func:`near_id`: "Assesment", "assesment"); a
file that would be in the long layout but names ``item`` or ``answer`` otherwise with the column named otherwise
(:func:`near_long`: "itme", "Aussage", "Antwort").

The seminar page and the self-check page ask the same in ``static/near.js``: they build the lists of
:func:`near_choices` from the model they carry and port the matching (``difflib.SequenceMatcher.ratio``); a parity
test in Chromium keeps the lists and the answers equal.

>>> from socialbiz_kit.models import load_model
>>> choices = near_choices(load_model("altimeter"))
>>> nearest("planing_1", choices["wide"]), nearest("Planung 1", choices["wide"]), nearest("xyz", choices["wide"])
('planning_1', 'planning_1', None)
>>> near_id(["Assesment ", "planning_1"], ["planning_1"]), near_id(["assesor", "planning_1"], ["planning_1"])
('Assesment ', None)
>>> near_long(["assessment", "Aussage", "Antwort"], ["planning_1"]), near_long(["assessment", "itme", "answer"], [])
(('Aussage', 'item'), ('itme', 'item'))
"""
from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Collection, Iterable
from typing import Any

from ._casenames import case_key
from .models import Model, item_labels

__all__ = ["CUTOFF", "LONGEST", "ID", "ALIASES", "near_key", "near_choices", "nearest", "near_id", "near_long"]

CUTOFF = 0.6   # difflib.get_close_matches' own default
LONGEST = 100  # longer names (in characters) get no suggestion
META = ("organisation", "assessor", "date", "model", "model_version", "note", "dont_know")  # responses.META_COLUMNS
ID = "assessment"  # responses.ID
LONG = (ID, "item", "answer")
# what a file may call the long layout's statement and answer columns in German or English (near_long only)
ALIASES = (("Aussage", "item"), ("Aussagen", "item"), ("statement", "item"),
           ("Antwort", "answer"), ("Antworten", "answer"), ("Wert", "answer"))
_SEP = re.compile(r"[ _.-]+")  # after case_key, every white space is one space


def near_key(name: Any) -> str:
    """The form by which names are compared: the case key (:func:`~socialbiz_kit._casenames.case_key`: NFC, white
    space collapsed, lower-cased) with every run of spaces, ``_``, ``-`` and ``.`` made one ``_``, trimmed of ``_``."""
    return _SEP.sub("_", case_key(name)).strip("_")


def _pairs(names: list[tuple[str, str]]) -> list[list[str]]:
    """[[key, name meant], ...]: the first name of each key, in the order given."""
    out: dict[str, str] = {}
    for spelling, meant in names:
        out.setdefault(near_key(spelling), meant)
    return [[k, v] for k, v in out.items() if k]


_LONG = _pairs([(m, m) for m in LONG + META])  # the columns of the long layout: the same for every model
_NAMED = _LONG + _pairs(list(ALIASES))  # and the names of ALIASES (no key in common with _LONG's)


@functools.lru_cache(maxsize=16)
def _choices(model: Model) -> dict[str, list[list[str]]]:
    ids = [(i, i) for i in model.item_ids]
    labels = [(label, i) for lang in ("de", "en") for i, label in item_labels(model, lang=lang).items()]
    metas = [(m, m) for m in META]
    notes = [(f"note:{i}", f"note:{i}") for i in model.item_ids]
    return {"wide": _pairs(ids + metas + notes + labels), "long": _LONG, "item": _pairs(ids + labels)}


def near_choices(model: Model) -> dict[str, list[list[str]]]:
    """What an unknown name may mean, by where it stands: ``wide`` (a column of the wide layout: a statement id or
    its short label, an optional column, a note column), ``long`` (a column of the long layout) and ``item`` (a
    statement named in the ``item`` column of the long layout).

    Parameters
    ----------
    model : Model
        The model answered.

    Returns
    -------
    dict
        For each of ``wide``, ``long`` and ``item`` the pairs ``[key, name meant]`` (:func:`near_key`), one per key,
        the first one given.
    """
    return _choices(model)


def nearest(name: Any, choices: list[list[str]]) -> str | None:
    """The name ``name`` most likely means, or None when none is close enough.

    Parameters
    ----------
    name : str
        The unknown name as written.
    choices : list of [str, str]
        The pairs ``[key, name meant]`` of :func:`near_choices`.

    Returns
    -------
    str or None
        The name meant of the key closest to ``name``'s (:func:`difflib.get_close_matches`, cutoff
        :data:`CUTOFF`); None when there is none, or ``name`` is longer than :data:`LONGEST` characters.
    """
    if len(str(name)) > LONGEST:
        return None
    meant = dict((k, v) for k, v in choices)
    found = difflib.get_close_matches(near_key(name), list(meant), n=1, cutoff=CUTOFF)
    return meant[found[0]] if found else None


def near_id(columns: Iterable[Any], items: Collection[str]) -> Any | None:
    """The column of a file without the id column ``assessment`` that most likely means it, or None.

    Parameters
    ----------
    columns : iterable of str
        The file's columns, in their order.
    items : collection of str
        The statement ids of the model answered: never taken for the id column.

    Returns
    -------
    str or None
        The first column that is no statement id and whose :func:`nearest` among the columns of the long layout
        and the optional columns (the ``long`` list of :func:`near_choices`) is ``assessment``; None when there is
        none (a column closer to another known column, such as "assesor" to ``assessor``, is that column's).
    """
    for column in columns:
        if column not in items and nearest(column, _LONG) == ID:
            return column
    return None


def near_long(columns: Iterable[Any], items: Collection[str]) -> tuple[Any, str] | None:
    """The column of a file in the long layout but for its name, and the name it means (``item`` or ``answer``).

    Parameters
    ----------
    columns : iterable of str
        The file's columns, in their order (the reader asks only when ``assessment`` is one of them and ``item``
        and ``answer`` are not both).
    items : collection of str
        The statement ids of every model the file may answer: a file with one of them as a column is in the wide
        layout, never taken for the long one.

    Returns
    -------
    (str, str) or None
        The first column other than ``assessment``, ``item`` and ``answer`` whose :func:`nearest` among the columns
        of the long layout, the optional columns and :data:`ALIASES` ("Aussage", "Antwort", ...) is ``item`` or
        ``answer``, and that name; None when a column is a statement id, or ``item`` or ``answer`` is neither a
        column nor meant by one.
    """
    columns = list(columns)
    if any(column in items for column in columns):
        return None
    near: list[tuple[Any, str]] = []
    for column in columns:
        meant = nearest(column, _NAMED) if column not in LONG else None
        if meant is not None and meant in ("item", "answer"):
            near.append((column, meant))
    if near and {"item", "answer"} <= set(columns) | {m for _, m in near}:
        return near[0]
    return None
