"""Guttman scalograms and the one input check of the scale analyses, for pandas, Dask and NumPy data alike.

* :func:`check_items`: the check every scale analysis of the kit runs first (pandas and Dask give the same
  :class:`~socialbiz_kit.errors.InputDataError` for zero rows, too few rows, missing values, values off
  0/1 or off whole numbers ≥ 0); :func:`map_partitions` applies a function to every partition.
* :func:`guttman`: scalogram (Goodenough-Edwards errors, reproducibility, pair errors), with tied item
  popularities averaged exactly over their orderings, so the column order never changes a result.

>>> guttman([[1, 1, 0], [1, 0, 0], [0, 0, 0], [1, 1, 1]]).reproducibility
1.0
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import InputDataError, SettingError

# is_dask, map_partitions and values_of are helpers of the rooms above (mokken, cohort), importable but not public
__all__ = ["check_items", "GuttmanResult", "guttman"]


def is_dask(obj: Any) -> bool:
    """True for a Dask DataFrame or Series (without importing Dask).

    Parameters
    ----------
    obj : object
        Anything.

    Returns
    -------
    bool
        Whether it is a Dask DataFrame or Series.
    """
    return type(obj).__module__.startswith("dask")


# --------------------------------------------------------------------------- one check for every backend
def _partition_stats(df) -> dict:
    """What the check needs from one partition (a pandas frame): sums that add up across partitions."""
    v = df.to_numpy(dtype=float)
    nan = np.isnan(v)
    finite = np.where(nan, 0.0, v)
    off01 = ~nan & (finite != 0) & (finite != 1)
    offint = ~nan & ((finite < 0) | (finite != np.floor(finite)))
    big = np.where(nan, -np.inf, v)
    return {"n": v.shape[0], "nan": nan.sum(axis=0), "off01": off01.sum(axis=0), "offint": offint.sum(axis=0),
            "max": big.max(axis=0, initial=-np.inf),
            "example01": np.where(off01, finite, np.inf).min(axis=0, initial=np.inf),
            "exampleint": np.where(offint, finite, np.inf).min(axis=0, initial=np.inf)}


def _combine(parts: list[dict]) -> dict:
    out = dict(parts[0])
    for p in parts[1:]:
        for k in ("n", "nan", "off01", "offint"):
            out[k] = out[k] + p[k]
        out["max"] = np.maximum(out["max"], p["max"])
        out["example01"] = np.minimum(out["example01"], p["example01"])
        out["exampleint"] = np.minimum(out["exampleint"], p["exampleint"])
    return out


def map_partitions(x, fn) -> list:
    """``fn`` applied to every partition (one for pandas), computed.

    Parameters
    ----------
    x : DataFrame
        A pandas or Dask DataFrame.
    fn : callable
        Applied to each partition (a pandas DataFrame).

    Returns
    -------
    list
        The results, one per partition.
    """
    if is_dask(x):
        import dask

        return list(dask.compute(*[dask.delayed(fn)(p) for p in x.to_delayed()]))
    return [fn(x)]


_SCORES = {"binary": ("off01", "example01", "other than 0 and 1"),
           "whole": ("offint", "exampleint", "that are not whole numbers ≥ 0"), "numeric": None}


def check_items(X, *, scores: str = "binary", min_rows: int = 1, min_items: int = 2, what: str = "X"):
    """Check a matrix of item scores and return it as a pandas or Dask DataFrame.

    The same rules, and the same messages, for pandas, Dask and NumPy input: numeric columns only, at
    least ``min_items`` columns and ``min_rows`` rows, no missing values, and ``scores``: ``"binary"``
    (only 0 and 1), ``"whole"`` (whole numbers ≥ 0) or ``"numeric"`` (any number). Raises
    :class:`~socialbiz_kit.errors.InputDataError` naming the column.

    Parameters
    ----------
    X : DataFrame or array
        Item scores, rows × items: a pandas or Dask DataFrame or a 2-D array.
    scores : str, default "binary"
        ``"binary"``, ``"whole"`` or ``"numeric"``.
    min_rows : int, default 1
        Fewest complete rows.
    min_items : int, default 2
        Fewest items (columns).
    what : str, default "X"
        What the data is called in messages.

    Returns
    -------
    DataFrame
        The data as a pandas or Dask DataFrame (an array gets columns ``item1`` ...).

    Raises
    ------
    InputDataError
        If the data is not a numeric table with enough items and complete rows, has missing values, or holds
        values the scoring does not allow.

    Examples
    --------

    >>> check_items([[0, 1], [1, 2]])
    Traceback (most recent call last):
    ...
    socialbiz_kit.errors.InputDataError: X: column 'item2' has 1 value other than 0 and 1 (for example 2)
    """
    if scores not in _SCORES:
        raise SettingError(f"scores must be one of {', '.join(_SCORES)} (got {scores!r})",
                           code="errors.choice", name="scores", value=scores, allowed=", ".join(_SCORES))
    X = _as_table(X, what)
    if len(X.columns) < min_items:
        raise InputDataError(f"{what}: at least {min_items} items (columns) are needed, got {len(X.columns)}",
                             code="errors.too_few_items", what=what, need=min_items, got=len(X.columns))
    s = _combine(map_partitions(X, _partition_stats))
    if s["n"] < min_rows:
        have = "no rows" if s["n"] == 0 else f"only {s['n']} row(s)"
        raise InputDataError(f"{what}: {have}; at least {min_rows} complete row(s) are needed",
                             code="errors.too_few_rows", what=what, need=min_rows, got=s["n"])
    _check_values(s, list(X.columns), scores, what)
    return X


def _as_table(X, what: str):
    """``X`` as a pandas or Dask DataFrame of numeric columns (an array gets columns ``item1`` ...)."""
    import pandas as pd

    if isinstance(X, (np.ndarray, list, tuple)):
        arr = np.asarray(X, dtype=float)
        if arr.ndim != 2:
            raise InputDataError(f"{what}: expected a table (rows × items), got an array of {arr.ndim} dimension(s)",
                                 code="errors.not_table", what=what)
        X = pd.DataFrame(arr, columns=[f"item{j + 1}" for j in range(arr.shape[1])])
    if not (is_dask(X) or isinstance(X, pd.DataFrame)) or not hasattr(X, "columns"):
        raise InputDataError(f"{what}: expected a DataFrame (pandas or Dask) or a 2-D array, got {type(X).__name__}",
                             code="errors.not_table", what=what)
    for col, dtype in X.dtypes.items():
        if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
            raise InputDataError(f"{what}: column {col!r} is not numeric", code="errors.not_numeric", what=what, column=col)
    return X


def _check_values(s: dict, cols: list, scores: str, what: str) -> None:
    """No missing values, and every value as ``scores`` asks, from the combined statistics ``s``."""
    for j, col in enumerate(cols):
        if s["nan"][j]:
            raise InputDataError(f"{what}: column {col!r} has {int(s['nan'][j])} missing value(s); "
                                 "drop incomplete rows first (stages_met and items_met do)",
                                 code="errors.missing_values", what=what, column=col, n=int(s['nan'][j]))
    spec = _SCORES[scores]
    if spec is None:
        return
    key, example, rule = spec
    for j, col in enumerate(cols):
        k = int(s[key][j])
        if k:
            ex = s[example][j]
            ex = int(ex) if float(ex).is_integer() else float(ex)
            raise InputDataError(f"{what}: column {col!r} has {k} value{'s' if k > 1 else ''} {rule} "
                                 f"(for example {ex})", code="errors.values_binary" if scores == "binary" else "errors.values_whole",
                                 what=what, column=col, n=k, example=ex)

def values_of(df) -> np.ndarray:
    """A partition's values as floats.

    Parameters
    ----------
    df : DataFrame
        A partition.

    Returns
    -------
    ndarray
        Its values as floats.
    """
    return df.to_numpy(dtype=float)


def coef_h_tiny(v: np.ndarray):
    """Hᵢⱼ, Hᵢ, H from covariances and the covariances of the sorted columns (mokken's ``coefHTiny``)."""
    s = np.cov(v, rowvar=False)
    smax = np.cov(np.sort(v, axis=0), rowvar=False)
    with np.errstate(divide="ignore", invalid="ignore"):
        hij = s / smax
    np.fill_diagonal(s, 0)
    np.fill_diagonal(smax, 0)
    return hij, s.sum(axis=1) / smax.sum(axis=1), s.sum() / smax.sum()


def as_pandas(x):
    """A Dask DataFrame computed into pandas; pandas as it is."""
    return x.compute() if is_dask(x) else x


# --------------------------------------------------------------------------- Guttman
@dataclass
class GuttmanResult:
    """Guttman scalogram analysis of 0/1 data.

    ``reproducibility``: 1 − errors / (n·k) with Goodenough-Edwards counting (each respondent's
    pattern against the ideal pattern for the same total: the *total* most popular items);
    ``mmr``: minimum marginal reproducibility, mean of max(pⱼ, 1 − pⱼ) — the reproducibility the
    marginals alone would give; ``errors``: Goodenough-Edwards errors per respondent;
    ``pair_errors``: Guttman errors per respondent counted as pairs (an easier item 0 and a harder
    item 1, as ``Gplus`` of R's ``mokken::check.errors``); ``order``: items from most to least popular
    (tied items in column order; the figures do not depend on that order, see :func:`guttman`).
    """

    reproducibility: float
    mmr: float
    n: int
    k: int
    order: list
    errors: Any = field(repr=False)
    pair_errors: Any = field(repr=False)
    tied: list = field(default_factory=list)

    @property
    def passes(self) -> bool:
        """Reproducibility of at least 0.90, the usual criterion."""
        return self.reproducibility >= 0.90

    def summary(self):
        """The scalogram's numbers as one series (labels in English).

        Returns
        -------
        Series
            n, items, reproducibility, minimal marginal reproducibility, improvement and whether it passes (>= 0.90).
        """
        import pandas as pd

        return pd.Series({"n": self.n, "items": self.k, "reproducibility": self.reproducibility, "mmr": self.mmr,
                          "improvement": self.reproducibility - self.mmr, "passes (>= 0.90)": self.passes})


def _tie_groups(counts: np.ndarray):
    """Order (most popular first) and, per ordered position, the start and size of its tie group."""
    order = np.argsort(-counts, kind="stable")
    c = counts[order]
    k = len(c)
    start = np.zeros(k, dtype=int)
    for j in range(1, k):
        start[j] = start[j - 1] if c[j] == c[j - 1] else j
    size = np.bincount(start, minlength=k)[start]
    return order, start, size


def _guttman_partition(v: np.ndarray, order: np.ndarray, start: np.ndarray, size: np.ndarray):
    """Per-row Goodenough-Edwards errors and pair errors, averaged exactly over the tied orderings."""
    x = v[:, order]
    n, k = x.shape
    total = x.sum(axis=1)
    # the ideal pattern gives a 1 to the `total` most popular items; inside a tie group each item is
    # one of them with probability (places left for the group) / (group size)
    q = np.clip(total[:, None] - start[None, :], 0, size[None, :]) / size[None, :]
    ge = (x * (1 - q) + (1 - x) * q).sum(axis=1)
    # pairs (easier 0, harder 1); a tied pair counts one half (it is either way round in half the orderings)
    zeros = np.concatenate([np.zeros((n, 1)), np.cumsum(1 - x, axis=1)], axis=1)
    before = zeros[:, start]
    within = zeros[:, start + size] - before
    pairs = (x * (before + 0.5 * within)).sum(axis=1)
    return ge, pairs


def guttman(X) -> GuttmanResult:
    """Guttman scalogram analysis of 0/1 data (rows respondents, columns items or stages).

    Items are ordered by popularity (share of 1s, descending). Where items are equally popular, the
    errors are the exact average over every ordering of the tied items, so neither the column order
    nor the row order changes any figure. mokken's ``check.errors`` estimates the same average by
    breaking ties at random 1,000 times (and rounds it), so with ties its ``Gplus`` can differ from
    ``pair_errors`` by the rounding (½ here, 0 or 1 there).

    Parameters
    ----------
    X : DataFrame or array
        Item scores, rows × items: a pandas or Dask DataFrame or a 2-D array.

    Returns
    -------
    GuttmanResult
        The item order, the errors per respondent and item, reproducibility and MMR.

    Raises
    ------
    InputDataError
        If the data is not a numeric table with enough items and complete rows, has missing values, or holds
        values the scoring does not allow.

    Examples
    --------
    >>> import pandas as pd
    >>> perfect = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]])
    >>> guttman(perfect).reproducibility
    1.0
    >>> guttman(pd.DataFrame([[0, 1], [1, 1], [1, 0], [1, 0]])).errors.tolist()
    [2.0, 0.0, 0.0, 0.0]
    >>> tied = [[0, 0, 1], [0, 1, 0], [1, 0, 1]]
    >>> round(guttman(tied).reproducibility, 3) == round(guttman([r[::-1] for r in tied]).reproducibility, 3)
    True
    """
    import pandas as pd

    x = check_items(X, scores="binary")
    counts = sum(map_partitions(x, lambda df: values_of(df).sum(axis=0)))
    n = int(sum(map_partitions(x, len)))
    order, start, size = _tie_groups(np.asarray(counts))

    def part(df):
        ge, pairs = _guttman_partition(values_of(df), order, start, size)
        return pd.DataFrame({"errors": ge, "pair_errors": pairs}, index=df.index)

    per_row = pd.concat(map_partitions(x, part))
    k = x.shape[1]
    p = counts / n
    cols = list(x.columns)
    tied = [[cols[order[j]] for j in range(k) if start[j] == s] for s in sorted(set(start)) if size[s] > 1]
    return GuttmanResult(
        reproducibility=float(1 - per_row["errors"].sum() / (n * k)),
        mmr=float(np.maximum(p, 1 - p).mean()),
        n=n, k=k, order=[cols[j] for j in order],
        errors=per_row["errors"], pair_errors=per_row["pair_errors"], tied=tied,
    )
