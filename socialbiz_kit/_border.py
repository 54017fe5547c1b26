"""Borderline placements (private): whether a small move of one stage's fulfilment gives another stage, which
stage, and by how many answer points.

:mod:`socialbiz_kit._core` calls :func:`borderline_t` block by block and hands it its stage decision (``decide``,
``_core._decide_t``), so that this module needs nothing of it. ``static/score.js`` (``borderline``) and
:mod:`socialbiz_kit._reference` follow the same steps; tests keep the three equal.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._checks import BORDER_MARGIN

__all__ = ["borderline_t"]


def borderline_t(ft: np.ndarray, counts: np.ndarray, stage: np.ndarray, d, threshold, rule: str, decide: Callable):
    """Whether a placement is borderline, the stage it could be (``stage`` where it is not), and by how many answer
    points (0 where it is not borderline).

    For every stage with answers, its fulfilment is moved up and down by ``max(BORDER_MARGIN, step / answered)``
    (one answer one point, at least the margin), clipped to 0..1, the other stages left as they are; the
    placement is borderline when any such move gives another stage. The stage it could be is the one
    furthest from the placement among those moves (the lower one on a tie). The answer points are those of
    :func:`_least_points`.

    Parameters
    ----------
    ft, counts : ndarray
        Fulfilment (NaN = unknown) and statements answered, stages x rows.
    stage : ndarray
        The stage placed, per row.
    d : Derived
        What scoring needs of the model (``_core.derived``).
    threshold, rule
        The settings.
    decide : callable
        ``_core._decide_t``.

    Returns
    -------
    tuple of ndarray
        ``(borderline, could_be, points)``.
    """
    def moved_stage(k: int, delta, rows=slice(None)) -> np.ndarray:
        """The stage with stage ``k``'s fulfilment moved by ``delta`` (clipped to 0..1), for ``rows``."""
        moved = ft[:, rows].copy()
        moved[k] = np.clip(moved[k] + delta, 0.0, 1.0)  # NaN stays NaN
        return decide(moved, d.numbers, threshold, rule, d.floor, counts[:, rows], d)[0]

    could = stage.copy()
    shift_best = np.zeros(stage.shape, dtype=np.int64)
    moves = []
    for k in range(ft.shape[0]):
        if d.n_items[k] == 0:
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            shift = np.maximum(BORDER_MARGIN, d.step / counts[k])
        for sign in (-1.0, 1.0):
            other = moved_stage(k, sign * shift)
            moves.append((k, sign, other))
            dist = np.abs(other - stage)
            better = (dist > shift_best) | ((dist == shift_best) & (dist > 0) & (other < could))
            could = np.where(better, other, could)
            shift_best = np.where(better, dist, shift_best)
    border = shift_best > 0
    return border, could, _least_points(moves, could, border, counts, d.step, moved_stage)


def _least_points(moves: list, could: np.ndarray, border: np.ndarray, counts: np.ndarray, step: float,
                  moved_stage: Callable) -> np.ndarray:
    """The fewest answer points that give ``could`` (0 where not borderline).

    Among the moves ``(stage k, sign, stage it gave)`` that gave ``could``: a move of the margin is at most
    ``ceil(BORDER_MARGIN x answered / step)`` whole answer points (1 where one point is at least the margin); fewer
    whole points count where their move gives ``could`` already. The least over those moves.
    """
    points = np.zeros(could.shape, dtype=np.int64)
    for k, sign, other in moves:
        rows = np.flatnonzero(border & (other == could))  # stage k is known there, so it has answers
        if rows.size == 0:
            continue
        unit = step / counts[k, rows]  # one answer point in stage k's fulfilment
        need = np.maximum(1, np.ceil(BORDER_MARGIN * counts[k, rows] / step - 1e-6)).astype(np.int64)
        for p in range(int(need.max()) - 1, 0, -1):  # fewer whole points, the fewest last
            at = np.flatnonzero(need > p)
            hit = moved_stage(k, sign * p * unit[at], rows[at]) == could[rows[at]]
            need[at[hit]] = p
        old = points[rows]
        points[rows] = np.where((old == 0) | (need < old), need, old)
    return points
