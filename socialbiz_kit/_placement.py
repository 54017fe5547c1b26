"""The sentences that say how sure a placement is and what it lacks (a room of :mod:`socialbiz_kit.render`).

:func:`placement_notes` is re-exported by :mod:`socialbiz_kit.render`, its front door. The self-check page builds
the same sentences in JavaScript (``static/page.js``, ``placementNotes``); a browser test compares them word for
word.
"""
from __future__ import annotations

import math
from typing import Any

from . import ui
from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD, is_met, is_supported, settings_of, support_line
from .models import Model, load_model

__all__ = ["placement_notes", "open_below"]


def _nan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _points(fraction: float) -> int:
    """A share as whole percent, half up (the page's JavaScript rounds the same way)."""
    return math.floor(fraction * 100 + 0.5)


def placement_notes(row, model: Model | str, *, lang: str = "de", threshold: float = DEFAULT_THRESHOLD,
                    rule: str = DEFAULT_RULE) -> list[str]:
    """The sentences that say how sure a placement is and what it lacks, in ``lang``.

    In this order:

    * Under the point deduction (the default), a placement on a stage not met itself: the stage above it comes
      from and the answer points that stage lacks (then no note on the next stage); where no stage is met on its
      own at all, that the highest rule would give no stage and that answers alike on every stage do this.
    * Borderline (the ``borderline`` column of :func:`socialbiz_kit.scoring.score`), with the answer points of its
      ``border_points`` column: "Grenzfall: Eine Antwort einen Schritt niedriger auf der Antwortskala, und es wäre
      Stufe 2 „Präsenz“." or "Grenzfall: 2 Antwortpunkte weniger (etwa 2 Antworten je einen Schritt niedriger auf
      der Antwortskala), …" (or "höher"/"mehr", where the stage it could be is higher: every rule gives a stage at
      least as high when a stage's fulfilment rises).
    * A gap below: the stages under the one reached that are not met (the default rule with point deduction,
      the highest, the closest and the supported rule count a stage met on its own over them): "Noch offen unterhalb von Stufe 4:
      Stufe 3 „Engagement“ ist erst zu 29 % erfüllt …".
    * Below the top: how far the next stage is from the threshold; under the gated rule, when a higher stage
      is already met, that it counts only once the missing stage below reaches the threshold, and by how much
      that stage falls short; under the supported rule, a met stage above whose stage directly below has hardly
      begun, and what that stage would need.

    The self-check page builds the same sentences in JavaScript (a parity test compares them).

    Parameters
    ----------
    row : Series
        One row of :func:`socialbiz_kit.scoring.score`.
    model : Model or str
    lang : {"de", "en"}
    threshold, rule : the settings the row was scored with.

    Returns
    -------
    list of str

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    model = load_model(model)
    out: list[str] = []
    stage, numbers = int(row["stage"]), [s.number for s in model.stages]
    # first where the placement comes from (the point deduction), then how sure it is, then what is open
    counted = _lacking(row, model, threshold) if rule == "stepped" else None  # fulfilment and lacking points, once
    decisive = _stepped_note(row, model, lang, threshold, out, counted) if counted is not None else None
    if "borderline" in row.index and bool(row["borderline"]):
        could, count = int(row["could_be"]), _border_points(row, model, threshold, rule)
        key = "result.borderline_up" if could > stage else "result.borderline"  # every rule is monotone
        out.append(ui.text(key, lang=lang, count=count, stage=could, name=model.stage(could).name.get(lang))
                   if could >= 1 else ui.text("result.borderline_none", lang=lang, count=count))
    below = _gap_below(row, model, [n for n in numbers if n < stage], lang, threshold, stage, decisive is not None)
    if below:
        out.append(below)
    following = [n for n in numbers if n > stage]
    if following and decisive is None:  # under the point deduction the note above already says what is next
        gap = _gap_note(row, model, following, lang, threshold, rule, counted)
        if gap:
            out.append(gap)
    return out


def _stepped_note(row, model: Model, lang: str, threshold: float, out: list[str], counted) -> int | None:
    """Under the stepped rule, a placement on a stage not met itself: which stage above it comes from, with how many
    answer points it lacks (appended to ``out``); returns that stage's number (None if there is no such note).

    The points are counted from the row's answers (``keep_answers``); without them every item counts as answered.
    """
    stage = int(row["stage"])
    fulfil, lacking = counted
    met = [s.number for s, f in zip(model.stages, fulfil) if not _nan(f) and is_met(f, threshold)]
    if stage <= model.lowest_stage or (met and max(met) >= stage):
        return None
    for s, f, lack in zip(model.stages, fulfil, lacking):
        if s.number > stage and not _nan(lack) and s.number - int(lack) == stage:
            out.append(ui.text("result.gap_stepped", lang=lang, count=int(lack), stage=stage,
                               name=model.stage(stage).name.get(lang), higher=s.number,
                               higher_name=s.name.get(lang), higher_value=ui.percent(_points(f) / 100, lang=lang),
                               threshold=ui.percent(_points(threshold) / 100, lang=lang)))
            if max(met, default=model.lowest_stage) <= model.lowest_stage:  # no stage met (above a starting stage)
                out.append(_none_met(model, lang, int(lack)))
            return s.number
    return None


def _border_points(row, model: Model, threshold: float, rule: str) -> int:
    """The fewest answer points that give the stage a borderline row could be: its ``border_points``; for a row
    without them (a result saved before the column) counted again from its fulfilments and answers."""
    import numpy as np
    import pandas as pd

    if "border_points" in row.index and not pd.isna(row["border_points"]):
        return int(row["border_points"])

    from ._candidates import answered_per_stage
    from ._core import borderline, derived

    fulfil = np.array([[float(row[f"fulfilment_{s.number}"]) for s in model.stages]])
    items = [i.id for i in model.items]
    counts = (answered_per_stage(row[items].to_frame().T, model) if set(items) <= set(row.index)
              else derived(model).n_items[None, :].astype(float))
    return max(1, int(borderline(fulfil, counts, model, threshold, rule)[2][0]))


def _lacking(row, model: Model, threshold: float):
    """Every stage's fulfilment and the answer points it lacks to the threshold (NaN where unknown), counted from the
    row's answers (``keep_answers``); without them every item counts as answered."""
    import numpy as np

    from ._candidates import answered_per_stage
    from ._core import derived, lacking_points

    d = derived(model)
    fulfil = np.array([float(row[f"fulfilment_{s.number}"]) for s in model.stages])
    items = [i.id for i in model.items]
    counts = (answered_per_stage(row[items].to_frame().T, model)[0] if set(items) <= set(row.index)
              else d.n_items.astype(float))
    return fulfil, lacking_points(fulfil[:, None], counts[:, None], d, threshold)[:, 0]


def _next_in_points(row, model: Model, following: list[int], lang: str, words: dict, counted) -> str:
    """Under the point deduction, the next stage in answer points; where the result is borderline upwards and fewer
    points at a higher stage would give the next stage (a stage k lacking L points counts as k − L), that way as well,
    so that the note agrees with the Grenzfall."""
    fulfil, lacking = counted
    at = {s.number: k for k, s in enumerate(model.stages)}
    nxt = following[0]
    direct = int(lacking[at[nxt]])  # the next stage is known here
    note = ui.text("result.gap_next_points", lang=lang, count=direct, **words)
    ways = [(int(lacking[at[n]]) - (n - nxt), n) for n in following[1:] if not _nan(lacking[at[n]])]
    need, via = min(ways, default=(direct, nxt))  # on a tie the lower stage
    upward = "borderline" in row.index and bool(row["borderline"]) and int(row["could_be"]) > int(row["stage"])
    if need >= direct or not upward:  # the shorter way is named where it explains an upward Grenzfall
        return note
    return note + " " + ui.text("result.gap_next_via", lang=lang, count=need, higher=via, stage=nxt,
                                higher_name=model.stage(via).name.get(lang),
                                higher_value=ui.percent(_points(fulfil[at[via]]) / 100, lang=lang))


def _none_met(model: Model, lang: str, lacking: int) -> str:
    """The note for a placement by point deduction alone: what the highest rule would give (the lowest stage), and,
    where more than one point is deducted, the pattern that typically gives such a result."""
    rule, low = ui.text("common.rule_highest", lang=lang), model.lowest_stage
    note = (ui.text("result.stepped_none_met_baseline", lang=lang, rule=rule, stage=low,
                    name=model.stage(low).name.get(lang)) if low >= 1
            else ui.text("result.stepped_none_met", lang=lang, rule=rule))
    return note + " " + ui.text("result.stepped_alike", lang=lang) if lacking >= 2 else note


def open_below(result, model: Model | str, *, threshold: float | None = None):
    """Which stages below the one reached are open: known (not NaN) and not met.

    The rule of the note "Noch offen unterhalb von Stufe …" (:func:`placement_notes`). Under the gated rule it is
    never true; under the highest rule and the default (stepped) it marks the stages a placement counts over.

    Parameters
    ----------
    result : DataFrame
        A :func:`~socialbiz_kit.scoring.score` result (``stage`` and the ``fulfilment_<n>`` columns).
    model : Model or str
    threshold : float, optional
        Must equal the result's own threshold (its ``threshold`` column) when both are there.

    Returns
    -------
    DataFrame
        One boolean column per stage number of the model, one row per row of ``result``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema check.
    SettingError
        See :func:`~socialbiz_kit.scoring.settings_of`.
    """
    import numpy as np
    import pandas as pd

    model = load_model(model)
    threshold, _ = settings_of(result, threshold=threshold, rule=None if "rule" in result.columns else DEFAULT_RULE)
    numbers = [s.number for s in model.stages]
    fulfil = result[[f"fulfilment_{n}" for n in numbers]].to_numpy(dtype=float)
    below = np.array(numbers)[None, :] < result["stage"].to_numpy(dtype=float)[:, None]
    known = ~np.isnan(fulfil)
    return pd.DataFrame(below & known & ~is_met(np.where(known, fulfil, 1.0), threshold), index=result.index,
                        columns=numbers)


def _gap_below(row, model: Model, lower: list[int], lang: str, threshold: float, stage: int,
               stepped: bool = False) -> str | None:
    """The note on the stages below the one reached that are open (:func:`open_below`), lowest first (None if none)."""
    frame = row[["stage", *(f"fulfilment_{s.number}" for s in model.stages)]].to_frame().T
    gaps = [n for n, is_open in open_below(frame, model, threshold=threshold).iloc[0].items() if is_open and n in lower]
    if not gaps:
        return None
    parts = [ui.text("result.gap_below_item", lang=lang, stage=n, name=model.stage(n).name.get(lang),
                     value=ui.percent(_points(float(row[f"fulfilment_{n}"])) / 100, lang=lang)) for n in gaps]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " " + ui.text("page.and", lang=lang) + " " + parts[-1]
    key = "result.gap_below_stepped" if stepped else "result.gap_below"  # not "met on its own" when it is not
    return ui.text(key, lang=lang, placed=stage, stages=listed,
                   threshold=ui.percent(_points(threshold) / 100, lang=lang))


def _gap_note(row, model: Model, following: list[int], lang: str, threshold: float, rule: str,
              counted=None) -> str | None:
    """The note on the next stage (``following[0]``) when it is below the threshold: what blocks or lacks support."""
    nxt = following[0]
    f = float(row[f"fulfilment_{nxt}"])
    if _nan(f) or is_met(f, threshold):
        return None
    words: dict[str, Any] = dict(stage=nxt, name=model.stage(nxt).name.get(lang), points=_points(threshold) - _points(f),
                 value=ui.percent(_points(f) / 100, lang=lang), threshold=ui.percent(_points(threshold) / 100, lang=lang))
    met_above = [n for n in following[1:] if is_met(float(row[f"fulfilment_{n}"]), threshold)]  # NaN: not met
    unsupported = [n for n in met_above if not is_supported(float(row[f"fulfilment_{n - 1}"]), threshold)]
    if rule == "supported" and unsupported:
        higher, below = unsupported[-1], unsupported[-1] - 1
        fb = float(row[f"fulfilment_{below}"])
        return ui.text("result.gap_unsupported", lang=lang, higher=higher,
                       higher_name=model.stage(higher).name.get(lang),
                       higher_value=ui.percent(_points(float(row[f"fulfilment_{higher}"])) / 100, lang=lang),
                       below=below, below_name=model.stage(below).name.get(lang),
                       below_value=ui.percent(_points(0.0 if _nan(fb) else fb) / 100, lang=lang),
                       support=ui.percent(_points(support_line(threshold)) / 100, lang=lang))
    if rule == "gated" and met_above:
        higher = met_above[-1]
        return ui.text("result.gap_blocked", lang=lang, higher=higher, higher_name=model.stage(higher).name.get(lang),
                       higher_value=ui.percent(_points(float(row[f"fulfilment_{higher}"])) / 100, lang=lang), **words)
    if counted is not None:  # the point deduction
        return _next_in_points(row, model, following, lang, words, counted)
    return ui.text("result.gap_next", lang=lang, **words)


