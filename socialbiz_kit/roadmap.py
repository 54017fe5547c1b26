"""The roadmap ("Fahrplan"): the documented decision rule that turns a result into prioritised next steps.

The decision rule
-----------------
1. **Target**: the stage after the one reached, capped at the top stage (no stage reached: stage 1).
2. **Candidates**: every *unmet* item of every stage up to the target - answered below the threshold, or not
   answered. Its **gap** is ``threshold - fulfilment`` of the answer (0.75 - 0.5 = 0.25 for "trifft teilweise
   zu"); an unanswered item has the gap ``threshold``.
3. **Order**: lowest stage first (the gated rule needs the lower stages before the higher ones count); within a
   stage by **priority** ``effect x gap / effort``, highest first; ties keep the model's order of the items.

Each entry is the item, its stage, its gap, its priority and the recommendation(s) that address it, each with its
origin (the source's own initiative or the kit's reading), effort and expected effect (1-3, the kit's estimates).
An item addressed by several recommendations takes the priority of the best of them (the highest
``effect / effort``); the recommendations of an entry are listed in that order. An item that no recommendation
addresses (possible only in an older model file of your own) counts with effect = effort = 1.
An organisation on the top stage with nothing left open gets the top stage's recommendations for keeping up what
was reached (``upkeep``).

The decision calculus: what you can change
------------------------------------------
The rule is a weighted score, and its weights are a judgement, not a fact. ``weights`` raise each factor to a
power: ``priority = effect**w_effect * gap**w_gap / effort**w_effort``. The defaults (all 1) are the rule above.
``{"effort": 0}`` ignores effort (pure effect x gap: "what matters most"), ``{"effort": 2}`` favours quick wins,
``{"gap": 0}`` ranks by recommendation only, ``{"effect": 0, "gap": 0}`` by effort alone ("cheapest first").
``top`` keeps only the first *n* entries; ``threshold`` is the scoring threshold (the gap depends on it). The
order of the stages is never traded off: under the gated rule a higher stage cannot count before a lower one.

The page's JavaScript implements the same rule (default weights); a parity test keeps the two equal.

>>> from socialbiz_kit.roadmap import plan
>>> from socialbiz_kit.models import load_model
>>> m = load_model("altimeter")
>>> road = plan({i: 0 for i in m.item_ids}, m)  # an organisation at no stage
>>> road.stage, road.target, [s.item.id for s in road.steps][:3]
(0, 1, ['planning_1', 'planning_2', 'planning_3'])
>>> road.steps[0].gap, road.steps[0].priority, road.steps[0].recommendations[0].origin
(0.75, 2.25, 'adapted')
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD, check_settings, is_met, read_answers, settings_of
from ._lang import check_lang
from .errors import InputDataError, SettingError
from .models import Item, Model, Recommendation, load_model, origin_label

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["DEFAULT_WEIGHTS", "Step", "Roadmap", "plan", "roadmap", "check_weights"]

DEFAULT_WEIGHTS: dict[str, float] = {"effect": 1.0, "gap": 1.0, "effort": 1.0}


@dataclass(frozen=True)
class Step:
    """One entry of a roadmap: an unmet item, its stage, gap and priority, and the recommendations for it."""

    item: Item
    stage: int
    answer: float | None
    gap: float
    priority: float
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True)
class Roadmap:
    """The roadmap of one assessment: stage reached, target stage, the ordered steps, and upkeep at the top."""

    model: str
    stage: int
    target: int
    threshold: float
    steps: tuple[Step, ...]
    upkeep: tuple[Recommendation, ...] = ()


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """The full set of weights (defaults filled in); :class:`SettingError` for an unknown key or a bad value.

    Parameters
    ----------
    weights : mapping or None
        Some or none of the weights.

    Returns
    -------
    dict of str to float
        All weights.

    Raises
    ------
    SettingError
        If a weight has an unknown name; or if a weight is not a number of at least 0.
    """
    out = dict(DEFAULT_WEIGHTS)
    for key, value in (weights or {}).items():
        if key not in DEFAULT_WEIGHTS:
            raise SettingError(f"unknown weight {key!r} (weights: {', '.join(DEFAULT_WEIGHTS)})",
                               code="errors.choice", name="weights", value=key, allowed=", ".join(DEFAULT_WEIGHTS))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise SettingError(f"weight {key!r} must be a number of at least 0 (got {value!r})",
                               code="errors.weight", name=key, value=value)
        out[key] = float(value)
    return out


def _check_top(top: int | None) -> None:
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise SettingError(f"top must be a whole number of at least 1, or None for all steps (got {top!r})",
                           code="errors.at_least", name="top", low=1, value=top)


def _score(rec_effect: float, rec_effort: float, gap: float, w: dict[str, float]) -> float:
    return rec_effect ** w["effect"] * gap ** w["gap"] / rec_effort ** w["effort"]


def plan(answers: Mapping[str, Any] | pd.Series, model: Model | str, *, stage: int | None = None,
         threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE, weights: Mapping[str, float] | None = None,
         top: int | None = None) -> Roadmap:
    """The roadmap of one assessment.

    Parameters
    ----------
    answers : mapping item id -> answer (a value of the scale; ``None`` or NaN = not answered)
        Items that are missing count as not answered.
    model : Model or str
    stage : int, optional
        The stage reached; scored from ``answers`` with ``threshold`` and ``rule`` when not given.
    threshold, rule : the scoring settings (the gap is measured against ``threshold``).
    weights : mapping, optional
        Exponents of ``effect``, ``gap`` and ``effort`` in the priority (see the module's decision calculus).
    top : int, optional
        Keep only the first ``top`` steps.

    Returns
    -------
    Roadmap
        The stage, the ranked steps (open statements with their recommendations) or the upkeep recommendations at the
        top.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If an assessment is neither a mapping of item id to answer nor a table row; or if no column is an item
        of the model, or an answer is not a number or is off the model's scale.
    SettingError
        If a weight has an unknown name; if a weight is not a number of at least 0; if ``top`` is below 1; if
        ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules; or if ``stage`` lies
        outside its range.
    """
    model = load_model(model)
    w = check_weights(weights)
    _check_top(top)
    check_settings(threshold, rule)  # also when the stage is given: the settings travel with the roadmap
    values = _answers(answers, model)
    if stage is None:
        stage = _stage_of(values, model, threshold, rule)
    floor = model.lowest_stage
    if not floor <= stage <= model.n_stages:
        raise SettingError(f"stage must lie between {floor} and {model.n_stages} for model {model.id!r} (got {stage})",
                           code="errors.range", name="stage", low=floor, high=model.n_stages, value=stage)
    target = min(stage + 1, model.n_stages)
    ordered = _steps(values, model, target, threshold, w)
    if top is not None:
        ordered = ordered[:top]
    upkeep: tuple[Recommendation, ...] = ()
    if stage == model.n_stages and not ordered:
        upkeep = tuple(r for r in model.recommendations_at(stage) if not r.items)
    return Roadmap(model=model.id, stage=stage, target=target, threshold=float(threshold), steps=ordered,
                   upkeep=upkeep)


def _answers(answers: Mapping[str, Any] | pd.Series, model: Model) -> dict[str, float | None]:
    """The answers of :func:`plan`, checked against the scale (:func:`socialbiz_kit._checks.read_answers`)."""
    if not hasattr(answers, "get") or isinstance(answers, (str, bytes)):
        raise InputDataError(f"answers must be a mapping of item id to answer (or a row of a table), got "
                             f"{type(answers).__name__}", code="errors.answers_mapping", got=type(answers).__name__)
    scale = model.scale_map()
    values, bad = read_answers(answers, model.item_ids, scale)
    if bad is not None:
        item_id, v = bad
        shown = f"{v:g}" if isinstance(v, (int, float)) and not isinstance(v, bool) else repr(v)
        raise InputDataError(f"item {item_id!r}: answer {shown} is not on the scale ({', '.join(map(str, scale))})",
                             code="errors.item_off_scale", item=item_id, value=shown, allowed=", ".join(map(str, scale)))
    return values


def _stage_of(values: dict[str, float | None], model: Model, threshold: float, rule: str) -> int:
    """The stage :func:`~socialbiz_kit.scoring.score` gives the answers."""
    import pandas as pd

    from .scoring import score

    row = pd.DataFrame([{k: (float("nan") if v is None else v) for k, v in values.items()}])
    return int(score(row, model, threshold=threshold, rule=rule)["stage"].iloc[0])


def _steps(values: dict[str, float | None], model: Model, target: int, threshold: float,
           w: dict[str, float]) -> tuple[Step, ...]:
    """The unmet items of every stage up to ``target``, in the order of the decision rule."""
    scale = model.scale_map()
    steps = []
    for position, item in enumerate(model.items):
        if item.stage > target:
            break
        answer = values[item.id]
        fulfilment = None if answer is None else scale[int(answer)]
        if fulfilment is not None and is_met(fulfilment, threshold):
            continue
        gap = threshold if fulfilment is None else threshold - fulfilment
        recs = model.recommendations_for(item.id)
        ranked = sorted(enumerate(recs), key=lambda p: (-_score(p[1].effect or 1, p[1].effort or 1, gap, w), p[0]))
        recs = tuple(r for _, r in ranked)
        priority = _score(recs[0].effect or 1, recs[0].effort or 1, gap, w) if recs else _score(1, 1, gap, w)
        steps.append((item.stage, -priority, position, Step(item, item.stage, answer, gap, priority, recs)))
    return tuple(s for *_, s in sorted(steps, key=lambda t: t[:3]))


COLUMNS = ["assessment", "kind", "rank", "stage", "stage_name", "item", "statement", "answer", "gap", "priority",
           "recommendation", "text", "origin", "label", "source", "effort", "effect"]


def roadmap(result: pd.DataFrame, model: Model | str, *, lang: str = "de", threshold: float | None = None,
            rule: str | None = None, weights: Mapping[str, float] | None = None, top: int | None = None) -> pd.DataFrame:
    """The roadmap of every assessment in a :func:`~socialbiz_kit.scoring.score` result, as one long table.

    One row per step and recommendation (a step that no recommendation addresses has one row with an empty
    recommendation), then the upkeep recommendations of an organisation at the top with nothing open
    (``kind="upkeep"``, no rank). Columns: ``assessment``, ``kind`` (``step``/``upkeep``), ``rank`` (1, 2, ... per
    assessment; the rows of one step share it), ``stage``, ``stage_name``, ``item``, ``statement``, ``answer``
    (NaN = not answered), ``gap``, ``priority``, ``recommendation`` (id), ``text``, ``origin``
    (``source``/``kit``), ``label`` ("Lesart des Kits", ...), ``source`` (short citations), ``effort``, ``effect``.
    The column names are for code; a view shows them with the words of ``data/ui.yaml`` (section ``roadmap``).

    The threshold and the rule are the ones the result was scored with (its ``threshold`` and ``rule`` columns; a
    result without a ``rule`` column counts as scored with :data:`~socialbiz_kit.scoring.DEFAULT_RULE`).

    Parameters
    ----------
    result : DataFrame
        A :func:`~socialbiz_kit.scoring.score` result with the answers (``keep_answers=True``).
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    threshold : float or None, default None
        None (the default): the threshold the result was scored with (its ``threshold`` column), not
        :data:`~socialbiz_kit.scoring.DEFAULT_THRESHOLD` – a roadmap must measure the gaps as the stages were
        decided. When given, it must equal the result's own threshold (a check, never a rescoring).
    rule : str or None, default None
        None (the default): the rule the result was scored with (its ``rule`` column; a result without one counts
        as scored with :data:`~socialbiz_kit.scoring.DEFAULT_RULE`). When given, it must equal the result's own rule.
    weights : mapping, optional
        Exponents of ``effect``, ``gap`` and ``effort`` (see the module).
    top : int, optional
        Keep only the first ``top`` steps of each assessment.

    Returns
    -------
    DataFrame
        One row per step and recommendation (columns above).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If the result holds no answers (score with ``keep_answers=True``); if an assessment is neither a
        mapping of item id to answer nor a table row; or if no column is an item of the model, or an answer is
        not a number or is off the model's scale.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; if the result mixes several thresholds or rules, has none and
        none is given, or a given one differs from the result's; if a weight has an unknown name; if a weight
        is not a number of at least 0; if ``top`` is below 1; or if ``threshold`` is not above 0 and at most
        1, or ``rule`` is not one of the rules.
    """
    import pandas as pd

    model = load_model(model)
    check_lang(lang)
    if rule is None and "rule" not in result.columns:
        rule = DEFAULT_RULE
    threshold, rule = settings_of(result, threshold=threshold, rule=rule)
    missing = [i for i in model.item_ids if i not in result.columns]
    if missing:
        raise InputDataError(f"the result has no answers (column {missing[0]!r} is missing); score with keep_answers=True",
                             code="errors.no_answers", column=missing[0])
    rows = []
    for assessment, row in result.iterrows():
        road = plan(row, model, stage=int(row["stage"]), threshold=threshold, rule=rule, weights=weights, top=top)
        rows += _road_rows(assessment, road, model, lang)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["rank"] = frame["rank"].astype("Int64")
    frame["effort"] = frame["effort"].astype("Int64")
    frame["effect"] = frame["effect"].astype("Int64")
    return frame


def _road_rows(assessment: Any, road: Roadmap, model: Model, lang: str) -> list[dict]:
    """The rows of :func:`roadmap` for one assessment: a row per step and recommendation, then the upkeep."""
    names = {s.number: s.name.get(lang) for s in model.stages}
    rows = []
    for rank, step in enumerate(road.steps, start=1):
        base = {"assessment": assessment, "kind": "step", "rank": rank, "stage": step.stage,
                "stage_name": names[step.stage], "item": step.item.id, "statement": step.item.text.get(lang),
                "answer": math.nan if step.answer is None else step.answer, "gap": step.gap,
                "priority": step.priority}
        for r in step.recommendations or (None,):
            rows.append({**base, **_rec_cols(r, lang)})
    for r in road.upkeep:
        rows.append({"assessment": assessment, "kind": "upkeep", "rank": None, "stage": road.stage,
                     "stage_name": names[road.stage], "item": "", "statement": "", "answer": math.nan,
                     "gap": math.nan, "priority": math.nan, **_rec_cols(r, lang)})
    return rows


def _rec_cols(r: Recommendation | None, lang: str) -> dict:
    """The recommendation's columns of a roadmap row (empty for a step that no recommendation addresses)."""
    from .frames import cite_sources

    if r is None:
        return {"recommendation": "", "text": "", "origin": "", "label": "", "source": "", "effort": None,
                "effect": None}
    return {"recommendation": r.id, "text": r.text.get(lang), "origin": r.origin,
            "label": origin_label(r.origin, lang=lang), "source": cite_sources(r.source, lang=lang), "effort": r.effort,
            "effect": r.effect}
