"""The rules of :func:`socialbiz_kit.scoring.score` as a plain loop over rows and stages (private).

Slow on purpose and easy to read: the tests check :func:`~socialbiz_kit.scoring.score` against it digit for digit,
and ``make bench`` uses it as the baseline.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._checks import BORDER_MARGIN, DEFAULT_RULE, DEFAULT_THRESHOLD, EPS, MIN_ANSWERED, check_settings, is_met, is_supported
from .models import Model, load_model

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["score_reference"]


def score_reference(responses: pd.DataFrame, model: Model | str, *, threshold: float = DEFAULT_THRESHOLD,
                    rule: str = DEFAULT_RULE) -> pd.DataFrame:
    """The same rules as :func:`~socialbiz_kit.scoring.score`, written as a plain loop over rows and stages.

    Slow on purpose and easy to read: the tests check :func:`~socialbiz_kit.scoring.score` against it, and
    ``make bench`` uses it as the baseline. Returns ``stage``, ``index``, ``uncertain``, ``borderline``,
    ``could_be`` (``stage`` where not borderline) and ``border_points`` (None where not borderline).

    Parameters
    ----------
    responses : DataFrame
        Wide answers.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('stepped')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.

    Returns
    -------
    DataFrame
        ``stage``, ``index``, ``uncertain``, ``borderline``, ``could_be``, ``border_points``.
    """
    import pandas as pd

    model = load_model(model)
    check_settings(threshold, rule)
    scale = model.scale_map()
    values = sorted(scale)
    step = max((abs(scale[b] - scale[a]) for a, b in zip(values, values[1:])), default=0.0)
    out = [_reference_row(row, model, scale, step, threshold, rule) for _, row in responses.iterrows()]
    return pd.DataFrame(out, index=responses.index)


def _reference_row(row, model: Model, scale: dict, step: float, threshold: float, rule: str) -> dict:
    """One row of :func:`score_reference`."""
    import math

    import pandas as pd

    floor = model.lowest_stage
    fulfil, counts = [], []
    for stage in model.stages:
        if not stage.items:
            fulfil.append(1.0)
            counts.append(0)
            continue
        got = [scale[int(row[i.id])] for i in stage.items if i.id in row.index and not pd.isna(row[i.id])]
        fulfil.append(sum(got) / len(got) if len(got) >= MIN_ANSWERED * len(stage.items) else math.nan)
        counts.append(len(got))
    reached, uncertain = _reference_decide(model, fulfil, threshold, rule, floor, counts, step)

    def moved_stage(k: int, delta: float) -> int:
        moved = list(fulfil)
        moved[k] = min(1.0, max(0.0, fulfil[k] + delta))
        return _reference_decide(model, moved, threshold, rule, floor, counts, step)[0]

    could, moves = reached, []
    for k, stage in enumerate(model.stages):
        if not stage.items or math.isnan(fulfil[k]):
            continue
        shift = max(BORDER_MARGIN, step / counts[k])
        for sign in (-1, 1):
            other = moved_stage(k, sign * shift)
            moves.append((k, sign, other))
            if abs(other - reached) > abs(could - reached) or (
                    other != reached and abs(other - reached) == abs(could - reached) and other < could):
                could = other
    points = None  # the fewest whole answer points of a move that gives could, at most the margin rounded up
    for k, sign, other in moves:
        if could != reached and other == could:
            most = max(1, math.ceil(BORDER_MARGIN * counts[k] / step - 1e-6))
            need = next((p for p in range(1, most) if moved_stage(k, sign * p * (step / counts[k])) == could), most)
            points = need if points is None else min(points, need)
    index = math.nan if any(math.isnan(f) for f in fulfil) else sum(fulfil)
    return {"stage": reached, "index": index, "uncertain": uncertain, "borderline": could != reached,
            "could_be": could, "border_points": points}


def _reference_decide(model: Model, fulfil: list[float], threshold: float, rule: str, floor: int,
                      counts: list[int], step: float) -> tuple[int, bool]:
    import math

    reached, uncertain = floor, False
    if rule == "stepped":  # every known stage counts as its number less the answer points it lacks
        for stage, f, answered in zip(model.stages, fulfil, counts):
            if not stage.items:
                continue
            if math.isnan(f):
                continue
            lacking = 0 if threshold - f <= EPS else math.ceil((threshold - f) * answered / step - 1e-6)
            if stage.number - lacking > reached:
                reached = stage.number - lacking
        uncertain = any(s.items and math.isnan(f) and s.number > reached for s, f in zip(model.stages, fulfil))
    elif rule == "gated":
        for stage, f in zip(model.stages, fulfil):
            if math.isnan(f):
                uncertain = True
                break
            if not is_met(f, threshold):
                break
            reached = max(reached, stage.number)
    elif rule == "highest":
        for stage, f in zip(model.stages, fulfil):
            if is_met(f, threshold):  # NaN is not met
                reached, uncertain = max(reached, stage.number), False
            elif math.isnan(f):
                uncertain = True
    elif rule == "supported":
        def supported(fs: list[float]) -> int:
            at = floor
            for k, (stage, f) in enumerate(zip(model.stages, fs)):
                if is_met(f, threshold) and (k == 0 or is_supported(fs[k - 1], threshold)):
                    at = stage.number
            return max(at, floor)
        reached = supported([0.0 if math.isnan(f) else f for f in fulfil])
        if any(math.isnan(f) for f in fulfil):
            uncertain = supported([1.0 if math.isnan(f) else f for f in fulfil]) != reached
    else:  # closest: maximise the running surplus, unknown stages counted 0; uncertain if counting them 1 differs
        def closest(fs: list[float]) -> int:
            best_stage, best, run = floor, 0.0, 0.0
            for stage, f in zip(model.stages, fs):
                run = run + (f - threshold)
                if run >= best - EPS:
                    best_stage = stage.number
                if run > best:
                    best = run
            return max(best_stage, floor)
        reached = closest([0.0 if math.isnan(f) else f for f in fulfil])
        if any(math.isnan(f) for f in fulfil):
            uncertain = closest([1.0 if math.isnan(f) else f for f in fulfil]) != reached
    return reached, uncertain
