"""The vectorised core of the scoring rules (private): answers -> item fulfilment -> stage fulfilment -> stage.

:mod:`socialbiz_kit.scoring` is the public face; this module holds the array arithmetic and what it
needs of a model, computed once per model (:func:`derived`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from ._border import borderline_t
from ._checks import BORDER_MARGIN, EPS, MIN_ANSWERED, SUPPORT_SHARE, all_on_scale, is_met, is_supported, off_scale
from .errors import InputDataError
from .models import Model

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["MIN_ANSWERED", "EPS", "CHUNK", "BORDER_MARGIN", "SUPPORT_SHARE", "derived", "item_matrix", "item_fulfilment",
           "fulfilment_array", "decide", "borderline", "score_blocks"]

CHUNK = 65536  # rows per block: a block of answers and its temporaries stay in the CPU cache


@dataclass(frozen=True)
class Derived:
    """What scoring needs of a model, computed once per model (cached by :func:`derived`)."""

    item_ids: tuple[str, ...]
    position: Mapping[str, int]
    numbers: np.ndarray
    member: np.ndarray  # items x stages indicator
    n_items: np.ndarray
    scale_values: np.ndarray
    fulfilment: np.ndarray
    allowed: np.ndarray  # sorted scale values
    floor: int
    affine: tuple[float, float] | None  # (offset, slope) when fulfilment = offset + slope * value exactly
    step: float  # the largest change of an item's fulfilment when its answer moves by one scale point
    slices: tuple[tuple[int, int, int], ...]  # (stage column, first item, end) per stage with items
    contiguous: bool  # the scale is the whole numbers from its lowest to its highest value


@lru_cache(maxsize=64)
def derived(model: Model) -> Derived:
    stage_of_item = np.array([it.stage for it in model.items])
    numbers = np.array([st.number for st in model.stages])
    member = (stage_of_item[:, None] == numbers[None, :]).astype(float)
    values = np.array([p.value for p in model.scale], dtype=float)
    fulfil = np.array([p.fulfilment for p in model.scale])
    slope = (fulfil[-1] - fulfil[0]) / (values[-1] - values[0]) if len(values) > 1 else 0.0
    offset = fulfil[0] - slope * values[0]
    affine = (float(offset), float(slope)) if np.array_equal(offset + slope * values, fulfil) else None
    out = Derived(
        item_ids=model.item_ids,
        position=MappingProxyType({item: j for j, item in enumerate(model.item_ids)}),
        numbers=numbers,
        member=member,
        n_items=member.sum(axis=0),
        scale_values=values,
        fulfilment=np.array([p.fulfilment for p in model.scale]),
        allowed=np.sort(values),
        floor=model.lowest_stage,
        affine=affine,
        step=float(np.abs(np.diff(fulfil[np.argsort(values)])).max()) if len(values) > 1 else 0.0,
        slices=_stage_slices(stage_of_item, numbers),
        contiguous=bool((np.diff(np.sort(values)) == 1).all() and (np.rint(values) == values).all()),
    )
    for array in (out.numbers, out.member, out.n_items, out.scale_values, out.fulfilment, out.allowed):
        array.setflags(write=False)  # shared by every caller of this cache: nobody may change them
    return out


def _stage_slices(stage_of_item: np.ndarray, numbers: np.ndarray) -> tuple[tuple[int, int, int], ...]:
    """Where each stage's items lie in the item order; the model loader keeps a stage's items together."""
    out = []
    for col, number in enumerate(numbers):
        at = np.flatnonzero(stage_of_item == number)
        if len(at):
            if (np.diff(at) != 1).any():  # pragma: no cover - models list items stage by stage
                raise AssertionError("the items of a stage must be listed together")
            out.append((col, int(at[0]), int(at[-1]) + 1))
    return tuple(out)


def item_matrix(responses: pd.DataFrame, model: Model, *, check: bool = True) -> np.ndarray:
    import pandas as pd

    d = derived(model)
    present = [i for i in d.item_ids if i in responses.columns]
    if not present:
        raise InputDataError(f"none of the columns is an item of model {model.id!r} (items look like {model.item_ids[0]!r})",
                             code="errors.no_item_columns", model=model.id, example=model.item_ids[0])
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
                    raise InputDataError(f"row {row!r}, column {item!r}: {col[row]!r} is not a number",
                                         code="errors.not_a_number", row=row, column=item, value=col[row])
                col = num
            cols.append(col.to_numpy(dtype=float, na_value=np.nan))
        got = np.column_stack(cols)
    if len(present) == len(d.item_ids):
        values = got
    else:  # an absent item column counts as not answered
        values = np.full((len(responses), len(d.item_ids)), np.nan)
        values[:, [d.position[i] for i in present]] = got
    if check and not _on_scale(values, d.allowed):
        _raise_off_scale(values, responses.index, model)
    return values


def _raise_off_scale(values: np.ndarray, index, model: Model):
    """The error for the first answer that is not on the scale (row and column named)."""
    allowed = derived(model).allowed
    off = off_scale(values, allowed)
    r, c = np.argwhere(off)[0]
    raise InputDataError(
        f"row {index[r]!r}, column {model.item_ids[c]!r}: answer {values[r, c]:g} is not on the scale "
        f"({', '.join(f'{v:g}' for v in allowed)})",
        code="errors.off_scale", row=index[r], column=model.item_ids[c], value=f"{values[r, c]:g}",
        allowed=", ".join(f"{v:g}" for v in allowed)
    )


def _on_scale(values: np.ndarray, allowed: np.ndarray) -> bool:
    """True when every answered cell is a value of the scale (:func:`~socialbiz_kit._checks.all_on_scale`,
    block by block)."""
    vt_all = values.T
    return all(all_on_scale(vt_all[:, s:s + CHUNK], allowed) for s in range(0, values.shape[0], CHUNK))


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


class _Buffers:
    """Scratch arrays for one block, allocated once per call of :func:`score_blocks` and reused:
    fresh large temporaries for every block would cost page faults."""

    def __init__(self, k: int, c: int, stages: int):
        self.missing = np.empty((k, c), dtype=bool)
        self.filled = np.empty((k, c))
        self.rounded = np.empty((k, c))
        self.same = np.empty((k, c), dtype=bool)
        self.sums = np.empty((stages, c))
        self.counts = np.empty((stages, c))

    def cut(self, c: int):
        return (self.missing[:, :c], self.filled[:, :c], self.rounded[:, :c], self.same[:, :c], self.sums[:, :c],
                self.counts[:, :c])


def _stage_sums(vt: np.ndarray, d: Derived, model: Model, check: bool, buf: _Buffers) -> tuple[np.ndarray, np.ndarray, bool]:
    """Per stage (rows) the sum of the fulfilments answered and the number of items answered, for a block
    of answers given item by item (``vt``: items x rows, NaN = not answered), and whether every answer
    of the block is on the scale (always true without ``check``)."""
    missing, filled, rounded, same, sums, counts = buf.cut(vt.shape[1])
    if check and (not d.contiguous or d.affine is None):  # check the answers before they become fulfilments
        if not all_on_scale(vt, d.allowed):
            return sums, counts, False
        check = False
    if d.affine is None:
        vt = item_fulfilment(vt, model)
    np.isnan(vt, out=missing)
    if d.affine is not None:
        # NaN -> the lowest answer (fmax ignores NaN); answers below it are caught by the NaN-ignoring fmin first
        lowest = d.allowed[0]
        if check and np.fmin.reduce(vt, axis=None) < lowest:
            return sums, counts, False
        np.fmax(vt, lowest, out=filled)
    else:
        lowest = 0.0
        np.copyto(filled, vt)
        filled[missing] = 0.0
    if check:
        np.rint(filled, out=rounded)
        np.equal(rounded, filled, out=same)
        if not (filled.max() <= d.allowed[-1] and same.all()):
            return sums, counts, False
    for col, lo, hi in d.slices:
        n_missing = np.add.reduce(missing[lo:hi], axis=0, dtype=np.float64)
        np.add.reduce(filled[lo:hi], axis=0, out=sums[col])
        if lowest:
            sums[col] -= lowest * n_missing
        counts[col] = (hi - lo) - n_missing
    empty = d.n_items == 0  # a baseline stage without items
    sums[empty] = 0.0
    counts[empty] = 0.0
    return sums, counts, True


def score_blocks(values: np.ndarray, model: Model, *, threshold: float | None = None, rule: str | None = None,
                  check: bool = False, index=None) -> dict[str, np.ndarray]:
    """Everything :func:`score` computes, block by block of :data:`CHUNK` rows, item by item.

    pandas keeps a table of floats column by column, so an item's answers lie side by side in
    memory; every temporary is the size of a block and stays in the CPU cache, the answers are read
    once, and only the outputs are allocated in full. Returns ``fulfil`` (stages x rows, NaN for
    unknown), ``answered`` (share of items answered) and, with a ``rule``, ``stage`` and
    ``uncertain``. With ``check`` every block is first checked against the scale (the error names
    row and column, ``index`` gives the row labels).
    """
    d = derived(model)
    n = values.shape[0]
    n_items = d.n_items
    scored = n_items > 0
    fulfil = np.empty((len(n_items), n))
    answered = np.empty(n)
    out = {"fulfil": fulfil, "answered": answered}
    if rule is not None:
        out["stage"] = np.empty(n, dtype=np.int64)
        out["uncertain"] = np.empty(n, dtype=bool)
        out["borderline"] = np.empty(n, dtype=bool)
        out["could_be"] = np.empty(n, dtype=np.int64)
        out["border_points"] = np.empty(n, dtype=np.int64)
    vt_all = values.T
    buf = _Buffers(values.shape[1], min(CHUNK, max(n, 1)), len(n_items))
    for start in range(0, n, CHUNK):
        rows = slice(start, start + CHUNK)
        vt = vt_all[:, rows]
        if vt.strides[-1] != vt.itemsize:  # an item's answers must lie side by side (not for a C-ordered array)
            vt = np.ascontiguousarray(vt)
        sums, counts, ok = _stage_sums(vt, d, model, check, buf)
        if not ok:
            _raise_off_scale(values, range(n) if index is None else index, model)
        with np.errstate(invalid="ignore", divide="ignore"):
            f = sums / counts
        if d.affine is not None:  # mean fulfilment = offset + slope * mean answer
            f = d.affine[0] + d.affine[1] * f
        share = counts[scored] / n_items[scored, None]
        f[scored] = np.where(share >= MIN_ANSWERED, f[scored], np.nan)
        if model.baseline_stage:
            f[0] = 1.0
        fulfil[:, rows] = f
        answered[rows] = counts.sum(axis=0) / max(len(d.item_ids), 1)
        if rule is not None:
            stage, out["uncertain"][rows] = _decide_t(f, d.numbers, threshold, rule, d.floor, counts, d)
            out["stage"][rows] = stage
            border = borderline_t(f, counts, stage, d, threshold, rule, _decide_t)
            out["borderline"][rows], out["could_be"][rows], out["border_points"][rows] = border
    return out


def fulfilment_array(values: np.ndarray, model: Model) -> tuple[np.ndarray, np.ndarray]:
    """(stage fulfilment rows x stages with NaN for unknown, share of items answered per row)."""
    got = score_blocks(values, model)
    return got["fulfil"].T, got["answered"]


def _decide_t(ft: np.ndarray, numbers: np.ndarray, threshold, rule: str, floor: int, counts=None, d=None):
    """Stage reached and whether an unknown stage could change it, for fulfilments given stage by stage
    (``ft``: stages x rows, NaN = unknown), one pass with whole-row vectors; stepped also needs ``d`` and ``counts``."""
    n = ft.shape[1]
    uncertain = np.zeros(n, dtype=bool)
    if rule == "stepped":
        assert d is not None, "the stepped rule needs the model"
        value = stepped_values(ft, d.n_items[:, None] if counts is None else counts, d, threshold)
        stage = np.maximum(value.max(axis=0, initial=-np.inf), floor).astype(np.int64)
        open_top = np.where(np.isnan(ft) & (d.n_items[:, None] > 0), numbers[:, None], -1).max(axis=0, initial=-1)
        return stage, open_top > stage  # an unknown stage above could be met
    if rule in ("supported", "closest"):
        # supported: the highest stage that is met and whose stage directly below reaches SUPPORT_SHARE x threshold
        # (the first stage needs no support). closest: the stage whose ideal pattern (every stage up to it met,
        # none above) lies closest to the profile, i.e. the k that maximises the running surplus S_k = sum over
        # stages 1..k of (fulfilment - threshold), S = 0 below the first stage, ties (within EPS) to the higher
        # stage as "exactly at the threshold counts". For both, an unknown stage counts 0 (not met), and the
        # result is uncertain when counting it 1 would give another stage.
        place = _supported_t if rule == "supported" else _closest_t
        stage = place(np.nan_to_num(ft, nan=0.0), numbers, threshold, floor)
        unknown = np.isnan(ft).any(axis=0)
        if unknown.any():
            uncertain = unknown & (place(np.where(np.isnan(ft), 1.0, ft), numbers, threshold, floor) != stage)
        return np.maximum(stage, floor), uncertain
    if rule == "gated":
        run = np.zeros(n, dtype=np.int64)  # length of the leading run of met stages
        alive = np.ones(n, dtype=bool)
        for k in range(ft.shape[0]):
            row = ft[k]
            uncertain |= alive & np.isnan(row)  # the first stage not met is unknown
            alive &= is_met(row, threshold)  # NaN is not met
            run += alive
        stage = np.where(run > 0, numbers[np.maximum(run - 1, 0)], floor)
    else:
        stage = np.full(n, floor, dtype=np.int64)
        for k in range(ft.shape[0]):
            row = ft[k]
            met = is_met(row, threshold)
            stage = np.where(met, numbers[k], stage)
            uncertain = np.where(met, False, uncertain | np.isnan(row))  # an unknown stage above the last met
    return np.maximum(stage, floor), uncertain


def lacking_points(ft: np.ndarray, counts, d: Derived, threshold) -> np.ndarray:
    """The answer points each stage lacks to the threshold (stages x rows; 0 where met, NaN where unknown):
    ``ceil((threshold - fulfilment) x answered / step)``, one point being the scale's largest single step."""
    counts = np.broadcast_to(np.asarray(counts, dtype=float), ft.shape)
    known = ~np.isnan(ft) & (d.n_items[:, None] > 0) & (counts > 0)
    gap = np.where(known, threshold - np.nan_to_num(ft), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        lacking = np.where(gap > EPS, np.ceil(gap * counts / d.step - 1e-6), 0.0)
    return np.where(known, lacking, np.nan)


def stepped_values(ft: np.ndarray, counts, d: Derived, threshold) -> np.ndarray:
    """What every stage counts under the stepped rule: its number less the answer points it lacks (stages x rows,
    ``-inf`` where a stage is unknown or has no items)."""
    lacking = lacking_points(ft, counts, d, threshold)
    return np.where(np.isnan(lacking), -np.inf, d.numbers[:, None] - np.nan_to_num(lacking))


def _supported_t(ft: np.ndarray, numbers: np.ndarray, threshold, floor: int) -> np.ndarray:
    stage = np.full(ft.shape[1], floor, dtype=np.int64)
    for k in range(ft.shape[0]):
        ok = is_met(ft[k], threshold)
        if k > 0:
            ok &= is_supported(ft[k - 1], threshold)
        stage = np.where(ok, numbers[k], stage)
    return stage


def _closest_t(ft: np.ndarray, numbers: np.ndarray, threshold, floor: int) -> np.ndarray:
    n = ft.shape[1]
    stage = np.full(n, floor, dtype=np.int64)
    run = np.zeros(n)
    best = np.zeros(n)
    for k in range(ft.shape[0]):
        run = run + (ft[k] - threshold)
        take = run >= best - EPS
        stage = np.where(take, numbers[k], stage)
        best = np.where(run > best, run, best)
    return stage


def borderline(fulfil: np.ndarray, counts: np.ndarray, model: Model, threshold: float, rule: str):
    """(borderline, could_be, border_points) for fulfilments ``rows x stages`` and answered counts ``rows x stages``
    (:func:`socialbiz_kit._border.borderline_t`)."""
    d = derived(model)
    ft = np.ascontiguousarray(fulfil.T)
    ct = np.ascontiguousarray(counts.T, dtype=float)
    stage, _ = _decide_t(ft, d.numbers, threshold, rule, d.floor, ct, d)
    return borderline_t(ft, ct, stage, d, threshold, rule, _decide_t)


def decide(fulfil: np.ndarray, numbers: np.ndarray, threshold: float, rule: str, floor: int, answered=None,
           model: Model | None = None, bare=None):
    """Stage reached and whether an unknown stage could change it (``fulfil`` and ``answered``: rows x stages; the
    stepped rule needs the ``model`` or ``bare`` (numbers, n_items, step), and takes every item as answered where
    ``answered`` is not given)."""
    counts = None if answered is None else np.ascontiguousarray(np.asarray(answered, dtype=float).T)
    d = bare if model is None else derived(model)
    return _decide_t(np.ascontiguousarray(fulfil.T), numbers, threshold, rule, floor, counts, d)
