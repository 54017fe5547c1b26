"""The vectorised core of the scoring rules (private): answers -> item fulfilment -> stage fulfilment -> stage.

:mod:`socialbiz_kit.scoring` is the public face; this module holds the array arithmetic and what it
needs of a model, computed once per model (:func:`derived`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .errors import InputDataError
from .models import Model

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["MIN_ANSWERED", "EPS", "derived", "item_matrix", "item_fulfilment", "fulfilment_array", "decide"]

MIN_ANSWERED = 0.5
EPS = 1e-9


@dataclass(frozen=True)
class Derived:
    """What scoring needs of a model, computed once per model (cached by :func:`derived`)."""

    item_ids: tuple[str, ...]
    position: dict
    numbers: np.ndarray
    member: np.ndarray  # items x stages indicator
    n_items: np.ndarray
    scale_values: np.ndarray
    fulfilment: np.ndarray
    allowed: np.ndarray  # sorted scale values
    floor: int


@lru_cache(maxsize=64)
def derived(model: Model) -> Derived:
    stage_of_item = np.array([it.stage for it in model.items])
    numbers = np.array([st.number for st in model.stages])
    member = (stage_of_item[:, None] == numbers[None, :]).astype(float)
    values = np.array([p.value for p in model.scale], dtype=float)
    return Derived(
        item_ids=model.item_ids,
        position={item: j for j, item in enumerate(model.item_ids)},
        numbers=numbers,
        member=member,
        n_items=member.sum(axis=0),
        scale_values=values,
        fulfilment=np.array([p.fulfilment for p in model.scale]),
        allowed=np.sort(values),
        floor=model.lowest_stage,
    )


def item_matrix(responses: pd.DataFrame, model: Model) -> np.ndarray:
    import pandas as pd

    d = derived(model)
    present = [i for i in d.item_ids if i in responses.columns]
    if not present:
        raise InputDataError(f"none of the columns is an item of model {model.id!r} (items look like {model.item_ids[0]!r})")
    block = responses[present]
    if all(pd.api.types.is_numeric_dtype(t) for t in block.dtypes):
        got = block.to_numpy(dtype=float, na_value=np.nan)
    else:
        cols = []
        for item in present:
            col = block[item]
            if not pd.api.types.is_numeric_dtype(col):
                num = pd.to_numeric(col, errors="coerce").where(col.notna())
                bad = num.isna() & col.notna()
                if bad.any():
                    row = responses.index[bad.to_numpy().argmax()]
                    raise InputDataError(f"row {row!r}, column {item!r}: {col[row]!r} is not a number")
                col = num
            cols.append(col.to_numpy(dtype=float, na_value=np.nan))
        got = np.column_stack(cols)
    if len(present) == len(d.item_ids):
        values = got
    else:  # an absent item column counts as not answered
        values = np.full((len(responses), len(d.item_ids)), np.nan)
        values[:, [d.position[i] for i in present]] = got
    if not _on_scale(values, d.allowed):
        allowed = d.allowed
        off = ~np.isnan(values) & ~np.isin(values, allowed)
        r, c = np.argwhere(off)[0]
        raise InputDataError(
            f"row {responses.index[r]!r}, column {model.item_ids[c]!r}: answer {values[r, c]:g} is not on the scale "
            f"({', '.join(f'{v:g}' for v in allowed)})"
        )
    return values


def _on_scale(values: np.ndarray, allowed: np.ndarray) -> bool:
    """True when every answered cell is a value of the (sorted) scale (fast reductions, no sort)."""
    if not values.size or np.isnan(values).all():
        return True
    if (np.diff(allowed) == 1).all():  # contiguous whole numbers: bounds and integrality are enough
        lo, hi = np.nanmin(values), np.nanmax(values)
        if not (lo >= allowed[0] and hi <= allowed[-1]):
            return False
        # whole numbers: the only cells that differ from their rounded value are the NaNs
        return int(np.count_nonzero(np.rint(values) != values)) == int(np.count_nonzero(np.isnan(values)))
    return bool((np.isnan(values) | np.isin(values, allowed)).all())


def item_fulfilment(values: np.ndarray, model: Model) -> np.ndarray:
    """Answers (as from :func:`item_matrix`) -> fulfilment 0..1 per cell, NaN where not answered."""
    d = derived(model)
    scale_values, fulfilment = d.scale_values, d.fulfilment
    slope = (fulfilment[-1] - fulfilment[0]) / (scale_values[-1] - scale_values[0])
    offset = fulfilment[0] - slope * scale_values[0]
    if np.array_equal(offset + slope * scale_values, fulfilment):
        # an affine scale such as 0, .25, ..., 1 (exactly, point for point): one pass, NaN stays NaN
        return offset + slope * values
    lut_values = scale_values.astype(np.int64)
    lut = np.full(int(lut_values.max()) - int(lut_values.min()) + 1, np.nan)
    lut[lut_values - lut_values.min()] = fulfilment
    answered = ~np.isnan(values)
    idx = np.where(answered, values, lut_values.min()).astype(np.int64) - int(lut_values.min())
    return np.where(answered, lut[idx], np.nan)


def fulfilment_array(values: np.ndarray, model: Model) -> tuple[np.ndarray, np.ndarray]:
    """(stage fulfilment rows x stages with NaN for unknown, share of items answered per row)."""
    d = derived(model)
    answered = ~np.isnan(values)
    item_f = np.nan_to_num(item_fulfilment(values, model), nan=0.0, copy=False)
    # Stage sums item by item in model order, for all rows at once: the same additions in the same order
    # as score_reference and the self-check page's JavaScript. (A matrix product would leave the order
    # to BLAS, which differs by CPU: the last digit of a sum could then differ between machines.)
    member, n_items = d.member, d.n_items
    sums = np.zeros((values.shape[0], member.shape[1]))
    counts = np.zeros_like(sums)
    for j, k in enumerate(member.argmax(axis=1)):
        sums[:, k] += item_f[:, j]
        counts[:, k] += answered[:, j]
    with np.errstate(invalid="ignore", divide="ignore"):
        fulfil = sums / counts
        share = counts / n_items
    fulfil[:, n_items > 0] = np.where(share[:, n_items > 0] >= MIN_ANSWERED, fulfil[:, n_items > 0], np.nan)
    if model.baseline_stage:
        fulfil[:, 0] = 1.0
    answered_share = answered.sum(axis=1) / max(len(d.item_ids), 1)
    return fulfil, answered_share


def decide(fulfil: np.ndarray, numbers: np.ndarray, threshold: float, rule: str, floor: int):
    """Stage reached and whether an unknown stage could change it."""
    known = ~np.isnan(fulfil)
    met = known & (np.nan_to_num(fulfil, nan=-1.0) >= threshold - EPS)
    n_rows, n_cols = fulfil.shape
    if rule == "gated":
        run = np.cumprod(met, axis=1).sum(axis=1)  # length of the leading run of met stages
        stage = np.where(run > 0, numbers[np.maximum(run - 1, 0)], floor)
        blocker = np.minimum(run, n_cols - 1)
        uncertain = (run < n_cols) & ~known[np.arange(n_rows), blocker]
    else:
        any_met = met.any(axis=1)
        last = n_cols - 1 - np.argmax(met[:, ::-1], axis=1)
        stage = np.where(any_met, numbers[last], floor)
        above = np.arange(n_cols)[None, :] > np.where(any_met, last, -1)[:, None]
        uncertain = (above & ~known).any(axis=1)
    return np.maximum(stage, floor), uncertain
