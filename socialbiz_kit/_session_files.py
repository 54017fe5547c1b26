"""The plain parts of :class:`socialbiz_kit.session.Session` (private): what it records (:class:`Event`,
:class:`Pending`, its state) and its files (upload, the earlier assessment, CSV and report).
"""
from __future__ import annotations

import dataclasses
import re
import warnings
from typing import TYPE_CHECKING, Any

from ._checks import unanswered
from ._dont_know import DONT_KNOW_COLUMN, dont_know_ids
from .errors import AnswerFileError, OlderAnswersWarning
from .models import Model

__all__ = ["DONT_KNOW", "Event", "Pending", "SessionFiles", "State"]

DONT_KNOW = "dont_know"
"""The answer "don't know / no answer": counted as not answered, but remembered as the user's choice."""


@dataclasses.dataclass(frozen=True)
class Event:
    """One thing the user did: ``action`` (``answer``, ``organisation``, ``assessor``, ``sample``,
    ``model``, ``blank``, ``upload``, ``undo``, ``save``, ``lang``) and a short ``detail``."""

    action: str
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class Pending:
    """A request that would discard answers and waits for :meth:`Session.confirm`; ``question`` asks it."""

    action: str
    value: str
    question: str


@dataclasses.dataclass
class State:
    """What undo restores: the model, the answers and the details of one session."""

    model: Model
    answers: dict
    dont_know: set
    organisation: str
    assessor: str
    sample: str


class SessionFiles:
    """The file side of :class:`~socialbiz_kit.session.Session`: reading uploads, the earlier assessment compared
    with, and the CSV and report made from the current answers."""

    if TYPE_CHECKING:  # pragma: no cover - provided by Session
        _state: State
        _undo: State | None
        _cache: dict[str, Any]
        _previous: tuple[str, str, Any, str | None] | None
        models: dict[str, Model]
        lang: str
        threshold: float
        rule: str

        @property
        def model(self) -> Model: ...

        @property
        def answers(self) -> dict: ...

        @property
        def organisation(self) -> str: ...

        @property
        def assessor(self) -> str: ...

        def _changed(self, event: Event, *, dirty: bool = True) -> None: ...

        def _snapshot(self) -> State: ...

        def t(self, key: str, **fmt) -> str: ...

    def load_file(self, name: str, content: bytes) -> str:
        """Load answers from an uploaded file through :func:`socialbiz_kit.responses.read_responses`
        (size limit, UTF-16, formula cells named). Undoable.

        Parameters
        ----------
        name : str
            The file's name (its ending says CSV or XLSX).
        content : bytes
            The file's content.

        Returns
        -------
        str
            The message to show, in the session's language.

        Raises
        ------
        AnswerFileError
            When the file cannot be read as answers to one of the session's models (naming row and column).
        """
        try:
            answers, older = _read(name, self.model, self.lang, content)
        except AnswerFileError as exc:
            if exc.other_model not in self.models:
                raise
            answers, older = _read(name, self.models[exc.other_model], self.lang, content)
        target = next((m for m in self.models.values() if set(m.item_ids) & set(answers.columns)), self.model)
        self._undo = self._snapshot()
        self._state.model = target
        first = answers.iloc[0]

        def text(col: str) -> str:
            value = first.get(col) if col in answers.columns else None
            return value.strip() if isinstance(value, str) else ""

        self._state.organisation, self._state.assessor = text("organisation"), text("assessor") or self.assessor
        self._state.answers = {i: (None if unanswered(first[i]) else int(first[i])) for i in target.item_ids}
        named = dont_know_ids(first.get(DONT_KNOW_COLUMN))  # read_responses keeps only the open statements' ids
        self._state.dont_know = {i for i in named if self._state.answers.get(i, 0) is None}
        self._state.sample = ""
        self._changed(Event("upload", name))
        if len(answers) > 1:
            return " ".join([self.t("loaded_first", n=len(answers), first=answers.index[0]), *older])
        return " ".join([self.t("loaded", name=name, model=target.short_name.get(self.lang)), *older])

    def load_previous(self, name: str, content: bytes) -> str:
        """Take an earlier assessment of the current model from a file (its first row, read by
        :func:`socialbiz_kit.responses.read_responses`) as the comparison: the result and the report then show
        "Damals und heute" (:mod:`socialbiz_kit.change`). The answers in the form stay as they are.

        Parameters
        ----------
        name : str
            The file's name.
        content : bytes
            The file's content.

        Returns
        -------
        str
            The message to show, in the session's language.

        Raises
        ------
        AnswerFileError
            When the file cannot be read as answers to the current model.
        """
        answers, older = _read(name, self.model, self.lang, content)
        from .change import assessment_date

        first = answers.iloc[0]
        self._previous = (self.model.id, name, first, assessment_date(first))
        self._changed(Event("previous", name), dirty=False)
        if len(answers) > 1:
            return " ".join([self.t("previous_first", name=name, n=len(answers), first=answers.index[0]), *older])
        return " ".join([self.t("previous_loaded", name=name), *older])

    def clear_previous(self) -> None:
        """No comparison any more (the answers stay as they are).

        Returns
        -------
        None
        """
        if self._previous is not None:
            self._previous = None
            self._changed(Event("previous", ""), dirty=False)

    @property
    def previous(self):
        """The earlier assessment compared with, as ``(file name, answers row, ISO date or None)``, or None (also
        after switching to another model)."""
        if self._previous is None or self._previous[0] != self.model.id:
            return None
        return self._previous[1:]

    def change(self):
        """The current answers beside the earlier assessment.

        Returns
        -------
        Change or None
            :func:`socialbiz_kit.change.compare_assessments` of the earlier and the current answers, or None without
            an earlier assessment.
        """
        if self.previous is None:
            return None
        from .change import compare_assessments

        _, row, date = self.previous
        return compare_assessments(row, self.answers, self.model, previous_date=date, threshold=self.threshold,
                                   rule=self.rule)

    def answers_frame(self):
        """The current answers as a one-row wide table (as ``read_responses`` returns them).

        Returns
        -------
        DataFrame
            One row indexed by :meth:`assessment_id`: ``organisation``, ``assessor``, ``model``, ``model_version``,
            ``dont_know`` (the ids answered "weiß nicht", space-separated; empty when none) and the items (NaN = not
            answered).
        """
        import numpy as np
        import pandas as pd

        values = {i: (np.nan if v is None else float(v)) for i, v in self._state.answers.items()}
        frame = pd.DataFrame([values], index=pd.Index([self.assessment_id()], name="assessment"))
        frame.insert(0, "organisation", self.organisation.strip())
        frame.insert(1, "assessor", self.assessor.strip())
        frame.insert(2, "model", self.model.id)
        frame.insert(3, "model_version", self.model.version)  # the statements answered (responses reads it back)
        unsure = [i for i in self.model.item_ids if i in self._state.dont_know and self._state.answers.get(i) is None]
        frame.insert(4, DONT_KNOW_COLUMN, " ".join(unsure))  # always there: one header whatever was answered
        return frame

    def assessment_id(self) -> str:
        """The assessment's id: the organisation's name in lower case letters, digits and underscores.

        Returns
        -------
        str
            The id, ``assessment`` while no organisation is named.
        """
        slug = re.sub(r"[^a-z0-9]+", "_", self.organisation.strip().lower()).strip("_")
        return slug or "assessment"

    def csv_bytes(self) -> bytes:
        """The current answers as a formula-safe UTF-8 CSV that ``read_responses`` reads back unchanged.

        Returns
        -------
        bytes
            The CSV file's content.
        """
        from .responses import answers_csv

        if "csv" not in self._cache:
            self._cache["csv"] = answers_csv(self.answers_frame(), self.model).encode("utf-8")
        return self._cache["csv"]

    def csv_name(self) -> str:
        """The file name for :meth:`csv_bytes`, in the session's language.

        Returns
        -------
        str
        """
        return f"{self.t('file_stem_answers')}_{self.model.id}.csv"

    def report_html(self, generated: str | None = None) -> str:
        """The current assessment as a self-contained HTML page (always from the current answers).

        Parameters
        ----------
        generated : str, optional
            The date the report names as its making (ISO); today's by default.

        Returns
        -------
        str
            The page (:func:`socialbiz_kit.report.render_report`).
        """
        from .report import render_report

        key = f"report:{generated}"
        if key not in self._cache:
            previous = self.previous
            self._cache[key] = render_report(self.answers_frame(), self.model, organisation=self.organisation.strip(),
                                             assessor=self.assessor.strip(), lang=self.lang,
                                             threshold=self.threshold, rule=self.rule, generated=generated,
                                             previous=None if previous is None else previous[1],
                                             previous_date=None if previous is None else previous[2])
        return self._cache[key]

    def report_name(self) -> str:
        """The file name for :meth:`report_html`, in the session's language.

        Returns
        -------
        str
        """
        return f"{self.t('file_stem_report')}_{self.assessment_id()}.html"


def _read(name: str, model: Model, lang: str, content: bytes) -> tuple[Any, list[str]]:
    """An upload read by :func:`socialbiz_kit.responses.read_responses`, and what it says about answers of an earlier
    version (the statements changed since are not taken over; the message says which)."""
    from .responses import MAX_UPLOAD_BYTES, read_responses

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", OlderAnswersWarning)
        answers = read_responses(name, model, lang=lang, content=content, max_bytes=MAX_UPLOAD_BYTES)
    for w in caught:
        if not issubclass(w.category, OlderAnswersWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return answers, [str(w.message) for w in caught if issubclass(w.category, OlderAnswersWarning)]
