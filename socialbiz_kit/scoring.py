"""Scoring: answers -> fulfilment per stage -> stage and continuous index -> next steps.

Pure functions on DataFrames, vectorised with NumPy (no Python loop over rows).

The rules
---------
* An answer on the model's scale (0..4) maps to a fulfilment (0, .25, .5, .75, 1).
* A stage's fulfilment is the mean fulfilment of its answered items. A stage with fewer than half
  of its items answered is *unknown* (NaN): it never counts silently as 0 or 1.
* A stage is *met* when its fulfilment is at least ``threshold`` (exactly at the threshold counts).
* ``rule="gated"`` (the staged reading of CMMI): stage k is reached when stages 1..k are
  all met. ``rule="highest"``: the highest stage met on its own, whatever lies below.
  Nothing met gives 0, or the baseline stage for a model that has one (Church of the Customer's
  "Traditional", which has no items and counts as fulfilled by everyone).
* The *index* is the sum of the stage fulfilments (the baseline stage counts 1): a number on the
  stage scale, 0..6 for Altimeter and 1..5 for Church of the Customer. It is NaN when a stage is unknown.
  ``rule="closest"``: the stage whose ideal pattern (every stage up to it met, none above) is closest to
  the profile, i.e. the k that maximises the running surplus (fulfilment - threshold) summed over stages
  1..k (ties to the higher stage); it tolerates one weak lower stage when the stages above it are strong,
  as Guttman scaling reads a response pattern with one error.
  ``rule="supported"`` (the default): the highest stage that is met and whose stage directly below reaches at least half
  the threshold (``SUPPORT_SHARE``; 0.375 at the default threshold); the first stage needs no support. It
  tolerates weak lower stages that mature organisations honestly report, but not a met stage above one
  that is hardly begun.
* ``uncertain`` is true when an unknown stage could change the stage reached.
* ``borderline`` is true when moving one stage's fulfilment by ``BORDER_MARGIN`` (0.05, or by one answer's
  step if that is larger) would give another stage; ``could_be`` names that stage (the furthest, the lower
  one on a tie), and is empty where the placement is not borderline. On the five-point scale one answer
  one point away moves a stage of five items by exactly 0.05.

Examples
--------
>>> import pandas as pd
>>> from socialbiz_kit.scoring import stage_from_fulfilment
>>> table = pd.DataFrame({1: [1.0, 0.8, 0.75], 2: [0.9, 0.2, 0.75], 3: [0.1, 0.9, 0.74]})
>>> stage_from_fulfilment(table, threshold=0.75, rule="gated").tolist()
[2, 1, 2]
>>> stage_from_fulfilment(table, threshold=0.75, rule="highest").tolist()
[2, 3, 2]
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import ui
from ._compat import deprecated, keyword_lang
from ._core import BORDER_MARGIN, MIN_ANSWERED, SUPPORT_SHARE, decide, derived, fulfilment_array, score_blocks
from ._core import EPS as _EPS
from ._core import item_fulfilment as _item_fulfilment
from ._core import item_matrix as _item_matrix
from ._lang import check_lang
from .errors import InputDataError, SettingError
from .models import Model, load_model

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["RULES", "DEFAULT_THRESHOLD", "DEFAULT_RULE", "MIN_ANSWERED", "BORDER_MARGIN", "check_settings",
           "item_matrix", "item_fulfilment",
           "stage_fulfilment", "stage_from_fulfilment", "score", "label", "stage_names", "settings_of", "next_steps",
           "profile_long", "fulfilment_columns", "score_reference"]

RULES = ("gated", "highest", "closest", "supported")
DEFAULT_THRESHOLD = 0.75
DEFAULT_RULE = "supported"



def check_settings(threshold: float, rule: str) -> None:
    """Refuse a threshold or rule out of range (a :class:`~socialbiz_kit.errors.SettingError` naming it).

    Parameters
    ----------
    threshold : float
        Must lie above 0 and at most 1.
    rule : str
        One of :data:`RULES`.

    Raises
    ------
    SettingError
    """
    _check_rule(rule, threshold)


def _check_rule(rule: str, threshold: float) -> None:
    if rule not in RULES:
        raise SettingError(f"rule must be one of {', '.join(RULES)} (got {rule!r})",
                           code="errors.choice", name="rule", value=rule, allowed=", ".join(RULES))
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.floating)) or not 0 < threshold <= 1:
        raise SettingError(f"threshold must be a number above 0 and at most 1 (got {threshold!r})",
                           code="errors.threshold", value=threshold)


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
    """
    return [f"fulfilment_{n}" for n in derived(load_model(model)).numbers]


def item_matrix(responses: pd.DataFrame, model: Model | str) -> np.ndarray:
    """The answers to the model's items as a float array (rows x items, NaN = not answered).

    Parameters
    ----------
    responses : DataFrame
        Wide answers; columns that are not items are ignored, an absent item column counts as not answered.
    model : Model or str

    Returns
    -------
    ndarray of float
        Shape (rows, items), items in model order.

    Raises
    ------
    InputDataError
        When no column is an item, or an answer is not a number or not on the scale (naming row and column).
    """

    return _item_matrix(responses, load_model(model))


def item_fulfilment(values: np.ndarray, model: Model | str) -> np.ndarray:
    """Answers (as from :func:`item_matrix`) -> fulfilment 0..1 per cell, NaN where not answered.

    Parameters
    ----------
    values : ndarray
        Answers on the model's scale, NaN for not answered.
    model : Model or str

    Returns
    -------
    ndarray of float
        The same shape, each answer mapped to its scale point's fulfilment.
    """
    return _item_fulfilment(values, load_model(model))


def stage_from_fulfilment(fulfilment: pd.DataFrame, *, threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE,
                          baseline: int | None = None) -> pd.Series:
    """The stage for each row of a fulfilment table.

    Parameters
    ----------
    fulfilment : DataFrame
        One column per stage, named by the stage numbers in rising order without gaps (``1, 2, 3`` or,
        for a model whose stage 1 is a baseline, ``2, 3, 4, 5``); values 0..1, NaN for unknown.
    threshold : float
        A stage is met when its fulfilment is at least this value.
    rule : {"gated", "highest"}
    baseline : int, optional
        The lowest stage any organisation is at (Church of the Customer: 1). Without it, a row with
        no stage met gets 0.

    Returns
    -------
    Series of int, named ``"stage"``, with the index of ``fulfilment``.
    """
    import pandas as pd

    _check_rule(rule, threshold)
    numbers = np.array(list(fulfilment.columns))
    if not np.issubdtype(numbers.dtype, np.integer) or len(numbers) == 0 or (np.diff(numbers) != 1).any():
        raise InputDataError(
            f"the columns must be stage numbers in rising order without gaps (got {list(fulfilment.columns)})",
            code="errors.stage_columns", got=", ".join(map(str, fulfilment.columns)))
    values = fulfilment.to_numpy(dtype=float)
    if ((values < 0) | (values > 1)).any():
        raise InputDataError("fulfilment values must lie between 0 and 1", code="errors.fulfilment_values")
    floor = 0 if baseline is None else int(baseline)
    stage, _ = decide(values, numbers, threshold, rule, floor)
    return pd.Series(stage, index=fulfilment.index, name="stage")


def stage_fulfilment(responses: pd.DataFrame, model: Model | str) -> pd.DataFrame:
    """Fulfilment of every stage, NaN where a stage is unknown (fewer than half of its items answered).

    Parameters
    ----------
    responses : DataFrame
        Wide answers, as for :func:`score`.
    model : Model or str

    Returns
    -------
    DataFrame
        The index of ``responses``, one column per stage number, values 0..1 or NaN.

    Raises
    ------
    InputDataError
        As :func:`item_matrix`.
    """
    import pandas as pd

    model = load_model(model)
    fulfil, _ = fulfilment_array(_item_matrix(responses, model), model)
    return pd.DataFrame(fulfil, index=responses.index, columns=list(derived(model).numbers))


def _labels(codes: np.ndarray, labels: np.ndarray):
    """Per-row labels for stage numbers: a categorical when the labels are unique (no per-row strings)."""
    import pandas as pd

    if len(set(labels)) == len(labels):
        return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object))
    return labels[codes]


def score(responses: pd.DataFrame, model: Model | str, *, threshold: float = DEFAULT_THRESHOLD,
          rule: str = DEFAULT_RULE, keep_answers: bool = True, lang: str | None = None) -> pd.DataFrame:
    """Score answers: one row per assessment, numbers and ids only.

    Parameters
    ----------
    responses : DataFrame
        Wide answers, one row per assessment, one column per item id (other columns are ignored);
        as returned by :func:`socialbiz_kit.responses.read_responses`. A Dask DataFrame gives a lazy
        Dask DataFrame of results, computed partition by partition.
    model : Model or str
    threshold : float, default 0.75 (:data:`DEFAULT_THRESHOLD`)
    rule : {"gated", "highest", "closest", "supported"}, default "supported" (:data:`DEFAULT_RULE`, chosen on the
        blind validation set, see :mod:`socialbiz_kit.validation`)
    keep_answers : bool, default True
        Append the item answers to the result (needed by :func:`next_steps` and the roadmap).
    lang : {"de", "en"}, optional
        A shortcut for ``label(score(...), model, lang=lang)``: adds the column ``stage_name``. The numbers
        never depend on it.

    Returns
    -------
    DataFrame
        With the index of ``responses`` and the columns ``stage`` (int), ``stage_id``, ``index`` (sum of
        stage fulfilments, NaN if a stage is unknown), ``index_pct`` (the index as a percentage of its
        range), ``answered`` (share of items answered), ``uncertain`` (an unknown stage could change the
        stage), ``unknown_stages`` (their numbers, e.g. ``"3, 5"``), ``borderline`` (one answer one point,
        or a change of 0.05 in one stage's fulfilment, would give another stage), ``could_be`` (that stage,
        nullable integer, empty where not borderline), ``threshold`` and ``rule`` (the
        settings the row was scored with: they travel with the row through ``merge`` and ``concat``),
        ``fulfilment_1`` ... ``fulfilment_n``, then the answers.

    Raises
    ------
    SettingError
        For a rule or threshold out of range.
    InputDataError
        For an answer that is not a number or not on the model's scale (naming row and column).

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({i: [4, 2] for i in load_model("altimeter").item_ids}, index=["a", "b"])
    >>> score(answers, "altimeter")[["stage", "stage_id", "index"]]
       stage   stage_id  index
    a      6  converged    6.0
    b      0               3.0
    >>> label(score(answers, "altimeter"), "altimeter", lang="de")["stage_name"].tolist()
    ['Konvergenz', 'keine Stufe erreicht']
    """
    import pandas as pd

    model = load_model(model)
    _check_rule(rule, threshold)
    if lang is not None:
        check_lang(lang)
    if type(responses).__module__.startswith("dask"):
        # partition by partition: every row is scored on its own, so the pieces simply concatenate
        kwargs: dict[str, Any] = {"threshold": threshold, "rule": rule, "lang": lang, "keep_answers": keep_answers}
        meta = score(responses._meta, model, **kwargs)
        return responses.map_partitions(score, model, meta=meta, **kwargs)
    d = derived(model)
    values = _item_matrix(responses, model, check=False)  # checked block by block in score_blocks
    got = score_blocks(values, model, threshold=threshold, rule=rule, check=True, index=responses.index)
    fulfil_t, answered, stage, uncertain = got["fulfil"], got["answered"], got["stage"], got["uncertain"]
    border = got["borderline"]
    fulfil = fulfil_t.T  # rows x stages, a view
    numbers = d.numbers

    ids = np.array([""] + [s.id for s in model.stages], dtype=object)
    index = fulfil_t.sum(axis=0)  # NaN when any stage is unknown
    lo, hi = float(d.floor), float(model.n_stages)
    n = len(responses)
    rows = np.flatnonzero(np.isnan(index))  # the index is NaN exactly where some stage is unknown
    texts = [", ".join(str(k) for k in numbers[u]) for u in np.isnan(fulfil[rows])]
    unknown_text = _text_column(n, rows, texts)
    out = pd.DataFrame(
        {
            "stage": stage,
            # categoricals built from the stage numbers: no per-row strings for a million rows
            "stage_id": _labels(stage, ids),
            "index": index,
            "index_pct": (index - lo) / (hi - lo) * 100.0,
            "answered": answered,
            "uncertain": uncertain,
            "unknown_stages": unknown_text,
            "borderline": border,
            "could_be": pd.arrays.IntegerArray(got["could_be"], ~border),
            "threshold": np.full(n, float(threshold)),
            "rule": pd.Categorical.from_codes(np.full(n, RULES.index(rule)), categories=list(RULES)),
        },
        index=responses.index,
    )
    fcols = pd.DataFrame(fulfil, index=responses.index, columns=fulfilment_columns(model), copy=False)
    parts = [out, fcols]
    if keep_answers:
        if not values.flags.writeable:  # a read-only view of the caller's floats (pandas >= 3, copy-on-write)
            parts.append(responses[list(d.item_ids)])  # shared safely, without a copy
        else:  # our own array (converted or completed) - or, before pandas 3, maybe a writable view: copy then
            cow = int(pd.__version__.split(".")[0]) >= 3
            parts.append(pd.DataFrame(values, index=responses.index, columns=list(d.item_ids), copy=not cow))
    result = pd.concat(parts, axis=1)
    return result if lang is None else label(result, model, lang=lang)


def _text_column(n: int, rows: np.ndarray, texts: list[str]):
    """A column of ``n`` texts, empty except at ``rows``, in pandas' default text type; built from
    buffers when that type is Arrow-backed (no Python object per row)."""
    import pandas as pd

    dtype = pd.Series([""]).dtype
    if getattr(dtype, "storage", None) == "pyarrow":
        import pyarrow as pa

        encoded = [t.encode("utf-8") for t in texts]
        lengths = np.zeros(n, dtype=np.int64)
        lengths[rows] = [len(t) for t in encoded]
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        arr = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded)))
        return pd.array(arr, dtype=dtype)
    column = np.full(n, "", dtype=object)
    column[rows] = texts
    return column


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
    out.insert(at, "stage_name", pd.Series(_labels(codes, labels), index=out.index))
    return out


def settings_of(result: pd.DataFrame, *, threshold: float | None = None, rule: str | None = None) -> tuple[float, str]:
    """The threshold and rule a result was scored with (its ``threshold`` and ``rule`` columns).

    Parameters
    ----------
    result : DataFrame
        A :func:`score` result, possibly merged or concatenated.
    threshold, rule : optional
        Values to check against the columns, or to use where the table has no such column.

    Returns
    -------
    (float, str)
        The threshold and the rule.

    Raises
    ------
    SettingError
        When a given value disagrees with the columns, the table mixes settings, or a setting is neither
        in the table nor given.
    """
    def one(column: str, given):
        if column in result.columns and len(result):
            values = result[column].dropna().unique()
            if len(values) > 1:
                raise SettingError(f"the result mixes several values of {column!r} ({', '.join(map(str, values))}); "
                                   "handle each setting on its own", code="errors.mixed_settings", column=column)
            found = values[0].item() if hasattr(values[0], "item") else values[0]
            if given is not None and given != found:
                raise SettingError(f"{column}={given!r} was passed, but the result was scored with {column}={found!r}",
                                   code="errors.setting_differs", column=column, given=given, found=found)
            return found
        if given is None:
            raise SettingError(f"the result has no column {column!r}; pass {column}= explicitly",
                               code="errors.setting_missing", column=column)
        return given

    return float(one("threshold", threshold)), str(one("rule", rule))


def next_steps(result: pd.DataFrame, model: Model | str, *, lang: str = "de",
               threshold: float | None = None) -> pd.DataFrame:
    """What each assessed organisation does next (deprecated: use :func:`socialbiz_kit.roadmap.roadmap`).

    Deprecated and removed after 2027-06-30: :func:`~socialbiz_kit.roadmap.roadmap` gives the same
    recommendations and open items, ranked by the documented rule. For every row of a :func:`score`
    result: the recommendations written for its stage (how to reach the following one), then every item
    of the stages up to the following one that is not yet met (answer below the threshold, or not answered).
    The threshold is the one the result was scored with (its ``threshold`` column, see :func:`settings_of`).

    Parameters
    ----------
    result : DataFrame
        A :func:`score` result with the answers (``keep_answers=True``).
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
        See :func:`settings_of`.
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
    scale = model.scale_map()
    rows = []
    for assessment, stage, answers in zip(result.index, result["stage"], result[list(model.item_ids)].to_numpy()):
        stage = int(stage)
        target = min(stage + 1, model.n_stages)
        # the recommendations written for this stage (0: the model's start); the ranked roadmap is roadmap.roadmap
        name = model.stage(stage).name.get(lang) if stage >= 1 else ui.text("common.no_stage", lang=lang)
        rows += [(assessment, "recommendation", stage, name, "", np.nan, r.text.get(lang))
                 for r in model.recommendations_at(stage)]
        answer_of = dict(zip(model.item_ids, answers))
        for item in model.items:
            if item.stage > target:
                break
            a = answer_of[item.id]
            if np.isnan(a) or scale[int(a)] < threshold - _EPS:
                rows.append((assessment, "open_item", item.stage, model.stage(item.stage).name.get(lang), item.id, a,
                             item.text.get(lang)))
    return pd.DataFrame(rows, columns=["assessment", "kind", "stage", "stage_name", "item", "answer", "text"])


def profile_long(result: pd.DataFrame, model: Model | str, *, id_col: str = "assessment") -> pd.DataFrame:
    """The fulfilment columns of a result as a long table (``assessment``, ``stage``, ``fulfilment``) for plots.

    Parameters
    ----------
    result : DataFrame
        A :func:`score` result.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    id_col : str, default "assessment"
        Name of the id column.

    Returns
    -------
    DataFrame
        ``assessment``, ``stage``, ``fulfilment``.
    """
    model = load_model(model)
    cols = fulfilment_columns(model)
    long = result[cols].rename_axis(id_col).reset_index().melt(id_vars=id_col, var_name="stage", value_name="fulfilment")
    long["stage"] = long["stage"].str.removeprefix("fulfilment_").astype(int)
    return long


def score_reference(responses: pd.DataFrame, model: Model | str, *, threshold: float = DEFAULT_THRESHOLD,
                    rule: str = DEFAULT_RULE) -> pd.DataFrame:
    """The same rules as :func:`score`, written as a plain loop over rows and stages.

    Slow on purpose and easy to read: the tests check :func:`score` against it, and
    ``make bench`` uses it as the baseline. Returns ``stage``, ``index``, ``uncertain``, ``borderline`` and
    ``could_be`` (``stage`` where not borderline).

    Parameters
    ----------
    responses : DataFrame
        Wide answers.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('supported')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.

    Returns
    -------
    DataFrame
        ``stage``, ``index``, ``uncertain``, ``borderline``, ``could_be``.
    """
    import math

    import pandas as pd

    model = load_model(model)
    _check_rule(rule, threshold)
    scale = model.scale_map()
    values = sorted(scale)
    step = max((abs(scale[b] - scale[a]) for a, b in zip(values, values[1:])), default=0.0)
    floor = model.lowest_stage
    out = []
    for _, row in responses.iterrows():
        fulfil, counts = [], []
        for stage in model.stages:
            if not stage.items:
                fulfil.append(1.0)
                counts.append(0)
                continue
            got = [scale[int(row[i.id])] for i in stage.items if i.id in row.index and not pd.isna(row[i.id])]
            fulfil.append(sum(got) / len(got) if len(got) >= MIN_ANSWERED * len(stage.items) else math.nan)
            counts.append(len(got))
        reached, uncertain = _reference_decide(model, fulfil, threshold, rule, floor)
        could = reached
        for k, stage in enumerate(model.stages):
            if not stage.items or math.isnan(fulfil[k]):
                continue
            shift = max(BORDER_MARGIN, step / counts[k])
            for sign in (-1, 1):
                moved = list(fulfil)
                moved[k] = min(1.0, max(0.0, fulfil[k] + sign * shift))
                other, _ = _reference_decide(model, moved, threshold, rule, floor)
                if abs(other - reached) > abs(could - reached) or (
                        other != reached and abs(other - reached) == abs(could - reached) and other < could):
                    could = other
        index = math.nan if any(math.isnan(f) for f in fulfil) else sum(fulfil)
        out.append({"stage": reached, "index": index, "uncertain": uncertain, "borderline": could != reached,
                    "could_be": could})
    return pd.DataFrame(out, index=responses.index)


def _reference_decide(model: Model, fulfil: list[float], threshold: float, rule: str, floor: int) -> tuple[int, bool]:
    import math

    reached, uncertain = floor, False
    if rule == "gated":
        for stage, f in zip(model.stages, fulfil):
            if math.isnan(f):
                uncertain = True
                break
            if f < threshold - _EPS:
                break
            reached = max(reached, stage.number)
    elif rule == "highest":
        for stage, f in zip(model.stages, fulfil):
            if not math.isnan(f) and f >= threshold - _EPS:
                reached, uncertain = max(reached, stage.number), False
            elif math.isnan(f):
                uncertain = True
    elif rule == "supported":
        def supported(fs: list[float]) -> int:
            at = floor
            for k, (stage, f) in enumerate(zip(model.stages, fs)):
                if f >= threshold - _EPS and (k == 0 or fs[k - 1] >= SUPPORT_SHARE * threshold - _EPS):
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
                if run >= best - _EPS:
                    best_stage = stage.number
                if run > best:
                    best = run
            return max(best_stage, floor)
        reached = closest([0.0 if math.isnan(f) else f for f in fulfil])
        if any(math.isnan(f) for f in fulfil):
            uncertain = closest([1.0 if math.isnan(f) else f for f in fulfil]) != reached
    return reached, uncertain
