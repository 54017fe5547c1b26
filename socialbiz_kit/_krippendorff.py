"""Krippendorff's alpha (moved into :mod:`socialbiz_kit.agreement` once that module exists)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import InputDataError, SettingError

LEVELS = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class AlphaResult:
    """Krippendorff's alpha with what it rests on: ``alpha``, ``level``, ``raters``, ``units``,
    ``pairable`` (ratings in units that at least two raters rated; only these count) and
    ``dropped`` (ratings left out because they stand alone in their unit)."""

    alpha: float
    level: str
    raters: int
    units: int
    pairable: int
    dropped: int


def krippendorff_alpha(data, *, level: str = "ordinal") -> AlphaResult:
    """Krippendorff's alpha for any number of raters with missing ratings.

    ``data`` is a raters × units table (rows raters, columns units such as case organisations;
    NaN = not rated), a DataFrame or array. ``level`` is ``"nominal"``, ``"ordinal"``,
    ``"interval"`` or ``"ratio"``. Computed by the maintained PyPI package ``krippendorff``
    (checked against R's ``irr::kripp.alpha`` in the tests). A unit rated by fewer than two raters
    cannot be compared and is left out; the result says how many ratings that dropped. NaN when
    fewer than two pairable ratings remain or every rating is the same.

    >>> r = krippendorff_alpha([[1, 2, 3, 3], [1, 2, 3, 4], [None, 2, 3, None]], level="ordinal")
    >>> round(r.alpha, 3), r.pairable, r.dropped
    (0.925, 10, 0)
    """
    import krippendorff

    if level not in LEVELS:
        raise SettingError(f"level must be one of {', '.join(LEVELS)} (got {level!r})")
    try:
        v = np.array(np.asarray(data, dtype=object), dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputDataError(f"ratings must be numbers or empty ({exc})") from None
    if v.ndim != 2:
        raise InputDataError(f"ratings must be a raters × units table, got {v.ndim} dimension(s)")
    counts = (~np.isnan(v)).sum(axis=0)
    pairable = int(counts[counts >= 2].sum())
    dropped = int(counts[counts == 1].sum())
    alpha = float("nan")
    keep = v[:, counts >= 2]
    if pairable >= 2 and len(np.unique(keep[~np.isnan(keep)])) >= 2:
        alpha = float(krippendorff.alpha(reliability_data=keep, level_of_measurement=level))
    return AlphaResult(alpha=alpha, level=level, raters=v.shape[0], units=v.shape[1], pairable=pairable,
                       dropped=dropped)
