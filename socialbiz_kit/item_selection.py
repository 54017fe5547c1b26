"""Automated item selection (Mokken scale analysis, mokken's ``aisp(X, lowerbound, search = "normal")``).

Re-exported by :mod:`socialbiz_kit.mokken`; checked against R's ``mokken`` 3.1.2 in ``tests/test_mokken.py``.
"""
from __future__ import annotations

import math

import numpy as np

from .errors import InputDataError, SettingError
from .scalogram import as_pandas, check_items, coef_h_tiny, values_of

__all__ = ["aisp"]


def aisp(X, *, lowerbound: float = 0.3, alpha: float = 0.05):
    """Automated item selection (mokken's ``aisp(X, lowerbound, search = "normal")``).

    Scale 1 starts with the pair of largest Hᵢⱼ that is significantly above zero; items are then added
    one at a time, each time the one giving the largest H, provided its Hᵢ ≥ ``lowerbound``, its Hᵢ is
    significantly above zero (Mokken's z, Bonferroni-adjusted ``alpha`` as mokken) and it has no negative
    Hᵢⱼ with a selected item. Then scale 2 starts from the remaining items, and so on.

    Returns a Series item → scale number (0 = not selected into any scale), as mokken's output.

    Parameters
    ----------
    X : DataFrame or array
        Item scores, rows × items: a pandas or Dask DataFrame or a 2-D array.
    lowerbound : float, default 0.3
        The smallest Hᵢ an item needs to join a scale.
    alpha : float, default 0.05
        Significance level of Mokken's z (Bonferroni-adjusted).

    Returns
    -------
    Series
        Item -> scale number (0 = not selected).

    Raises
    ------
    InputDataError
        If the data is not a numeric table with enough items and complete rows, has missing values, or holds
        values the scoring does not allow; or if an item has the same value for every respondent.
    SettingError
        If ``lowerbound`` does not lie in [0, 1).
    """
    import pandas as pd

    if not 0 <= lowerbound < 1:
        raise SettingError(f"lowerbound must lie in [0, 1) (got {lowerbound!r})",
                           code="errors.share", name="lowerbound", value=lowerbound)
    x = as_pandas(check_items(X, scores="whole", min_rows=2))
    v = values_of(x)
    k = v.shape[1]
    if (v.var(axis=0) == 0).any():
        raise InputDataError(f"X: item {x.columns[int(np.argmax(v.var(axis=0) == 0))]!r} has no variance",
                             code="errors.item_constant", item=x.columns[int(np.argmax(v.var(axis=0) == 0))])
    sel = _Selection(v, lowerbound=lowerbound, alpha=alpha)
    inset = np.zeros(k, dtype=int)
    scale = 0
    while True:
        scale += 1
        K = [int((inset == 0).sum())]
        if K[0] < 2:
            break
        start = sel.start_pair(inset, scale, K)
        if start is None:
            break
        inset[start] = scale
        sel.grow(inset, scale, K)
    return pd.Series(inset, index=pd.Index(list(x.columns), name="item"), name=f"scale (lowerbound {lowerbound})")



class _Selection:
    """The state of one search: the items' Hᵢⱼ and Mokken's zᵢⱼ, and the rules that start and grow a scale."""

    def __init__(self, v: np.ndarray, *, lowerbound: float, alpha: float):
        self.v, self.lowerbound, self.alpha = v, lowerbound, alpha
        self.n, self.k = v.shape
        self.hij, _, _ = coef_h_tiny(v)
        s = np.cov(v, rowvar=False)
        var = np.diag(s).copy()
        self.zij = s * math.sqrt(self.n - 1) / np.sqrt(np.outer(var, var))

    def zcrit(self, K: list[int]) -> float:
        """The critical z, Bonferroni-adjusted for the K comparisons made so far (as mokken)."""
        from scipy.stats import norm

        return abs(norm.ppf(self.alpha / (K[0] * (K[0] - 1) * 0.5 + sum(K[1:]))))

    def zi_last(self, idx: list) -> float:
        """Mokken's z of the last item of ``idx`` against the others."""
        sub = np.cov(self.v[:, idx], rowvar=False)
        vv = np.diag(sub)
        return sub[-1, :-1].sum() * math.sqrt(self.n - 1) / math.sqrt((vv[-1] * vv[:-1]).sum())

    def start_pair(self, inset: np.ndarray, scale: int, K: list[int]) -> list[int] | None:
        """The pair of largest significant Hᵢⱼ among the items not yet in a scale, or None: no pair is left, or
        its Hᵢ fall below the lower bound."""
        k = self.k
        sel = np.where(np.abs(self.zij) < self.zcrit(K), -99.0, self.hij)
        prev = (inset > 0) & (inset < scale)
        sel[prev, :] = -99
        sel[:, prev] = -99
        sel[np.triu_indices(k)] = -99
        sel = sel - (np.arange(1, k + 1)[:, None] * 1e-10)
        if np.round(sel).max() == -99:
            return None
        a, b = np.unravel_index(np.argmax(sel), sel.shape)
        start = sorted([int(a), int(b)])
        if coef_h_tiny(self.v[:, start])[1].min() < self.lowerbound:
            return None
        return start

    def grow(self, inset: np.ndarray, scale: int, K: list[int]) -> None:
        """Add items to scale ``scale`` (in ``inset``) one at a time, each the one giving the largest H, while one
        qualifies."""
        result = np.full(self.k, -99.0)
        while True:
            this = np.where(inset == scale, 1, np.where((inset > 0) & (inset < scale), -1, 0))
            neg = (self.hij[this == 1, :] < 0).any(axis=0)
            this[neg & (this == 0)] = -1
            available = np.nonzero(this == 0)[0]
            if len(available) == 0:
                break
            result[this != 0] = -99
            K.append(len(available))
            zc = self.zcrit(K)
            chosen = list(np.nonzero(this == 1)[0])
            for j in available:
                idx = chosen + [j]
                _, hi, h = coef_h_tiny(self.v[:, idx])
                result[j] = -98 if hi[-1] < self.lowerbound else -97 if self.zi_last(idx) < zc else h
            if result.max() < self.lowerbound:
                break
            inset[result == result.max()] = scale
