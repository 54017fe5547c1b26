"""Scoring: answers -> fulfilment per stage -> stage and continuous index -> next steps.

Pure functions on DataFrames, vectorised with NumPy (no Python loop over rows).

The rules
---------
* An answer on the model's scale (0..4) maps to a fulfilment (0, .25, .5, .75, 1).
* A stage's fulfilment is the mean fulfilment of its answered items. A stage with fewer than half
  of its items answered is *unknown* (NaN): it never counts silently as 0 or 1.
* A stage is *met* when its fulfilment is at least ``threshold`` (exactly at the threshold counts).
* ``rule="gated"`` (the staged reading of CMMI): stage k is reached when stages 1..k are
  all met. ``rule="highest"``: the highest stage met on its own, whatever lies below; the result's
  notes name every stage below it that is not met (:func:`socialbiz_kit.render.placement_notes`).
  ``rule="stepped"`` (the default, "höchste Stufe mit Punktabzug"): a stage counts as its number less the answer
  points it lacks to the threshold (a met stage lacks none), the highest value counts; so one answer point never moves
  a placement by more than one stage. Lenient on flat answers; chosen on the blind validation set
  (:mod:`socialbiz_kit.validation`, data/validation/README.md).
  Nothing met gives 0, or the baseline stage for a model that has one (Church of the Customer's
  "Traditional", which has no items and counts as fulfilled by everyone).
* The *index* is the sum of the stage fulfilments (the baseline stage counts 1): a number on the
  stage scale, 0..6 for Altimeter and 1..5 for Church of the Customer. It is NaN when a stage is unknown.
  ``rule="closest"``: the stage whose ideal pattern (every stage up to it met, none above) is closest to
  the profile, i.e. the k that maximises the running surplus (fulfilment - threshold) summed over stages
  1..k (ties to the higher stage); it tolerates one weak lower stage when the stages above it are strong,
  as Guttman scaling reads a response pattern with one error.
  ``rule="supported"``: the highest stage that is met and whose stage directly below reaches at least half
  the threshold (``SUPPORT_SHARE``; 0.375 at the default threshold); the first stage needs no support. It
  tolerates weak lower stages that mature organisations honestly report, but not a met stage above one
  that is hardly begun.
* ``uncertain`` is true when an unknown stage could change the stage reached.
* ``borderline`` is true when moving one stage's fulfilment by ``BORDER_MARGIN`` (0.05, or by one answer's
  step if that is larger) would give another stage; ``could_be`` names that stage (the furthest, the lower
  one on a tie), and is empty where the placement is not borderline. On the five-point scale one answer
  one point away moves a stage of five items by exactly 0.05. ``border_points`` says by how many answer
  points: the fewest whole points of such a move that give ``could_be`` (1 where one answer one point does,
  else the margin rounded up to whole points, ``ceil(0.05 x answered / step)``: 2 for a stage of six to ten
  answered statements on the five-point scale); empty where not borderline.

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

from ._checks import BORDER_MARGIN, DEFAULT_RULE, DEFAULT_THRESHOLD, MIN_ANSWERED, RULES, check_settings, settings_of
from ._compat import deprecated
from ._core import decide, derived, fulfilment_array, score_blocks
from ._core import item_fulfilment as _item_fulfilment
from ._core import item_matrix as _item_matrix
from ._frames import labels_column, text_column
from ._inputs import need_frame
from ._labels import label, stage_names
from ._lang import check_lang
from ._next_steps import next_steps
from ._profile import fulfilment_columns, profile_long
from .errors import InputDataError, SettingError
from .models import Model, load_model

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["RULES", "DEFAULT_THRESHOLD", "DEFAULT_RULE", "MIN_ANSWERED", "BORDER_MARGIN", "check_settings",
           "item_matrix", "item_fulfilment",
           "stage_fulfilment", "stage_from_fulfilment", "score", "label", "stage_names", "settings_of", "next_steps",
           "profile_long", "fulfilment_columns"]


def __getattr__(name: str):
    if name == "score_reference":  # the slow reference loop: now private, for the tests and the benchmarks
        from ._reference import score_reference

        deprecated("scoring.score_reference: the reference loop is private now (socialbiz_kit._reference); "
                   "score_reference")
        return score_reference
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    """
    return _item_fulfilment(values, load_model(model))


def stage_from_fulfilment(fulfilment: pd.DataFrame, *, threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE,
                          baseline: int | None = None, model: Model | str | None = None,
                          answered: pd.DataFrame | np.ndarray | None = None, step: float | None = None) -> pd.Series:
    """The stage for each row of a fulfilment table.

    Parameters
    ----------
    fulfilment : DataFrame
        One column per stage, named by the stage numbers in rising order without gaps (``1, 2, 3`` or,
        for a model whose stage 1 is a baseline, ``2, 3, 4, 5``); values 0..1, NaN for unknown.
    threshold : float
        A stage is met when its fulfilment is at least this value.
    rule : {"gated", "highest", "closest", "supported", "stepped"}
    baseline : int, optional
        The lowest stage any organisation is at (Church of the Customer: 1). Without it, a row with
        no stage met gets 0.
    model : Model or str, optional
        Needed by the stepped rule, which counts what a stage lacks in answer points of the model's scale.
    answered : DataFrame or ndarray, optional
        The stepped rule: how many items of each stage every row answered (the shape of ``fulfilment``); without
        it, every item counts as answered.
    step : float, optional
        The stepped rule without a model (a table of fulfilments only, as in a worked example): the change of one
        item's fulfilment per answer point (0.25 on a five-point scale); needs ``answered``.

    Returns
    -------
    Series of int, named ``"stage"``, with the index of ``fulfilment``.

    Raises
    ------
    InputDataError
        If the columns are not the stage numbers in rising order without gaps; or if a fulfilment value lies
        outside 0 to 1.
    SettingError
        If ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules, or the stepped rule is
        asked for without ``model`` and without ``answered`` and ``step``.
    """
    import pandas as pd

    check_settings(threshold, rule)
    numbers = np.array(list(fulfilment.columns))
    if not np.issubdtype(numbers.dtype, np.integer) or len(numbers) == 0 or (np.diff(numbers) != 1).any():
        raise InputDataError(
            f"the columns must be stage numbers in rising order without gaps (got {list(fulfilment.columns)})",
            code="errors.stage_columns", got=", ".join(map(str, fulfilment.columns)))
    values = fulfilment.to_numpy(dtype=float)
    if ((values < 0) | (values > 1)).any():
        raise InputDataError("fulfilment values must lie between 0 and 1", code="errors.fulfilment_values")
    counts = None if answered is None else np.asarray(answered, dtype=float)
    if counts is not None and counts.shape != values.shape:
        raise InputDataError(f"answered must have the shape of the fulfilment table {values.shape} (got {counts.shape})",
                             code="errors.answered_shape", want=f"{values.shape[0]} × {values.shape[1]}",
                             got=" × ".join(map(str, counts.shape)))
    bare = None
    if rule == "stepped" and model is None:
        if counts is None or step is None or not step > 0:
            raise SettingError("the stepped rule (the default) needs the model (model=...) to count answer points, or "
                               "answered=... and step=...; or pass another rule", code="errors.stepped_model")
        bare = _bare(numbers, counts.max(axis=0, initial=0), float(step))
    floor = 0 if baseline is None else int(baseline)
    stage, _ = decide(values, numbers, threshold, rule, floor, counts, None if model is None else load_model(model), bare)
    return pd.Series(stage, index=fulfilment.index, name="stage")


def _bare(numbers, n_items, step: float):
    """What the stepped rule needs of a model, for a table of fulfilments without one (as in :class:`_core.Derived`)."""
    from types import SimpleNamespace

    return SimpleNamespace(numbers=np.asarray(numbers), n_items=np.asarray(n_items, dtype=float), step=step)


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
    threshold : float, default DEFAULT_THRESHOLD (0.75)
    rule : {"gated", "highest", "closest", "supported", "stepped"}, default "stepped" (:data:`DEFAULT_RULE`, chosen on the
        blind validation set, see :mod:`socialbiz_kit.validation`)
    keep_answers : bool, default True
        Append the item answers to the result (needed by the roadmap).
    lang : {"de", "en"}, optional
        Deprecated (removed after 2027-06-30): score gives numbers and ids only; add the column ``stage_name``
        with :func:`label` (``label(score(...), model, lang=lang)``).

    Returns
    -------
    DataFrame
        With the index of ``responses`` and the columns ``stage`` (int), ``stage_id``, ``index`` (sum of
        stage fulfilments, NaN if a stage is unknown), ``index_pct`` (the index as a percentage of its
        range), ``answered`` (share of items answered), ``uncertain`` (an unknown stage could change the
        stage), ``unknown_stages`` (their numbers, e.g. ``"3, 5"``), ``borderline`` (one answer one point,
        or a change of 0.05 in one stage's fulfilment, would give another stage), ``could_be`` (that stage,
        nullable integer, empty where not borderline), ``border_points`` (the fewest answer points that give
        that stage, nullable integer, empty where not borderline), ``threshold`` and ``rule`` (the
        settings the row was scored with: they travel with the row through ``merge`` and ``concat``),
        ``fulfilment_1`` ... ``fulfilment_n``, then the answers.

    Raises
    ------
    SettingError
        For a rule or threshold out of range.
    InputDataError
        For ``responses`` that are not a DataFrame, or an answer that is not a number or not on the model's
        scale (naming row and column).

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({i: [4, 2] for i in load_model("altimeter").item_ids}, index=["a", "b"])
    >>> score(answers, "altimeter")[["stage", "stage_id", "index"]]
       stage   stage_id  index
    a      6  converged    6.0
    b      2   presence    3.0
    >>> label(score(answers, "altimeter"), "altimeter", lang="de")["stage_name"].tolist()
    ['Konvergenz', 'Präsenz']

    "Teilweise" everywhere meets no stage; by the default rule stage 6 (four statements, four answer points short)
    counts as 6 - 4 = 2, and the result is marked borderline. The highest stage met on its own gives none:

    >>> score(answers, "altimeter", rule="highest")["stage"].tolist()
    [6, 0]
    """
    model = load_model(model)
    check_settings(threshold, rule)
    need_frame(responses, "responses", dask=True)
    if lang is not None:
        _lang_deprecated(lang)
    kwargs: dict[str, Any] = {"threshold": threshold, "rule": rule, "keep_answers": keep_answers, "lang": lang}
    if type(responses).__module__.startswith("dask"):
        # partition by partition: every row is scored on its own, so the pieces simply concatenate
        meta = _score_part(responses._meta, model, **kwargs)
        return responses.map_partitions(_score_part, model, meta=meta, **kwargs)
    return _score_part(responses, model, **kwargs)


def _lang_deprecated(lang: str) -> None:
    deprecated("score(..., lang=...): score gives numbers only; add the stage names with "
               "label(score(...), model, lang=...); score(lang=)", stacklevel=4)
    check_lang(lang)


def _score_part(responses: pd.DataFrame, model: Model, *, threshold: float, rule: str, keep_answers: bool,
                lang: str | None) -> pd.DataFrame:
    """:func:`score` of one pandas frame (checked settings), labelled while ``score(lang=)`` is still taken."""
    import pandas as pd

    d = derived(model)
    values = _item_matrix(responses, model, check=False)  # checked block by block in score_blocks
    got = score_blocks(values, model, threshold=threshold, rule=rule, check=True, index=responses.index)
    fulfil = got["fulfil"].T  # rows x stages, a view
    parts = [_result_columns(got, model, responses.index, threshold, rule),
             pd.DataFrame(fulfil, index=responses.index, columns=fulfilment_columns(model), copy=False)]
    if keep_answers:
        if not values.flags.writeable:  # a read-only view of the caller's floats (pandas >= 3, copy-on-write)
            parts.append(responses[list(d.item_ids)])  # shared safely, without a copy
        else:  # our own array (converted or completed) - or, before pandas 3, maybe a writable view: copy then
            cow = int(pd.__version__.split(".")[0]) >= 3
            parts.append(pd.DataFrame(values, index=responses.index, columns=list(d.item_ids), copy=not cow))
    result = pd.concat(parts, axis=1)
    return result if lang is None else label(result, model, lang=lang)


def _result_columns(got: dict[str, np.ndarray], model: Model, row_index: pd.Index, threshold: float,
                    rule: str) -> pd.DataFrame:
    """The columns of a :func:`score` result from ``stage`` to ``rule``, from what :func:`score_blocks` computed."""
    import pandas as pd

    d = derived(model)
    fulfil_t, stage, border = got["fulfil"], got["stage"], got["borderline"]
    ids = np.array([""] + [s.id for s in model.stages], dtype=object)
    index = fulfil_t.sum(axis=0)  # NaN when any stage is unknown
    lo, hi = float(d.floor), float(model.n_stages)
    n = len(row_index)
    rows = np.flatnonzero(np.isnan(index))  # the index is NaN exactly where some stage is unknown
    texts = [", ".join(str(k) for k in d.numbers[u]) for u in np.isnan(fulfil_t.T[rows])]
    return pd.DataFrame(
        {
            "stage": stage,
            # categoricals built from the stage numbers: no per-row strings for a million rows
            "stage_id": labels_column(stage, ids),
            "index": index,
            "index_pct": (index - lo) / (hi - lo) * 100.0,
            "answered": got["answered"],
            "uncertain": got["uncertain"],
            "unknown_stages": text_column(n, rows, texts),
            "borderline": border,
            "could_be": pd.arrays.IntegerArray(got["could_be"], ~border),
            "border_points": pd.arrays.IntegerArray(got["border_points"], ~border),
            "threshold": np.full(n, float(threshold)),
            "rule": pd.Categorical.from_codes(np.full(n, RULES.index(rule)), categories=list(RULES)),
        },
        index=row_index,
    )
