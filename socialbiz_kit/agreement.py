"""Agreement of two classifications of the same organisations (Cohen's kappa, Spearman, Kendall).

The common scale comes from the crosswalk (:func:`socialbiz_kit.crosswalk.crosswalk_mapping`).
"""
from __future__ import annotations

from dataclasses import dataclass

from .crosswalk import crosswalk_mapping
from .models import load_model

__all__ = ["Agreement", "agreement"]


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

    def summary(self):
        import pandas as pd

        return pd.Series({"n": self.n, "exact agreement (common scale)": self.exact_share, "Cohen's kappa": self.kappa,
                          "kappa, linear weights": self.kappa_linear, "kappa, quadratic weights": self.kappa_quadratic,
                          "Spearman rho": self.spearman, "Spearman p": self.spearman_p,
                          "Kendall tau-b": self.kendall, "Kendall p": self.kendall_p})


def agreement(a, b, *, mapping: dict[int, int] | None = None, source: str = "altimeter", target: str = "cotc") -> Agreement:
    """Agreement of two classifications of the same organisations in two models.

    Parameters
    ----------
    a, b : Series of stage numbers (``a`` in ``source``, ``b`` in ``target``), aligned on their index;
        organisations present in only one are left out.
    mapping : dict, optional
        ``source`` stage -> ``target`` stage: the common scale (default: :func:`crosswalk_mapping`).

    Returns an :class:`Agreement`: Cohen's kappa unweighted, linear and quadratic on the common scale
    (scikit-learn, with every stage of ``target`` passed as ``labels`` so that the weights follow the
    stage order, even for stages nobody is on); Spearman's rho and Kendall's tau-b (scipy) on the raw
    stages; the confusion table of raw stages (all stages of both models as rows and columns).
    """
    import pandas as pd
    from scipy.stats import kendalltau, spearmanr
    from sklearn.metrics import cohen_kappa_score

    mapping = crosswalk_mapping(source, target) if mapping is None else dict(mapping)
    pair = pd.concat({"a": pd.Series(a), "b": pd.Series(b)}, axis=1, join="inner").dropna()
    if len(pair) < 2:
        raise ValueError("need at least two organisations classified in both models")
    unknown = sorted(set(pair["a"].astype(int)) - set(mapping))
    if unknown:
        raise ValueError(f"stage {unknown[0]} of {source} has no place on the common scale (mapping: {mapping})")
    mapped = pair["a"].astype(int).map(mapping)
    tgt = load_model(target)
    src = load_model(source)
    labels = list(range(tgt.lowest_stage, tgt.n_stages + 1))
    bad = sorted(set(pair["b"].astype(int)) - set(labels))
    if bad:
        raise ValueError(f"{target} has no stage {bad[0]}")
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
    return Agreement(n=len(pair), labels=labels, kappa=float(kappa), kappa_linear=float(lin), kappa_quadratic=float(quad),
                     spearman=float(rho.statistic), spearman_p=float(rho.pvalue), kendall=float(tau.statistic),
                     kendall_p=float(tau.pvalue), exact_share=float((mapped == pair["b"]).mean()),
                     confusion=confusion, mapped=mapped)
