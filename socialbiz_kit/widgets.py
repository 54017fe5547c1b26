"""The notebook self-check: a thin ipywidgets view of a :class:`socialbiz_kit.session.Session`.

Everything the form knows and does lives in the session (plain Python, tested without ipywidgets);
this module only draws it and passes clicks on. ipywidgets is imported only when a
:class:`SelfCheck` is created.

    from socialbiz_kit.widgets import SelfCheck
    SelfCheck("altimeter", company="lindner", lang="de")

What the form does for people using a screen reader or only the keyboard, and what ipywidgets 8
cannot do (see the class docstring):

* each statement is answered with one click in a ``RadioButtons`` group (the scale's labels and
  "weiß nicht / keine Angabe"); every radio button is a native ``<input type=radio>`` inside its
  own ``<label>``, the statement is the group's ``description``;
* the result sentence sits in its own ``role="status"`` region;
* a one-line summary (stage, index, how many statements are answered) is the form's first line and stays in
  view while the statements scroll by - on a phone the full result is thousands of pixels further down; it is
  not a live region (the status region above already announces each new result);
* the CSV and report links are remade on every change, so a download is never an old result.
"""
from __future__ import annotations

import functools

from . import ui
from ._lang import check_lang
from ._widget_form import Form
from ._widget_style import data_link
from .models import Model
from .scoring import DEFAULT_RULE, DEFAULT_THRESHOLD
from .session import DONT_KNOW, Session

__all__ = ["SelfCheck"]


class SelfCheck(Form):
    """An ipywidgets self-assessment form with a live result, drawn from a :class:`Session`.

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

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.

    Notes
    -----
    What ipywidgets 8.1 cannot do (jupyter-widgets/ipywidgets#2650, "ARIA labels, and more
    accessibility features", open): a ``RadioButtons`` or ``ToggleButtons`` group gets no
    ``role="radiogroup"`` and no accessible name - its description is a ``<label>`` tied to no
    control - and its radio inputs get no shared ``name`` (so the arrow keys do not move within the
    group; Tab visits each option). ``ToggleButtons`` do not expose which button is pressed
    (no ``aria-pressed``), which is why the form uses ``RadioButtons``. No widget takes an ARIA
    attribute, so the live region is an ``HTML`` widget whose content carries ``role="status"``.
    """

    def __init__(self, model: Model | str = "altimeter", *, company: str | None = None, lang: str = "de",
                 store=None, threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE):
        import ipywidgets as w

        self._w = w
        self.session = Session(model, lang=check_lang(lang), store=store, threshold=threshold, rule=rule)
        self._quiet_depth = 0
        self._sentence: str | None = None
        self._make_widgets(w)
        self.answer_widgets: dict = {}
        self._stage_heads: dict = {}
        self._connect()
        self.widget = self._arrange(w, with_save=store is not None)
        self.widget.add_class("sbk-form")
        self._build_items()
        self._sync()
        if company:
            self.session.request("sample", company)
            self._sync()

    # ------------------------------------------------------------------ the session's values, for code
    @property
    def model(self):
        return self.session.model

    @property
    def lang(self) -> str:
        return self.session.lang

    @property
    def answers(self) -> dict:
        return self.session.answers

    @property
    def result(self):
        return self.session.result

    @property
    def road(self):
        return self.session.road

    @property
    def store(self):
        return self.session.store

    def answers_frame(self):
        """The answers so far as a one-row table (the session's :meth:`~socialbiz_kit.session.Session.answers_frame`).

        Returns
        -------
        DataFrame
            One row, one column per statement.
        """
        return self.session.answers_frame()

    def report_html(self) -> str:
        """The full report of the answers so far as HTML (the session's report).

        Returns
        -------
        str
            The report's HTML.
        """
        return self.session.report_html()

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def display(self) -> None:
        """Show the form (for scripts and apps)."""
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------ drawing
    def _options(self):
        s = self.session
        return ([(f"{p.value} – {p.label.get(s.lang)}", p.value) for p in s.model.scale]
                + [(s.t("dont_know"), DONT_KNOW)])

    def _shown(self, item: str):
        value = self.session.answers.get(item)
        if value is None:
            return DONT_KNOW if item in self.session.dont_know else None
        return value

    def _build_items(self):
        w, s = self._w, self.session
        self.answer_widgets, self._stage_heads = {}, {}
        children = []
        for stage in s.model.scored_stages:
            head = w.HTML()
            head.add_class("sbk-stagehead-box")
            self._stage_heads[stage.number] = head
            children.append(head)
            for item in stage.items:
                box = w.RadioButtons(options=self._options(), value=None, orientation="horizontal",
                                     layout=w.Layout(width="100%"), style={"description_width": "initial"})
                box.add_class("sbk-item")
                box.add_class(f"sbk-item-{item.id}")
                box.observe(functools.partial(self._on_answer, item.id), names="value")
                self.answer_widgets[item.id] = box
                children.append(box)
        self.items_box.children = children
        self._built_for = (s.model.id, s.model.path)

    def _sync(self):
        """Draw the whole session: labels in its language, its model, fields, answers, result."""
        s, e = self.session, ui.escape
        if self._built_for != (s.model.id, s.model.path):
            self._build_items()
        with self._quiet():
            self.title.value = f"<h2>{e(s.t('title'))}</h2><p>{e(s.t('intro'))}</p>"
            self.lang_choice.description = s.t("lang")
            self.lang_choice.value = s.lang
            self.model_choice.description = s.t("model")
            self.model_choice.options = [(m.short_name.get(s.lang), k) for k, m in s.models.items()]
            self.model_choice.value = s.model.id
            names = s.sample_names()
            self.company_choice.description = s.t("company")
            self.company_choice.options = [(s.t("blank"), "")] + [(n, k) for k, n in names.items()]
            self.company_choice.value = s.sample if s.sample in names else ""
            self.company_choice.disabled = not names
            self.organisation.description, self.assessor.description = s.t("organisation"), s.t("assessor")
            self.organisation.value, self.assessor.value = s.organisation, s.assessor
            self.confirm_yes.description, self.confirm_no.description = s.t("confirm_yes"), s.t("confirm_no")
            self.undo_button.description = s.t("undo")
            self.save_button.description = s.t("save")
            self.upload.description = s.t("upload")
            from .responses import MAX_UPLOAD_BYTES

            limit = f"{ui.number(MAX_UPLOAD_BYTES / 1_000_000, lang=s.lang, decimals=0)} MB"
            self.upload_hint.value = f"<span>{e(s.t('upload_hint', limit=limit))}</span>"
            self.previous_upload.description = s.t("previous_upload")
            self.previous_hint.value = f"<span>{e(s.t('previous_hint', limit=limit))}</span>"
            self.previous_clear.description = s.t("previous_clear")
            for stage in s.model.scored_stages:
                self._stage_heads[stage.number].value = (
                    f'<h3 class="sbk-stagehead">{e(s.t("stage_head", number=stage.number, name=stage.name.get(s.lang)))}'
                    f' – <i>{e(stage.tagline.get(s.lang))}</i></h3>')
            options = self._options()
            for item in s.model.items:
                box = self.answer_widgets[item.id]
                if box.options != tuple(options):
                    box.options = options
                box.description = item.text.get(s.lang)
                box.value = self._shown(item.id)
            self.progress.max = len(s.model.item_ids)
        self._refresh()

    def _refresh(self):
        """Redraw what depends on the answers: progress, result, announcement, both downloads."""
        s, e = self.session, ui.escape
        self.progress.value = s.answered
        self.progress_text.value = e(s.t("progress", done=s.answered, total=len(s.model.item_ids)))
        self.panel.value = self.panel_html()
        self.previous_clear.layout.display = "" if s.previous is not None else "none"
        head, rest = self._summary_parts()
        self.summary.value = f'<div class="sbk-summary-line"><b>{e(head)}</b> · {e(rest)}</div>'
        sentence = s.result_sentence()
        if sentence != self._sentence:  # the status region changes only when the result does
            self._sentence = sentence
            self.announce.value = f'<div role="status" aria-live="polite" class="sbk-sentence">{e(sentence)}</div>'
        csv = data_link(s.csv_bytes(), s.csv_name(), "text/csv", s.t("csv"), "sbk-csv-link")
        report = data_link(s.report_html().encode("utf-8"), s.report_name(), "text/html", s.t("report"),
                            "sbk-report-link")
        self.downloads.value = (f"<p>{csv} · {report}</p><p class=\"sbk-note\">{e(s.t('downloads_note'))}</p>")

    def summary_text(self) -> str:
        """The one-line summary at the top of the form: "Derzeit: Stufe 2 Präsenz · Index 3,14 · 32/32
        beantwortet" (with "unsicher" when too few statements of a stage are answered to be sure).

        Returns
        -------
        str
            The summary line.
        """
        return " · ".join(self._summary_parts())

    def _summary_parts(self) -> tuple[str, str]:
        from .render import stage_label

        s = self.session
        row = s.result.iloc[0]
        stage = int(row["stage"])
        label = stage_label(stage, s.model, lang=s.lang)
        head = s.t("summary", stage=s.t("summary_stage", label=label) if stage > 0 else label)
        rest = s.t("summary_rest", index=ui.number(float(row["index"]), lang=s.lang), done=s.answered,
                   total=len(s.model.item_ids))
        return head, f"{rest} · {s.t('summary_uncertain')}" if bool(row["uncertain"]) else rest

    def panel_html(self) -> str:
        """The result panel's HTML (the shared renderer, as in the report).

        Returns
        -------
        str
            An HTML fragment.
        """
        return self.session.result_html(sentence=False)  # the sentence is in the announced region above

    def _message(self, text: str, *, error: bool = False, undo: bool = False):
        css = "sbk-msg-err" if error else "sbk-msg-ok"
        role = "alert" if error else "status"
        self.message.value = f'<div class="{css}" role="{role}">{ui.escape(text)}</div>' if text else ""
        self.undo_button.layout.display = "" if undo and self.session.can_undo else "none"

    def _ask(self, question: str | None):
        self.confirm_text.value = f'<span role="alert">{ui.escape(question)}</span>' if question else ""
        self.confirm_box.layout.display = "" if question else "none"

    # ------------------------------------------------------------------ for code (as a click would)
    def set_answer(self, item: str, value) -> None:
        """Answer one statement (as a click in the form would); ``None`` clears the answer.

        Parameters
        ----------
        item : str
            An item id of the model.
        value : int, float, str or None
            A value of the scale, "weiß nicht", or ``None`` to clear the answer.
        """
        self.answer_widgets[item].value = value

    def set_answers(self, answers: dict) -> None:
        """Set several answers at once, then update once.

        Parameters
        ----------
        answers : dict
            Item id -> answer (NaN or ``None`` clears it); ids the model does not have are left out.
        """
        for item, value in answers.items():
            if item in self.session.answers:
                self.session.set_answer(item, None if value != value else value)
        self._sync()

    def load_company(self, company: str) -> None:
        """Fill in a sample organisation (asking first, as the form does, when answers would be lost).

        Parameters
        ----------
        company : str
            The sample organisation's id.
        """
        self.company_choice.value = company

    def load_file(self, name: str, content: bytes) -> None:
        """Load answers from a file's bytes (as an upload does).

        Parameters
        ----------
        name : str
            The file's name (its extension says CSV or Excel).
        content : bytes
            The file's content.
        """
        self._on_upload({"new": ({"name": name, "content": memoryview(content)},)})

    def load_previous(self, name: str, content: bytes) -> None:
        """Compare with an earlier assessment from a file's bytes (as the comparison upload does).

        Parameters
        ----------
        name : str
            The file's name (its extension says CSV or Excel).
        content : bytes
            The file's content.
        """
        self._on_previous({"new": ({"name": name, "content": memoryview(content)},)})

    def clear_previous(self) -> None:
        """End the comparison (as its button does)."""
        self._on_previous_clear()

    def save(self):
        """Append the current assessment to the store and return its id.

        The button shows a failure as a message in the form; called from code, a failure raises.

        Returns
        -------
        int
            The id of the saved assessment.

        Raises
        ------
        StoreRefusedError
            When there is no store or no organisation name, or the store refuses the save (the message says why).
        """
        saved, text = self.session.save()
        self._message(text)
        return saved
