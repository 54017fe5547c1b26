"""Agreement: two classifications of the same organisations (Cohen's kappa with confidence intervals,
Spearman, Kendall), and many raters with missing ratings (Krippendorff's alpha).

The common scale of two models comes from the crosswalk
(:func:`socialbiz_kit.crosswalk.crosswalk_mapping`). Kappa and its interval come from maintained
implementations (scikit-learn, statsmodels), Krippendorff's alpha from the PyPI package
``krippendorff``; the tests check them against R (``psych::cohen.kappa``, ``irr::kripp.alpha``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import check_confidence
from ._compat import deprecated, keyword_lang, renamed
from .crosswalk import crosswalk_mapping
from .errors import InputDataError, SettingError
from .models import load_model

__all__ = ["Agreement", "agreement", "AlphaResult", "krippendorff_alpha", "LEVELS"]


@dataclass
class Agreement:
    """How far two classifications of the same organisations agree (see :func:`agreement`)."""

    n: int
    labels: list
    kappa: float
    kappa_linear: float
    kappa_quadratic: float
    spearman: float
    spearman_p: float
    kendall: float
    kendall_p: float
    exact_share: float
    confusion: object
    mapped: object
    kappa_ci: tuple = (float("nan"), float("nan"))
    kappa_linear_ci: tuple = (float("nan"), float("nan"))
    kappa_quadratic_ci: tuple = (float("nan"), float("nan"))
    dropped: int = 0
    confidence: float = 0.95

    @property
    def level(self) -> float:
        """The confidence level of the intervals; deprecated, use :attr:`confidence`."""
        deprecated("Agreement.level: use Agreement.confidence; Agreement.level", stacklevel=3)
        return self.confidence

    @keyword_lang("lang")
    def table(self, *, lang: str = "de"):
        """The figures as a report would print them, in ``lang``: one row per measure with its value,
        95-% interval (kappas) and p-value in APA style (``p < .001``), numbers in the language's format.

        Parameters
        ----------
        lang : {"de", "en"}, default "de"
            Language of the labels and the number format.

        Returns
        -------
        DataFrame
            One row per measure: value, interval and p-value as text.

        Raises
        ------
        SettingError
            If ``lang`` is not ``"de"`` or ``"en"``.
        """
        import pandas as pd

        from . import ui

        def num(x):
            return ui.number(x, lang=lang, decimals=2)

        def interval(ci):
            return ui.text("research.interval", lang=lang, low=num(ci[0]), high=num(ci[1]))

        rows = [("exact", num(self.exact_share), "", ""),
                ("kappa", num(self.kappa), interval(self.kappa_ci), ""),
                ("kappa_linear", num(self.kappa_linear), interval(self.kappa_linear_ci), ""),
                ("kappa_quadratic", num(self.kappa_quadratic), interval(self.kappa_quadratic_ci), ""),
                ("spearman", num(self.spearman), "", ui.pvalue(self.spearman_p, lang=lang)),
                ("kendall", num(self.kendall), "", ui.pvalue(self.kendall_p, lang=lang)),
                ("pairs", f"{ui.number(self.n, lang=lang, decimals=0)} ({ui.number(self.dropped, lang=lang, decimals=0)})", "", "")]
        words = ui.words("research", lang=lang)
        return pd.DataFrame([(words[k], v, c, p) for k, v, c, p in rows],
                            columns=[words["measure"], words["value"], words["ci"], words["p"]]).set_index(words["measure"])

    def summary(self):
        """The agreement's numbers as one series (labels in English).

        Returns
        -------
        Series
            n, rows left out, exact agreement, the kappas with the confidence interval, and the rest of the result.
        """
        import pandas as pd

        return pd.Series({"n": self.n, "left out (missing in one)": self.dropped,
                          "exact agreement (common scale)": self.exact_share, "Cohen's kappa": self.kappa,
                          "kappa CI low": self.kappa_ci[0], "kappa CI high": self.kappa_ci[1],
                          "kappa, linear weights": self.kappa_linear, "kappa, quadratic weights": self.kappa_quadratic,
                          "quadratic CI low": self.kappa_quadratic_ci[0], "quadratic CI high": self.kappa_quadratic_ci[1],
                          "Spearman rho": self.spearman, "Spearman p": self.spearman_p,
                          "Kendall tau-b": self.kendall, "Kendall p": self.kendall_p})


def _whole_stages(series, name: str):
    """The stages of ``series`` as whole numbers, or :class:`InputDataError` naming the first that is not."""
    import pandas as pd

    values = pd.to_numeric(series, errors="coerce")
    bad = series[values.isna() & series.notna()]
    if len(bad):
        raise InputDataError(f"{name}: '{bad.iloc[0]}' (at {bad.index[0]}) is not a stage number",
                             code="errors.not_stage_number", name=name, value=bad.iloc[0], at=bad.index[0])
    frac = values[values.notna() & (values != values.round())]
    if len(frac):
        raise InputDataError(f"{name}: {frac.iloc[0]:g} (at {frac.index[0]}) is not a whole stage number; "
                             "stages are whole numbers (round or classify first)",
                             code="errors.not_whole_stage", name=name, value=float(frac.iloc[0]), at=frac.index[0])
    return values


def _kappa_ci(table, wt: str | None, confidence: float) -> tuple[float, float]:
    from scipy.stats import norm
    from statsmodels.stats.inter_rater import cohens_kappa

    res = cohens_kappa(np.asarray(table, dtype=float), wt=wt)
    z = norm.ppf(0.5 + confidence / 2)
    se = float(res.std_kappa)
    return float(res.kappa) - z * se, float(res.kappa) + z * se


@renamed(level="confidence")
def agreement(a, b, source: str = "altimeter", target: str = "cotc", *, mapping: dict[int, int] | None = None,
              confidence: float = 0.95) -> Agreement:
    """Agreement of two classifications of the same organisations in two models.

    Parameters
    ----------
    a, b : Series
        Stage numbers (``a`` in ``source``, ``b`` in ``target``), aligned on their index; organisations
        present in only one, or with a missing stage in either, are left out (the result's ``dropped``
        says how many). Stages must be whole numbers: ``2.5`` is refused with
        :class:`~socialbiz_kit.errors.InputDataError` (kappa would otherwise cut it to 2 while the rank
        correlations used 2.5).
    mapping : dict, optional
        ``source`` stage -> ``target`` stage: the common scale (default: :func:`crosswalk_mapping`).
    source : str, default "altimeter"
        The bundled model ``a`` is classified in (its name; the crosswalk links it to ``target``).
    target : str, default "cotc"
        The bundled model ``b`` is classified in.
    confidence : float, default 0.95
        Level of the kappa confidence intervals (``level=`` before; deprecated, removed after 2027-06-30).

    Returns
    -------
    Agreement
        Cohen's kappa unweighted, linear and quadratic on the common scale (scikit-learn, with every stage
        of ``target`` passed as ``labels`` so that the weights follow the stage order, even for stages
        nobody is on) with Wald confidence intervals from the asymptotic standard errors of
        ``statsmodels.stats.inter_rater.cohens_kappa`` (the large-sample variance of Fleiss, Cohen &
        Everitt, 1969); Spearman's rho and Kendall's tau-b (scipy) on the raw stages; the exact share;
        the confusion table of raw stages (all stages of both models as rows and columns) and
        ``dropped``. :meth:`Agreement.table` shows them for reading.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If a classification is not a stage number; if a classification is not a whole stage number; if fewer
        than two organisations are classified in both models; if a stage has no place on the common scale; or
        if a stage is not a stage of its model.
    SettingError
        If ``confidence`` does not lie between 0 and 1; or if the crosswalk does not link the two models.
    """
    check_confidence(confidence)
    mapping = crosswalk_mapping(source, target) if mapping is None else dict(mapping)
    pair, dropped = _paired(a, b, source, target)
    unknown = sorted(set(pair["a"].astype(int)) - set(mapping))
    if unknown:
        raise InputDataError(f"stage {unknown[0]} of {source} has no place on the common scale (mapping: {mapping})",
                             code="errors.stage_unmapped", stage=unknown[0], model=source)
    mapped = pair["a"].astype(int).map(mapping)
    tgt = load_model(target)
    labels = list(range(tgt.lowest_stage, tgt.n_stages + 1))
    bad = sorted(set(pair["b"].astype(int)) - set(labels))
    if bad:
        raise InputDataError(f"{target} has no stage {bad[0]}", code="errors.model_stage", model=target, stage=bad[0])
    return _measures(pair, mapped, labels, source=source, target=target, dropped=dropped, confidence=confidence)


def _paired(a, b, source: str, target: str):
    """The organisations classified in both (columns ``a`` and ``b``) and how many were left out."""
    import pandas as pd

    a, b = pd.Series(a), pd.Series(b)
    both = pd.concat({"a": _whole_stages(a, source), "b": _whole_stages(b, target)}, axis=1, join="outer")
    pair = both.dropna()
    if len(pair) < 2:
        raise InputDataError("need at least two organisations classified in both models", code="errors.too_few_pairs")
    return pair, len(both) - len(pair)


def _measures(pair, mapped, labels: list, *, source: str, target: str, dropped: int, confidence: float) -> Agreement:
    """The kappas on the common scale, the rank correlations on the raw stages and the confusion table."""
    import pandas as pd
    from scipy.stats import kendalltau, spearmanr
    from sklearn.metrics import cohen_kappa_score

    src = load_model(source)
    kw = {"labels": labels}
    kappa = cohen_kappa_score(mapped, pair["b"].astype(int), **kw)
    lin = cohen_kappa_score(mapped, pair["b"].astype(int), weights="linear", **kw)
    quad = cohen_kappa_score(mapped, pair["b"].astype(int), weights="quadratic", **kw)
    rho = spearmanr(pair["a"], pair["b"])
    tau = kendalltau(pair["a"], pair["b"])
    src_labels = list(range(src.lowest_stage, src.n_stages + 1))
    confusion = pd.crosstab(pair["a"].astype(int), pair["b"].astype(int)).reindex(index=src_labels, columns=labels,
                                                                                 fill_value=0)
    confusion.index.name, confusion.columns.name = source, target
    common = pd.crosstab(mapped, pair["b"].astype(int)).reindex(index=labels, columns=labels, fill_value=0)
    return Agreement(n=len(pair), labels=labels, kappa=float(kappa), kappa_linear=float(lin), kappa_quadratic=float(quad),
                     spearman=float(rho.statistic), spearman_p=float(rho.pvalue), kendall=float(tau.statistic),
                     kendall_p=float(tau.pvalue), exact_share=float((mapped == pair["b"]).mean()),
                     confusion=confusion, mapped=mapped, kappa_ci=_kappa_ci(common, None, confidence),
                     kappa_linear_ci=_kappa_ci(common, "linear", confidence),
                     kappa_quadratic_ci=_kappa_ci(common, "quadratic", confidence), dropped=dropped,
                     confidence=confidence)


# --------------------------------------------------------------------------- many raters
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

    Parameters
    ----------
    data : DataFrame or array
        Raters × units (rows raters, columns units such as case organisations); NaN or None = not rated.
    level : str, default "ordinal"
        Level of measurement: ``"nominal"``, ``"ordinal"``, ``"interval"`` or ``"ratio"``.

    Returns
    -------
    AlphaResult
        ``alpha`` (NaN when fewer than two pairable ratings remain or all agree), ``level``, ``raters``, ``units``,
        ``pairable`` and ``dropped`` ratings.

    Raises
    ------
    InputDataError
        If a rating is neither a number nor empty; or if the ratings are not a raters × units table.
    SettingError
        If ``level`` is not one of the allowed values.

    Examples
    --------

    >>> r = krippendorff_alpha([[1, 2, 3, 3], [1, 2, 3, 4], [None, 2, 3, None]], level="ordinal")
    >>> round(r.alpha, 3), r.pairable, r.dropped
    (0.925, 10, 0)
    """
    import krippendorff

    if level not in LEVELS:
        raise SettingError(f"level must be one of {', '.join(LEVELS)} (got {level!r})",
                           code="errors.choice", name="level", value=level, allowed=", ".join(LEVELS))
    try:
        v = np.array(np.asarray(data, dtype=object), dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputDataError(f"ratings must be numbers or empty ({exc})", code="errors.ratings_numbers") from None
    if v.ndim != 2:
        raise InputDataError(f"ratings must be a raters × units table, got {v.ndim} dimension(s)",
                             code="errors.ratings_table", ndim=v.ndim)
    counts = (~np.isnan(v)).sum(axis=0)
    pairable = int(counts[counts >= 2].sum())
    dropped = int(counts[counts == 1].sum())
    alpha = float("nan")
    keep = v[:, counts >= 2]
    if pairable >= 2 and len(np.unique(keep[~np.isnan(keep)])) >= 2:
        alpha = float(krippendorff.alpha(reliability_data=keep, level_of_measurement=level))  # type: ignore[arg-type]
    return AlphaResult(alpha=alpha, level=level, raters=v.shape[0], units=v.shape[1], pairable=pairable,
                       dropped=dropped)

