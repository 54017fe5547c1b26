"""The course's times (``data/course.yaml``): minutes per notebook, per part and per exercise.

One data file holds every time the kit states; the notebook headers, the README's notebook map and the lecturer's
guide show these values, written by the functions here (``tests/test_course.py`` compares them).

>>> from socialbiz_kit.course import duration, exercise_times, load_course, prompt_times
>>> plan = load_course()["04"]
>>> plan.minutes, plan.code_minutes, plan.sessions
(90, 20, 1)
>>> duration(plan)
'etwa 90 Minuten ohne Code, dazu etwa 20 Minuten für den optionalen Code-Weg; Übung 5 als Hausaufgabe: etwa 90 Minuten'
>>> duration(load_course()["05"], lang="en")
'2 × 90 min (+ 40 min optional code)'
>>> exercise_times(load_course()["07"]).split(" · ")[:2]
['Übung A1: 5 Min.', 'Übung A2: 5 Min.']
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._cache import by_file
from ._compat import keyword_lang
from ._data import data_dir
from ._lang import check_lang
from ._yaml import Checker, read_yaml, unique
from .errors import CourseFileError, NotFoundError

__all__ = ["CourseFileError", "Exercise", "Prompt", "Part", "NotebookPlan", "TRACKS", "load_course", "session_minutes",
           "duration", "heading_time", "parts_table", "exercise_times", "prompt_times"]

TRACKS = ("no_code", "code", "homework")


@dataclass(frozen=True)
class Exercise:
    label: str
    minutes: int
    track: str


@dataclass(frozen=True)
class Prompt:
    """A short question to think about after a stage ("Denkanstoß"), done in class without code."""

    label: str
    minutes: int


@dataclass(frozen=True)
class Part:
    name: str
    minutes: int
    exercises: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotebookPlan:
    """One notebook: ``minutes`` in class without code, ``code_minutes`` for the optional code track."""

    id: str
    file: str
    title: str
    sessions: int
    minutes: int
    code_minutes: int
    requires: tuple[str, ...]
    parts: tuple[Part, ...]
    exercises: tuple[Exercise, ...]
    prompts: tuple[Prompt, ...] = ()

    def exercise(self, label: str) -> Exercise:
        """The notebook's exercise with this label.

        Parameters
        ----------
        label : str
            The exercise's label as in the notebook (``"Übung 3"``).

        Returns
        -------
        Exercise
            The exercise and its planned minutes.

        Raises
        ------
        NotFoundError
            If the notebook has no exercise of that label.
        """
        for e in self.exercises:
            if e.label == label:
                return e
        raise NotFoundError(f"notebook {self.id} has no exercise {label!r}", code="errors.no_exercise", notebook=self.id,
                            label=label)

    def prompt(self, label: str) -> Prompt:
        """The notebook's Denkanstoß with this label.

        Parameters
        ----------
        label : str
            The Denkanstoß's label as in the notebook.

        Returns
        -------
        Prompt
            The Denkanstoß and its planned minutes.

        Raises
        ------
        NotFoundError
            If the notebook has no Denkanstoß of that label.
        """
        for p in self.prompts:
            if p.label == label:
                return p
        raise NotFoundError(f"notebook {self.id} has no Denkanstoß {label!r}", code="errors.no_prompt", notebook=self.id,
                            label=label)


class _Check(Checker):
    error = CourseFileError

    def label(self, value: Any, key: str) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return self.string(value, key)

    def track(self, value: Any, key: str) -> str:
        value = self.string(value, key)
        if value not in TRACKS:
            self.fail(key, f"must be one of {', '.join(TRACKS)}, got {value!r}", code="explain.not_allowed", value=value,
                      allowed=", ".join(TRACKS))
        return value

    def exercise(self, value: Any, key: str) -> Exercise:
        return Exercise(**self.mapping(value, key, {"label": self.label, "minutes": self.integer, "track": self.track}, {}))

    def prompt(self, value: Any, key: str) -> Prompt:
        return Prompt(**self.mapping(value, key, {"label": self.label, "minutes": self.integer}, {}))

    def part(self, value: Any, key: str) -> Part:
        return Part(**self.mapping(value, key, {"name": self.string, "minutes": self.integer},
                                   {"exercises": self.seq(self.label), "prompts": self.seq(self.label)}))

    def notebook(self, value: Any, key: str) -> NotebookPlan:
        f = self.mapping(value, key, {
            "id": self.label, "file": self.string, "title": self.string, "sessions": self.integer,
            "minutes": self.integer, "code_minutes": self.integer, "requires": self.seq(self.label),
            "parts": self.seq(self.part), "exercises": self.seq(self.exercise)}, {"prompts": self.seq(self.prompt)})
        plan = NotebookPlan(**f)
        self._sums(plan, key)
        return plan

    def _sums(self, plan: NotebookPlan, key: str) -> None:
        unique(self, [e.label for e in plan.exercises], f"{key}.exercises", "label")
        if plan.parts and sum(p.minutes for p in plan.parts) != plan.minutes:
            self.fail(f"{key}.parts", f"the parts add up to {sum(p.minutes for p in plan.parts)} minutes, "
                                      f"not to the notebook's {plan.minutes}", code="explain.minutes_sum",
                          got=sum(p.minutes for p in plan.parts), want=plan.minutes)
        unique(self, [p.label for p in plan.prompts], f"{key}.prompts", "label")
        labels = {e.label: e for e in plan.exercises}
        prompts = {p.label: p for p in plan.prompts}
        placed: list[str] = []
        thought: list[str] = []
        for i, part in enumerate(plan.parts):
            for label in part.exercises:
                if label not in labels:
                    self.fail(f"{key}.parts[{i}].exercises", f"no exercise {label!r} in this notebook",
                              code="explain.unknown_ref", value=label, known=", ".join(labels))
                if labels[label].track != "no_code":
                    self.fail(f"{key}.parts[{i}].exercises", f"exercise {label} is not on the track without code",
                              code="explain.exercise_track", label=label)
            for label in part.prompts:
                if label not in prompts:
                    self.fail(f"{key}.parts[{i}].prompts", f"no Denkanstoß {label!r} in this notebook",
                              code="explain.unknown_ref", value=label, known=", ".join(prompts))
            inside = sum(labels[label].minutes for label in part.exercises)
            inside += sum(prompts[label].minutes for label in part.prompts)
            if inside > part.minutes:
                self.fail(f"{key}.parts[{i}].minutes", f"{part.minutes} minutes cannot hold its exercises' {inside}",
                          code="explain.minutes_sum", got=inside, want=part.minutes)
            placed += part.exercises
            thought += part.prompts
        in_class = sorted(e.label for e in plan.exercises if e.track == "no_code")
        if sorted(placed) != in_class:
            self.fail(f"{key}.parts", f"every exercise without code belongs to exactly one part ({', '.join(in_class)}); "
                                      f"the parts name {', '.join(sorted(placed)) or 'none'}", code="explain.exercise_parts",
                      want=", ".join(in_class), got=", ".join(sorted(placed)) or "–")
        if sorted(thought) != sorted(prompts):
            self.fail(f"{key}.parts", f"every Denkanstoß belongs to exactly one part ({', '.join(sorted(prompts))}); "
                                      f"the parts name {', '.join(sorted(thought)) or 'none'}", code="explain.prompt_parts",
                      want=", ".join(sorted(prompts)), got=", ".join(sorted(thought)) or "–")
        code = [e.minutes for e in plan.exercises if e.track == "code"]
        if code and plan.sessions and sum(code) != plan.code_minutes:
            self.fail(f"{key}.code_minutes", f"the code exercises add up to {sum(code)} minutes, not {plan.code_minutes}",
                      code="explain.minutes_sum", got=sum(code), want=plan.code_minutes)

    def course(self, raw: Any) -> tuple[int, dict[str, NotebookPlan]]:
        f = self.mapping(raw, "", {"schema_version": self.integer, "session_minutes": self.integer,
                                   "notebooks": self.seq(self.notebook, min_len=1)}, {})
        if f["schema_version"] != 1:
            self.fail("schema_version", "this kit reads schema version 1 only", code="explain.schema_version")
        plans = {p.id: p for p in f["notebooks"]}
        unique(self, [p.id for p in f["notebooks"]], "notebooks", "id")
        for i, p in enumerate(f["notebooks"]):
            if p.minutes > p.sessions * f["session_minutes"]:
                self.fail(f"notebooks[{i}].minutes", f"{p.minutes} minutes do not fit into {p.sessions} session(s) "
                                                     f"of {f['session_minutes']}", code="explain.minutes_sessions",
                          minutes=p.minutes, sessions=p.sessions, session=f["session_minutes"])
            for need in p.requires:
                if need not in plans:
                    self.fail(f"notebooks[{i}].requires", f"no notebook {need!r}", code="explain.unknown_ref", value=need,
                              known=", ".join(plans))
        return f["session_minutes"], plans


def _path() -> Path:
    return data_dir() / "course.yaml"


@by_file
def _load(path: str) -> tuple[int, Mapping[str, NotebookPlan]]:
    p = Path(path)
    return _Check(p).course(read_yaml(p, CourseFileError, needs="schema_version, session_minutes and notebooks"))


def load_course(path: str | Path | None = None) -> dict[str, NotebookPlan]:
    """Every notebook's plan by its number (``"00"`` … ``"90"``), in the order of the file.

    Parameters
    ----------
    path : str or Path, optional
        A file of your own; the bundled file by default. An edited file is read again.

    Returns
    -------
    dict of str to NotebookPlan
        A copy: notebook number -> plan.

    Raises
    ------
    CourseFileError
        If the file is missing, unreadable, not valid YAML or breaks the course schema.
    """
    return dict(_load(str(path or _path()))[1])


def session_minutes(path: str | Path | None = None) -> int:
    """The length of one seminar session (90 minutes).

    Parameters
    ----------
    path : str or Path, optional
        A file of your own; the bundled file by default. An edited file is read again.

    Returns
    -------
    int
        Minutes of one session.
    """
    return _load(str(path or _path()))[0]


def _homework(plan: NotebookPlan, lang: str) -> str:
    out = []
    for e in plan.exercises:
        if e.track == "homework":
            out.append(f"; Übung {e.label} als Hausaufgabe: etwa {e.minutes} Minuten" if lang == "de"
                       else f", {e.minutes} min homework")
    return "".join(out)


@keyword_lang("lang")
def duration(plan: NotebookPlan, *, lang: str = "de") -> str:
    """The time line of a notebook's header (German) or of the README's notebook map (English).

    Parameters
    ----------
    plan : NotebookPlan
        A notebook's plan from :func:`load_course`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        The time line.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    check_lang(lang)
    if lang == "en":
        if plan.sessions == 0:
            return f"{plan.code_minutes} min (+ {sum(e.minutes for e in plan.exercises)} min exercises; code track)"
        head = f"{plan.minutes} min" if plan.sessions == 1 else f"{plan.sessions} × {plan.minutes // plan.sessions} min"
        extra = f"+ {plan.code_minutes} min optional code" if plan.code_minutes else ""
        extra += _homework(plan, "en")
        return f"{head} ({extra})" if extra else head
    if plan.sessions == 0:
        practice = sum(e.minutes for e in plan.exercises)
        return f"etwa {plan.code_minutes} Minuten, dazu etwa {practice} Minuten für die Übungen; nur für den Code-Weg"
    if plan.sessions == 1:
        head = f"etwa {plan.minutes} Minuten ohne Code"
    else:
        head = f"{_number_word(plan.sessions)} Sitzungen von je {plan.minutes // plan.sessions} Minuten ohne Code"
    if plan.code_minutes:
        head += f", dazu etwa {plan.code_minutes} Minuten für den optionalen Code-Weg"
    return head + _homework(plan, "de")


def _number_word(n: int) -> str:
    return {2: "zwei", 3: "drei", 4: "vier"}.get(n, str(n))


def heading_time(plan: NotebookPlan) -> str:
    """The time in a heading of the guide: ``60 Minuten``, ``2 × 90 Minuten``.

    Parameters
    ----------
    plan : NotebookPlan
        A notebook's plan from :func:`load_course`.

    Returns
    -------
    str
        The time for a heading.
    """
    if plan.sessions <= 1:
        return f"{plan.minutes or plan.code_minutes} Minuten"
    return f"{plan.sessions} × {plan.minutes // plan.sessions} Minuten"


def parts_table(plan: NotebookPlan) -> str:
    """The parts as the Markdown table that the notebook's header and the guide show.

    Parameters
    ----------
    plan : NotebookPlan
        A notebook's plan from :func:`load_course`.

    Returns
    -------
    str
        A Markdown table, one row per part.
    """
    rows = ["| Teil | Minuten |", "|---|---|"] + [f"| {p.name} | {p.minutes} |" for p in plan.parts]
    return "\n".join(rows)


def exercise_times(plan: NotebookPlan) -> str:
    """One line with every exercise's time, e.g. ``Übung 1: 10 Min. · Übung 6 (mit Code): 10 Min.``.

    Parameters
    ----------
    plan : NotebookPlan
        A notebook's plan from :func:`load_course`.

    Returns
    -------
    str
        One line.
    """
    words = {"no_code": "", "code": " (mit Code)", "homework": " (Hausaufgabe)"}
    return " · ".join(f"Übung {e.label}{words[e.track]}: {e.minutes} Min." for e in plan.exercises)


def prompt_times(plan: NotebookPlan) -> str:
    """One line with every Denkanstoß's time, e.g. ``Denkanstoß 1: 10 Min. · Denkanstoß 2: 5 Min.`` (empty if none).

    Parameters
    ----------
    plan : NotebookPlan
        One notebook's plan from :func:`load_course`.

    Returns
    -------
    str
        The line the guide shows.

    Examples
    --------
    >>> prompt_times(load_course()["01"]).split(" · ")[:2]
    ['Denkanstoß 1: 10 Min.', 'Denkanstoß 2: 5 Min.']
    """
    return " · ".join(f"Denkanstoß {p.label}: {p.minutes} Min." for p in plan.prompts)
