"""Answers as 0/1 data for the scale checks (part of :mod:`socialbiz_kit.cohort`, which re-exports both names): a stage
or an item is met when its fulfilment is at least the threshold.
"""
from __future__ import annotations

import numpy as np

from ._checks import DEFAULT_THRESHOLD, is_met
from .models import Model, load_model

__all__ = ["stages_met", "items_met"]


def stages_met(answers, model: Model | str, *, threshold: float = DEFAULT_THRESHOLD, drop_unknown: bool = True):
    """0/1 per scored stage (columns = stage numbers): the stage's fulfilment is at least ``threshold``.

    Rows with an unknown stage are dropped (``drop_unknown=True``) or kept with NaN.

    Parameters
    ----------
    answers : DataFrame
        Answers, one row per assessment and one column per item id, as :func:`~socialbiz_kit.responses.read_responses`
        returns them.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    drop_unknown : bool, default True
        Drop rows with an unknown stage (else keep them with NaN).

    Returns
    -------
    DataFrame
        0/1 per scored stage (columns: stage numbers).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If no column is an item of the model, or an answer is not a number or is off the model's scale.
    """
    from .scoring import stage_fulfilment

    model = load_model(model)
    numbers = [s.number for s in model.scored_stages]
    f = stage_fulfilment(answers, model)[numbers]
    met = is_met(f, threshold).astype(float).where(f.notna())
    return met.dropna().astype(int) if drop_unknown else met


def items_met(answers, model: Model | str, *, threshold: float = DEFAULT_THRESHOLD, drop_unknown: bool = True):
    """0/1 per item: the answer's fulfilment is at least ``threshold``; rows with a missing answer dropped.

    Parameters
    ----------
    answers : DataFrame
        Answers, one row per assessment and one column per item id, as :func:`~socialbiz_kit.responses.read_responses`
        returns them.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    drop_unknown : bool, default True
        Drop rows with a missing answer (else keep them with NaN).

    Returns
    -------
    DataFrame
        0/1 per item (columns: item ids).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If no column is an item of the model, or an answer is not a number or is off the model's scale.
    """
    import pandas as pd

    from .scoring import item_fulfilment, item_matrix

    model = load_model(model)
    fulfil = item_fulfilment(item_matrix(answers, model), model)
    met = np.where(np.isnan(fulfil), np.nan, is_met(fulfil, threshold).astype(float))
    out = pd.DataFrame(met, index=answers.index, columns=list(model.item_ids))
    return out.dropna().astype(int) if drop_unknown else out
