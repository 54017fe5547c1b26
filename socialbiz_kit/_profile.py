"""The fulfilment columns of a score result, by name and as a long table (a room of :mod:`socialbiz_kit.scoring`,
which re-exports :func:`fulfilment_columns` and :func:`profile_long`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._core import derived
from ._inputs import need_frame
from .errors import InputDataError
from .models import Model, load_model

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["fulfilment_columns", "profile_long"]


def fulfilment_columns(model: Model | str) -> list[str]:
    """Names of the per-stage fulfilment columns in a result: ``fulfilment_1`` ...

    Parameters
    ----------
    model : Model or str
        A model or the name of a bundled one.

    Returns
    -------
    list of str
        One name per stage, in stage order.

    >>> fulfilment_columns("cotc")
    ['fulfilment_1', 'fulfilment_2', 'fulfilment_3', 'fulfilment_4', 'fulfilment_5']

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    """
    return [f"fulfilment_{n}" for n in derived(load_model(model)).numbers]


def profile_long(result: pd.DataFrame, model: Model | str, *, id_col: str = "assessment") -> pd.DataFrame:
    """The fulfilment columns of a result as a long table (``assessment``, ``stage``, ``fulfilment``) for plots.

    Parameters
    ----------
    result : DataFrame
        A :func:`~socialbiz_kit.scoring.score` result.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    id_col : str, default "assessment"
        Name of the id column.

    Returns
    -------
    DataFrame
        ``assessment``, ``stage``, ``fulfilment``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If ``result`` is not a DataFrame or lacks a fulfilment column of the model (answers instead of a
        :func:`~socialbiz_kit.scoring.score` result, or a result of another model).
    """
    model = load_model(model)
    cols = fulfilment_columns(model)
    need_frame(result, "result")
    missing = [c for c in cols if c not in result.columns]
    if missing:
        raise InputDataError(f"result has no column {missing[0]!r}: pass a score() result for the model {model.id!r}",
                             code="errors.no_fulfilment", column=missing[0], model=model.id)
    long = result[cols].rename_axis(id_col).reset_index().melt(id_vars=id_col, var_name="stage", value_name="fulfilment")
    long["stage"] = long["stage"].str.removeprefix("fulfilment_").astype(int)
    return long
