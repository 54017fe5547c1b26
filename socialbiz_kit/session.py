"""The notebook self-check's state, in plain Python (no ipywidgets): what the widget shows and does.

A :class:`Session` holds the model, the language, the organisation, the assessor, the answers and
the settings; it scores on demand (every number from :mod:`socialbiz_kit.scoring`), makes the CSV
and the report from the *current* answers, saves to a store and keeps a history of what the user
did. Anything that would throw answers away (choosing a sample, switching the model, starting
blank) is a *request*: when the user has answered something since the last load, it waits for
:meth:`Session.confirm`; once done it can be undone in one step with :meth:`Session.undo`.

>>> s = Session("altimeter", lang="de")
>>> s.set_answer("planning_1", 4)
>>> s.request("blank").action          # there is an answer to lose: the session asks first
'blank'
>>> s.confirm(); s.answered
0
>>> s.undo(); s.answers["planning_1"]
4
>>> [event.action for event in s.history]
['answer', 'blank', 'undo']
"""
from __future__ import annotations

import datetime as _dt
from typing import Any

from . import ui
from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD, on_scale, unanswered
from ._lang import check_lang
from ._session_files import DONT_KNOW, Event, Pending, State
from ._session_state import SessionState
from .errors import InputDataError, NotFoundError, SettingError, StoreRefusedError
from .models import Model, list_models, load_model

__all__ = ["Session", "Event", "Pending", "DONT_KNOW"]

class Session(SessionState):
    """One person's self-assessment in a notebook.

    Parameters
    ----------
    model : Model or str
        The model to start with; the bundled models can be switched to as well.
    lang : {"de", "en"}
    organisation, assessor : str
    store : socialbiz_kit.store.Store, optional
        Where :meth:`save` appends the assessment.
    threshold, rule : as in :func:`socialbiz_kit.scoring.score`.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """

    def __init__(self, model: Model | str = "altimeter", *, lang: str = "de", organisation: str = "",
                 assessor: str = "", store=None, threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE):
        first = load_model(model)
        self.models: dict[str, Model] = {first.id: first}
        for name in list_models():
            self.models.setdefault(name, load_model(name))
        self.lang = check_lang(lang)
        self.store = store
        self._threshold, self._rule = DEFAULT_THRESHOLD, DEFAULT_RULE
        self._cache: dict[str, Any] = {}
        self._samples: dict[Any, Any] = {}
        self.threshold, self.rule = threshold, rule  # checked, see the properties
        self._state = State(first, {i: None for i in first.item_ids}, set(), organisation, assessor, "")
        self.history: list[Event] = []
        self.pending: Pending | None = None
        self._undo: State | None = None
        self._dirty = False
        self._companies: dict | None = None
        # the earlier assessment the result is compared with: (model id, file name, answers row, ISO date or None)
        self._previous: tuple[str, str, Any, str | None] | None = None

    def t(self, key: str, **fmt) -> str:
        """A word of the widget in the session's language.

        Parameters
        ----------
        key : str
            A key of ``data/ui.yaml``; without a dot, a key of its ``widget`` section.
        **fmt
            The values of the text's placeholders.

        Returns
        -------
        str
            The filled-in text.
        """
        return ui.text(key if "." in key else f"widget.{key}", lang=self.lang, **fmt)

    # ------------------------------------------------------------------ the user's input
    def set_answer(self, item: str, value) -> None:
        """Answer one statement: a value of the scale, :data:`DONT_KNOW`, or ``None`` (clear).

        Parameters
        ----------
        item : str
            An item id of the model.
        value : int, float, str or None
            A value of the scale, :data:`DONT_KNOW`, or ``None`` to clear the answer.

        Raises
        ------
        InputDataError
            If the item is not a statement of the model; or if the answer is not on the model's scale.
        """
        if item not in self._state.answers:
            raise ui.error(InputDataError, code="answers.unknown_item", lang=self.lang, item=item, model=self.model.id)
        if isinstance(value, str) and value == DONT_KNOW:
            self._state.answers[item] = None
            self._state.dont_know.add(item)
        elif unanswered(value):
            self._state.answers[item] = None
            self._state.dont_know.discard(item)
        else:
            allowed = [p.value for p in self.model.scale]
            if not on_scale(value, allowed):
                raise ui.error(InputDataError, code="answers.off_scale", lang=self.lang, value=value,
                               allowed=", ".join(map(str, allowed)))
            self._state.answers[item] = int(value)
            self._state.dont_know.discard(item)
        self._changed(Event("answer", f"{item}={value}"))

    def set_organisation(self, text: str) -> None:
        """Name the organisation assessed (an undoable change; nothing happens when the name is the same).

        Parameters
        ----------
        text : str
            The organisation's name.
        """
        if text != self._state.organisation:
            self._state.organisation = text
            self._changed(Event("organisation", text))

    def set_assessor(self, text: str) -> None:
        """Name who fills in the assessment (an undoable change; nothing happens when the name is the same).

        Parameters
        ----------
        text : str
            The assessor's name.
        """
        if text != self._state.assessor:
            self._state.assessor = text
            self._changed(Event("assessor", text))

    def set_lang(self, lang: str) -> None:
        """Switch the session's language; an open question is asked again in the new language.

        Parameters
        ----------
        lang : {"de", "en"}
            The new language.

        Raises
        ------
        SettingError
            If ``lang`` is not ``"de"`` or ``"en"``.
        """
        if check_lang(lang) != self.lang:
            self.lang = lang
            if self.pending is not None:  # the open question, asked again in the new language
                self.pending = Pending(self.pending.action, self.pending.value,
                                       self._question(self.pending.action, self.pending.value))
            self._changed(Event("lang", lang), dirty=False)

    # ------------------------------------------------------------------ samples
    def sample_names(self) -> dict[str, str]:
        """Sample organisations (id -> name) for the current model; empty for a model of your own.

        Returns
        -------
        dict of str to str
            Sample id -> organisation name (empty for a model of your own).
        """
        bundled = self.model.id in list_models() and self.model.path == load_model(self.model.id).path
        if not bundled:
            return {}
        if self._companies is None:
            from .datasets import load_dataset

            companies = load_dataset("sample_companies")
            self._companies = dict(zip(companies.index, companies["organisation"]))
        return self._companies

    def sample_answers(self):
        """The sample organisations' answers to the current model (a wide table), or None.

        Returns
        -------
        DataFrame or None
            One row per sample organisation, one column per item; None for a model of your own.
        """
        if not self.sample_names():
            return None
        if self.model.id not in self._samples:
            from .datasets import load_dataset

            self._samples[self.model.id] = load_dataset(f"sample_answers_{self.model.id}")
        return self._samples[self.model.id]

    def comparison(self):
        """The sample organisations' stage and index beside this assessment (a table), or None.

        Returns
        -------
        DataFrame or None
            Columns ``organisation``, ``stage``, ``index``, ``you``; None for a model of your own.
        """
        answers = self.sample_answers()
        if answers is None:
            return None
        import pandas as pd

        from .scoring import score

        key = ("cmp", self.model.id)
        if key not in self._samples:
            self._samples[key] = score(answers, self.model, threshold=self.threshold, rule=self.rule,
                                       keep_answers=False)
        scored = self._samples[key]
        table = pd.DataFrame({"organisation": answers["organisation"], "stage": scored["stage"],
                              "index": scored["index"], "you": False})
        row = self.result.iloc[0]
        table.loc["__you__"] = [self.organisation.strip() or ui.text("result.you", lang=self.lang), row["stage"],
                                row["index"], True]
        return table.sort_values(["index", "stage"], ascending=False, na_position="last")

    # ------------------------------------------------------------------ discarding, with a question and undo
    def _question(self, action: str, value: str) -> str:
        n = self.answered
        if action == "sample":
            return self.t("confirm_sample", count=n, name=self.sample_names().get(value, value))
        if action == "model":
            return self.t("confirm_model", count=n, model=self.models[value].short_name.get(self.lang))
        return self.t("confirm_blank", count=n)

    def request(self, action: str, value: str = "") -> Pending | None:
        """Choose a sample (``"sample"``, its id), switch the model (``"model"``, its id) or start blank
        (``"blank"``). Returns a :class:`Pending` question when answers given since the last load would be
        lost (then nothing happens until :meth:`confirm`); otherwise does it and returns None.

        Parameters
        ----------
        action : {"sample", "model", "blank"}
            What to do.
        value : str, default ""
            The sample's id (``"sample"``) or the model's id (``"model"``).

        Returns
        -------
        Pending or None
            The question to confirm first, or None when it was done.

        Raises
        ------
        SettingError
            If ``action`` is not one of the known actions.
        NotFoundError
            If the model has no sample of that name.
        """
        if action not in ("sample", "model", "blank"):
            raise SettingError(f"unknown action {action!r}", code="errors.choice", name="action", value=action,
                               allowed="sample, model, blank")
        if action == "sample" and not value:
            action = "blank"
        if action == "model" and value not in self.models:
            raise NotFoundError(f"unknown model {value!r} (known: {', '.join(self.models)})", code="errors.no_model",
                                name=value, bundled=", ".join(self.models))
        if action == "sample" and value not in self.sample_names():
            raise ui.error(NotFoundError, code="widget.unknown_sample", lang=self.lang,
                           model=self.model.short_name.get(self.lang), name=value)
        if self._dirty and self.answered:
            self.pending = Pending(action, value, self._question(action, value))
            return self.pending
        self._do(action, value)
        return None

    def confirm(self) -> None:
        """Carry out the pending request (its answers can still be brought back with :meth:`undo`)."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            self._do(pending.action, pending.value)

    def cancel(self) -> None:
        """Drop the open question (:meth:`request`) without doing what it asked about."""
        self.pending = None

    def _do(self, action: str, value: str) -> None:
        self._undo = self._snapshot()
        if action == "model":
            sample = self._state.sample
            self._state.model = self.models[value]
            self._clear()
            if sample and sample in self.sample_names():
                self._load_sample(sample)
            else:
                self._state.sample = ""
        elif action == "sample":
            self._clear()
            self._load_sample(value)
        else:
            if self._state.sample:  # the name came with the sample; a name the user typed stays
                self._state.organisation = ""
            self._clear()
            self._state.sample = ""
        self._dirty = False
        self._changed(Event(action, value), dirty=False)

    def undo(self) -> None:
        """Bring back the state before the last discarding action (a second undo redoes it)."""
        if self._undo is None:
            return
        self._state, self._undo = self._undo, self._snapshot()
        self.pending = None
        self._changed(Event("undo"), dirty=True)

    # ------------------------------------------------------------------ result
    def result_html(self, *, sentence: bool = True) -> str:
        """The result as HTML (the renderer the report uses too), with the comparison table, and "Damals und heute"
        when an earlier assessment was loaded (:meth:`load_previous`).

        Parameters
        ----------
        sentence : bool, default True
            Begin with the result sentence.

        Returns
        -------
        str
            An HTML fragment.
        """
        from .render import result_html

        html = result_html(self.result.iloc[0], self.road, self.model, lang=self.lang, threshold=self.threshold,
                           rule=self.rule, comparison=self.comparison(), heading_level=3, sentence=sentence,
                           dont_know=self.dont_know)
        if self.previous is not None:
            from .report import then_and_now_html

            _, row, date = self.previous
            html += then_and_now_html(row, self.answers, self.model, lang=self.lang, threshold=self.threshold,
                                      rule=self.rule, previous_date=date, heading_level=3)
        return html

    def result_sentence(self) -> str:
        """The one-sentence result in the session's language (:func:`~socialbiz_kit.render.result_sentence`).

        Returns
        -------
        str
            The sentence.
        """
        from .render import result_sentence

        return result_sentence(self.result.iloc[0], self.model, lang=self.lang)

    # ------------------------------------------------------------------ saving
    def save(self, *, saved_at: _dt.datetime | None = None) -> tuple[int, str]:
        """Append the assessment to the store; returns its id and the sentence that says what was stored
        where (no server path). Raises :class:`StoreRefusedError` with a message in the session's
        language when there is no store or no organisation name.

        Parameters
        ----------
        saved_at : datetime, optional
            The time stamp of the save (default: now).

        Returns
        -------
        (int, str)
            The save's id in the store and the sentence that says what was stored where.

        Raises
        ------
        StoreRefusedError
            If the session has no store; or if no organisation is named.
        """
        if self.store is None:
            raise ui.error(StoreRefusedError, code="widget.no_store", lang=self.lang)
        if not self.organisation.strip():
            raise ui.error(StoreRefusedError, code="widget.need_org", lang=self.lang)
        saved = self.store.save(self.answers, model=self.model, organisation=self.organisation.strip(),
                                assessor=self.assessor.strip(), saved_at=saved_at)
        self._changed(Event("save", str(saved)), dirty=False)
        where = self.store.where(lang=self.lang) if hasattr(self.store, "where") else ""
        return saved, self.t("saved", id=saved, answered=self.answered, total=len(self.model.item_ids),
                             model=self.model.short_name.get(self.lang), where=where)
