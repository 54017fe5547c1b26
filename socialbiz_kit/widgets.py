"""The interactive self-check (ipywidgets), for notebooks and the Voilà app.

The widget is a thin layer: every number comes from :mod:`socialbiz_kit.scoring`, the page from
:mod:`socialbiz_kit.report`, saving from :mod:`socialbiz_kit.store`. ipywidgets is imported only
when a :class:`SelfCheck` is created.

    from socialbiz_kit.widgets import SelfCheck
    SelfCheck("altimeter", company="lindner", lang="de")

:func:`result_panel` (the live result as HTML) needs no ipywidgets and is tested on its own.
"""
from __future__ import annotations

import base64
import functools
import html
import tempfile
from pathlib import Path
from typing import Any

from ._lang import check_lang
from .models import Model, list_models, load_model

__all__ = ["SelfCheck", "result_panel", "UI"]

UI = {
    "de": {
        "title": "Selbstcheck: Wie sozial ist Ihre Organisation?",
        "intro": "Beantworten Sie die Aussagen für Ihre Organisation. Das Ergebnis rechts aktualisiert sich sofort.",
        "model": "Modell", "lang": "Sprache", "company": "Beispiel", "blank": "— leer beginnen —",
        "organisation": "Organisation", "assessor": "Ihr Name", "unanswered": "—",
        "progress": "{done} von {total} Aussagen beantwortet", "stage": "Stufe",
        "reached": "Erreichte Stufe", "index": "Reifegrad-Index", "uncertain":
        "Unsicher: Stufe(n) {stages} zu weniger als der Hälfte beantwortet.", "profile": "Erfüllung je Stufe",
        "unknown": "unbekannt", "next": "Nächste Schritte", "open": "Offene Punkte bis zur nächsten Stufe",
        "none_open": "Keine offenen Punkte.", "compare": "Im Vergleich mit den Beispielorganisationen",
        "you": "Ihre Organisation", "save": "Speichern", "report": "Bericht erstellen (HTML)",
        "csv": "Antworten herunterladen (CSV)", "report_link": "Bericht herunterladen (HTML)",
        "upload": "Antworten laden", "saved": "Gespeichert als Nr. {id} in {path}.",
        "need_org": "Bitte geben Sie zuerst den Namen der Organisation ein.",
        "loaded": "Antworten aus „{name}“ geladen ({model}).", "loaded_first":
        "Die Datei enthält {n} Bewertungen; die erste („{first}“) wurde geladen.",
        "error": "Das hat nicht geklappt: {message}", "no_samples": "Für dieses Modell gibt es keine Beispiele.",
        "threshold": "Schwelle {threshold:g}, Regel: {rule}", "gated": "gestuft", "highest": "höchste erfüllte Stufe",
    },
    "en": {
        "title": "Self-check: how social is your organisation?",
        "intro": "Answer the statements for your organisation. The result updates at once.",
        "model": "Model", "lang": "Language", "company": "Example", "blank": "— start blank —",
        "organisation": "Organisation", "assessor": "Your name", "unanswered": "—",
        "progress": "{done} of {total} statements answered", "stage": "Stage",
        "reached": "Stage reached", "index": "Maturity index", "uncertain":
        "Uncertain: fewer than half of stage(s) {stages} answered.", "profile": "Fulfilment per stage",
        "unknown": "unknown", "next": "Next steps", "open": "Open points up to the next stage",
        "none_open": "No open points.", "compare": "Compared with the sample organisations",
        "you": "Your organisation", "save": "Save", "report": "Create report (HTML)",
        "csv": "Download answers (CSV)", "report_link": "Download report (HTML)",
        "upload": "Load answers", "saved": "Saved as no. {id} in {path}.",
        "need_org": "Please enter the organisation's name first.",
        "loaded": "Answers loaded from “{name}” ({model}).", "loaded_first":
        "The file holds {n} assessments; the first (“{first}”) was loaded.",
        "error": "That did not work: {message}", "no_samples": "There are no examples for this model.",
        "threshold": "threshold {threshold:g}, rule: {rule}", "gated": "gated", "highest": "highest stage met",
    },
}

_STYLE = """<style>
.sbk-panel{font-family:inherit;line-height:1.4}.sbk-panel h3{margin:.8em 0 .3em}
.sbk-bar{display:flex;align-items:center;gap:.5em;margin:.15em 0}.sbk-bar .lab{width:13em;font-size:.9em}
.sbk-bar .track{flex:1;height:1em;background:#e3eaee;position:relative;border-radius:3px}
.sbk-bar .fill{height:100%;border-radius:3px}.sbk-bar .val{width:6.5em;text-align:right;font-size:.9em;white-space:nowrap}
.sbk-bar .thr{position:absolute;top:-2px;bottom:-2px;border-left:2px dashed #333}
.sbk-stage{font-size:1.3em;font-weight:600;color:#1f5f6b}.sbk-warn{background:#fff4e0;padding:.3em .6em}
.sbk-cmp td{padding:.1em .6em}.sbk-you{font-weight:700;background:#e6f4f1}
.sbk-msg-ok{color:#1d6b3a}.sbk-msg-err{color:#a11;background:#fdecec;padding:.3em .6em;border-left:4px solid #a11}
</style>"""


_NO_ANSWER = -1  # the dropdown's value for "not answered" (ipywidgets shows None as an empty box)


def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def result_panel(result_row, steps, model: Model | str, *, lang: str = "de", threshold: float = 0.75,
                 rule: str = "gated", comparison=None) -> str:
    """The live result as HTML: stage, index, a bar per stage, open points, comparison.

    ``result_row`` is one row of :func:`socialbiz_kit.scoring.score`, ``steps`` the matching rows of
    :func:`socialbiz_kit.scoring.next_steps`; ``comparison`` an optional table with the columns
    ``organisation``, ``stage``, ``index`` and ``you`` (bool).
    """
    import math

    model = load_model(model)
    t = UI[check_lang(lang)]
    parts = [_STYLE, '<div class="sbk-panel">']
    stage = int(result_row["stage"])
    index = result_row["index"]
    index_text = "–" if math.isnan(index) else f"{index:.2f} ({result_row['index_pct']:.0f} %)"
    parts.append(f'<div>{_e(t["reached"])}:</div><div class="sbk-stage" data-stage="{stage}">'
                 f'{stage} {_e(result_row["stage_name"])}</div>')
    parts.append(f'<div>{_e(t["index"])}: <b class="sbk-index">{_e(index_text)}</b> · '
                 f'{_e(t["threshold"].format(threshold=threshold, rule=t[rule]))}</div>')
    if result_row["uncertain"]:
        parts.append(f'<div class="sbk-warn">{_e(t["uncertain"].format(stages=result_row["unknown_stages"]))}</div>')
    parts.append(f'<h3>{_e(t["profile"])}</h3>')
    for s in model.stages:
        f = result_row[f"fulfilment_{s.number}"]
        known = not math.isnan(f)
        width = 0 if not known else round(f * 100)
        colour = "#2a7f8f" if known and f >= threshold - 1e-9 else "#9bb7bf"
        shown = t["unknown"] if not known else f"{f * 100:.0f} %"
        parts.append(f'<div class="sbk-bar"><span class="lab">{s.number} {_e(s.name.get(lang))}</span>'
                     f'<span class="track"><span class="fill" style="display:block;width:{width}%;background:{colour}">'
                     f'</span><span class="thr" style="left:{threshold * 100:.0f}%"></span></span>'
                     f'<span class="val">{_e(shown)}</span></div>')
    parts.append(f'<h3>{_e(t["next"])}</h3>')
    recs = steps[steps["kind"] == "recommendation"]["text"].tolist()
    if recs:
        parts.append('<ul class="sbk-next">' + "".join(f"<li>{_e(x)}</li>" for x in recs) + "</ul>")
    open_items = steps[steps["kind"] == "open_item"]
    parts.append(f'<div><i>{_e(t["open"])}</i></div>')
    if len(open_items):
        parts.append('<ul class="sbk-open">' + "".join(f"<li>{_e(r.text)}</li>" for r in open_items.itertuples())
                     + "</ul>")
    else:
        parts.append(f"<div>{_e(t['none_open'])}</div>")
    if comparison is not None and len(comparison):
        parts.append(f'<h3>{_e(t["compare"])}</h3><table class="sbk-cmp">')
        for r in comparison.itertuples():
            cls = ' class="sbk-you"' if r.you else ""
            idx = "–" if math.isnan(r.index) else f"{r.index:.2f}"
            parts.append(f"<tr{cls}><td>{_e(r.organisation)}</td><td>{_e(t['stage'])} {int(r.stage)}</td>"
                         f"<td>{_e(idx)}</td></tr>")
        parts.append("</table>")
    parts.append("</div>")
    return "".join(parts)


def _data_link(content: bytes, filename: str, mime: str, label: str, css: str) -> str:
    payload = base64.b64encode(content).decode("ascii")
    return (f'<a class="{css}" download="{_e(filename)}" href="data:{mime};base64,{payload}">'
            f'⬇ {_e(label)}</a>')


def _safe(method):
    """Run a callback; show any error as a message on the page instead of a traceback."""

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # a widget callback must never end in a traceback for the learner
            self._message(UI[self.lang]["error"].format(message=str(exc).splitlines()[0] if str(exc) else
                                                        type(exc).__name__), error=True)
            return None

    return run


class SelfCheck:
    """An ipywidgets self-assessment form with a live result.

    Parameters
    ----------
    model : Model or str
        The model to start with (a bundled name, a file, or a Model); the bundled ones can be chosen too.
    company : str, optional
        Id of a sample organisation (see ``datasets.load_dataset("sample_companies")``) to start from.
    lang : {"de", "en"}
    store : socialbiz_kit.store.Store, optional
        Where "Save" appends the assessment; without a store there is no save button.
    threshold, rule : as in :func:`socialbiz_kit.scoring.score`.

    The form is ``self.widget``; in a notebook the object displays itself.
    """

    def __init__(self, model: Model | str = "altimeter", *, company: str | None = None, lang: str = "de",
                 store=None, threshold: float = 0.75, rule: str = "gated"):
        import ipywidgets as w

        self._w = w
        self.lang = check_lang(lang)
        self.store = store
        self.threshold, self.rule = threshold, rule
        first = load_model(model)
        self._models = {first.id: first}
        for name in list_models():
            self._models.setdefault(name, load_model(name))
        self.model = first
        self.answers: dict[str, float | None] = {}
        self._busy = False
        self._samples_cache: dict[str, object] = {}
        self._companies: dict | None = None
        self.result: Any = None
        self.steps = None

        t = UI[self.lang]
        self.title = w.HTML()
        self.model_choice = w.Dropdown(options=[(m.short_name.get(self.lang), k) for k, m in self._models.items()],
                                       value=first.id, description=t["model"])
        self.lang_choice = w.ToggleButtons(options=[("Deutsch", "de"), ("English", "en")], value=self.lang,
                                           description=t["lang"])
        self.company_choice = w.Dropdown(description=t["company"])
        wide = {"description_width": "initial"}
        self.organisation = w.Text(description=t["organisation"], style=wide)
        self.assessor = w.Text(description=t["assessor"], style=wide)
        self.progress = w.IntProgress(min=0, max=1, value=0)
        self.progress_text = w.HTML()
        self.items_box = w.VBox()
        self.panel = w.HTML()
        self.message = w.HTML()
        self.csv_link = w.HTML()
        self.report_link = w.HTML()
        self.save_button = w.Button(button_style="primary", icon="save")
        self.report_button = w.Button(icon="file")
        self.upload = w.FileUpload(accept=".csv,.xlsx", multiple=False)
        for widget, css in ((self.panel, "sbk-result"), (self.message, "sbk-message"), (self.csv_link, "sbk-csv"),
                            (self.report_link, "sbk-report"), (self.company_choice, "sbk-company"),
                            (self.lang_choice, "sbk-lang"), (self.model_choice, "sbk-model"),
                            (self.upload, "sbk-upload"), (self.save_button, "sbk-save"),
                            (self.report_button, "sbk-make-report"), (self.organisation, "sbk-organisation"),
                            (self.progress_text, "sbk-progress")):
            widget.add_class(css)
        self.answer_widgets: dict = {}
        self._labels: dict = {}
        self._stage_heads: dict = {}

        self.model_choice.observe(self._on_model, names="value")
        self.lang_choice.observe(self._on_lang, names="value")
        self.company_choice.observe(self._on_company, names="value")
        self.organisation.observe(self._on_text, names="value")
        self.save_button.on_click(self._on_save)
        self.report_button.on_click(self._on_report)
        self.upload.observe(self._on_upload, names="value")

        actions = [self.report_button, self.report_link, self.csv_link]
        if store is not None:
            actions.insert(0, self.save_button)
        left = w.VBox([self.progress_text, self.progress, self.items_box], layout=w.Layout(width="58%"))
        right = w.VBox([self.panel], layout=w.Layout(width="42%", padding="0 1em 0 1em"))
        self.widget = w.VBox([
            self.title,
            w.HBox([self.lang_choice]), w.HBox([self.model_choice, self.company_choice]),
            w.HBox([self.organisation, self.assessor]),
            w.HBox([left, right]),
            w.HBox(actions, layout=w.Layout(flex_flow="row wrap", align_items="center")),
            w.HBox([self.upload]), self.message,
        ])
        self._build_items()
        self._relabel()
        if company:
            self.company_choice.value = company
        self._update()

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def display(self):
        """Show the form (for the Voilà app and scripts)."""
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------ building
    def _options(self):
        t = UI[self.lang]
        return [(t["unanswered"], _NO_ANSWER)] + [(f"{p.value} – {p.label.get(self.lang)}", p.value)
                                                   for p in self.model.scale]

    def _shown(self, item: str) -> int | float:
        value = self.answers.get(item)
        return _NO_ANSWER if value is None else value

    def _build_items(self):
        w = self._w
        self.answer_widgets, self._labels, self._stage_heads = {}, {}, {}
        children = []
        for stage in self.model.scored_stages:
            head = w.HTML()
            self._stage_heads[stage.number] = head
            children.append(head)
            for item in stage.items:
                label = w.HTML(layout=w.Layout(width="62%"))
                box = w.Dropdown(options=self._options(), value=self._shown(item.id), layout=w.Layout(width="36%"))
                box.add_class(f"sbk-item-{item.id}")
                box.observe(functools.partial(self._on_answer, item.id), names="value")
                self.answer_widgets[item.id] = box
                self._labels[item.id] = label
                children.append(w.HBox([label, box]))
        self.items_box.children = children
        self.progress.max = len(self.model.item_ids)

    def _relabel(self):
        """Put every visible text into the current language, keeping the answers."""
        t = UI[self.lang]
        self._busy = True
        try:
            self.title.value = f"<h2>{_e(t['title'])}</h2><p>{_e(t['intro'])}</p>"
            self.model_choice.description, self.lang_choice.description = t["model"], t["lang"]
            self.company_choice.description = t["company"]
            self.organisation.description, self.assessor.description = t["organisation"], t["assessor"]
            self.save_button.description, self.report_button.description = t["save"], t["report"]
            self.upload.description = t["upload"]
            current = self.company_choice.value
            names = self._sample_names()
            self.company_choice.options = [(t["blank"], "")] + [(n, k) for k, n in names.items()]
            self.company_choice.value = current if current in names else ""
            self.company_choice.disabled = not names
            for stage in self.model.scored_stages:
                self._stage_heads[stage.number].value = (
                    f"<h4>{stage.number} {_e(stage.name.get(self.lang))} – <i>{_e(stage.tagline.get(self.lang))}</i></h4>")
            options = self._options()
            for item in self.model.items:
                self._labels[item.id].value = _e(item.text.get(self.lang))
                box = self.answer_widgets[item.id]
                box.options = options
                box.value = self._shown(item.id)
            if self.report_link.value:
                self.report_link.value = ""
        finally:
            self._busy = False

    # ------------------------------------------------------------------ data
    def _sample_names(self) -> dict:
        if self.model.id not in list_models() or self.model.path != load_model(self.model.id).path:
            return {}
        if self._companies is None:  # read once per form, not on every answer change
            from .datasets import load_dataset

            companies = load_dataset("sample_companies")
            self._companies = dict(zip(companies.index, companies["organisation"]))
        return self._companies

    def _samples(self):
        """Scored sample organisations of the current model (cached), or None."""
        if not self._sample_names():
            return None
        if self.model.id not in self._samples_cache:
            from .datasets import load_dataset
            from .scoring import score

            answers = load_dataset(f"sample_answers_{self.model.id}")
            self._samples_cache[self.model.id] = (answers, score(answers, self.model, threshold=self.threshold,
                                                                 rule=self.rule, keep_answers=False))
        return self._samples_cache[self.model.id]

    def answers_frame(self):
        """The current answers as a one-row wide table (as ``read_responses`` returns them)."""
        import numpy as np
        import pandas as pd

        values = {i: (np.nan if (a := self.answers.get(i)) is None else float(a)) for i in self.model.item_ids}
        frame = pd.DataFrame([values], index=pd.Index([self._assessment_id()], name="assessment"))
        frame.insert(0, "organisation", self.organisation.value.strip())
        if self.assessor.value.strip():
            frame.insert(1, "assessor", self.assessor.value.strip())
        return frame

    def _assessment_id(self) -> str:
        import re

        slug = re.sub(r"[^a-z0-9]+", "_", self.organisation.value.strip().lower()).strip("_")
        return slug or "assessment"

    # ------------------------------------------------------------------ updating
    def _update(self):
        """Score the current answers and redraw the result (every number from scoring)."""
        import pandas as pd

        from .responses import answers_csv
        from .scoring import next_steps, score

        t = UI[self.lang]
        frame = self.answers_frame()
        self.result = score(frame, self.model, threshold=self.threshold, rule=self.rule, lang=self.lang)
        self.steps = next_steps(self.result, self.model, lang=self.lang)
        done = sum(v is not None for v in self.answers.values())
        self.progress.value = done
        self.progress_text.value = _e(t["progress"].format(done=done, total=len(self.model.item_ids)))
        comparison = None
        samples = self._samples()
        if samples is not None:
            answers, scored = samples
            comparison = pd.DataFrame({"organisation": answers["organisation"], "stage": scored["stage"],
                                       "index": scored["index"], "you": False})
            you = self.organisation.value.strip() or t["you"]
            row = self.result.iloc[0]
            comparison.loc["__you__"] = [you, row["stage"], row["index"], True]
            comparison = comparison.sort_values(["index", "stage"], ascending=False, na_position="last")
        self.panel.value = result_panel(self.result.iloc[0], self.steps, self.model, lang=self.lang,
                                        threshold=self.threshold, rule=self.rule, comparison=comparison)
        csv = answers_csv(frame, self.model).encode("utf-8")
        self.csv_link.value = _data_link(csv, f"selbstcheck_{self.model.id}.csv", "text/csv", t["csv"], "sbk-csv-link")

    def _message(self, text: str, *, error: bool = False):
        css = "sbk-msg-err" if error else "sbk-msg-ok"
        self.message.value = f'<div class="{css}">{_e(text)}</div>'

    def set_answer(self, item: str, value) -> None:
        """Answer one item (as a click in the form would); ``None`` clears the answer."""
        self.answer_widgets[item].value = _NO_ANSWER if value is None else value

    def set_answers(self, answers: dict) -> None:
        """Replace all answers at once (unknown items are ignored), then update once."""
        self._busy = True
        try:
            self.answers = {i: (None if answers.get(i) is None or answers.get(i) != answers.get(i) else int(answers[i]))
                            for i in self.model.item_ids}
            for item, box in self.answer_widgets.items():
                box.value = self._shown(item)
        finally:
            self._busy = False
        self._update()

    # ------------------------------------------------------------------ callbacks
    @_safe
    def _on_answer(self, item, change):
        if self._busy:  # options being relabelled or answers being loaded: not the user's input
            return
        self.answers[item] = None if change["new"] == _NO_ANSWER else change["new"]
        self._update()

    @_safe
    def _on_text(self, change):
        if not self._busy:
            self._update()

    @_safe
    def _on_lang(self, change):
        self.lang = check_lang(change["new"])
        self._relabel()
        self.model_choice.options = [(m.short_name.get(self.lang), k) for k, m in self._models.items()]
        self._busy = True
        self.model_choice.value = self.model.id
        self._busy = False
        self._update()

    @_safe
    def _on_model(self, change):
        if self._busy or change["new"] == self.model.id:
            return
        company = self.company_choice.value
        self.model = self._models[change["new"]]
        self.answers = {}
        self._build_items()
        self._relabel()
        if company and company in self._sample_names():
            self.load_company(company)
        else:
            self._update()

    @_safe
    def _on_company(self, change):
        if self._busy:
            return
        if change["new"]:
            self.load_company(change["new"])
        else:
            self.organisation.value = ""
            self.set_answers({})

    def load_company(self, company: str) -> None:
        """Fill in a sample organisation's answers for the current model."""
        samples = self._samples()
        if samples is None or company not in samples[0].index:
            raise ValueError(f"unknown sample organisation {company!r}")
        answers = samples[0]
        self._busy = True
        self.company_choice.value = company
        self.organisation.value = str(answers.loc[company, "organisation"])
        self._busy = False
        self.set_answers(answers.loc[company, list(self.model.item_ids)].to_dict())

    @_safe
    def _on_save(self, _button=None):
        t = UI[self.lang]
        if not self.organisation.value.strip():
            self._message(t["need_org"], error=True)
            return None
        saved = self.store.save(self.answers, model=self.model, organisation=self.organisation.value.strip(),
                                assessor=self.assessor.value.strip())
        self._message(t["saved"].format(id=saved, path=self.store.path.name))
        return saved

    def save(self):
        """Append the current assessment to the store; returns its id (None with a message on failure)."""
        return self._on_save()

    def report_html(self) -> str:
        """The current assessment as a self-contained HTML page."""
        from .report import render_report

        return render_report(self.answers_frame(), self.model, organisation=self.organisation.value.strip(),
                             assessor=self.assessor.value.strip(), lang=self.lang, threshold=self.threshold,
                             rule=self.rule)

    @_safe
    def _on_report(self, _button=None):
        t = UI[self.lang]
        page = self.report_html().encode("utf-8")
        self.report_link.value = _data_link(page, f"bericht_{self._assessment_id()}.html", "text/html",
                                            t["report_link"], "sbk-report-link")

    @_safe
    def _on_upload(self, change):
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            self.load_file(upload["name"], bytes(upload["content"]))
        finally:
            self.upload.value = ()  # the same file can be chosen again

    def load_file(self, name: str, content: bytes) -> None:
        """Load answers from an uploaded file (CSV or XLSX, as downloaded from this form or any answer file)."""
        from .responses import ResponseError, read_responses

        t = UI[self.lang]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(name).name
            path.write_bytes(content)
            try:
                answers = read_responses(path, self.model, lang=self.lang)
            except ResponseError as exc:
                if exc.other_model not in self._models:
                    raise
                answers = read_responses(path, exc.other_model, lang=self.lang)
        target = next((m for m in self._models.values() if set(m.item_ids) & set(answers.columns)), self.model)
        if target.id != self.model.id:
            self.model_choice.value = target.id
        first = answers.iloc[0]
        self._busy = True
        self.company_choice.value = ""
        if "organisation" in answers.columns and isinstance(first["organisation"], str):
            self.organisation.value = first["organisation"]
        if "assessor" in answers.columns and isinstance(first.get("assessor"), str):
            self.assessor.value = first["assessor"]
        self._busy = False
        self.set_answers(first[list(self.model.item_ids)].to_dict())
        if len(answers) > 1:
            self._message(t["loaded_first"].format(n=len(answers), first=answers.index[0]))
        else:
            self._message(t["loaded"].format(name=Path(name).name, model=self.model.short_name.get(self.lang)))
