"""Synthetic cohorts and checks that a model's stages behave as a cumulative scale.

* :func:`simulate` draws a seeded cohort of organisations answering a model's instrument.
* :func:`stages_met` / :func:`items_met` turn answers into 0/1 data (met at a threshold).
* :func:`guttman` (scalogram, Goodenough-Edwards error counting), :func:`loevinger_h` (Mokken scale
  analysis; written from the formulas because no maintained Python package has it, checked against
  R's ``mokken``), :func:`reliability` (Cronbach's alpha per stage with pingouin) and
  :func:`item_total` (corrected item-total correlations).
* :func:`sensitivity`: how the stage distribution moves with the threshold and the rule.

``guttman``, ``loevinger_h``, ``reliability`` and ``scoring.score`` also accept a Dask DataFrame and
compute partition by partition (sums, cross-products and error counts are added up), giving the
same numbers as pandas.

>>> from socialbiz_kit.cohort import simulate, stages_met, guttman, loevinger_h
>>> cohort = simulate("altimeter", 300, seed=1)
>>> met = stages_met(cohort, "altimeter")
>>> guttman(met).reproducibility > 0.9, loevinger_h(met).H > 0.5
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .models import Model, load_model

__all__ = ["simulate", "stages_met", "items_met", "GuttmanResult", "guttman", "HResult", "loevinger_h",
           "reliability", "item_total", "sensitivity", "scale_checks", "is_dask"]


def is_dask(obj: Any) -> bool:
    """True for a Dask DataFrame or Series (without importing Dask)."""
    return type(obj).__module__.startswith("dask")


# --------------------------------------------------------------------------- simulation
def simulate(model: Model | str, n: int, *, seed: int, cumulative: bool = True, noise: float = 0.6,
             jaggedness: float = 0.5, slope: float = 2.0, missing: float = 0.0, position=None,
             return_latent: bool = False):
    """A seeded synthetic cohort of ``n`` organisations answering ``model``'s instrument.

    Generative model
    ----------------
    * Each organisation *i* has a latent maturity θᵢ ~ Uniform(f, S), where S is the number of stages
      and f is 1 for a model with a baseline stage, else 0.
    * Item *j* of stage *k* has a difficulty bⱼ = k − 1 + dⱼ with dⱼ ~ Uniform(−0.2, 0.2), drawn once
      per cohort: difficulty rises with the stage, and stage k is typically reached from θ ≈ k − 0.5 on.
    * Organisations are uneven: at stage *k* organisation *i* stands at θᵢ + uᵢₖ with
      uᵢₖ ~ Normal(0, jaggedness), one draw per organisation and stage.
    * The answer is round(2 + slope · (θᵢ + uᵢₖ − bⱼ) + εᵢⱼ), εᵢⱼ ~ Normal(0, noise), clipped to the scale 0..4.
    * ``cumulative=True``: θ is one number per organisation, so reaching a stage makes the lower ones
      likely too. ``cumulative=False``: each organisation draws an independent θᵢₖ for every stage,
      so stages are reached independently of one another (the scale checks should fail).
    * ``missing``: the share of answers blanked out at random.
    * ``position``: optional relative maturity per organisation in [0, 1] (array of length ``n``);
      then θᵢ = f + positionᵢ · (S − f) instead of a uniform draw. Passing the same positions to two
      models simulates the *same* organisations answering both instruments.

    Returns wide answers (index ``org00001`` ...; columns the item ids), and with ``return_latent``
    also the latent maturity (a Series; for ``cumulative=False`` the mean over the stages).
    """
    import pandas as pd

    model = load_model(model)
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive whole number (got {n!r})")
    if noise < 0 or jaggedness < 0:
        raise ValueError("noise and jaggedness are standard deviations and cannot be negative")
    if not 0 <= missing < 1:
        raise ValueError(f"missing must lie in [0, 1) (got {missing!r})")
    rng = np.random.default_rng(seed)
    floor = 1 if model.baseline_stage else 0
    s = model.n_stages
    item_stage = np.array([it.stage for it in model.items])
    difficulty = item_stage - 1.0 + rng.uniform(-0.2, 0.2, size=len(item_stage))
    if position is not None:
        position = np.asarray(position, dtype=float).reshape(-1)
        if len(position) != n or not ((position >= 0) & (position <= 1)).all():
            raise ValueError(f"position must hold {n} values between 0 and 1")
    if cumulative:
        theta = (rng.uniform(floor, s, size=(n, 1)) if position is None
                 else (floor + position * (s - floor))[:, None])
        latent = theta[:, 0]
        stage_position = theta + rng.normal(0, jaggedness, size=(n, s))
    else:
        stage_position = rng.uniform(floor, s, size=(n, s)) + rng.normal(0, jaggedness, size=(n, s))
        latent = stage_position.mean(axis=1)
    position = stage_position[:, item_stage - 1]
    raw = 2 + slope * (position - difficulty) + rng.normal(0, noise, size=position.shape)
    values = np.clip(np.rint(raw), min(p.value for p in model.scale), max(p.value for p in model.scale))
    if missing:
        values[rng.random(values.shape) < missing] = np.nan
    index = pd.Index([f"org{i:05d}" for i in range(1, n + 1)], name="assessment")
    answers = pd.DataFrame(values, index=index, columns=list(model.item_ids))
    return (answers, pd.Series(latent, index=index, name="latent")) if return_latent else answers


def stages_met(answers, model: Model | str, *, threshold: float = 0.75, drop_unknown: bool = True):
    """0/1 per scored stage (columns = stage numbers): the stage's fulfilment is at least ``threshold``.

    Rows with an unknown stage are dropped (``drop_unknown=True``) or kept with NaN.
    """
    from .scoring import stage_fulfilment

    model = load_model(model)
    numbers = [s.number for s in model.scored_stages]
    f = stage_fulfilment(answers, model)[numbers]
    met = (f >= threshold - 1e-9).astype(float).where(f.notna())
    return met.dropna().astype(int) if drop_unknown else met


def items_met(answers, model: Model | str, *, threshold: float = 0.75, drop_unknown: bool = True):
    """0/1 per item: the answer's fulfilment is at least ``threshold``; rows with a missing answer dropped."""
    import pandas as pd

    from .scoring import item_fulfilment, item_matrix

    model = load_model(model)
    fulfil = item_fulfilment(item_matrix(answers, model), model)
    met = np.where(np.isnan(fulfil), np.nan, (fulfil >= threshold - 1e-9).astype(float))
    out = pd.DataFrame(met, index=answers.index, columns=list(model.item_ids))
    return out.dropna().astype(int) if drop_unknown else out


# --------------------------------------------------------------------------- sufficient statistics
def _binary_frame(x):
    """A pandas or Dask DataFrame of 0/1 (ints or floats), checked."""
    import pandas as pd

    if isinstance(x, np.ndarray):
        x = pd.DataFrame(x, columns=[f"item{j + 1}" for j in range(x.shape[1])])
    if not is_dask(x):
        if not isinstance(x, pd.DataFrame):
            raise TypeError("X must be a DataFrame (pandas or Dask) or a 2-D NumPy array of 0/1")
        v = x.to_numpy(dtype=float)
        if np.isnan(v).any():
            raise ValueError("X contains missing values; drop incomplete rows first (stages_met does)")
        if not np.isin(v, (0.0, 1.0)).all():
            raise ValueError("X must contain only 0 and 1")
    if x.shape[1] < 2:
        raise ValueError("at least two items (columns) are needed")
    return x


def _moments(x):
    """(n, column sums, cross-product matrix XᵀX) — summed over partitions for Dask."""
    if is_dask(x):
        import dask

        arr = x.to_dask_array(lengths=True).astype(float)
        n, sums, cross = dask.compute(arr.shape[0], arr.sum(axis=0), arr.T @ arr)
        return int(n), np.asarray(sums), np.asarray(cross)
    v = x.to_numpy(dtype=float)
    return v.shape[0], v.sum(axis=0), v.T @ v


# --------------------------------------------------------------------------- Guttman
@dataclass
class GuttmanResult:
    """Guttman scalogram analysis of 0/1 data.

    ``reproducibility``: 1 − errors / (n·k) with Goodenough-Edwards counting (each respondent's
    pattern against the ideal pattern for the same total: the *total* most popular items);
    ``mmr``: minimum marginal reproducibility, mean of max(pⱼ, 1 − pⱼ) — the reproducibility the
    marginals alone would give; ``errors``: Goodenough-Edwards errors per respondent;
    ``pair_errors``: Guttman errors per respondent counted as pairs (an easier item 0 and a harder
    item 1, as R's ``mokken::check.errors``); ``order``: items from most to least popular.
    """

    reproducibility: float
    mmr: float
    n: int
    k: int
    order: list
    errors: Any = field(repr=False)
    pair_errors: Any = field(repr=False)

    @property
    def passes(self) -> bool:
        """Reproducibility of at least 0.90, the usual criterion."""
        return self.reproducibility >= 0.90

    def summary(self):
        import pandas as pd

        return pd.Series({"n": self.n, "items": self.k, "reproducibility": self.reproducibility, "mmr": self.mmr,
                          "improvement": self.reproducibility - self.mmr, "passes (>= 0.90)": self.passes})


def _guttman_partition(v: np.ndarray, order: np.ndarray):
    """Per-row Goodenough-Edwards errors and pair errors for items already in popularity order."""
    x = v[:, order]
    total = x.sum(axis=1).astype(int)
    ideal = (np.arange(x.shape[1])[None, :] < total[:, None]).astype(float)
    ge = np.abs(x - ideal).sum(axis=1)
    # pairs (i easier, j harder) with x_i = 0 and x_j = 1: for each 1, count the 0s before it
    zeros_before = np.cumsum(1 - x, axis=1) - (1 - x)
    pairs = (zeros_before * x).sum(axis=1)
    return ge, pairs


def guttman(X) -> GuttmanResult:
    """Guttman scalogram analysis of 0/1 data (rows respondents, columns items or stages).

    Items are ordered by popularity (share of 1s, descending; ties keep the column order).

    Examples
    --------
    >>> import pandas as pd
    >>> perfect = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]])
    >>> guttman(perfect).reproducibility
    1.0
    >>> guttman(pd.DataFrame([[0, 1], [1, 1], [1, 0]])).errors.tolist()
    [2.0, 0.0, 0.0]
    """
    import pandas as pd

    x = _binary_frame(X)
    n, sums, _ = _moments(x)
    p = sums / n
    order = np.argsort(-p, kind="stable")
    if is_dask(x):
        meta = pd.DataFrame({"errors": pd.Series(dtype=float), "pair_errors": pd.Series(dtype=float)})

        def part(df):
            ge, pairs = _guttman_partition(df.to_numpy(dtype=float), order)
            return pd.DataFrame({"errors": ge, "pair_errors": pairs}, index=df.index)

        per_row = x.map_partitions(part, meta=meta).compute()
    else:
        ge, pairs = _guttman_partition(x.to_numpy(dtype=float), order)
        per_row = pd.DataFrame({"errors": ge, "pair_errors": pairs}, index=x.index)
    k = x.shape[1]
    cols = list(x.columns)
    return GuttmanResult(
        reproducibility=float(1 - per_row["errors"].sum() / (n * k)),
        mmr=float(np.maximum(p, 1 - p).mean()),
        n=n, k=k, order=[cols[j] for j in order],
        errors=per_row["errors"], pair_errors=per_row["pair_errors"],
    )


# --------------------------------------------------------------------------- Loevinger's H
@dataclass
class HResult:
    """Loevinger's scalability coefficients (Mokken scale analysis).

    ``H``: the scale; ``items``: Hᵢ per item (Series); ``pairs``: Hᵢⱼ (symmetric DataFrame, NaN on the
    diagonal). Interpretation (Mokken): < 0.3 no scale, 0.3–0.4 weak, 0.4–0.5 medium, ≥ 0.5 strong.
    """

    H: float
    items: Any = field(repr=False)
    pairs: Any = field(repr=False)
    n: int = 0

    @property
    def strength(self) -> str:
        h = self.H
        return "no scale" if h < 0.3 else "weak" if h < 0.4 else "medium" if h < 0.5 else "strong"


def loevinger_h(X) -> HResult:
    """Loevinger's H for 0/1 data: scale, items and item pairs.

    Notes
    -----
    With pᵢ the share of 1s of item i and pᵢⱼ the share of respondents with 1 on both,
    Covᵢⱼ = pᵢⱼ − pᵢpⱼ and Covᵢⱼ^max = min(pᵢ, pⱼ) − pᵢpⱼ (the covariance without Guttman errors).
    Hᵢⱼ = Covᵢⱼ / Covᵢⱼ^max; Hᵢ = Σⱼ≠ᵢ Covᵢⱼ / Σⱼ≠ᵢ Covᵢⱼ^max; H = Σᵢ<ⱼ Covᵢⱼ / Σᵢ<ⱼ Covᵢⱼ^max
    (Sijtsma & Molenaar, 2002). Checked against R's ``mokken::coefH`` in the tests. Items that
    everyone or no one has give Covᵢⱼ^max = 0 and are not allowed.

    >>> import pandas as pd
    >>> round(loevinger_h(pd.DataFrame([[1, 1], [1, 0], [0, 0], [1, 1]])).H, 6)
    1.0
    """
    import pandas as pd

    x = _binary_frame(X)
    n, sums, cross = _moments(x)
    p = sums / n
    cols = list(x.columns)
    constant = [c for c, pi in zip(cols, p) if pi in (0.0, 1.0)]
    if constant:
        raise ValueError(f"item {constant[0]!r} has the same value for every respondent; H is undefined")
    cov = cross / n - np.outer(p, p)
    covmax = np.minimum.outer(p, p) - np.outer(p, p)
    off = ~np.eye(len(p), dtype=bool)
    upper = np.triu(off)
    pairs = np.where(off, cov / np.where(off, covmax, 1.0), np.nan)
    h_items = (cov * off).sum(axis=1) / (covmax * off).sum(axis=1)
    h = cov[upper].sum() / covmax[upper].sum()
    return HResult(H=float(h), items=pd.Series(h_items, index=cols, name="H_i"),
                   pairs=pd.DataFrame(pairs, index=cols, columns=cols), n=n)


# --------------------------------------------------------------------------- reliability
def reliability(answers, model: Model | str, *, ci: float = 0.95):
    """Cronbach's alpha per scored stage with its confidence interval (Feldt), complete cases per stage.

    Uses ``pingouin.cronbach_alpha`` on pandas data; on a Dask DataFrame the same formula is computed
    from covariances summed over the partitions. Columns: ``stage``, ``name``, ``items``, ``n``,
    ``alpha``, ``ci_low``, ``ci_high`` (rounded to 3 decimals as pingouin does).
    """
    import pandas as pd

    model = load_model(model)
    rows = []
    for stage in model.scored_stages:
        ids = [it.id for it in stage.items]
        if len(ids) < 2:
            continue
        part = answers[ids].dropna()
        if is_dask(part):
            alpha, low, high, n = _alpha_from_moments(part, ci)
        else:
            import pingouin as pg

            n = len(part)
            alpha, interval = pg.cronbach_alpha(data=part.astype(float), ci=ci)
            low, high = interval
        rows.append({"stage": stage.number, "name": stage.name.en, "items": len(ids), "n": n, "alpha": float(alpha),
                     "ci_low": float(low), "ci_high": float(high)})
    return pd.DataFrame(rows)


def _alpha_from_moments(part, ci: float):
    from scipy.stats import f

    n, sums, cross = _moments(part)
    k = len(sums)
    mean = sums / n
    cov = (cross - n * np.outer(mean, mean)) / (n - 1)
    alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
    a = 1 - ci
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - alpha) * f.isf(a / 2, df1, df2)
    high = 1 - (1 - alpha) * f.isf(1 - a / 2, df1, df2)
    return alpha, round(low, 3), round(high, 3), n


def item_total(answers, model: Model | str):
    """Corrected item-total correlation per item: the item against the sum of the other items of its stage
    (complete cases of that stage). Columns ``item``, ``stage``, ``r_item_rest``."""
    import pandas as pd

    model = load_model(model)
    rows = []
    for stage in model.scored_stages:
        ids = [it.id for it in stage.items]
        part = answers[ids].dropna().astype(float)
        for item in ids:
            rest = part.drop(columns=item).sum(axis=1)
            r = part[item].corr(rest) if len(ids) > 1 else np.nan
            rows.append({"item": item, "stage": stage.number, "r_item_rest": r})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- summaries
def scale_checks(answers, model: Model | str, *, threshold: float = 0.75):
    """Guttman reproducibility, MMR and Loevinger's H on the stages met, in one row (a Series).

    A stage that every organisation (or none) has met carries no information for H and is left out
    of H (named in the result); the Guttman figures use all stages.
    """
    import pandas as pd

    met = stages_met(answers, model, threshold=threshold)
    g = guttman(met)
    constant = [c for c in met.columns if met[c].nunique() < 2]
    h = loevinger_h(met.drop(columns=constant))
    return pd.Series({"n": g.n, "stages": g.k, "reproducibility": g.reproducibility, "mmr": g.mmr, "H": h.H,
                      "H strength": h.strength, "left out of H (same for all)": ", ".join(map(str, constant)),
                      "cumulative (CR >= .90 and H >= .5)": g.passes and h.H >= 0.5})


def sensitivity(answers, model: Model | str, *, thresholds=(0.5, 0.6, 0.75, 0.9, 1.0), rules=("gated", "highest")):
    """Share of organisations on each stage for every threshold and rule (long table:
    ``rule``, ``threshold``, ``stage``, ``count``, ``share``)."""
    import pandas as pd

    from .scoring import score

    model = load_model(model)
    floor = 1 if model.baseline_stage else 0
    stages = range(floor, model.n_stages + 1)
    parts = []
    for rule in rules:
        for t in thresholds:
            counts = score(answers, model, threshold=t, rule=rule, keep_answers=False)["stage"].value_counts()
            counts = counts.reindex(stages, fill_value=0)
            parts.append(pd.DataFrame({"rule": rule, "threshold": t, "stage": list(stages), "count": counts.to_numpy(),
                                       "share": counts.to_numpy() / counts.sum()}))
    return pd.concat(parts, ignore_index=True)
