"""The deprecated :func:`next_steps` (removed after 2027-06-30; :func:`socialbiz_kit.roadmap.roadmap` replaces it).

Private: :mod:`socialbiz_kit.scoring` re-exports it until then.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import ui
from ._checks import DEFAULT_RULE, is_met, settings_of
from ._compat import deprecated
from ._lang import check_lang
from .errors import InputDataError
from .models import Model, load_model

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["next_steps"]


def next_steps(result: pd.DataFrame, model: Model | str, *, lang: str = "de",
               threshold: float | None = None) -> pd.DataFrame:
    """What each assessed organisation does next (deprecated: use :func:`socialbiz_kit.roadmap.roadmap`).

    Deprecated and removed after 2027-06-30: :func:`~socialbiz_kit.roadmap.roadmap` gives the same
    recommendations and open items, ranked by the documented rule. For every row of a :func:`score`
    result: the recommendations written for its stage (how to reach the following one), then every item
    of the stages up to the following one that is not yet met (answer below the threshold, or not answered).
    The threshold is the one the result was scored with (its ``threshold`` column, see :func:`~socialbiz_kit.scoring.settings_of`).

    Parameters
    ----------
    result : DataFrame
        A :func:`~socialbiz_kit.scoring.score` result with the answers (``keep_answers=True``).
    model : Model or str
    lang : {"de", "en"}
    threshold : float, optional
        Must equal the result's own threshold when given.

    Returns
    -------
    DataFrame
        Long: ``assessment``, ``kind`` (``"recommendation"`` or ``"open_item"``), ``stage``,
        ``stage_name``, ``item`` (id or empty), ``answer`` (NaN when not answered or for a
        recommendation) and ``text``.

    Raises
    ------
    InputDataError
        When the result has no answers.
    SettingError
        See :func:`~socialbiz_kit.scoring.settings_of`.
    """
    import pandas as pd

    deprecated("scoring.next_steps(): use roadmap.roadmap(result, model), which ranks the same steps; next_steps()")
    model = load_model(model)
    check_lang(lang)
    threshold, _ = settings_of(result, threshold=threshold, rule=None if "rule" in result.columns else DEFAULT_RULE)
    missing = [i for i in model.item_ids if i not in result.columns]
    if missing:
        raise InputDataError(
            f"the result has no answers (column {missing[0]!r} is missing); score with keep_answers=True",
            code="errors.no_answers", column=missing[0])
    rows = []
    for assessment, stage, answers in zip(result.index, result["stage"], result[list(model.item_ids)].to_numpy()):
        rows += _row_steps(assessment, int(stage), dict(zip(model.item_ids, answers)), model, lang, threshold)
    return pd.DataFrame(rows, columns=["assessment", "kind", "stage", "stage_name", "item", "answer", "text"])


def _row_steps(assessment, stage: int, answer_of: dict, model: Model, lang: str, threshold: float) -> list[tuple]:
    """The rows of :func:`next_steps` for one assessment."""
    scale = model.scale_map()
    target = min(stage + 1, model.n_stages)
    # the recommendations written for this stage (0: the model's start); the ranked roadmap is roadmap.roadmap
    name = model.stage(stage).name.get(lang) if stage >= 1 else ui.text("common.no_stage", lang=lang)
    rows = [(assessment, "recommendation", stage, name, "", np.nan, r.text.get(lang))
            for r in model.recommendations_at(stage)]
    for item in model.items:
        if item.stage > target:
            break
        a = answer_of[item.id]
        if np.isnan(a) or not is_met(scale[int(a)], threshold):
            rows.append((assessment, "open_item", item.stage, model.stage(item.stage).name.get(lang), item.id, a,
                         item.text.get(lang)))
    return rows
