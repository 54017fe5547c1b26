"""Answers written under an earlier version of a model's statements (a room of :mod:`socialbiz_kit.responses`).

The kit's writers record the instrument's version in the column ``model_version``. When a file was written under an
earlier version, the answers to the statements reworded or added since (:meth:`~socialbiz_kit.models.Model.changed_since`)
do not count: they are read as not answered, the row's version becomes the model's, and an
:class:`~socialbiz_kit.errors.OlderAnswersWarning` names the file, the version and the statements. The file itself is
never touched. A version no chain of changes leads from (a later one, or one the model does not know) is refused; one
a spreadsheet changed (``3,3``, ``03. Mrz``) is refused with words of its own (``answers.version_mangled``).
"""
from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from . import ui
from .errors import OlderAnswersWarning
from .models import item_labels

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ._answer_table import Reporter
    from .models import Model

__all__ = ["VERSION", "older_rows", "forget_changed"]

VERSION = "model_version"
"""The column that records the version of the statements a row was answered under."""

# A version a spreadsheet changed: read as a number and written with a decimal comma ("3,3"), or read as a date
# ("03. Mrz", "03.03.2026", "2026-03-03", a day number such as 46084); class.js's MANGLED mirrors them.
_COMMA = re.compile(r"^[0-9]+,[0-9]+$")
_DATE = re.compile(r"^[0-9]{1,2}\. ?[0-9]{1,2}\.([0-9]{2,4})?$|^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$|^[0-9]{5}$"
                   r"|(?:^|[^a-zäöü])(?:jan|feb|mär|mrz|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)", re.IGNORECASE)


def mangled(version: str) -> bool:
    """Whether ``version`` is a version number a spreadsheet changed (a decimal comma, or a date).

    Examples
    --------
    >>> [mangled(v) for v in ("3,3", "03. Mrz", "03.03.2026", "3.3", "9.9")]
    [True, True, True, False, False]
    """
    return bool(_COMMA.match(version) or (_DATE.search(version) and re.search("[0-9]", version)))


def older_rows(frame: pd.DataFrame, rows: list[int], model: Model, rep: Reporter) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The assessments answered under an earlier version: ``{assessment: (version, items changed since)}``.

    Refuses (``answers.version_unknown``) a version no chain of the model's changes leads from.
    """
    import pandas as pd

    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for r, a, value in zip(rows, frame["assessment"], frame[VERSION]):
        if value is None or pd.isna(value) or not str(value).strip() or str(value).strip() == model.version:
            continue
        version = str(value).strip()
        changed = model.changed_since(version)
        if changed is None and mangled(version):
            rep.fail(code="answers.version_mangled", row=r, column=VERSION, version=version, current=model.version,
                     expected=version.replace(",", ".") if _COMMA.match(version) else model.version)
        if changed is None:
            rep.fail(code="answers.version_unknown", row=r, column=VERSION, version=version, current=model.version,
                     model=model.id)
        out.setdefault(str(a).strip(), (version, changed))
    return out


def forget_changed(answers: pd.DataFrame, older: dict[str, tuple[str, tuple[str, ...]]], model: Model, *,
                   file: str, lang: str) -> pd.DataFrame:
    """``answers`` with the changed statements of the ``older`` assessments not answered, and a warning per version."""
    answers = answers.copy()
    by_version: dict[str, list[str]] = {}
    for a, (version, changed) in older.items():
        answers.loc[a, list(changed)] = np.nan
        answers.loc[a, VERSION] = model.version
        by_version.setdefault(version, []).append(a)
    for version, ids in by_version.items():
        labels = item_labels(model, lang=lang)
        changed = older[ids[0]][1]
        params: dict[str, Any] = dict(file=file, count=len(ids), version=version, current=model.version,
                                      items=", ".join(labels[i] for i in changed))
        warnings.warn(OlderAnswersWarning(ui.text("answers.older_version", lang=lang, **params),
                                          code="answers.older_version", **params), stacklevel=4)
    return answers
