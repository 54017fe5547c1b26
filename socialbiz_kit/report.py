"""One assessment as a single, self-contained HTML page.

The page carries its own styles and the profile chart as an embedded PNG: it opens without any
network access. Every text that comes from a user (organisation, assessor, note, file names) is
escaped, so an organisation called ``<script>…`` stays text.

>>> from socialbiz_kit.datasets import load_dataset
>>> page = render_report(load_dataset("sample_answers_cotc").loc[["quellwerk"]], "cotc", lang="en",
...                      generated="2026-11-22")
>>> "Fully Engaged" in page and "http" not in page.split("<body>")[1]
True
"""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from ._lang import check_lang
from .models import Model, citation, load_model

__all__ = ["render_report", "write_report", "profile_png"]

_W = {
    "de": {"title": "Selbstcheck", "org": "Organisation", "assessor": "Bewertet von", "date": "Datum",
           "model": "Modell", "stage": "Erreichte Stufe", "index": "Reifegrad-Index", "answered": "beantwortet",
           "rule": "Regel", "threshold": "Schwelle", "uncertain": "Unsicher: Die Stufen {stages} sind zu weniger als "
           "der Hälfte beantwortet; die erreichte Stufe könnte höher liegen.", "profile": "Erfüllung je Stufe",
           "col_stage": "Stufe", "col_fulfil": "Erfüllung", "unknown": "unbekannt", "next": "Nächste Schritte",
           "recs": "Empfehlungen für den Weg zur nächsten Stufe", "open": "Offene Punkte bis zur nächsten Stufe",
           "none_open": "Keine offenen Punkte.", "answers": "Antworten", "item": "Aussage", "answer": "Antwort",
           "not_answered": "nicht beantwortet", "sources": "Quellen", "made": "Erstellt mit socialbiz-kit",
           "note": "Notiz", "of": "von", "gated": "gestuft", "highest": "höchste erfüllte Stufe"},
    "en": {"title": "Self-check", "org": "Organisation", "assessor": "Assessed by", "date": "Date",
           "model": "Model", "stage": "Stage reached", "index": "Maturity index", "answered": "answered",
           "rule": "Rule", "threshold": "Threshold", "uncertain": "Uncertain: fewer than half of the items of "
           "stage(s) {stages} are answered; the stage reached could be higher.", "profile": "Fulfilment per stage",
           "col_stage": "Stage", "col_fulfil": "Fulfilment", "unknown": "unknown", "next": "Next steps",
           "recs": "Recommendations for reaching the next stage", "open": "Open points up to the next stage",
           "none_open": "No open points.", "answers": "Answers", "item": "Statement", "answer": "Answer",
           "not_answered": "not answered", "sources": "Sources", "made": "Made with socialbiz-kit",
           "note": "Note", "of": "of", "gated": "gated", "highest": "highest stage met"},
}

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
color:#1d2b36;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #2a7f8f}
.meta{color:#4a5a66}.stage{font-size:1.4rem;font-weight:600;color:#1f5f6b}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border-bottom:1px solid #d5dde2;padding:.3rem .4rem;
text-align:left;vertical-align:top}th{background:#eef3f5}.num{text-align:right;white-space:nowrap}
.warn{background:#fff4e0;border-left:4px solid #e09a1a;padding:.5rem .8rem}img{max-width:100%}
footer{margin-top:2rem;font-size:.85rem;color:#5b6b76}
"""


def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def profile_png(result_row, model: Model | str, *, lang: str = "de", threshold: float = 0.75) -> bytes:
    """The fulfilment-per-stage bar chart of one scored assessment as PNG bytes (no pyplot state)."""
    import pandas as pd
    from matplotlib.figure import Figure

    from .plotting import stage_profile
    from .scoring import profile_long

    model = load_model(model)
    long = profile_long(pd.DataFrame([result_row]), model).fillna({"fulfilment": 0.0})
    fig = Figure(figsize=(7, 3.2), dpi=100)
    ax = fig.subplots()
    stage_profile(long, model=model, threshold=threshold, lang=lang, ax=ax)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def render_report(answers, model: Model | str, *, organisation: str | None = None, assessor: str = "",
                  note: str = "", lang: str = "de", threshold: float = 0.75, rule: str = "gated",
                  generated: str | None = None) -> str:
    """One assessment as a self-contained HTML page (a string).

    ``answers`` is a one-row wide answer table (as from ``read_responses``) or a mapping of item ids to
    answers. The organisation's name comes from ``organisation`` or, failing that, from an
    ``organisation`` column. ``generated`` is the date printed on the page (default: today).
    """
    import datetime as dt

    import numpy as np
    import pandas as pd

    from .scoring import fulfilment_columns, next_steps, score

    model = load_model(model)
    w = _W[check_lang(lang)]
    if not isinstance(answers, pd.DataFrame):
        answers = pd.DataFrame([dict(answers)], index=pd.Index(["assessment"], name="assessment"))
    if len(answers) != 1:
        raise ValueError(f"a report shows one assessment; the table has {len(answers)} rows")
    if organisation is None:
        organisation = str(answers["organisation"].iloc[0]) if "organisation" in answers.columns else ""
    result = score(answers, model, threshold=threshold, rule=rule, lang=lang)
    row = result.iloc[0]
    steps = next_steps(result, model, lang=lang)
    date = generated or dt.date.today().isoformat()
    png = base64.b64encode(profile_png(row, model, lang=lang, threshold=threshold)).decode("ascii")

    parts = [f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">",
             f"<title>{_e(w['title'])}: {_e(organisation)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{_e(w['title'])}: {_e(organisation)}</h1>",
             f"<p class=\"meta\">{_e(w['model'])}: {_e(model.name.get(lang))} (v{_e(model.version)}) · "
             f"{_e(w['date'])}: {_e(date)}" + (f" · {_e(w['assessor'])}: {_e(assessor)}" if assessor else "") + "</p>"]
    if note:
        parts.append(f"<p class=\"meta\">{_e(w['note'])}: {_e(note)}</p>")
    stage_text = f"{int(row['stage'])} {row['stage_name']}"
    index_text = "–" if np.isnan(row["index"]) else f"{row['index']:.2f} ({row['index_pct']:.0f} %)"
    parts.append(f"<p class=\"stage\" id=\"stage\">{_e(w['stage'])}: {_e(stage_text)}</p>")
    parts.append(f"<p>{_e(w['index'])}: <b>{_e(index_text)}</b> · {row['answered'] * 100:.0f} % {_e(w['answered'])} · "
                 f"{_e(w['rule'])}: {_e(w[rule])} · {_e(w['threshold'])}: {threshold:g}</p>")
    if row["uncertain"]:
        parts.append(f"<p class=\"warn\">{_e(w['uncertain'].format(stages=row['unknown_stages']))}</p>")
    parts.append(f"<h2>{_e(w['profile'])}</h2>")
    parts.append(f"<img alt=\"{_e(w['profile'])}\" src=\"data:image/png;base64,{png}\">")
    parts.append(f"<table><tr><th>{_e(w['col_stage'])}</th><th class=\"num\">{_e(w['col_fulfil'])}</th></tr>")
    for stage, col in zip(model.stages, fulfilment_columns(model)):
        value = row[col]
        shown = w["unknown"] if np.isnan(value) else f"{value * 100:.0f} %"
        parts.append(f"<tr><td>{stage.number} {_e(stage.name.get(lang))}</td><td class=\"num\">{_e(shown)}</td></tr>")
    parts.append("</table>")

    parts.append(f"<h2>{_e(w['next'])}</h2>")
    recs = steps[steps["kind"] == "recommendation"]
    if len(recs):
        parts.append(f"<h3>{_e(w['recs'])}</h3><ul>" + "".join(f"<li>{_e(t)}</li>" for t in recs["text"]) + "</ul>")
    open_items = steps[steps["kind"] == "open_item"]
    parts.append(f"<h3>{_e(w['open'])}</h3>")
    if len(open_items):
        parts.append("<ul>" + "".join(f"<li>{_e(r.text)} <span class=\"meta\">({_e(r.stage_name)})</span></li>"
                                      for r in open_items.itertuples()) + "</ul>")
    else:
        parts.append(f"<p>{_e(w['none_open'])}</p>")

    labels = {p.value: p.label.get(lang) for p in model.scale}
    parts.append(f"<h2>{_e(w['answers'])}</h2><table><tr><th>{_e(w['col_stage'])}</th><th>{_e(w['item'])}</th>"
                 f"<th>{_e(w['answer'])}</th></tr>")
    for item in model.items:
        value = row[item.id]
        shown = w["not_answered"] if np.isnan(value) else f"{int(value)} – {labels[int(value)]}"
        parts.append(f"<tr><td>{item.stage}</td><td>{_e(item.text.get(lang))}</td><td>{_e(shown)}</td></tr>")
    parts.append("</table>")
    parts.append(f"<footer><b>{_e(w['sources'])}:</b><br>" + "<br>".join(_e(c) for c in citation(model)) +
                 f"<br>{_e(w['made'])}</footer></body></html>\n")
    return "\n".join(parts)


def write_report(path: str | Path, answers, model: Model | str, *, overwrite: bool = False, **kwargs) -> Path:
    """Write :func:`render_report` to ``path`` (atomic; an existing file only with ``overwrite=True``)."""
    from ._io import atomic_write

    page = render_report(answers, model, **kwargs)
    return atomic_write(path, lambda fh: fh.write(page), overwrite=overwrite)
