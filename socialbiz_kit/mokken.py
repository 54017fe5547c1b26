"""Mokken scale analysis and Guttman scalograms, for pandas and Dask data alike.

* Every function first runs :func:`socialbiz_kit.scalogram.check_items` (the same errors for pandas and
  Dask); :func:`~socialbiz_kit.scalogram.guttman` (re-exported here) gives the Guttman scalogram.
* :func:`loevinger_h`: Loevinger's H, Hᵢ, Hᵢⱼ for dichotomous and polytomous items with mokken's
  delta-method standard errors and Wald confidence intervals.
* :func:`check_monotonicity`: rest-score groups, violations, z and crit as ``mokken::check.monotonicity``
  (computed in :mod:`socialbiz_kit.monotonicity`, which also has :func:`monotonicity_groups`).
* :func:`aisp`: automated item selection (mokken's normal search) with a lower bound (in
  :mod:`socialbiz_kit.item_selection`).

All three are importable from here as before.

Written from the published formulas (no maintained Python package has Mokken scale analysis) and
checked against R's ``mokken`` 3.1.2 in ``tests/test_mokken.py``. Tied item (step) popularities are
handled by the exact average over all orderings of the tied items, so a permutation of columns or
rows never changes a result; mokken estimates the same average by random tie-breaking (in
``coefH`` it averages the weights exactly, too).

>>> import pandas as pd
>>> x = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0], [0, 1, 0]], columns=list("abc"))
>>> h = loevinger_h(x)
>>> round(h.H, 3), round(h.se, 3)
(0.5, 0.352)
>>> h.strength
'strong'
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._checks import check_confidence
from ._compat import deprecated, keyword_lang, renamed
from .errors import InputDataError
from .item_selection import aisp
from .monotonicity import monotonicity_check, monotonicity_groups, monotonicity_minsize
from .scalogram import GuttmanResult, check_items, guttman, is_dask, map_partitions, values_of

__all__ = ["is_dask", "check_items", "GuttmanResult", "guttman", "HResult", "loevinger_h", "check_monotonicity",
           "monotonicity_groups", "monotonicity_minsize", "aisp"]


# --------------------------------------------------------------------------- Loevinger's H
_STRENGTH = ((0.3, "no scale"), (0.4, "weak"), (0.5, "medium"), (math.inf, "strong"))


@dataclass
class HResult:
    """Loevinger's scalability coefficients (Mokken scale analysis) with delta-method standard errors.

    ``H`` the scale, ``items`` Hᵢ per item (Series), ``pairs`` Hᵢⱼ (symmetric DataFrame, NaN on the
    diagonal); ``se``, ``items_se``, ``pairs_se`` their standard errors (Kuijpers, van der Ark & Croon,
    2013), as ``mokken::coefH(X, se = TRUE)``. Interpretation (Mokken): < 0.3 no scale, 0.3–0.4 weak,
    0.4–0.5 medium, ≥ 0.5 strong; ``strength`` is ``"undefined"`` when H is not a number.
    """

    H: float
    items: Any = field(repr=False)
    pairs: Any = field(repr=False)
    n: int = 0
    se: float = float("nan")
    items_se: Any = field(default=None, repr=False)
    pairs_se: Any = field(default=None, repr=False)
    polytomous: bool = False

    @property
    def strength(self) -> str:
        h = self.H
        if h is None or not math.isfinite(h):
            return "undefined"
        return next(label for bound, label in _STRENGTH if h < bound)

    @keyword_lang("confidence")
    @renamed(level="confidence")
    def ci(self, *, confidence: float = 0.95):
        """Wald confidence intervals (estimate ± z·se, as mokken's default ``type.ci = "WB"``).

        ``confidence`` was ``level`` before, and could be passed by position: both are deprecated and stop
        working after 2027-06-30.

        Parameters
        ----------
        confidence : float, default 0.95
            Coverage of the interval, between 0 and 1 (keyword-only).

        Returns
        -------
        DataFrame
            Rows ``H`` (scale) and one per item; columns ``estimate``, ``se``, ``low``, ``high``.

        Raises
        ------
        SettingError
            If ``confidence`` does not lie between 0 and 1.
        """
        import pandas as pd
        from scipy.stats import norm

        check_confidence(confidence)
        z = norm.ppf(0.5 + confidence / 2)
        est = pd.concat([pd.Series({"H": self.H}), self.items])
        se = pd.concat([pd.Series({"H": self.se}), self.items_se])
        return pd.DataFrame({"estimate": est, "se": se, "low": est - z * se, "high": est + z * se})

    @keyword_lang("confidence")
    @renamed(level="confidence")
    def pairs_ci(self, *, confidence: float = 0.95):
        """Hᵢⱼ with its standard error and Wald interval, one row per pair of items.

        ``confidence`` was ``level`` before, and could be passed by position: both are deprecated and stop
        working after 2027-06-30.

        Parameters
        ----------
        confidence : float, default 0.95
            Coverage of the interval, between 0 and 1 (keyword-only).

        Returns
        -------
        DataFrame
            Columns ``item_i``, ``item_j``, ``estimate``, ``se``, ``low``, ``high``.

        Raises
        ------
        SettingError
            If ``confidence`` does not lie between 0 and 1.
        """
        import pandas as pd
        from scipy.stats import norm

        check_confidence(confidence)
        z = norm.ppf(0.5 + confidence / 2)
        cols = list(self.pairs.columns)
        rows = []
        for a in range(len(cols)):
            for b in range(a + 1, len(cols)):
                h, s = self.pairs.iat[a, b], self.pairs_se.iat[a, b]
                rows.append({"item_i": cols[a], "item_j": cols[b], "estimate": h, "se": s,
                             "low": h - z * s, "high": h + z * s})
        return pd.DataFrame(rows)

    @keyword_lang("lowerbound")
    def conditions(self, *, lowerbound: float = 0.3):
        """Mokken's item-level conditions: every Hᵢ ≥ ``lowerbound`` and every Hᵢⱼ > 0.

        Parameters
        ----------
        lowerbound : float, default 0.3
            The least Hᵢ an item needs (Mokken's *c*); keyword-only, as in :func:`aisp` (by position it still
            works until 2027-06-30, with a DeprecationWarning).

        Returns
        -------
        Series
            Of mixed type (dtype ``object``), verdicts and reasons side by side: the booleans ``all Hi >= c`` and
            ``all Hij > 0`` (what :func:`~socialbiz_kit.cohort.scale_checks` reads), the list ``items with Hi < c``
            and the list of ``(item_i, item_j)`` tuples ``pairs with Hij <= 0`` (empty when the condition holds).
        """
        import pandas as pd

        low = [c for c, v in self.items.items() if not v >= lowerbound - 1e-12]
        upper = np.triu(np.ones(self.pairs.shape, dtype=bool), 1)
        vals = self.pairs.to_numpy()
        bad = [(self.pairs.index[a], self.pairs.columns[b]) for a, b in zip(*np.nonzero(upper & ~(vals > 0)))]
        return pd.Series({"all Hi >= c": not low, "all Hij > 0": not bad, "items with Hi < c": low,
                          "pairs with Hij <= 0": bad})


def _step_weights(ui: np.ndarray, uj: np.ndarray) -> np.ndarray:
    """Guttman weights of the (m+1)×(m+1) score cells of an item pair.

    The 2m item steps (X ≥ 1 … X ≥ m of both items) are ordered by popularity; the weight of a cell is
    the number of step pairs where the more popular step is failed and the less popular one passed.
    Steps of the two items that are equally popular count one half either way (the exact average over
    both orders, as mokken's ``weights``); steps of one item keep their natural order.
    """
    m = len(ui) - 1
    pop = np.concatenate([np.cumsum(ui[::-1])[::-1][1:], np.cumsum(uj[::-1])[::-1][1:]])
    item = np.repeat([0, 1], m)
    level = np.tile(np.arange(1, m + 1), 2)
    before = (pop[:, None] > pop[None, :]).astype(float)
    cross_tie = (pop[:, None] == pop[None, :]) & (item[:, None] != item[None, :])
    before[cross_tie] = 0.5
    same = item[:, None] == item[None, :]
    before[same] = (level[:, None] < level[None, :])[same]
    a = np.arange(m + 1)
    passed = np.concatenate([np.broadcast_to((a[:, None] >= np.arange(1, m + 1))[:, None, :], (m + 1, m + 1, m)),
                             np.broadcast_to((a[:, None] >= np.arange(1, m + 1))[None, :, :], (m + 1, m + 1, m))],
                            axis=2).astype(float)
    failed = 1 - passed
    return np.einsum("abs,st,abt->ab", failed, before, passed)


class _HStats:
    """Sufficient statistics of Loevinger's H: category counts per item and per item pair, the Guttman
    weights, observed (F) and expected (E) weighted errors per pair."""

    def __init__(self, x, m: int, low: float):
        self.m, self.low = m, low
        g = m + 1
        k = x.shape[1]
        self.k = k

        def tables(df):
            v = (values_of(df) - low).astype(int)
            out = np.zeros((k * g, k * g))
            for s in range(0, len(v), 65536):
                onehot = np.zeros((min(65536, len(v) - s), k * g))
                block = v[s:s + 65536]
                onehot[np.arange(len(block))[:, None], np.arange(k) * g + block] = 1.0
                out += onehot.T @ onehot
            return out

        t = sum(map_partitions(x, tables))
        self.n = int(round(t[:g, :g].trace()))
        self.tab = t.reshape(k, g, k, g).transpose(0, 2, 1, 3)  # tab[i, j, a, b]
        self.u = np.array([np.diag(self.tab[i, i]) for i in range(k)])  # u[i, a]
        self.iu, self.ju = np.triu_indices(k, 1)
        self.W = np.array([_step_weights(self.u[i], self.u[j]) for i, j in zip(self.iu, self.ju)])
        self.F = np.array([(w * self.tab[i, j]).sum() for w, i, j in zip(self.W, self.iu, self.ju)])
        self.E = np.array([(w * np.outer(self.u[i], self.u[j])).sum() / self.n
                           for w, i, j in zip(self.W, self.iu, self.ju)])

    def gradients(self, df):
        """Sums of squared derivatives (per respondent) of Hᵢⱼ, Hᵢ and H with respect to the pattern counts."""
        v = (values_of(df) - self.low).astype(int)
        n, k = self.n, self.k
        dF = np.empty((len(v), len(self.iu)))
        dE = np.empty_like(dF)
        for p, (i, j) in enumerate(zip(self.iu, self.ju)):
            w = self.W[p]
            a, b = v[:, i], v[:, j]
            dF[:, p] = w[a, b]
            dE[:, p] = ((w @ self.u[j])[a] + (self.u[i] @ w)[b]) / n - self.E[p] / n
        F, E = self.F, self.E
        with np.errstate(divide="ignore", invalid="ignore"):
            g_pair = -(dF * E - F * dE) / E**2
        incid = np.zeros((len(self.iu), k))
        incid[np.arange(len(self.iu)), self.iu] = 1
        incid[np.arange(len(self.iu)), self.ju] = 1
        Fi, Ei = F @ incid, E @ incid
        dFi, dEi = dF @ incid, dE @ incid
        g_item = -(dFi * Ei - Fi * dEi) / Ei**2
        Ft, Et = F.sum(), E.sum()
        g_scale = -(dF.sum(axis=1) * Et - Ft * dE.sum(axis=1)) / Et**2
        return np.array([(g_scale**2).sum()]), (g_item**2).sum(axis=0), (g_pair**2).sum(axis=0)


def loevinger_h(X, *, se: bool = True, binary: bool | None = None) -> HResult:
    """Loevinger's H for 0/1 or polytomous (0, 1, 2, …) items: scale, items and item pairs, with
    mokken's delta-method standard errors (``se=True``).

    ``binary=None`` accepts any whole numbers ≥ 0 and says in the result whether the items were
    polytomous; ``binary=True`` insists on 0/1.

    Parameters
    ----------
    X : DataFrame or array
        Item scores, rows × items: a pandas or Dask DataFrame or a 2-D array.
    se : bool, default True
        Compute the delta-method standard errors.
    binary : bool, optional
        True insists on 0/1; None accepts any whole numbers ≥ 0.

    Returns
    -------
    HResult
        H of the scale, Hᵢ of the items and Hᵢⱼ of the pairs, with standard errors.

    Raises
    ------
    InputDataError
        If the data is not a numeric table with enough items and complete rows, has missing values, or holds
        values the scoring does not allow; or if an item has the same value for every respondent.

    Notes
    -----
    For a pair (i, j) the item steps Xᵢ ≥ 1 … Xᵢ ≥ m, Xⱼ ≥ 1 … are ordered by popularity, and
    Fᵢⱼ is the number of Guttman errors (a more popular step failed, a less popular one passed),
    weighted per response pattern; Eᵢⱼ is its expectation under independence (from the marginals).
    Hᵢⱼ = 1 − Fᵢⱼ/Eᵢⱼ, Hᵢ = 1 − Σⱼ Fᵢⱼ / Σⱼ Eᵢⱼ, H = 1 − Σᵢ<ⱼ Fᵢⱼ / Σᵢ<ⱼ Eᵢⱼ (Molenaar, 1991);
    for 0/1 items this is Covᵢⱼ / Covᵢⱼ^max (Sijtsma & Molenaar, 2002). The standard errors
    are the delta method on the multinomial of response patterns (Kuijpers, van der Ark & Croon,
    2013): se² = Σ over respondents of (∂coefficient/∂nᵣ)², which is what ``coefH(X, se = TRUE)``
    computes. Items that everyone or no one has give Eᵢⱼ = 0 and are refused.

    >>> import pandas as pd
    >>> round(loevinger_h(pd.DataFrame([[1, 1], [1, 0], [0, 0], [1, 1]])).H, 6)
    1.0
    """
    x = check_items(X, scores="binary" if binary else "whole")
    cols = list(x.columns)
    mins = map_partitions(x, lambda df: values_of(df).min(axis=0))
    maxs = map_partitions(x, lambda df: values_of(df).max(axis=0))
    lo, hi = np.min(mins, axis=0), np.max(maxs, axis=0)
    constant = [c for c, a, b in zip(cols, lo, hi) if a == b]
    if constant:
        raise InputDataError(f"X: item {constant[0]!r} has the same value for every respondent; H is undefined",
                             code="errors.item_constant", item=constant[0])
    low = float(lo.min())
    st = _HStats(x, int(hi.max() - low), low)
    result = _coefficients(st, cols)
    if se:
        _add_standard_errors(result, x, st, cols)
    return result


def _coefficients(st: _HStats, cols: list) -> HResult:
    """Hᵢⱼ, Hᵢ and H from the observed and expected weighted errors per pair."""
    import pandas as pd

    k = len(cols)
    with np.errstate(divide="ignore", invalid="ignore"):
        h_pair = 1 - st.F / st.E
    pairs = np.full((k, k), np.nan)
    pairs[st.iu, st.ju] = pairs[st.ju, st.iu] = h_pair
    incid_F = np.zeros(k)
    incid_E = np.zeros(k)
    np.add.at(incid_F, st.iu, st.F)
    np.add.at(incid_F, st.ju, st.F)
    np.add.at(incid_E, st.iu, st.E)
    np.add.at(incid_E, st.ju, st.E)
    h_items = 1 - incid_F / incid_E
    h = 1 - st.F.sum() / st.E.sum()
    return HResult(H=float(h), items=pd.Series(h_items, index=cols, name="H_i"),
                   pairs=pd.DataFrame(pairs, index=cols, columns=cols), n=st.n, polytomous=st.m > 1)


def _add_standard_errors(result: HResult, x, st: _HStats, cols: list) -> None:
    """The delta-method standard errors, summed over the partitions, into ``result``."""
    import pandas as pd

    k = len(cols)
    parts = map_partitions(x, st.gradients)
    s_scale = sum(p[0] for p in parts)
    s_item = sum(p[1] for p in parts)
    s_pair = sum(p[2] for p in parts)
    pse = np.full((k, k), np.nan)
    pse[st.iu, st.ju] = pse[st.ju, st.iu] = np.sqrt(s_pair)
    result.se = float(np.sqrt(s_scale[0]))
    result.items_se = pd.Series(np.sqrt(s_item), index=cols, name="se")
    result.pairs_se = pd.DataFrame(pse, index=cols, columns=cols)


# --------------------------------------------------------------------------- monotonicity
def check_monotonicity(X, *, minvi: float = 0.03, minsize: int | None = None, details: bool | None = None):
    """Manifest monotonicity per item, as ``summary(mokken::check.monotonicity(X, minvi, minsize))``.

    For each item the respondents are grouped by their rest score (the sum of the other items; groups
    of at least ``minsize``, mokken's default :func:`monotonicity_minsize`); for every item step
    P(X ≥ s) should not fall from a lower to a higher rest-score group.

    Returns a DataFrame, one row per item: ``ItemH`` (Hᵢ), ``#ac`` (active comparisons), ``#vi``
    (violations larger than ``minvi``), ``#vi/#ac``, ``maxvi`` (largest violation), ``sum`` (their sum),
    ``sum/#ac``, ``zmax`` (largest z of a violation), ``#zsig`` (violations with z > 1.6449) and
    ``crit`` (Molenaar & Sijtsma's criterion; above 80 the item is suspect). Unrounded; mokken prints
    two decimals. The rest-score groups behind it: :func:`monotonicity_groups` (``details=True``, which
    returned both, is deprecated and stops working after 2027-06-30).

    Parameters
    ----------
    X : DataFrame or array
        Item scores, rows × items: a pandas or Dask DataFrame or a 2-D array.
    minvi : float, default 0.03
        The smallest decrease counted as a violation.
    minsize : int, optional
        Smallest rest-score group; :func:`monotonicity_minsize` by default.
    details : bool, optional
        Deprecated: use :func:`monotonicity_groups`.

    Returns
    -------
    DataFrame
        One row per item with mokken's summary columns (see above).

    Raises
    ------
    InputDataError
        If the data is not a numeric table with enough items and complete rows, has missing values, or holds
        values the scoring does not allow; or if there are fewer rows than ``minsize``.
    SettingError
        If ``minsize`` is more than half of the rows.
    """
    table, groups = monotonicity_check(X, minvi=minvi, minsize=minsize, groups=bool(details))
    if details is not None:
        deprecated("check_monotonicity(details=...): use monotonicity_groups() for the rest-score groups; details=")
        if details:
            return table, groups
    return table

