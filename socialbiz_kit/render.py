"""One HTML rendering of a self-check result, shared by the notebook widget and the report.

:func:`result_html` turns one scored assessment (a row of :func:`socialbiz_kit.scoring.score`) and
its roadmap into an HTML fragment: the result sentence, the stage, the index, a bar per stage
with its value as text, the roadmap (open statements with their recommendations), and optionally a comparison
with the sample organisations. :data:`CSS` is the kit's one stylesheet for it (and for the report
page). Every text comes from ``data/ui.yaml``; every value a user typed is escaped with
:func:`socialbiz_kit.ui.escape`; numbers are formatted for the language.

>>> from socialbiz_kit.datasets import load_dataset
>>> from socialbiz_kit.roadmap import plan
>>> from socialbiz_kit.scoring import score
>>> answers = load_dataset("sample_answers_altimeter").loc[["berger"]]
>>> r = score(answers, "altimeter")
>>> html = result_html(r.iloc[0], plan(answers.iloc[0], "altimeter"), "altimeter")
>>> html.count('<li data-item=') == len(plan(answers.iloc[0], "altimeter").steps)
True
>>> result_sentence(r.iloc[0], "altimeter", lang="de")
'Erreichte Stufe: 4 Formalisierung. Reifegrad-Index: 3,32.'
"""
from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from . import ui
from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD, is_met
from ._compat import keyword_lang, renamed
from ._placement import open_below, placement_notes
from .models import Model, load_model
from .roadmap import Roadmap

__all__ = ["CSS", "result_html", "roadmap_html", "result_sentence", "stage_label", "placement_notes", "open_below"]

# The kit's one stylesheet: the result fragment (widget and report) and the report page around it.
# Colours meet WCAG 2.1 AA contrast on white (text #1d2b36, accent #1f5f6b, warning text #6b3d00).
CSS = """
.sbk-result{font-family:inherit;line-height:1.45;color:#1d2b36}
.sbk-result h2,.sbk-result h3,.sbk-result h4{margin:.9em 0 .3em}
.sbk-sentence{font-weight:600;margin:.2em 0}
.sbk-stage{font-size:1.3em;font-weight:600;color:#1f5f6b;margin:.2em 0}
.sbk-warn{background:#fff4e0;border-left:4px solid #b86e00;color:#6b3d00;padding:.4em .7em}
.sbk-bars{list-style:none;padding:0;margin:.3em 0}
.sbk-bars li{display:flex;align-items:center;gap:.5em;margin:.2em 0}
.sbk-bars .lab{flex:0 0 12em;font-size:.92em}
.sbk-bars .track{flex:1;min-width:4em;height:1em;background:#e3eaee;position:relative;border-radius:3px}
.sbk-bars .fill{display:block;height:100%;border-radius:3px;background:#7d9aa3}
.sbk-bars .fill.met{background:#1f6f7f}
.sbk-bars .thr{position:absolute;top:-3px;bottom:-3px;border-left:2px dashed #1d2b36}
.sbk-bars .val{flex:0 0 6.5em;text-align:right;font-size:.92em;white-space:nowrap}
.sbk-note{font-size:.9em;color:#3f4f5b}
.sbk-road{padding-left:1.6em}.sbk-road>li{margin:0 0 .7em}.sbk-recs{margin:.2em 0 0;padding-left:1.2em}
.sbk-cmp{border-collapse:collapse}.sbk-cmp th,.sbk-cmp td{padding:.15em .6em;text-align:left}
.sbk-cmp td.num,.sbk-cmp th.num{text-align:right}
.sbk-you td{font-weight:700;background:#e6f4f1}
.sbk-msg-ok{color:#1d5e33}
.sbk-msg-err{color:#8a1010;background:#fdecec;padding:.3em .6em;border-left:4px solid #a11}
.sbk-page{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
color:#1d2b36;line-height:1.45}
.sbk-page h1{font-size:1.6rem;margin-bottom:.2rem}
.sbk-page h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #1f6f7f}
.sbk-page .meta{color:#3f4f5b}
.sbk-page table.sbk-answers{border-collapse:collapse;width:100%;margin:.5rem 0}
.sbk-page .sbk-answers td,.sbk-page .sbk-answers th{border-bottom:1px solid #d5dde2;padding:.3rem .4rem;
text-align:left;vertical-align:top}
.sbk-page .sbk-answers th{background:#eef3f5}
.sbk-page footer{margin-top:2rem;font-size:.85rem;color:#3f4f5b}
@media (max-width:30rem){.sbk-bars li{flex-wrap:wrap}.sbk-bars .lab{flex-basis:100%}}
"""


def _nan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


@keyword_lang("lang")
def stage_label(stage: int, model: Model | str, *, lang: str = "de") -> str:
    """``"3 Engagement"`` for a stage number, or the words for "no stage reached" for 0.

    Parameters
    ----------
    stage : int
        A stage number; 0 for no stage reached.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        The label.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    """
    model = load_model(model)
    if int(stage) < 1:
        return ui.text("common.no_stage", lang=lang)
    return f"{int(stage)} {model.stage(int(stage)).name.get(lang)}"


def _unknown_stages(row, model: Model) -> list[int]:
    return [s.number for s in model.stages if _nan(float(row[f"fulfilment_{s.number}"]))]


def result_sentence(row, model: Model | str, *, lang: str = "de") -> str:
    """The result in one sentence (what the widget announces): stage reached and index.

    Parameters
    ----------
    row : Series
        One row of a :func:`~socialbiz_kit.scoring.score` result.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        One sentence.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    model = load_model(model)
    return ui.text("result.sentence", lang=lang, stage=stage_label(int(row["stage"]), model, lang=lang),
                   index=ui.number(float(row["index"]), lang=lang))


def _bars(row, model: Model, lang: str, threshold: float) -> str:
    e = ui.escape
    items = []
    for s in model.stages:
        f = float(row[f"fulfilment_{s.number}"])
        known = not _nan(f)
        met = " met" if known and is_met(f, threshold) else ""
        width = round(f * 100) if known else 0
        shown = ui.percent(f, lang=lang) if known else ui.text("common.unknown", lang=lang)
        items.append(
            f'<li><span class="lab">{s.number} {e(s.name.get(lang))}</span>'
            f'<span class="track" aria-hidden="true"><span class="fill{met}" style="width:{width}%"></span>'
            f'<span class="thr" style="left:{round(threshold * 100)}%"></span></span>'
            f'<span class="val">{e(shown)}</span></li>')
    return '<ul class="sbk-bars">' + "".join(items) + "</ul>"


def _comparison(comparison, lang: str, h: int) -> str:
    e = ui.escape
    rows = []
    for r in comparison.itertuples():
        cls = ' class="sbk-you"' if r.you else ""
        rows.append(f"<tr{cls}><td>{e(r.organisation)}</td><td class=\"num\">{int(r.stage)}</td>"
                    f"<td class=\"num\">{e(ui.number(float(r.index), lang=lang))}</td></tr>")
    return (f"<h{h}>{e(ui.text('result.compare', lang=lang))}</h{h}><table class=\"sbk-cmp\"><thead><tr>"
            f"<th scope=\"col\">{e(ui.text('result.col_org', lang=lang))}</th>"
            f"<th scope=\"col\" class=\"num\">{e(ui.text('common.stage', lang=lang))}</th>"
            f"<th scope=\"col\" class=\"num\">{e(ui.text('result.index', lang=lang))}</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


@renamed(level="heading_level")
def roadmap_html(road: Roadmap, model: Model | str, *, lang: str = "de", heading_level: int = 3,
                 dont_know: Collection[str] = ()) -> str:
    """The roadmap ("Fahrplan") of one assessment as HTML: the open statements in the order of
    :func:`socialbiz_kit.roadmap.plan`, each with its recommendations (text, origin with source, effort and effect),
    or the upkeep recommendations at the top, and the rule it follows (the same as the self-check page's).
    ``dont_know``: the items answered "weiß nicht" (unanswered for the rule, named as such for the learner).

    Parameters
    ----------
    road : Roadmap
        The roadmap of :func:`socialbiz_kit.roadmap.plan`.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    heading_level : int, default 3
        Heading level of the section (``<h3>``); was ``level=`` (deprecated, stops working after 2027-06-30:
        ``level`` names the level of measurement in the kit).
    dont_know : collection of str, default ()
        Items answered "weiß nicht".

    Returns
    -------
    str
        HTML, escaped.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    model = load_model(model)
    e, h = ui.escape, int(heading_level)
    parts = [f"<h{h}>{e(ui.text('roadmap.title', lang=lang))}</h{h}>"]
    if road.upkeep:
        parts.append(f"<p>{e(ui.text('roadmap.upkeep_intro', lang=lang))}</p>" + _recs_html(road.upkeep, lang))
    elif not road.steps:
        parts.append(f"<p>{e(ui.text('roadmap.nothing_open', lang=lang))}</p>")
    else:
        target = ui.text("roadmap.target", lang=lang, stage=road.target, name=model.stage(road.target).name.get(lang))
        parts.append(f'<p class="sbk-target">{e(target)}</p>')
        parts.append(f'<p class="sbk-note">{e(ui.text("roadmap.rule", lang=lang))} {e(ui.text("roadmap.estimates", lang=lang))}</p>')
        parts.append('<ol class="sbk-road">' + "".join(_step_html(s, model, lang, dont_know) for s in road.steps)
                     + "</ol>")
    return "".join(parts)


def _step_html(s, model: Model, lang: str, dont_know: Collection[str]) -> str:
    """One step of :func:`roadmap_html`: the open statement, its stage, answer and priority, its recommendations."""
    e = ui.escape
    labels = {p.value: p.label.get(lang) for p in model.scale}
    answer = (labels[int(s.answer)] if s.answer is not None else ui.text("widget.dont_know", lang=lang)
              if s.item.id in dont_know else ui.text("roadmap.unanswered", lang=lang))
    meta = ui.text("roadmap.step_meta", lang=lang, stage=s.stage, answer=answer,
                   priority=ui.number(s.priority, lang=lang))
    return (f'<li data-item="{e(s.item.id)}">{e(ui.text("page.roadmap_open", lang=lang))} '
            f'<b>{e(s.item.text.get(lang))}</b><br>'
            f'<span class="sbk-note">{e(meta)}</span>' + (_recs_html(s.recommendations, lang) if s.recommendations
                                                           else "") + "</li>")


def _recs_html(items, lang: str) -> str:
    """Recommendations as a list: text, then origin with source, effort and effect."""
    from .models import origin_text

    e = ui.escape
    out = []
    for r in items:
        origin = origin_text(r, lang=lang)
        meta = (ui.text("roadmap.rec_meta", lang=lang, origin=origin, effort=r.effort, effect=r.effect)
                if r.effort and r.effect else origin)
        out.append(f'<li data-rec="{e(r.id)}">{e(r.text.get(lang))} <span class="sbk-note">({e(meta)})</span></li>')
    return '<ul class="sbk-recs">' + "".join(out) + "</ul>"


@renamed(level="heading_level")
def result_html(row, road: Roadmap, model: Model | str, *, lang: str = "de", threshold: float = DEFAULT_THRESHOLD,
                rule: str = DEFAULT_RULE, comparison=None, heading_level: int = 3, sentence: bool = True,
                dont_know: Collection[str] = ()) -> str:
    """One result as an HTML fragment (a ``<section class="sbk-result">``), without the stylesheet.

    Parameters
    ----------
    row : Series
        One row of :func:`socialbiz_kit.scoring.score` (``stage``, ``index``, ``answered``,
        ``uncertain``, ``fulfilment_1`` ... ``fulfilment_n``).
    road : Roadmap
        Its roadmap (:func:`socialbiz_kit.roadmap.plan`), shown by :func:`roadmap_html`.
    model : Model or str
    lang : {"de", "en"}
    threshold, rule : the settings the row was scored with (shown on the page).
    comparison : DataFrame, optional
        Columns ``organisation``, ``stage``, ``index``, ``you`` (bool): a table of sample organisations.
    heading_level : int, default 3
        Heading level of the section's headings (3 in a notebook, 2 in the report page); was ``level=``
        (deprecated, stops working after 2027-06-30: ``level`` names the level of measurement in the kit).
    sentence : bool
        Begin with the result sentence (the widget shows it in its own announced region instead).
    dont_know : collection of str
        The items answered "weiß nicht / keine Angabe" (named so in the roadmap).

    Returns
    -------
    str

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    model = load_model(model)
    e, h = ui.escape, int(heading_level)
    stage = int(row["stage"])
    parts = [f'<section class="sbk-result" lang="{e(lang)}">']
    if sentence:
        parts.append(f'<p class="sbk-sentence">{e(result_sentence(row, model, lang=lang))}</p>')
    parts.append(f'<p class="sbk-stage" data-stage="{stage}">{e(stage_label(stage, model, lang=lang))}</p>')
    facts = [f"{e(ui.text('result.index', lang=lang))}: <b class=\"sbk-index\">{e(ui.number(float(row['index']), lang=lang))}</b>",
             e(ui.text("result.answered", lang=lang, share=ui.percent(float(row["answered"]), lang=lang))),
             e(ui.text("result.settings", lang=lang, threshold=ui.number(threshold, lang=lang),
                       rule=ui.text(f"common.rule_{rule}", lang=lang)))]
    parts.append("<p>" + " · ".join(facts) + "</p>")
    unknown = _unknown_stages(row, model)
    if bool(row["uncertain"]) and unknown:
        warning = ui.text("result.uncertain", lang=lang, count=len(unknown), stages=", ".join(map(str, unknown)))
        parts.append(f'<p class="sbk-warn">{e(warning)}</p>')
    for note in placement_notes(row, model, lang=lang, threshold=threshold, rule=rule):
        parts.append(f'<p class="sbk-placement">{e(note)}</p>')
    parts.append(f"<h{h}>{e(ui.text('result.profile', lang=lang))}</h{h}>")
    line = ui.text("result.threshold_line", lang=lang, threshold=ui.percent(threshold, lang=lang))
    parts.append(f'<p class="sbk-note">{e(line)}</p>')
    parts.append(_bars(row, model, lang, threshold))
    parts.append(roadmap_html(road, model, lang=lang, heading_level=h, dont_know=dont_know))
    if comparison is not None and len(comparison):
        parts.append(_comparison(comparison, lang, h))
    parts.append("</section>")
    return "".join(parts)
