"""The words of a scoring result (private; :mod:`~socialbiz_kit.scoring` re-exports both): the stage names of a model
and a result's ``stage_name`` column. The numbers stay as :func:`~socialbiz_kit.scoring.score` made them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import ui
from ._compat import keyword_lang
from ._frames import labels_column
from ._lang import check_lang
from .models import Model, load_model

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["stage_names", "label"]


@keyword_lang("lang")
def stage_names(model: Model | str, *, lang: str = "de") -> dict[int, str]:
    """Stage number -> display name in ``lang``, with 0 for "no stage reached".

    Parameters
    ----------
    model : Model or str
    lang : {"de", "en"}

    Returns
    -------
    dict of int to str

    >>> stage_names("altimeter", lang="de")[0]
    'keine Stufe erreicht'

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    model = load_model(model)
    names = {0: ui.text("common.no_stage", lang=check_lang(lang))}
    names.update({s.number: s.name.get(lang) for s in model.stages})
    return names


@keyword_lang("lang")
def label(result: pd.DataFrame, model: Model | str, *, lang: str = "de") -> pd.DataFrame:
    """A copy of a :func:`score` result with the column ``stage_name`` (after ``stage_id``) in ``lang``.

    Words only: every number is left as it is.

    Parameters
    ----------
    result : DataFrame
        A :func:`score` result (at least the column ``stage``).
    model : Model or str
    lang : {"de", "en"}

    Returns
    -------
    DataFrame
        The result with ``stage_name``; an existing ``stage_name`` is replaced.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    import pandas as pd

    model = load_model(model)
    names = stage_names(model, lang=lang)
    labels = np.array([names[0]] + [names[s.number] for s in model.stages], dtype=object)
    codes = result["stage"].to_numpy()
    out = result.copy()
    if "stage_name" in out.columns:
        out = out.drop(columns="stage_name")
    at = list(out.columns).index("stage_id") + 1 if "stage_id" in out.columns else 1
    out.insert(at, "stage_name", pd.Series(labels_column(codes, labels), index=out.index))
    return out
