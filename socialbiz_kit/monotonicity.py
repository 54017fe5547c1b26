"""Manifest monotonicity (Mokken scale analysis): rest-score groups and their violations, as
``mokken::check.monotonicity``; the summary per item is :func:`socialbiz_kit.mokken.check_monotonicity`.

Re-exported by :mod:`socialbiz_kit.mokken`; checked against R's ``mokken`` 3.1.2 in ``tests/test_mokken.py``.

>>> monotonicity_minsize(300)
60
"""
from __future__ import annotations

import math

import numpy as np

from .errors import InputDataError, SettingError
from .scalogram import as_pandas, check_items, coef_h_tiny, values_of

__all__ = ["monotonicity_minsize", "monotonicity_groups"]


def monotonicity_minsize(n: int) -> int:
    """mokken's default minimum size of a rest-score group for ``n`` respondents:
    n ≥ 500: n/10; 250 < n < 500: n/5; 150 ≤ n ≤ 250: n/3; n < 150: 50 (rounded down).

    Parameters
    ----------
    n : int
        Respondents.

    Returns
    -------
    int
        The smallest rest-score group.
    """
    if n < 150:
        return 50
    if n <= 250:
        return n // 3
    return n // 10 if n >= 500 else n // 5


def _restscore_groups(rest: np.ndarray, minsize: int):
    """Upper rest scores of mokken's rest-score groups: each group holds at least ``minsize``
    respondents and ends where a rest score ends; the remainder joins the last group."""
    r = np.sort(rest)
    n = len(r)
    ends = [int(np.nonzero(r == r[minsize - 1])[0].max()) + 1]
    while n - ends[-1] >= minsize:
        ends.append(int(np.nonzero(r == r[minsize + ends[-1] - 1])[0].max()) + 1)
    ends = ends[:-1]
    return list(r[np.array(ends, dtype=int) - 1]) + [r[-1]]



def monotonicity_groups(X, *, minsize: int | None = None):
    """The rest-score groups behind :func:`check_monotonicity`: per item, a table of its groups.

    Parameters
    ----------
    X : DataFrame or array
        Whole-number item scores (rows × items), as for :func:`check_monotonicity`.
    minsize : int, optional
        Smallest group; mokken's default :func:`monotonicity_minsize`.

    Returns
    -------
    dict of str to DataFrame
        Item → one row per rest-score group: ``group``, ``lo`` and ``hi`` (its rest scores), ``n`` and
        ``P(X>=s)`` for every item step ``s``.

    Raises
    ------
    InputDataError
        If the data is not a numeric table with enough items and complete rows, has missing values, or holds
        values the scoring does not allow; or if there are fewer rows than ``minsize``.
    SettingError
        If ``minsize`` is more than half of the rows.
    """
    return monotonicity_check(X, minvi=0.03, minsize=minsize, groups=True)[1]



def monotonicity_check(X, *, minvi: float, minsize: int | None, groups: bool):
    """The summary table of :func:`~socialbiz_kit.mokken.check_monotonicity` and, with ``groups``, the rest-score
    groups of every item."""
    import pandas as pd

    x = as_pandas(check_items(X, scores="whole", min_rows=2))
    v = values_of(x)
    v = v - v.min()
    n, k = v.shape
    m = int(v.max()) + 1
    if minsize is None:
        minsize = monotonicity_minsize(n)
    if n < minsize:
        raise InputDataError(f"X: {n} rows are fewer than minsize = {minsize}", code="errors.minsize_rows", n=n, minsize=minsize)
    if minsize > n / 2:
        raise SettingError(f"minsize = {minsize} is more than half of the {n} rows", code="errors.minsize_half", n=n, minsize=minsize)
    _, hi_items, _ = coef_h_tiny(v)
    rows, groups_out = [], {}
    cols = list(x.columns)
    for j in range(k):
        rest = v.sum(axis=1) - v[:, j]
        upper = _restscore_groups(rest, minsize)
        member = np.searchsorted(np.array(upper), rest, side="left")
        L = len(upper)
        freq = np.array([np.bincount(v[member == g, j].astype(int), minlength=m) for g in range(L)], dtype=float)
        size = freq.sum(axis=1)
        P = np.cumsum(freq[:, ::-1], axis=1)[:, ::-1][:, 1:] / size[:, None]  # P(X >= s), s = 1..m-1
        rows.append(_item_row(hi_items[j], _violations(P, freq, minvi)))
        if groups:
            lo_score = [rest.min()] + [u + 1 for u in upper[:-1]]
            table = pd.DataFrame({"group": range(1, L + 1), "lo": lo_score, "hi": upper, "n": size.astype(int)})
            for s in range(m - 1):
                table[f"P(X>={s + 1})"] = P[:, s]
            groups_out[cols[j]] = table
    out = pd.DataFrame(rows, index=pd.Index(cols, name="item"))
    return out, groups_out


def _violations(P: np.ndarray, freq: np.ndarray, minvi: float) -> dict:
    """Active comparisons, violations and their z over all steps of one item (groups × steps ``P``)."""
    L = len(P)
    tot = dict.fromkeys(["#ac", "#vi", "maxvi", "sum", "zmax", "#zsig"], 0.0)
    for s in range(P.shape[1]):
        p = P[:, s]
        active = (p[:, None] > 1e-10) & (p[None, :] < 0.999999999999)
        tot["#ac"] += np.triu(active, 1).sum()
        V = p[:, None] - p[None, :]  # higher group (row) minus lower group (column)
        V[np.triu_indices(L)] = 0
        V[-minvi <= V] = 0
        tot["#vi"] += np.count_nonzero(V)
        maxvi = np.abs(V).max()
        tot["maxvi"] = max(tot["maxvi"], maxvi)
        if maxvi > minvi:
            tot["sum"] += np.abs(V).sum()
            f1, f2 = freq[:, :s + 1].sum(axis=1), freq[:, s + 1:].sum(axis=1)
            z = np.abs((V < 0) * 2 * (np.sqrt(np.outer(f2 + 1, f1 + 1)) - np.sqrt(np.outer(f1, f2)))
                       / np.sqrt(np.add.outer(f2, f1) + np.add.outer(f1, f2) - 1))
            tot["zmax"] = max(tot["zmax"], z.max())
            tot["#zsig"] += (z > 1.6449).sum()
    return tot


def _item_row(item_h: float, tot: dict) -> dict:
    """One row of the summary: the counts of :func:`_violations` and Molenaar & Sijtsma's crit."""
    ac = tot["#ac"]
    row = {"ItemH": item_h, "#ac": int(ac), "#vi": int(tot["#vi"]),
           "#vi/#ac": tot["#vi"] / ac if ac else np.nan, "maxvi": tot["maxvi"], "sum": tot["sum"],
           "sum/#ac": tot["sum"] / ac if ac else np.nan, "zmax": tot["zmax"], "#zsig": int(tot["#zsig"])}
    if row["#vi"] == 0:
        crit = 0.0
    else:
        crit = (50 * (0.30 - row["ItemH"]) + math.sqrt(row["#vi"]) + 100 * row["#vi/#ac"] + 100 * row["maxvi"]
                + 10 * math.sqrt(row["sum"]) + 1000 * row["sum/#ac"] + 5 * row["zmax"]
                + 10 * math.sqrt(row["#zsig"]) + 100 * row["#zsig"] / ac)
    row["crit"] = int(max(math.floor(crit), 0))
    return row
