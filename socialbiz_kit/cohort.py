"""Synthetic cohorts and checks that a model's stages behave as a cumulative scale.

* :func:`simulate` draws a seeded cohort of organisations answering a model's instrument.
* :func:`stages_met` / :func:`items_met` turn answers into 0/1 data (met at a threshold).
* :func:`guttman` (scalogram, Goodenough-Edwards error counting), :func:`loevinger_h` (Mokken scale
  analysis; written from the formulas because no maintained Python package has it, checked against
  R's ``mokken``), :func:`reliability` (Cronbach's alpha per stage with pingouin) and
  :func:`item_total` (corrected item-total correlations).
* :func:`sensitivity`: how the stage distribution moves with the threshold and the rule.

The Mokken and Guttman functions live in :mod:`socialbiz_kit.mokken`, the sensitivity in
:mod:`socialbiz_kit.sensitivity`, the tables and figures for reading in :mod:`socialbiz_kit.cohort_display`, the 0/1
data in :mod:`socialbiz_kit.cohort_met` (all re-exported here).
``guttman``, ``loevinger_h``, ``reliability`` and ``scoring.score`` also accept a Dask DataFrame and
compute partition by partition (sums, cross-products and error counts are added up), giving the
same numbers, and the same errors for bad input, as pandas.

>>> from socialbiz_kit.cohort import simulate, stages_met, guttman, loevinger_h
>>> cohort = simulate("altimeter", 300, seed=1)
>>> met = stages_met(cohort, "altimeter")
>>> guttman(met).reproducibility > 0.9, loevinger_h(met).H > 0.5
(True, True)
"""
from __future__ import annotations

import warnings

import numpy as np

from ._checks import DEFAULT_THRESHOLD, check_confidence
from ._compat import deprecated, renamed
from .cohort_display import plot_pairs, present
from .cohort_met import items_met, stages_met
from .errors import SettingError
from .models import Model, load_model
from .mokken import HResult, aisp, check_monotonicity, loevinger_h, monotonicity_groups
from .scalogram import GuttmanResult, check_items, guttman, is_dask, map_partitions
from .sensitivity import plot_sensitivity, sensitivity, sensitivity_table

__all__ = ["simulate", "simulate_with_latent", "stages_met", "items_met", "GuttmanResult", "guttman", "HResult",
           "loevinger_h", "check_monotonicity", "monotonicity_groups", "aisp", "reliability", "item_total", "sensitivity",
           "scale_checks", "VERDICT", "is_dask", "present", "plot_pairs", "sensitivity_table", "plot_sensitivity"]


# --------------------------------------------------------------------------- simulation
def simulate(model: Model | str, n: int, *, seed: int, cumulative: bool = True, noise: float = 0.6,
             jaggedness: float = 0.5, slope: float = 2.0, missing: float = 0.0, position=None,
             return_latent: bool | None = None):
    """A seeded synthetic cohort of ``n`` organisations answering ``model``'s instrument.

    Its answers only; :func:`simulate_with_latent` returns the same answers with the latent maturity.
    ``return_latent=True`` (which returned both) is deprecated and stops working after 2027-06-30.

    Generative model
    ----------------
    * Each organisation *i* has a latent maturity θᵢ ~ Uniform(f, S), where S is the number of stages
      and f is 1 for a model with a baseline stage, else 0.
    * Item *j* of stage *k* has a difficulty bⱼ = k − 1 + dⱼ with dⱼ ~ Uniform(−0.2, 0.2), drawn once
      per cohort: difficulty rises with the stage, and stage k is typically reached from θ ≈ k − 0.5 on.
    * Organisations are uneven: at stage *k* organisation *i* stands at θᵢ + uᵢₖ with
      uᵢₖ ~ Normal(0, jaggedness), one draw per organisation and stage.
    * The answer is round(c + slope · w/4 · (θᵢ + uᵢₖ − bⱼ) + εᵢⱼ), εᵢⱼ ~ Normal(0, noise · w/4), clipped
      to the model's answer scale, where c is the middle and w the width of that scale (for the
      bundled 0..4 scale: c = 2, w = 4, so round(2 + slope · (…) + ε)).
    * ``cumulative=True``: θ is one number per organisation, so reaching a stage makes the lower ones
      likely too. ``cumulative=False``: each organisation draws an independent θᵢₖ for every stage,
      so stages are reached independently of one another (the scale checks should fail).
    * ``missing``: the share of answers blanked out at random.
    * ``position``: optional relative maturity per organisation in [0, 1] (array of length ``n``);
      then θᵢ = f + positionᵢ · (S − f) instead of a uniform draw. Passing the same positions to two
      models simulates the *same* organisations answering both instruments. Only with
      ``cumulative=True`` (an independent cohort has no single maturity; asking for both is refused).

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    n : int
        Organisations in the cohort (at least 1).
    seed : int
        Seed of the random draws; the same seed gives the same result.
    cumulative : bool, default True
        One maturity per organisation (a cumulative scale) or one per stage.
    noise : float, default 0.6
        Standard deviation of the answers' noise (in units of a quarter of the scale).
    jaggedness : float, default 0.5
        Standard deviation of an organisation's unevenness across stages.
    slope : float, default 2.0
        How steeply the answer rises with maturity minus difficulty.
    missing : float, default 0.0
        Share of answers blanked out at random, in [0, 1).
    position : array, optional
        Relative maturity per organisation in [0, 1] (needs ``cumulative=True``).
    return_latent : bool, optional
        Deprecated: use :func:`simulate_with_latent`.

    Returns
    -------
    DataFrame
        Wide answers (index ``org00001`` ...; columns the item ids).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``n`` is not a positive whole number; if ``noise`` or ``jaggedness`` is negative; if ``missing``
        does not lie in [0, 1); if ``position`` is given without ``cumulative=True``; or if ``position`` does
        not hold one value between 0 and 1 per stage.
    """
    answers, latent = simulate_with_latent(model, n, seed=seed, cumulative=cumulative, noise=noise,
                                           jaggedness=jaggedness, slope=slope, missing=missing, position=position)
    return _old_return(answers, latent, return_latent)


def _old_return(answers, latent, return_latent: bool | None):
    """What ``simulate(return_latent=...)`` returned, with its DeprecationWarning; the answers otherwise."""
    if return_latent is not None:
        deprecated("simulate(return_latent=...): use simulate_with_latent(), which always returns (answers, latent); "
                   "return_latent=", stacklevel=4)
        if return_latent:
            return answers, latent
    return answers


def simulate_with_latent(model: Model | str, n: int, *, seed: int, cumulative: bool = True, noise: float = 0.6,
                         jaggedness: float = 0.5, slope: float = 2.0, missing: float = 0.0, position=None):
    """The cohort of :func:`simulate` together with each organisation's latent maturity θ.

    Parameters
    ----------
    model, n, seed, cumulative, noise, jaggedness, slope, missing, position
        As for :func:`simulate`; the same arguments give the same answers.

    Returns
    -------
    tuple of (DataFrame, Series)
        The answers of :func:`simulate` and the latent maturity (``latent``, same index; for
        ``cumulative=False`` the mean over the stages).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``n`` is not a positive whole number; if ``noise`` or ``jaggedness`` is negative; if ``missing``
        does not lie in [0, 1); if ``position`` is given without ``cumulative=True``; or if ``position`` does
        not hold one value between 0 and 1 per stage.

    Examples
    --------
    >>> answers, latent = simulate_with_latent("altimeter", 3, seed=1)
    >>> answers.equals(simulate("altimeter", 3, seed=1)), latent.name, len(latent)
    (True, 'latent', 3)
    """
    import pandas as pd

    model = load_model(model)
    _check_settings(n, noise=noise, jaggedness=jaggedness, missing=missing, position=position, cumulative=cumulative)
    rng = np.random.default_rng(seed)
    floor = model.lowest_stage
    s = model.n_stages
    item_stage = np.array([it.stage for it in model.items])
    difficulty = item_stage - 1.0 + rng.uniform(-0.2, 0.2, size=len(item_stage))
    if position is not None:
        position = np.asarray(position, dtype=float).reshape(-1)
    if cumulative:
        theta = (rng.uniform(floor, s, size=(n, 1)) if position is None
                 else (floor + position * (s - floor))[:, None])
        latent = theta[:, 0]
        stage_position = theta + rng.normal(0, jaggedness, size=(n, s))
    else:
        stage_position = rng.uniform(floor, s, size=(n, s)) + rng.normal(0, jaggedness, size=(n, s))
        latent = stage_position.mean(axis=1)
    position = stage_position[:, item_stage - 1]
    lo, hi = min(p.value for p in model.scale), max(p.value for p in model.scale)
    unit = (hi - lo) / 4
    raw = (lo + hi) / 2 + unit * (slope * (position - difficulty) + rng.normal(0, noise, size=position.shape))
    values = np.clip(np.rint(raw), lo, hi)
    if missing:
        values[rng.random(values.shape) < missing] = np.nan
    index = pd.Index([f"org{i:05d}" for i in range(1, n + 1)], name="assessment")
    answers = pd.DataFrame(values, index=index, columns=list(model.item_ids))
    return answers, pd.Series(latent, index=index, name="latent")


def _check_settings(n, *, noise: float, jaggedness: float, missing: float, position, cumulative: bool) -> None:
    """The settings of :func:`simulate_with_latent`, refused with a :class:`~socialbiz_kit.errors.SettingError`."""
    if int(n) != n or n < 1:
        raise SettingError(f"n must be a positive whole number (got {n!r})", code="errors.at_least", name="n", low=1, value=n)
    if noise < 0 or jaggedness < 0:
        raise SettingError("noise and jaggedness are standard deviations and cannot be negative",
                           code="errors.not_negative", name="noise, jaggedness")
    if not 0 <= missing < 1:
        raise SettingError(f"missing must lie in [0, 1) (got {missing!r})", code="errors.share", name="missing", value=missing)
    if position is not None and not cumulative:
        raise SettingError("position needs cumulative=True (an independent cohort has no single maturity)",
                           code="errors.position_cumulative")
    if position is not None:
        share = np.asarray(position, dtype=float).reshape(-1)
        if len(share) != n or not ((share >= 0) & (share <= 1)).all():
            raise SettingError(f"position must hold {n} values between 0 and 1", code="errors.position_values", n=n)


# --------------------------------------------------------------------------- reliability
@renamed(ci="confidence")
def reliability(answers, model: Model | str, *, confidence: float = 0.95, lang: str = "de"):
    """Cronbach's alpha per scored stage with its confidence interval (Feldt), complete cases per stage.

    Uses ``pingouin.cronbach_alpha`` on pandas data; on a Dask DataFrame the same formula is computed
    from covariances summed over the partitions. Columns: ``stage``, ``name``, ``items``, ``n``,
    ``alpha``, ``ci_low``, ``ci_high`` (rounded to 3 decimals as pingouin does); ``name`` in ``lang``.

    Both backends check the answers the same way (:func:`~socialbiz_kit.mokken.check_items`): a stage
    with fewer than two complete rows raises :class:`~socialbiz_kit.errors.InputDataError`. A negative
    alpha (the items of a stage correlate negatively on average, so alpha measures nothing there)
    gives a warning.

    Parameters
    ----------
    answers : DataFrame
        Answers, one row per assessment and one column per item id, as :func:`~socialbiz_kit.responses.read_responses`
        returns them.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    confidence : float, default 0.95
        Level of the confidence interval (``ci=`` before; deprecated).
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per scored stage: ``stage``, ``name``, ``items``, ``n``, ``alpha``, ``ci_low``, ``ci_high``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If the data is not a numeric table with enough items and complete rows, has missing values, or holds
        values the scoring does not allow.
    SettingError
        If ``confidence`` does not lie between 0 and 1.
    """
    import pandas as pd

    check_confidence(confidence)
    model = load_model(model)
    rows = []
    for stage in model.scored_stages:
        ids = [it.id for it in stage.items]
        if len(ids) < 2:
            continue
        part = check_items(answers[ids].dropna(), scores="numeric", min_rows=2, what=f"stage {stage.number}")
        if is_dask(part):
            alpha, low, high, n = _alpha_from_moments(part, confidence)
        else:
            import pingouin as pg

            n = len(part)
            alpha, interval = pg.cronbach_alpha(data=part.astype(float), ci=confidence)
            low, high = interval
        if alpha < 0:
            warnings.warn(f"stage {stage.number}: Cronbach's alpha is negative ({alpha:.2f}); its items correlate "
                          "negatively on average, so alpha is no reliability estimate here", stacklevel=2)
        rows.append({"stage": stage.number, "name": stage.name.get(lang), "items": len(ids), "n": n, "alpha": float(alpha),
                     "ci_low": float(low), "ci_high": float(high)})
    return pd.DataFrame(rows)


def _alpha_from_moments(part, ci: float):
    from scipy.stats import f

    parts = map_partitions(part, lambda df: (len(df), df.to_numpy(dtype=float).sum(axis=0),
                                              df.to_numpy(dtype=float).T @ df.to_numpy(dtype=float)))
    n, sums, cross = (sum(p[i] for p in parts) for i in range(3))
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
    (complete cases of that stage). Columns ``item``, ``stage``, ``r_item_rest``.

    Parameters
    ----------
    answers : DataFrame
        Answers, one row per assessment and one column per item id, as :func:`~socialbiz_kit.responses.read_responses`
        returns them.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.

    Returns
    -------
    DataFrame
        ``item``, ``stage``, ``r_item_rest``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    """
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
VERDICT = "cumulative (kit's verdict)"


def scale_checks(answers, model: Model | str, *, threshold: float = DEFAULT_THRESHOLD, lowerbound: float = 0.3):
    """Guttman reproducibility, MMR, Loevinger's H with its standard error and Mokken's item-level
    conditions on the stages met, in one row (a Series).

    The kit's verdict (key :data:`VERDICT`) calls the stages a cumulative scale when the
    reproducibility is at least .90, H at least .5, every Hᵢ at least ``lowerbound`` and every Hᵢⱼ
    above zero. A stage that every organisation (or none) has met carries no information for H and
    is left out of H (named in the result); the Guttman figures use all stages.

    Parameters
    ----------
    answers : DataFrame
        Answers, one row per assessment and one column per item id, as :func:`~socialbiz_kit.responses.read_responses`
        returns them.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    lowerbound : float, default 0.3
        The smallest Hᵢ the kit's verdict accepts.

    Returns
    -------
    Series
        Reproducibility, MMR, H with its standard error, the item conditions and the verdict.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If no column is an item of the model, or an answer is not a number or is off the model's scale; if the
        data is not a numeric table with enough items and complete rows, has missing values, or holds values
        the scoring does not allow; or if an item has the same value for every respondent.
    """
    import pandas as pd

    met = stages_met(answers, model, threshold=threshold)
    g = guttman(met)
    constant = [c for c in met.columns if met[c].nunique() < 2]
    h = loevinger_h(met.drop(columns=constant))
    cond = h.conditions(lowerbound=lowerbound)
    return pd.Series({"n": g.n, "stages": g.k, "reproducibility": g.reproducibility, "mmr": g.mmr, "H": h.H,
                      "se(H)": h.se, "H strength": h.strength, "min Hi": float(h.items.min()),
                      f"every Hi >= {lowerbound:g}": cond["all Hi >= c"], "every Hij > 0": cond["all Hij > 0"],
                      "left out of H (same for all)": ", ".join(map(str, constant)),
                      VERDICT: bool(g.passes and h.H >= 0.5 and cond["all Hi >= c"] and cond["all Hij > 0"])})
