"""The state of a :class:`socialbiz_kit.session.Session` (private): its settings (threshold and rule; setting one
re-scores), what it holds (model, answers, names, the sample loaded), what changed, and the result and roadmap of the
current answers (cached until the next change).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._checks import check_settings, unanswered
from ._session_files import Event, SessionFiles, State
from .models import Model

__all__ = ["SessionState"]


class SessionState(SessionFiles):
    """The state side of :class:`~socialbiz_kit.session.Session` (a base class: ``Session.__init__`` sets the
    attributes below)."""

    _threshold: float
    _rule: str
    _samples: dict[Any, Any]
    _dirty: bool
    history: list[Event]

    if TYPE_CHECKING:  # pragma: no cover - provided by Session
        def sample_answers(self) -> Any: ...

    @property
    def threshold(self) -> float:
        """The threshold the session scores with; setting it re-scores (every cached result is dropped)."""
        return self._threshold

    @threshold.setter
    def threshold(self, value: float) -> None:
        check_settings(value, self._rule)
        self._threshold = float(value)
        self._settings_changed()

    @property
    def rule(self) -> str:
        """The placement rule the session scores with; setting it re-scores."""
        return self._rule

    @rule.setter
    def rule(self, value: str) -> None:
        check_settings(self._threshold, value)
        self._rule = value
        self._settings_changed()

    def _settings_changed(self) -> None:
        self._cache.clear()
        self._samples = {k: v for k, v in self._samples.items() if not (isinstance(k, tuple) and k[0] == "cmp")}

    # ------------------------------------------------------------------ what the session holds
    @property
    def model(self) -> Model:
        return self._state.model

    @property
    def answers(self) -> dict:
        """Item id -> answer on the model's scale, or ``None`` (not answered or "don't know")."""
        return dict(self._state.answers)

    @property
    def dont_know(self) -> set:
        return set(self._state.dont_know)

    @property
    def organisation(self) -> str:
        return self._state.organisation

    @property
    def assessor(self) -> str:
        return self._state.assessor

    @property
    def sample(self) -> str:
        """Id of the sample organisation last loaded ("" if none)."""
        return self._state.sample

    @property
    def answered(self) -> int:
        return sum(v is not None for v in self._state.answers.values())

    @property
    def can_undo(self) -> bool:
        return self._undo is not None

    def _changed(self, event: Event, *, dirty: bool = True) -> None:
        self.history.append(event)
        self._cache.clear()
        if dirty:
            self._dirty = True

    def _snapshot(self) -> State:
        s = self._state
        return State(s.model, dict(s.answers), set(s.dont_know), s.organisation, s.assessor, s.sample)

    def _clear(self) -> None:
        self._state.answers = {i: None for i in self.model.item_ids}
        self._state.dont_know = set()

    def _load_sample(self, company: str) -> None:
        answers = self.sample_answers()
        row = answers.loc[company]
        self._state.answers = {i: (None if unanswered(row[i]) else int(row[i])) for i in self.model.item_ids}
        self._state.organisation = str(row["organisation"])
        self._state.sample = company

    # ------------------------------------------------------------------ result
    @property
    def result(self):
        """The current answers scored (one row; every number from :func:`socialbiz_kit.scoring.score`)."""
        if "result" not in self._cache:
            from .scoring import label, score

            scored = score(self.answers_frame(), self.model, threshold=self.threshold, rule=self.rule)
            self._cache["result"] = label(scored, self.model, lang=self.lang)
        return self._cache["result"]

    @property
    def road(self):
        """The roadmap of the current answers (:func:`socialbiz_kit.roadmap.plan`, the self-check page's rule)."""
        if "road" not in self._cache:
            from .roadmap import plan

            self._cache["road"] = plan(self.answers_frame().iloc[0], self.model, stage=int(self.result["stage"].iloc[0]),
                                       threshold=self.threshold, rule=self.rule)
        return self._cache["road"]
