"""One assessment as a single, self-contained HTML page.

The page carries its own styles and no request to anywhere: it opens without any network access.
The result part is the same HTML the notebook widget shows (:func:`socialbiz_kit.render.result_html`),
with the profile as bars whose values are written out; every word comes from ``data/ui.yaml``,
numbers and the date are formatted for the language. Every text that comes from a user
(organisation, assessor, note) is escaped, so an organisation called ``<script>…`` stays text.

>>> from socialbiz_kit.datasets import load_dataset
>>> page = render_report(load_dataset("sample_answers_cotc").loc[["quellwerk"]], "cotc", lang="en",
...                      generated="2026-11-22")
>>> "Fully Engaged" in page and "http" not in page.split("</head>")[1]
True
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from . import ui
from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD
from ._compat import deprecated, renamed
from ._lang import check_lang
from .errors import InputDataError
from .models import Model, citation, load_model

__all__ = ["render_report", "write_report", "then_and_now_html", "profile_png"]

def profile_png(result_row, model: Model | str, *, lang: str = "de", threshold: float = DEFAULT_THRESHOLD) -> bytes:
    """The fulfilment-per-stage bar chart of one scored assessment as PNG bytes (no pyplot state).

    Parameters
    ----------
    result_row : Series
        One row of a scored result.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).

    Returns
    -------
    bytes
        The PNG.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
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


_DIRECTION_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _no_direction_controls(text: str) -> str:
    """``text`` without the Unicode controls that embed, override or isolate writing direction: in a
    name they would reverse the title and the text after it."""
    return str(text).translate(_DIRECTION_CONTROLS)


def render_report(answers, model: Model | str, *, organisation: str | None = None, assessor: str = "",
                  note: str = "", lang: str = "de", threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE,
                  generated: str | None = None, previous=None, previous_date: str | None = None) -> str:
    """One assessment as a self-contained HTML page (a string).

    Parameters
    ----------
    answers : DataFrame or mapping
        A one-row wide answer table (as from ``read_responses``) or a mapping of item ids to answers.
    model : Model or str
    organisation : str, optional
        The organisation's name; default: the table's ``organisation`` column, if any.
    assessor, note : str
        Printed in the page head (escaped).
    lang : {"de", "en"}
    threshold, rule : as in :func:`socialbiz_kit.scoring.score`.
    generated : str, optional
        ISO date printed on the page (default: today), formatted for the language.
    previous : DataFrame or mapping, optional
        An earlier assessment of the same model: the page then shows "Damals und heute"
        (:func:`socialbiz_kit.change.compare_assessments`).
    previous_date : str, optional
        The earlier assessment's ISO date (default: its ``date`` column, if any).

    Returns
    -------
    str

    Raises
    ------
    InputDataError
        The table has more or fewer than one row.
    """
    import pandas as pd

    from .render import result_html
    from .roadmap import plan
    from .scoring import label, score

    model = load_model(model)
    lang = check_lang(lang)
    if not isinstance(answers, pd.DataFrame):
        answers = pd.DataFrame([dict(answers)], index=pd.Index(["assessment"], name="assessment"))
    if len(answers) != 1:
        raise ui.error(InputDataError, code="report.one_row", lang=lang, n=len(answers))
    if organisation is None:
        organisation = str(answers["organisation"].iloc[0]) if "organisation" in answers.columns else ""
    organisation, assessor, note = (_no_direction_controls(t) for t in (organisation, assessor, note))
    result = label(score(answers, model, threshold=threshold, rule=rule), model, lang=lang)
    row = result.iloc[0]
    road = plan(answers.iloc[0], model, stage=int(row["stage"]), threshold=threshold, rule=rule)
    parts = _report_head(model, lang, organisation, assessor, note, generated)
    parts.append(result_html(row, road, model, lang=lang, threshold=threshold, rule=rule, heading_level=2))
    if previous is not None:
        parts.append(then_and_now_html(previous, answers.iloc[0], model, lang=lang, threshold=threshold, rule=rule,
                                       previous_date=previous_date))
    parts += _report_tail(row, model, lang)
    return "\n".join(parts)


def _report_head(model: Model, lang: str, organisation: str, assessor: str, note: str,
                 generated: str | None) -> list[str]:
    """The report from ``<!DOCTYPE html>`` to its title and the line of model, date and assessor (and the note)."""
    import datetime as dt

    from .render import CSS

    e = ui.escape
    date = ui.date(generated or dt.date.today().isoformat(), lang=lang)
    title = ui.text("report.title", lang=lang)
    head = f"{title}: {organisation}" if organisation else title
    meta = [f"{e(ui.text('report.model', lang=lang))}: {e(model.name.get(lang))} "
            f"({e(ui.text('report.version', lang=lang, version=model.version))})",
            f"{e(ui.text('report.date', lang=lang))}: {e(date)}"]
    if assessor:
        meta.append(f"{e(ui.text('report.assessor', lang=lang))}: {e(assessor)}")
    parts = [f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
             f"<title>{e(head)}</title><style>{CSS}</style></head><body class=\"sbk-page\"><main>",
             f"<h1>{e(head)}</h1>", "<p class=\"meta\">" + " · ".join(meta) + "</p>"]
    if note:
        parts.append(f"<p class=\"meta\">{e(ui.text('report.note', lang=lang))}: {e(note)}</p>")
    return parts


def _report_tail(row, model: Model, lang: str) -> list[str]:
    """The table of every statement with its answer (closing ``<main>``), then the footer with the sources."""
    e = ui.escape
    labels = {p.value: p.label.get(lang) for p in model.scale}
    parts = [f"<h2>{e(ui.text('report.answers', lang=lang))}</h2><table class=\"sbk-answers\"><thead><tr>"
             f"<th scope=\"col\">{e(ui.text('common.stage', lang=lang))}</th>"
             f"<th scope=\"col\">{e(ui.text('report.item', lang=lang))}</th>"
             f"<th scope=\"col\">{e(ui.text('report.answer', lang=lang))}</th></tr></thead><tbody>"]
    for item in model.items:
        value = float(row[item.id])
        shown = ui.text("report.not_answered", lang=lang) if value != value else f"{int(value)} – {labels[int(value)]}"
        parts.append(f"<tr><td>{item.stage}</td><td>{e(item.text.get(lang))}</td><td>{e(shown)}</td></tr>")
    parts.append("</tbody></table></main>")
    parts.append(f"<footer><p><b>{e(ui.text('report.sources', lang=lang))}:</b></p><ul>"
                 + "".join(f"<li><cite>{e(c)}</cite></li>" for c in citation(model, lang="de", addresses=False))
                 + f"</ul><p>{e(ui.text('report.made', lang=lang))}</p></footer></body></html>\n")
    return parts


@renamed(level="heading_level")
def then_and_now_html(previous, current, model: Model | str, *, lang: str = "de", threshold: float = DEFAULT_THRESHOLD,
                      rule: str = DEFAULT_RULE, previous_date: str | None = None,
                      heading_level: int = 2) -> str:
    """The "Damals und heute" section (report and notebook self-check): the sentence, each stage's fulfilment and the
    index then and now, and the statements whose answer changed, old → new, by
    :func:`socialbiz_kit.change.compare_assessments`.

    Parameters
    ----------
    previous, current : DataFrame (one row), Series or mapping
        The earlier and the current assessment (item id -> answer, NaN or None = not answered).
    model : Model or str
    lang : {"de", "en"}
    threshold, rule : as in :func:`socialbiz_kit.scoring.score`.
    previous_date : str, optional
        The earlier assessment's ISO date (default: its ``date`` value, if it is an ISO date).
    heading_level : int, default 2
        The heading level of the section (its list heading is one below); was ``level=`` (deprecated, stops
        working after 2027-06-30: ``level`` names the level of measurement in the kit).

    Returns
    -------
    str
        An HTML fragment.

    Raises
    ------
    InputDataError
        ``previous`` is a table with more or fewer than one row, or an answer is not on the scale.
    """
    import pandas as pd

    from .change import assessment_date, compare_assessments

    model = load_model(model)
    lang = check_lang(lang)
    e = ui.escape
    if isinstance(previous, pd.DataFrame):
        if len(previous) != 1:
            raise ui.error(InputDataError, code="report.one_row", lang=lang, n=len(previous))
        previous = previous.iloc[0]
    if isinstance(current, pd.DataFrame):
        current = current.iloc[0]
    if previous_date is None:
        previous_date = assessment_date(previous)
    change = compare_assessments(previous, current, model, previous_date=previous_date, threshold=threshold,
                                 rule=rule)
    rows = _change_rows(change, model, lang)
    changed = _changed_items(change, previous, current, model, lang)
    h = max(1, min(5, heading_level))
    return (f"<section class=\"sbk-change\"><h{h}>{e(ui.text('change.heading', lang=lang))}</h{h}>"
            f"<p class=\"sbk-sentence\">{e(change.sentence(lang=lang))}</p>"
            f"<table class=\"sbk-cmp\"><thead><tr><th scope=\"col\">{e(ui.text('common.stage', lang=lang))}</th>"
            f"<th scope=\"col\" class=\"num\">{e(ui.text('change.before', lang=lang))}</th>"
            f"<th scope=\"col\" class=\"num\">{e(ui.text('change.after', lang=lang))}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            + (f"<h{h + 1}>{e(ui.text('change.changed_h', lang=lang))}</h{h + 1}><ul>{''.join(changed)}</ul>" if changed
               else f"<p>{e(ui.text('change.no_change', lang=lang))}</p>")
            + "</section>")



def _change_rows(change, model: Model, lang: str) -> str:
    """The rows of the then-and-now table: each stage's fulfilment before and after, then the index."""
    e = ui.escape
    rows = "".join(f"<tr><th scope=\"row\">{s.number} {e(s.name.get(lang))}</th>"
                   f"<td class=\"num\">{e(ui.percent(b, lang=lang))}</td><td class=\"num\">{e(ui.percent(a, lang=lang))}</td></tr>"
                   for s, b, a in zip(model.stages, change.fulfilment_before, change.fulfilment_after))
    rows += (f"<tr><th scope=\"row\">{e(ui.text('change.index', lang=lang))}</th>"
             f"<td class=\"num\">{e(ui.number(change.index_before, lang=lang))}</td>"
             f"<td class=\"num\">{e(ui.number(change.index_after, lang=lang))}</td></tr>")
    return rows


def _changed_items(change, previous, current, model: Model, lang: str) -> list[str]:
    """The statements whose answer changed (better, worse, not comparable) as list items."""
    import pandas as pd

    e = ui.escape
    texts = {i.id: i.text.get(lang) for i in model.items}
    labels = {float(p.value): p.label.get(lang) for p in model.scale}

    def answer(values, item: str) -> str:
        v = values.get(item) if hasattr(values, "get") else None
        return ui.text("change.no_answer", lang=lang) if v is None or pd.isna(v) else labels[float(v)]

    changed: list[str] = []
    for key, ids in (("change.up", change.better), ("change.down", change.worse), ("change.other", change.not_comparable)):
        for i in ids:
            moved = ui.text("change.answers", lang=lang, before=answer(previous, i), after=answer(current, i))
            line = ui.text("change.item", lang=lang, statement=texts[i], direction=ui.text(key, lang=lang), answers=moved)
            changed.append(f"<li>{e(line)}</li>")
    return changed


def write_report(answers, path: str | Path, model: Model | str, *, overwrite: bool = False,
                 organisation: str | None = None, assessor: str = "", note: str = "", lang: str = "de",
                 threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE, generated: str | None = None,
                 previous=None, previous_date: str | None = None) -> Path:
    """Write :func:`render_report` to ``path`` (atomic; an existing file only with ``overwrite=True``).

    The order is the kit's for writers: the data, the file, the model (as ``responses.write_responses``). The
    order before (``write_report(path, answers, model)``) works until 2027-06-30, with a DeprecationWarning.

    Parameters
    ----------
    answers : DataFrame
        One assessment (one row).
    path : str or Path
        The HTML file to write.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    overwrite : bool, default False
        Replace an existing file; without it an existing file is never touched. A link, folder or device is never
        written.
    organisation, assessor, note, lang, threshold, rule, generated, previous, previous_date
        As in :func:`render_report`.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If the answers hold more than one assessment; if no column is an item of the model, or an answer is
        not a number or is off the model's scale; or if an assessment is neither a mapping of item id to
        answer nor a table row.
    SettingError
        If a weight has an unknown name; or if a weight is not a number of at least 0.
    OutputFileError
        If the path is a symbolic link, a folder, a device or a named pipe.
    OutputExistsError
        If the file exists and ``overwrite`` is false (a ``FileExistsError``).
    """
    from ._io import atomic_write

    if isinstance(answers, (str, os.PathLike)) and not isinstance(path, (str, os.PathLike)):
        deprecated("write_report(path, answers, model): write_report(answers, path, model); the old order")
        answers, path = path, answers
    page = render_report(answers, model, organisation=organisation, assessor=assessor, note=note, lang=lang,
                         threshold=threshold, rule=rule, generated=generated, previous=previous,
                         previous_date=previous_date)
    return atomic_write(path, lambda fh: fh.write(page), overwrite=overwrite)
