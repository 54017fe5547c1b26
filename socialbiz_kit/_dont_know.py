"""The column ``dont_know`` of an answer file (a room of :mod:`socialbiz_kit.responses`).

It lists the statements answered "weiß nicht / keine Angabe" ("don't know / no answer"): their ids, separated by a
space (``planning_1 presence_2``), as the self-check page, the notebook widget and
:meth:`~socialbiz_kit.session.Session.answers_frame` write it; ``;`` or ``,`` between the ids is read as well. The
answer cells of these statements stay empty, so they count as not answered and every score is the same with or without
the column; a reader that ignores the column loses nothing else. An id that is not a statement of the model is refused
(``answers.dont_know_item``, naming file, row and column). An id whose cell holds an answer is dropped (the answer
counts), and so is one of a statement changed since the row's older ``model_version`` (it was asked otherwise then).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ._answer_table import Reporter
    from .models import Model

__all__ = ["DONT_KNOW_COLUMN", "dont_know_ids", "read_dont_know"]

DONT_KNOW_COLUMN = "dont_know"
_SPLIT = re.compile(r"[\s;,]+")


def dont_know_ids(value) -> list[str]:
    """The ids written in one cell of the column ``dont_know`` (none for an empty cell).

    Examples
    --------
    >>> dont_know_ids("planning_1 presence_2"), dont_know_ids(" planning_1; presence_2 "), dont_know_ids(None)
    (['planning_1', 'presence_2'], ['planning_1', 'presence_2'], [])
    """
    if value is None or value != value:  # None or NaN: an empty cell
        return []
    return [part for part in _SPLIT.split(str(value)) if part]


def read_dont_know(frame: pd.DataFrame, rows: list[int], answers: pd.DataFrame, model: Model, rep: Reporter,
                   changed: dict[str, tuple[str, tuple[str, ...]]]) -> pd.DataFrame:
    """``answers`` with the column ``dont_know`` checked against the file (``frame``, ``rows``) and kept as the ids
    of the statements still open, space-separated in the model's order (missing when there are none).

    ``changed`` maps an assessment of an earlier version to ``(version, statements changed since)``.
    """
    items = set(model.item_ids)
    named: dict[str, set[str]] = {}  # per assessment, from every row: the long layout may name them on any
    for r, a, value in zip(rows, frame["assessment"], frame[DONT_KNOW_COLUMN]):
        for item in dont_know_ids(value):
            if item not in items:
                rep.fail(code="answers.dont_know_item", row=r, column=DONT_KNOW_COLUMN, item=item, model=model.id)
            named.setdefault(str(a).strip(), set()).add(item)
    answers = answers.copy()
    kept = []
    for a in answers.index:
        gone = set(changed.get(a, ("", ()))[1])
        open_ = [i for i in model.item_ids
                 if i in named.get(a, ()) and i not in gone and answers.at[a, i] != answers.at[a, i]]
        kept.append(" ".join(open_) or None)
    answers[DONT_KNOW_COLUMN] = kept
    return answers
