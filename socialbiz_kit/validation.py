"""The blind validation of the self-check instruments (``data/validation/``).

Fictional organisations were written from the stage descriptions alone by someone who had not seen the
statements; someone else, who saw the profile and the statements but neither the intended stage nor the
scoring, answered every statement; nobody changed an answer after a score was known (the roles are in
``data/validation/README.md``). This module reads that set and measures how the instrument places it:

* :func:`load_validation` - the answers and the intended stages of one model;
* :func:`evaluate` - per organisation: intended and placed stage, hit, distance, margin, stability;
* :func:`summary` - hit rate, share within one stage, stability, margins;
* :func:`compare_rules` - :func:`summary` for every placement rule of :mod:`socialbiz_kit.scoring`, among them
  ``"stepped"`` ("höchste Stufe mit Punktabzug", :mod:`socialbiz_kit._candidates`: the highest rule with a stage
  counted one lower per answer point it lacks, which no single answer can move by more than one stage), and for the
  Guttman scale score (``"count"``, the number of stages met), which no single answer can move by more than one
  stage either and which serves as the yardstick of stability (it is not a rule of the self-check).

The set has two samples (``sample``): ``development``, the organisations on which the statements were improved
round by round, and ``holdout``, organisations written and answered after the instrument was frozen, which
nobody changed anything for after their scores were known. Only the holdout says how the instrument does on
organisations it was not tuned on.

*Margin* is the distance of the decisive stage from the nearest edge of the rule (the threshold; for the supported
rule also the support line): the smallest ``|fulfilment - edge|`` among the stages whose crossing of that edge
would change the placement. *Stability* moves every
given answer by one point up and by one point down (one at a time, within the scale) and scores again.

Examples
--------
>>> table = summary(evaluate("cotc", sample="development"))
>>> int(table["organisations"])
18
>>> bool(table["hit_rate"] >= 0.9)
True
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._candidates import SCALE_SCORE, STEPPED, answered_per_stage
from ._candidates import check_rule as _check_rule
from ._candidates import margin as _margin
from ._candidates import place as _decide
from ._checks import EPS
from ._compat import keyword_lang
from .models import Model, load_model
from .scoring import BORDER_MARGIN, DEFAULT_RULE, DEFAULT_THRESHOLD, RULES, score, stage_fulfilment
from .validation_set import SAMPLES, answers_and_profiles, load_profiles, load_rounds, load_validation

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["load_validation", "load_profiles", "load_rounds", "placements", "evaluate", "summary", "goals", "compare_rules",
           "stability", "guide_figures", "GOALS", "SAMPLES", "SCALE_SCORE", "STEPPED"]


# The instrument's goals on the validation set (issue 23), each as (summary column, test on its value).
GOALS = {
    "hit_rate": ("hit_rate", lambda v: v >= 0.9),          # at least 90 % at the intended stage
    "within_one": ("within_one", lambda v: v == 1.0),       # everybody at most one stage away
    "none_from_2": ("none_from_2", lambda v: v == 0),       # nobody intended at 2 or higher on "keine Stufe"
    "max_shift": ("max_shift", lambda v: v <= 1),           # one answer moves nobody by more than one stage
    "fragile": ("fragile", lambda v: v <= 0.1),             # one answer moves at most 1 in 10 at all
}


def stability(answers: pd.DataFrame, model: Model | str, *, threshold: float = DEFAULT_THRESHOLD,
              rule: str = DEFAULT_RULE) -> pd.DataFrame:
    """How far one answer moved by one point moves each organisation.

    Every given answer is moved one scale point up and one down (where the scale allows), one at a time,
    and the organisation is scored again.

    Parameters
    ----------
    answers : DataFrame
        Wide answers, one row per organisation.
    model : Model or str
    threshold : float, default 0.75
    rule : {"gated", "highest", "closest", "supported", "count", "stepped"}, default "stepped"
        A placement rule of :mod:`~socialbiz_kit.scoring` (the default :data:`STEPPED`, "höchste Stufe mit
        Punktabzug") or :data:`SCALE_SCORE` (the number of stages met).

    Returns
    -------
    DataFrame
        Index of ``answers``; ``moves`` (how many single moves were tried), ``changing`` (how many of them
        change the stage), ``max_shift`` (the largest change of stage, in stages).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If no column is an item of the model, or an answer is not a number or is off the model's scale.
    SettingError
        If ``rule`` is not one of the allowed values.
    """
    import pandas as pd

    model = load_model(model)
    _check_rule(rule)
    values = sorted(p.value for p in model.scale)
    base = placements(answers, model, threshold=threshold, rule=rule).to_numpy()
    rows = []
    for r, (org, row) in enumerate(answers.iterrows()):
        variants = []
        for item in model.item_ids:
            a = row[item]
            if pd.isna(a):
                continue
            at = values.index(int(a))
            for j in (at - 1, at + 1):
                if 0 <= j < len(values):
                    moved = row.copy()
                    moved[item] = values[j]
                    variants.append(moved)
        if not variants:
            rows.append((org, 0, 0, 0))
            continue
        moved = placements(pd.DataFrame(variants).reset_index(drop=True), model, threshold=threshold, rule=rule)
        shift = np.abs(moved.to_numpy() - base[r])
        rows.append((org, len(variants), int((shift > 0).sum()), int(shift.max())))
    return pd.DataFrame(rows, columns=["id", "moves", "changing", "max_shift"]).set_index("id")


def placements(answers: pd.DataFrame, model: Model | str, *, threshold: float = DEFAULT_THRESHOLD,
               rule: str = DEFAULT_RULE) -> pd.Series:
    """The stage of every row of any answers under a rule of the self-check or the scale score.

    Parameters
    ----------
    answers : DataFrame
        Wide answers, one row per organisation.
    model : Model or str
    threshold : float, default 0.75
    rule : {"gated", "highest", "closest", "supported", "count", "stepped"}, default "stepped"

    Returns
    -------
    Series of int
        Named ``"stage"``, with the index of ``answers``.

    Raises
    ------
    ModelFileError, InputDataError, SettingError
        As :func:`stability`.

    Examples
    --------
    >>> import pandas as pd
    >>> flat = pd.DataFrame([{i: 2 for i in load_model("altimeter").item_ids}])  # "teilweise" everywhere
    >>> [int(placements(flat, "altimeter", rule=r)[0]) for r in ("gated", "highest", "stepped")]
    [0, 0, 2]
    """
    import pandas as pd

    model = load_model(model)
    _check_rule(rule)
    fulfil = stage_fulfilment(answers, model).to_numpy(dtype=float)
    placed = _decide(fulfil, model, threshold, rule, answered_per_stage(answers, model))
    return pd.Series(np.asarray(placed, dtype=int), index=answers.index, name="stage")


def evaluate(model: Model | str, *, threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE,
             sample: str | None = None, version: str | None = None) -> pd.DataFrame:
    """Place every organisation of the validation set and compare with its intended stage.

    Parameters
    ----------
    model : Model or str
    threshold : float, default 0.75
    rule : {"gated", "highest", "closest", "supported", "count", "stepped"}, default "stepped"
        A placement rule of :mod:`~socialbiz_kit.scoring` (the default :data:`STEPPED`) or :data:`SCALE_SCORE`
        (the number of stages met); for the latter ``borderline`` marks a decisive stage within ``BORDER_MARGIN`` of
        the threshold, and ``could_be`` stays empty.
    sample : {"development", "holdout"}, optional
        Only the organisations of this sample; all of them by default.
    version : str, optional
        An earlier version's archived answers, its holdouts as the holdout sample (:func:`answers_and_profiles`).

    Returns
    -------
    DataFrame
        One row per organisation: ``sample``, ``kind``, ``hard_case``, ``intended``, ``placed``, ``hit``,
        ``distance`` (placed - intended), ``margin``, ``borderline``, ``could_be``, ``fragile`` (some single
        one-point move changes the stage), ``moves`` (single moves tried), ``changing`` (how many of them change
        the stage) and ``max_shift``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If no column is an item of the model, or an answer is not a number or is off the model's scale.
    SettingError
        If ``rule`` or ``sample`` is not one of the allowed values, ``threshold`` is not above 0 and at most 1, or no
        answers of ``version`` are archived.
    """
    model = load_model(model)
    _check_rule(rule)
    answers, profiles = answers_and_profiles(model, version=version)
    if sample is not None:
        if sample not in SAMPLES:
            from .errors import SettingError

            raise SettingError(f"sample must be one of {list(SAMPLES)}, got {sample!r}",
                               code="errors.choice", name="sample", value=sample, allowed=", ".join(SAMPLES))
        keep = profiles["sample"] == sample
        answers, profiles = answers[keep], profiles[keep]
    fulfil = stage_fulfilment(answers, model).to_numpy(dtype=float)
    counts = answered_per_stage(answers, model)
    placed = _decide(fulfil, model, threshold, rule, counts)
    stab = stability(answers, model, threshold=threshold, rule=rule)
    out = profiles[["sample", "kind", "hard_case"]].copy()
    out["intended"] = profiles["intended_stage"]
    out["placed"] = placed.astype(int)
    out["hit"] = out["placed"] == out["intended"]
    out["distance"] = out["placed"] - out["intended"]
    out["margin"] = [_margin(fulfil[i], model, threshold, rule, int(p), counts[i]) for i, p in enumerate(out["placed"])]
    if rule == SCALE_SCORE:  # not a rule of the self-check: no result of score() to take them from
        out["borderline"] = out["margin"] < BORDER_MARGIN + EPS
        out["could_be"] = np.nan
    else:
        result = score(answers, model, threshold=threshold, rule=rule, keep_answers=False)
        out["borderline"] = result["borderline"]
        out["could_be"] = result["could_be"]
    out["fragile"] = stab["changing"] > 0
    out["moves"] = stab["moves"]
    out["changing"] = stab["changing"]
    out["max_shift"] = stab["max_shift"]
    return out


def summary(evaluated: pd.DataFrame) -> pd.Series:
    """The figures of an :func:`evaluate` table.

    Parameters
    ----------
    evaluated : DataFrame
        As returned by :func:`evaluate`.

    Returns
    -------
    Series
        ``organisations``, ``hits``, ``hit_rate``, ``hit_low`` and ``hit_high`` (the exact 95 % interval of the hit
        rate after Clopper and Pearson, 1934), ``within_one`` (share placed at most one stage away),
        ``none_from_2`` (organisations intended at stage 2 or higher placed at no stage), ``fragile``
        (share moved by some single one-point move), ``max_shift`` (largest such move, in stages),
        ``median_margin`` (of the hits, ``inf`` where no stage decides), ``thin_margins`` (hits with a
        margin below 0.05) and ``borderline`` (share marked borderline).
    """
    import pandas as pd
    from scipy.stats import binomtest

    hits = evaluated[evaluated["hit"]]
    finite = hits["margin"].replace(np.inf, np.nan).dropna()
    interval = binomtest(len(hits), len(evaluated)).proportion_ci(0.95, method="exact")
    return pd.Series({
        "organisations": len(evaluated),
        "hits": len(hits),
        "hit_rate": float(evaluated["hit"].mean()),
        "hit_low": float(interval.low),
        "hit_high": float(interval.high),
        "within_one": float((evaluated["distance"].abs() <= 1).mean()),
        "none_from_2": int(((evaluated["intended"] >= 2) & (evaluated["placed"] == 0)).sum()),
        "fragile": float(evaluated["fragile"].mean()),
        "max_shift": int(evaluated["max_shift"].max()),
        "median_margin": float(finite.median()) if len(finite) else float("inf"),
        "thin_margins": int((hits["margin"] < 0.05).sum()),
        "borderline": float(evaluated["borderline"].mean()),
    })


def goals(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Which of the instrument's goals (:data:`GOALS`) an :func:`evaluate` table meets.

    Parameters
    ----------
    evaluated : DataFrame
        As returned by :func:`evaluate`.

    Returns
    -------
    DataFrame
        Index: the goals' keys in :data:`GOALS` order; columns ``value`` (the measured figure of :func:`summary`)
        and ``met`` (bool).
    """
    import pandas as pd

    s = summary(evaluated)
    rows = {key: {"value": s[column], "met": bool(test(s[column]))} for key, (column, test) in GOALS.items()}
    return pd.DataFrame.from_dict(rows, orient="index")


def compare_rules(model: Model | str, *, threshold: float = DEFAULT_THRESHOLD, sample: str | None = None,
                  scale_score: bool = False) -> pd.DataFrame:
    """:func:`summary` of the validation set under every placement rule, one row per rule.

    Parameters
    ----------
    model : Model or str
    threshold : float, default 0.75
    sample : {"development", "holdout"}, optional
        Only the organisations of this sample; all of them by default.
    scale_score : bool, default False
        Add a row for :data:`SCALE_SCORE`, the number of stages met: the yardstick that no single answer can move
        by more than one stage.

    Returns
    -------
    DataFrame
        Index ``rule`` (every rule of :data:`~socialbiz_kit.scoring.RULES`, among them :data:`STEPPED`, then
        ``"count"`` if asked for), the columns of :func:`summary`.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If no column is an item of the model, or an answer is not a number or is off the model's scale.
    SettingError
        If ``sample`` is not one of the allowed values; or if ``threshold`` is not above 0 and at most 1, or
        ``rule`` is not one of the rules.
    """
    import pandas as pd

    rules = RULES + ((SCALE_SCORE,) if scale_score else ())
    rows = {rule: summary(evaluate(model, threshold=threshold, rule=rule, sample=sample)) for rule in rules}
    return pd.DataFrame(rows).T.rename_axis("rule")


@keyword_lang("lang")
def guide_figures(*, lang: str = "de") -> str:
    """The validation's figures for the lecturer's guide, in one paragraph (a test keeps the guide equal to it).

    Parameters
    ----------
    lang : {"de", "en"}

    Returns
    -------
    str
        Per model: on the development set, the hit rate under the default and the gated rule, the organisations
        moved by one answer and the largest shift; on each holdout round (where there is one), hits under the default
        and the supported rule, within one stage, moved and the largest shift. Words from ``data/ui.yaml`` (section ``validation``).

    Raises
    ------
    InputDataError
        If no column is an item of the model, or an answer is not a number or is off the model's scale.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    from . import ui
    from ._lang import check_lang

    check_lang(lang)
    parts = []
    for name in ("altimeter", "cotc"):
        model = load_model(name)
        rules = compare_rules(model, sample="development")
        d, g = rules.loc[DEFAULT_RULE], rules.loc["gated"]
        n = int(d["organisations"])
        parts.append(ui.text("validation.figures_development", lang=lang, model=model.short_name.get(lang), n=n,
                             hits=int(d["hits"]), gated=int(g["hits"]), moved=round(float(d["fragile"]) * n),
                             share=ui.percent(float(d["fragile"]), lang=lang, decimals=1),
                             stages=ui.text("validation.stages", lang=lang, count=int(d["max_shift"]))))
        parts += _holdout_figures(model, lang)
    return " ".join(parts)


def _holdout_figures(model: Model, lang: str) -> list[str]:
    """One sentence per holdout round of ``model`` (default rule, with the supported rule's hits beside it)."""
    from . import ui

    rounds = load_profiles(model)["holdout_round"]
    numbers = sorted(int(k) for k in set(rounds) if k)
    paired = {int(r["holdout_round"]): int(r["frozen_with"]) for r in load_rounds() if r["model"] == model.id
              and r["round"] == "holdout" and r.get("instrument") == model.version and r.get("frozen_with")}
    default, supported = evaluate(model, sample="holdout"), evaluate(model, rule="supported", sample="holdout")
    out = []
    for k in numbers:
        ids = rounds.index[rounds == k]
        h, n = summary(default.loc[ids]), len(ids)
        label = (ui.text("validation.holdout_only", lang=lang, n=n) if len(numbers) == 1 else
                 ui.text("validation.holdout_first", lang=lang, n=n) if k == numbers[0] else
                 ui.text("validation.holdout_pair", lang=lang, n=n, k=k, previous=paired[k]) if k in paired else
                ui.text("validation.holdout_later", lang=lang, n=n, k=k, previous=k - 1))
        key = "validation.figures_holdout" if int(h["max_shift"]) else "validation.figures_holdout_stable"
        out.append(ui.text(key, lang=lang, label=label, n=n, hits=int(h["hits"]),
                           supported=int(supported.loc[ids, "hit"].sum()), within=round(float(h["within_one"]) * n),
                           moved=round(float(h["fragile"]) * n),
                           stages=ui.text("validation.stages", lang=lang, count=int(h["max_shift"]))))
    return out
