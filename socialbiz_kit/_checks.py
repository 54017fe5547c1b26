"""The one checked place for the scoring settings and for "is this answer on the scale" (private).

Every module that scores, plans, stores or reads answers takes its settings and its answer check from here:
the defaults (:data:`DEFAULT_THRESHOLD`, :data:`DEFAULT_RULE`), the tolerances of the rules (:data:`EPS`,
:data:`MIN_ANSWERED`, :data:`SUPPORT_SHARE`, :data:`BORDER_MARGIN`), :func:`check_settings`,
:func:`check_confidence` and :func:`settings_of` for the settings, :func:`is_met`, :func:`is_supported` and
:func:`reaches` for "a stage is met" and "a stage supports the one above", and :func:`unanswered`,
:func:`on_scale`, :func:`off_scale`, :func:`all_on_scale` and :func:`read_answers` for answers.
``static/score.js`` holds the same constants and rules; ``tests/test_page.py`` keeps the constants equal.

>>> check_settings(0.75, "gated")
(0.75, 'gated')
>>> bool(is_met(0.75 - 1e-12, 0.75)), bool(is_met(float("nan"), 0.75)), bool(is_supported(0.375, 0.75))
(True, False, True)
>>> unanswered(float("nan")), unanswered(None), unanswered(0)
(True, True, False)
>>> on_scale(3, {0, 1, 2, 3, 4}), on_scale(True, {0, 1}), on_scale("3", {3})
(True, False, False)
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import SettingError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["RULES", "DEFAULT_THRESHOLD", "DEFAULT_RULE", "EPS", "MIN_ANSWERED", "SUPPORT_SHARE", "BORDER_MARGIN",
           "check_settings", "check_confidence", "settings_of", "reaches", "is_met", "support_line", "is_supported",
           "unanswered", "on_scale", "off_scale", "all_on_scale", "read_answers"]

RULES = ("gated", "highest", "closest", "supported", "stepped")
"""The placement rules (see :mod:`socialbiz_kit.scoring`)."""
DEFAULT_THRESHOLD = 0.75
"""The fulfilment a stage needs to count as met."""
DEFAULT_RULE = "stepped"
"""The placement rule used unless another is asked for (chosen on the blind validation set)."""
EPS = 1e-9
"""Float tolerance of every comparison with the threshold: exactly at the threshold counts as met."""
MIN_ANSWERED = 0.5
"""A stage with fewer than this share of its items answered is unknown."""
BORDER_MARGIN = 0.05
"""A placement is *borderline* when a change of one stage's fulfilment by this much (or by one answer's step, if that
is larger) would give another stage. On the five-point scale one answer moves a stage of five items by 0.05: the
margin is "one answer, one point" for the stages of the bundled models."""
SUPPORT_SHARE = 0.5
"""The "supported" rule: a met stage counts when the stage directly below reaches at least this share of the
threshold (with the default threshold 0.75: 0.375, between "kaum" and "teilweise")."""


def check_settings(threshold: float, rule: str) -> tuple[float, str]:
    """Refuse a threshold or rule out of range (a :class:`~socialbiz_kit.errors.SettingError` naming it).

    Parameters
    ----------
    threshold : float
        Must lie above 0 and at most 1.
    rule : str
        One of :data:`RULES`.

    Returns
    -------
    (float, str)
        The threshold as a float and the rule.

    Raises
    ------
    SettingError
        With the code ``errors.choice`` (rule) or ``errors.threshold``.
    """
    if rule not in RULES:
        raise SettingError(f"rule must be one of {', '.join(RULES)} (got {rule!r})",
                           code="errors.choice", name="rule", value=rule, allowed=", ".join(RULES))
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.floating)) or not 0 < threshold <= 1:
        raise SettingError(f"threshold must be a number above 0 and at most 1 (got {threshold!r})",
                           code="errors.threshold", value=threshold)
    return float(threshold), rule


def check_confidence(confidence: float) -> None:
    """Refuse a confidence level that does not lie strictly between 0 and 1 (a :class:`~socialbiz_kit.errors.SettingError`).

    Parameters
    ----------
    confidence : float
        The level of a confidence interval, such as 0.95.

    Returns
    -------
    None

    Raises
    ------
    SettingError
        With the code ``errors.confidence``.

    >>> check_confidence(0.95)
    >>> check_confidence(1.5)
    Traceback (most recent call last):
    ...
    socialbiz_kit.errors.SettingError: confidence must lie between 0 and 1 (got 1.5)
    """
    if isinstance(confidence, (bool, np.bool_)) or not isinstance(confidence, numbers.Real) or not 0 < confidence < 1:
        raise SettingError(f"confidence must lie between 0 and 1 (got {confidence!r})", code="errors.confidence",
                           value=confidence)


def settings_of(result: pd.DataFrame, *, threshold: float | None = None, rule: str | None = None) -> tuple[float, str]:
    """The threshold and rule a result was scored with (its ``threshold`` and ``rule`` columns).

    Parameters
    ----------
    result : DataFrame
        A :func:`~socialbiz_kit.scoring.score` result, possibly merged or concatenated.
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


def reaches(fulfilment: Any, line: float) -> Any:
    """Whether a fulfilment reaches a line (the threshold or the support line): at least ``line`` less :data:`EPS`.

    The one comparison behind :func:`is_met` and :func:`is_supported`; NaN (an unknown stage) reaches nothing.

    Parameters
    ----------
    fulfilment : float, ndarray, Series or DataFrame
        Fulfilment 0..1, NaN for unknown.
    line : float
        The line to reach.

    Returns
    -------
    bool or array of bool
        The shape of ``fulfilment``; ``False`` where it is NaN.
    """
    return fulfilment >= line - EPS


def is_met(fulfilment: Any, threshold: float) -> Any:
    """Whether a stage (or an item) is met: its fulfilment reaches the threshold; exactly at it counts.

    Parameters
    ----------
    fulfilment : float, ndarray, Series or DataFrame
        Fulfilment 0..1, NaN for unknown.
    threshold : float
        The scoring threshold.

    Returns
    -------
    bool or array of bool
        The shape of ``fulfilment``; ``False`` where it is NaN.
    """
    return reaches(fulfilment, threshold)


def support_line(threshold: float) -> float:
    """The fulfilment a stage needs to support a met stage directly above it: :data:`SUPPORT_SHARE` x ``threshold``.

    Parameters
    ----------
    threshold : float
        The scoring threshold.

    Returns
    -------
    float
    """
    return SUPPORT_SHARE * threshold


def is_supported(fulfilment: Any, threshold: float) -> Any:
    """Whether a stage supports a met stage directly above it under the "supported" rule: it reaches the support line.

    Parameters
    ----------
    fulfilment : float, ndarray, Series or DataFrame
        The lower stage's fulfilment 0..1, NaN for unknown.
    threshold : float
        The scoring threshold.

    Returns
    -------
    bool or array of bool
        The shape of ``fulfilment``; ``False`` where it is NaN.
    """
    return reaches(fulfilment, support_line(threshold))


def _is_number(value: Any) -> bool:
    """A real number, numpy's included, but not a bool (``True`` is no answer)."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def unanswered(value: Any) -> bool:
    """Whether a cell means "not answered": ``None``, NaN (Python or numpy), pandas' ``NA`` or ``NaT``.

    Parameters
    ----------
    value : object
        One answer as it came.

    Returns
    -------
    bool
    """
    if value is None:
        return True
    if _is_number(value):
        return math.isnan(value)
    return type(value).__module__.startswith("pandas") and type(value).__name__ in ("NAType", "NaTType")


def on_scale(value: Any, allowed: Collection[float]) -> bool:
    """Whether ``value`` is an answer on the scale: a number (numpy's too, not a bool or a text) among ``allowed``.

    The rule of the kit for one answer; :func:`off_scale` and :func:`all_on_scale` are its forms for arrays
    (``tests/test_checks.py`` holds them equal).

    Parameters
    ----------
    value : object
        One answer (check :func:`unanswered` first).
    allowed : collection of numbers
        The scale's values.

    Returns
    -------
    bool
    """
    return _is_number(value) and float(value) in allowed


def off_scale(values: Any, allowed: Any) -> np.ndarray:
    """Where an array of answers (NaN = not answered) holds a value that is not on the scale: :func:`on_scale`
    cell by cell, with :func:`unanswered` cells not off the scale.

    Parameters
    ----------
    values : array-like
        Answers, any shape: numbers (the fast path), or anything else (bools, texts, objects), checked cell by cell.
    allowed : collection of numbers
        The scale's values.

    Returns
    -------
    ndarray of bool
        The shape of ``values``.

    >>> off_scale(np.array([0.0, 3.5, np.nan, 4.0]), [0, 1, 2, 3, 4]).tolist()
    [False, True, False, False]
    >>> off_scale(np.array([True, 1, "1", None], dtype=object), [0, 1]).tolist()
    [True, False, True, False]
    """
    values = np.asarray(values)
    if values.dtype.kind in "fiu":  # numbers: a value equal to one of the scale's (as float(value) in allowed)
        out = ~np.isin(values, np.asarray(list(allowed), dtype=float))
        return out & ~np.isnan(values) if values.dtype.kind == "f" else out
    allowed = list(allowed)
    cells = [not unanswered(v) and not on_scale(v, allowed) for v in values.ravel().tolist()]
    return np.array(cells, dtype=bool).reshape(values.shape)


def all_on_scale(values: np.ndarray, allowed: np.ndarray) -> bool:
    """Whether every answered cell of an array of float answers (NaN = not answered) is on the scale, fast:
    ``not off_scale(values, allowed).any()``, with a shortcut for a scale of whole numbers without gaps
    (0..4: the bounds and whole numbers are enough, no search in the scale).

    Parameters
    ----------
    values : ndarray of float
        Answers, any shape.
    allowed : ndarray
        The scale's values.

    Returns
    -------
    bool

    >>> scale = np.array([0, 1, 2, 3, 4])
    >>> all_on_scale(np.array([[0.0, np.nan], [4.0, 2.0]]), scale), all_on_scale(np.array([2.5]), scale)
    (True, False)
    """
    scale = np.sort(np.asarray(allowed, dtype=float))
    if len(scale) > 1 and (np.diff(scale) == 1).all() and scale[0] == np.rint(scale[0]):
        low, high = scale[0], scale[-1]
        filled = np.where(np.isnan(values), low, values)
        return bool(filled.min(initial=low) >= low and filled.max(initial=low) <= high
                    and (np.rint(filled) == filled).all())
    return not off_scale(values, scale).any()


def read_answers(answers: Any, items: Iterable[str],
                 allowed: Collection[float]) -> tuple[dict[str, float | None], tuple[str, Any] | None]:
    """The answers to ``items`` from a mapping or a row (a pandas Series), checked against the scale.

    Parameters
    ----------
    answers : mapping or Series
        Item id -> answer; an absent item, ``None``, NaN and pandas' ``NA`` count as not answered.
    items : iterable of str
        The model's item ids.
    allowed : collection of numbers
        The scale's values.

    Returns
    -------
    (dict, tuple or None)
        Item id -> the answer as a float, or ``None`` for not answered; and the first answer that is not on the
        scale as ``(item id, value)``, or ``None`` when every answer is.
    """
    clean: dict[str, float | None] = {}
    for item in items:
        value = answers.get(item)
        if unanswered(value):
            clean[item] = None
        elif on_scale(value, allowed):
            clean[item] = float(value)
        else:
            return clean, (item, value)
    return clean, None
