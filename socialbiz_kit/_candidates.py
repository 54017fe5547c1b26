"""The placements the validation compares (``socialbiz_kit.validation``): the rules of the self-check
(:data:`socialbiz_kit.scoring.RULES`, among them ``"stepped"``) and the Guttman scale score (``"count"``, the number
of stages met), which is not a rule of the self-check.

*Höchste Stufe mit Punktabzug* (``"stepped"``, computed in :mod:`socialbiz_kit._core`): every stage with a known
fulfilment counts as its own number less the answer points it lacks to its threshold (a met stage lacks none), and
the placement is the highest value so counted (never below the lowest stage). A stage met exactly at the threshold
counts in full; one answer point lower, it counts one stage lower; two points lower, two stages lower. One answer
moved by one point changes what one stage lacks by at most one point, so it moves the placement by at most one
stage: bounded by construction, where the highest stage met on its own can fall by several stages when its decisive
stage drops just below the threshold over open stages below. Its price: on flat or random answers it is lenient (an
organisation answering "teilweise" everywhere lands on Altimeter stage 2, as stage 6 lacks only four points;
data/validation/README.md).

"Points lacking" are counted in the scale's largest single step (one answer one point, as in
:data:`socialbiz_kit.scoring.BORDER_MARGIN`): ``ceil((threshold - fulfilment) x answered / step)``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._checks import is_met, reaches, support_line
from .models import Model

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["STEPPED", "SCALE_SCORE", "answered_per_stage", "place", "check_rule", "margin"]

SCALE_SCORE = "count"  # the Guttman scale score: the number of stages met
STEPPED = "stepped"  # höchste Stufe mit Punktabzug (the default rule since issue 23)


def answered_per_stage(answers: pd.DataFrame, model: Model) -> np.ndarray:
    """How many items of each stage every row answered (rows x stages, 0 for a stage without items).

    Parameters
    ----------
    answers : DataFrame
        Wide answers; a missing item column counts as not answered.
    model : Model

    Returns
    -------
    ndarray of float
        Rows x stages, in the order of the model's stages.
    """
    out = np.zeros((len(answers), len(model.stages)))
    for k, stage in enumerate(model.stages):
        cols = [i.id for i in stage.items if i.id in answers.columns]
        if cols:
            out[:, k] = answers[cols].notna().sum(axis=1).to_numpy(dtype=float)
    return out


def place(fulfil: np.ndarray, model: Model, threshold: float, rule: str,
            answered: np.ndarray | None = None) -> np.ndarray:
    """The stage of each row of a fulfilment array (rows x stages) under a rule of the self-check or the scale score
    (the stepped rule needs the items ``answered`` per stage, rows x stages)."""
    import pandas as pd

    from .scoring import stage_from_fulfilment

    floor = model.lowest_stage
    if rule == STEPPED:
        assert answered is not None, "the stepped rule needs the items answered per stage"
    if rule == SCALE_SCORE:  # one stage per stage met; a stage without items (a baseline) is not counted twice
        scored = np.array([bool(s.items) for s in model.stages])
        met = is_met(np.nan_to_num(fulfil[:, scored], nan=0.0), threshold)
        return floor + met.sum(axis=1)
    frame = pd.DataFrame(fulfil, columns=[s.number for s in model.stages])
    return stage_from_fulfilment(frame, threshold=threshold, rule=rule, baseline=floor or None, model=model,
                                 answered=answered).to_numpy()


def check_rule(rule: str) -> None:
    from .scoring import RULES

    allowed = RULES + (SCALE_SCORE,)
    if rule not in allowed:
        from .errors import SettingError

        raise SettingError(f"rule must be one of {list(allowed)}, got {rule!r}",
                           code="errors.choice", name="rule", value=rule, allowed=", ".join(allowed))


def margin(fulfil: np.ndarray, model: Model, threshold: float, rule: str, placed: int,
            answered: np.ndarray | None = None) -> float:
    """The smallest distance to an edge of the rule among the stages whose crossing of it changes the placement.

    Every rule has the threshold as an edge; the supported rule has a second one, the support line
    (``SUPPORT_SHARE`` of the threshold), which a stage directly below a met stage must reach.
    """
    edges = (threshold, support_line(threshold)) if rule == "supported" else (threshold,)
    best = np.inf
    for k, f in enumerate(fulfil):
        if np.isnan(f) or not model.stages[k].items:
            continue
        for edge in edges:
            crossed = fulfil.copy()
            crossed[k] = edge - 1e-6 if reaches(f, edge) else edge
            counts = None if answered is None else answered[None, :]
            if int(place(crossed[None, :], model, threshold, rule, counts)[0]) != placed:
                best = min(best, abs(f - edge))
    return float(best)
