"""Reading a class's assessments: from an LMS download or a folder (:func:`read_class`), or from a results store
(:func:`from_store`); re-exported by :mod:`socialbiz_kit.classroom`.

Every answer file goes through the kit's one reader, :func:`socialbiz_kit.responses.read_responses`; every
foreign or broken file is listed with the reason instead of stopping the reading.

>>> cls = read_class(example_path())
>>> sorted(cls.frame.columns[:4])
['assessment', 'model', 'organisation', 'rater']
>>> len(cls.problems)
2
"""
from __future__ import annotations

import contextlib
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ._casenames import MERGED, merge_cases, merge_raters
from ._data import data_dir
from .errors import AnswerFileError, InputDataError
from .models import Model, load_model

__all__ = ["ClassAssessments", "read_class", "from_store", "rater_from_path", "example_path"]

# The columns of read_class's frame naming who assessed and what (the case organisation): the defaults of every
# raters= and targets= (pingouin's names) in classroom and classroom_simulation.
RATERS = "rater"
TARGETS = "organisation"
ANSWER_SUFFIXES = (".csv", ".xlsx")
EXAMPLE = "class_example_altimeter.zip"
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_(assignsubmission|onlinetext|file)\w*$")
# Moodle's anonymous marking ("Anonyme Bewertung") names every folder "Participant_<number>_…" ("Teilnehmer/in" in
# German): there the number is the person, so it stays in the name
_BLIND = re.compile(r"^(participant|teilnehmer)", re.IGNORECASE)
_IGNORED = ("__MACOSX", ".DS_Store", "Thumbs.db")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # the self-check's date (2026-10-12): the one a later assessment is told by
SET_ASIDE = ["rater", "organisation", "assessment", "file", "kept", "problem"]



@dataclass
class ClassAssessments:
    """What :func:`read_class` found: ``frame`` (one row per assessment: ``rater``, ``organisation``,
    ``model``, ``assessment``, ``file``, then one column per item), ``problems`` (``rater``, ``file``,
    ``path`` inside the download, ``problem``: every file that was left out, with the reason) and ``set_aside``
    (``rater``, ``organisation``, ``assessment``, ``file``, ``kept``, ``problem``: every assessment of a case that
    the same student assessed again, named with the file that counts instead; see :func:`read_class`) and
    ``merged`` (``organisation``, ``spellings``, ``note``: every case whose name came in several spellings, counted
    as one case under the spelling read first; see :func:`~socialbiz_kit.classroom.same_case`)."""

    frame: Any
    problems: Any
    set_aside: Any = field(default=None)
    merged: Any = field(default=None)

    def __post_init__(self) -> None:
        import pandas as pd

        if self.set_aside is None:
            self.set_aside = pd.DataFrame(columns=SET_ASIDE)
        if self.merged is None:
            self.merged = pd.DataFrame(columns=[TARGETS, *MERGED])

    def __iter__(self):  # frame, problems = read_class(...)
        return iter((self.frame, self.problems))


def example_path() -> Path:
    """The bundled synthetic class (a Moodle-style zip made by :func:`~socialbiz_kit.classroom.simulate_class`, seed 2026).

    Returns
    -------
    Path
        The bundled zip of the synthetic class.
    """
    return data_dir() / EXAMPLE


def rater_from_path(relative: PurePosixPath, common: tuple[str, ...] = ()) -> str:
    """The student a submitted file belongs to, from its path inside the download.

    The first folder below the folders all files share (an ILIAS exercise folder, say) is the
    student's; Moodle's suffix ``_<id>_assignsubmission_file_`` is removed, except under Moodle's anonymous marking,
    where every folder starts with "Participant" and only the number tells the people apart. A file directly in
    the root is named after itself (a folder of single downloads).

    Parameters
    ----------
    relative : PurePosixPath
        The file's path inside the download.
    common : tuple of str, default ()
        The folders every file of the download shares.

    Returns
    -------
    str
        The student's name (Moodle's id suffix removed).

    Examples
    --------
    >>> rater_from_path(PurePosixPath("Participant_1234567_assignsubmission_file_/a.csv"))
    'Participant 1234567'
    """
    parts = relative.parts[len(common):]
    if len(parts) < 2:
        return PurePosixPath(parts[-1]).stem
    folder = parts[0]
    m = _MOODLE.match(folder)
    if m and _BLIND.match(m.group("name")):
        return f"{m.group('name')} {m.group('id')}".strip()
    return (m.group("name") if m else folder).strip()


def read_class(source: str | Path, model: Model | str | None = None, *, lang: str = "de") -> ClassAssessments:
    """Read every answer file of a class into one table.

    ``source`` is a folder (CSV and XLSX files at any depth) or a zip file as an LMS downloads it.
    Each answer file is read with :func:`~socialbiz_kit.responses.read_responses` (``model`` as
    there: omitted, the file's model is recognised). The rater is the file's ``assessor`` column
    where filled, else the student named by the path (:func:`rater_from_path`); the case is the
    ``organisation`` column, else the assessment id. Files that are no answer files (a PDF, an
    online text) or that the reader refuses are listed in ``problems`` with the reason, in
    ``lang``; they never stop the reading.

    Two assessments are never mixed: where the same student assessed the same case more than once (a draft and
    a final file, say), the later assessment counts whole, empty answers included, and every other one is listed
    in ``set_aside`` with the file that counts instead and the reason, in ``lang``. The later one is the one with
    the later ``date`` (an ISO day, 2026-10-12, as the self-check writes it) when every assessment of that case
    has one and they differ, else the later one in the reading order (the zip's or the folder's order of files,
    then the rows of a file).

    One case is one case however its name is typed: names equal but for letter case, white space or Unicode form
    (:func:`~socialbiz_kit.classroom.same_case`) are counted as one case, named as first read; ``merged`` lists
    them with the spellings, and a :class:`~socialbiz_kit.errors.CaseSpellingsWarning` says so. One student is one
    rater by the same rule ("Anna Müller" and "anna  müller" in the ``assessor`` column), named as first read, and
    a warning says so as well.

    Parameters
    ----------
    source : str or Path
        A folder (CSV and XLSX files at any depth) or an LMS's zip of submissions.
    model : Model or str, optional
        The model answered; recognised from each file when not given.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    ClassAssessments
        ``frame`` (one row per assessment with ``rater``, ``organisation``, ``file`` and the answers), ``problems``
        (files that were not read, with the reason in ``lang``), ``set_aside`` (assessments a later one of the
        same student and case replaced, with the reason in ``lang``) and ``merged`` (cases whose name came in
        several spellings, with the words in ``lang``).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If the source does not exist; if the source cannot be read; if the source is neither a folder nor a
        zip file; or if the zip file holds too many entries.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    import pandas as pd


    source = Path(source)
    if not source.exists():
        raise InputDataError(f"{source}: not found", code="errors.source_missing", path=str(source))

    from ._unpack import members as all_members

    stack = contextlib.ExitStack()
    with stack:
        members = [(rel, load) for rel, load in all_members(source, stack)
                   if not any(part in _IGNORED for part in rel.parts)]
        frames, problems = _read_members(members, model, lang)
    first_cols = ["rater", "organisation", "model", "assessment", "file"]
    aside, merged = None, None
    if frames:
        frame, merged = merge_cases(pd.concat(frames, ignore_index=True), TARGETS, lang=lang)
        frame, aside = _keep_later(merge_raters(frame, RATERS, lang=lang)[0], lang)
        rest = [c for c in frame.columns if c not in first_cols and c not in ("date", "note")]
        frame = frame[first_cols + rest]
    else:
        frame = pd.DataFrame(columns=first_cols)
    return ClassAssessments(frame, pd.DataFrame(problems, columns=["rater", "file", "path", "problem"]), aside, merged)


def _day(value: Any) -> str | None:
    """An ISO day (2026-10-12) that is a real day, or None."""
    text = value.strip() if isinstance(value, str) else ""
    if not _ISO_DAY.match(text):
        return None
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return text


def _later(where: list[int], dates: list[str | None]) -> int:
    """Of the rows ``where`` (one student, one case, in reading order) the one that counts: the latest date when
    every row has a date and they differ (the later row on a tie), else the last row."""
    days = [dates[p] for p in where]
    if all(days) and len(set(days)) > 1:
        return max(where, key=lambda p: (dates[p], p))
    return where[-1]


def _keep_later(frame, lang: str = "de"):
    """``frame`` (the class table in reading order, with ``date`` where read) with one assessment per student and
    case (:func:`read_class` says which), and the assessments set aside (``SET_ASIDE`` columns, reading order)."""
    import pandas as pd

    from . import ui

    dates: list[str | None] = [_day(v) for v in frame["date"]] if "date" in frame.columns else [None] * len(frame)
    groups: dict[tuple, list[int]] = {}
    for pos, key in enumerate(zip(frame["rater"], frame["organisation"])):
        groups.setdefault(key, []).append(pos)
    rows: list[dict] = []
    for (rater, case), where in groups.items():
        kept = _later(where, dates) if len(where) > 1 else where[0]
        for pos in where:
            if pos == kept:
                continue
            old, new = dates[pos], dates[kept]
            words = "set_aside_date" if old and new and new > old else "set_aside_order"
            got = {"rater": rater, "organisation": case, "assessment": str(frame["assessment"].iloc[pos]),
                   "file": str(frame["file"].iloc[pos]), "kept": str(frame["file"].iloc[kept])}
            rows.append({**got, "pos": pos, "problem": ui.text(f"classroom.{words}", lang=lang, case=case, old=old,
                                                                new=new, **got)})
    rows.sort(key=lambda r: r["pos"])
    drop = [r.pop("pos") for r in rows]
    return frame.drop(index=frame.index[drop]).reset_index(drop=True), pd.DataFrame(rows, columns=SET_ASIDE)


def one_per_rater(frame, raters: str = RATERS, targets: str = TARGETS):
    """The class table with one assessment per rater and case, the last one whole (never mixed statement by
    statement); :func:`read_class` gives such a table already."""
    return frame.drop_duplicates([raters, targets], keep="last")


def _read_members(members, model, lang: str) -> tuple[list, list]:
    """Each answer file of a class read with the kit's one reader; everything else listed as a problem."""
    import pandas as pd

    from . import ui
    from ._unpack import MAX_CLASS_BYTES, Skipped
    from .responses import read_responses

    common = _shared_folders([rel.parts[:-1] for rel, _ in members])
    frames: list = []
    problems: list[dict] = []
    budget = MAX_CLASS_BYTES
    for rel, load in members:
        def problem(text: str, rel: PurePosixPath = rel) -> None:
            problems.append({"rater": rater_from_path(rel, common), "file": rel.name, "path": str(rel),
                             "problem": text})

        if rel.suffix.lower() not in ANSWER_SUFFIXES:
            problem(ui.text("classroom.not_answer_file", lang=lang, suffix=rel.suffix or "–"))
            continue
        try:
            if budget <= 0:
                raise Skipped("class_too_large", limit=MAX_CLASS_BYTES)
            data = load()
        except Skipped as skipped:
            fmt: dict[str, Any] = {k: (f"{ui.number(v / 1_000_000, lang=lang, decimals=1)} MB"
                                       if k in ("size", "limit") else v) for k, v in skipped.fmt.items()}
            problem(ui.text(f"classroom.{skipped.key}", lang=lang, **fmt))
            continue
        budget -= len(data)
        try:  # read from memory: no temporary files, whatever the member's name
            answers = read_responses(Path(rel.name), model, lang=lang, content=data)
        except AnswerFileError as exc:
            problem(str(exc))
            continue
        got = answers.copy()
        rater = rater_from_path(rel, common)
        if "assessor" in got.columns:
            got["rater"] = got["assessor"].fillna(rater).astype(str)
            got = got.drop(columns="assessor")
        else:
            got["rater"] = rater
        if "organisation" not in got.columns:
            got["organisation"] = got.index.astype(str)
        got["organisation"] = got["organisation"].fillna(pd.Series(got.index, index=got.index)).astype(str)
        if "model" not in got.columns or got["model"].isna().all():
            got["model"] = (load_model(model).id if model is not None else _model_of(got))
        got["file"] = str(rel)
        frames.append(got.rename_axis("assessment").reset_index())
    return frames, problems


def from_store(store, model: Model | str, *, lang: str = "de") -> ClassAssessments:
    """A class's assessments from a results store (:class:`~socialbiz_kit.store.Store` or its path), in
    the layout of :func:`read_class`: the rater is the ``assessor`` of each save. Saves without an
    assessor cannot be told apart and are listed in ``problems`` instead (``file`` is the save's id). A rater's
    earlier save of a case is set aside as in :func:`read_class` (the later date, else the later save counts); names
    of one case in several spellings are merged as there.

    Parameters
    ----------
    store : Store or str or Path
        A results store or its path.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    ClassAssessments
        As :func:`read_class`: the rater is each save's ``assessor``; ``merged`` as there.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    StoreDamagedError
        If the store file is damaged, not a store, of another format version or a folder.
    StoreError
        If the disk is full, the store is read-only or busy, or SQLite fails.
    """
    import pandas as pd

    from . import ui
    from .store import Store

    model = load_model(model)
    st = store if isinstance(store, Store) else Store(store)
    answers = st.answers(model).rename_axis("assessment").reset_index()
    named = answers["assessor"].fillna("").astype(str).str.strip() != ""
    problems = pd.DataFrame({"rater": "", "file": answers.loc[~named, "assessment"], "path": str(st.path),
                             "problem": ui.text("classroom.no_assessor", lang=lang)},
                            columns=["rater", "file", "path", "problem"]).reset_index(drop=True)
    frame = answers[named].rename(columns={"assessor": "rater"}).assign(file=str(st.path)).reset_index(drop=True)
    frame, merged = merge_cases(frame, TARGETS, lang=lang)
    frame, aside = _keep_later(merge_raters(frame, RATERS, lang=lang)[0], lang)
    frame = frame[["rater", "organisation", "model", "assessment", "file", *model.item_ids]].reset_index(drop=True)
    return ClassAssessments(frame, problems, aside, merged)


def _shared_folders(folders: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The folders every file lies in (an LMS's wrapping folder), never a student's own folder."""
    if not folders:
        return ()
    common: list[str] = []
    for level in zip(*folders):
        if len(set(level)) != 1 or _MOODLE.match(level[0]) or len(folders) == 1:
            break
        common.append(level[0])
    # a file lying in the shared folder itself names its own rater; the shared part stays shared
    return tuple(common[:min(len(f) for f in folders)])


def _model_of(answers) -> str:
    from .models import list_models

    best = max(list_models(), key=lambda name: len(set(answers.columns) & set(load_model(name).item_ids)))
    return load_model(best).id


def check_class(frame, model: Model, raters: str = RATERS, targets: str = TARGETS, lang: str = "de"):
    """Refuse a class table without the rater or case column, without assessments, or without answers to the model
    (every function of :mod:`~socialbiz_kit.classroom` that takes the table checks it so); the table with the names
    of one case in several spellings merged (:func:`~socialbiz_kit._casenames.merge_cases`, a warning each), and so
    the names of one rater (:func:`~socialbiz_kit._casenames.merge_raters`)."""
    if not {raters, targets} <= set(frame.columns):
        raise InputDataError(f"the class table needs the columns {raters} and {targets} (has {', '.join(map(str, frame.columns))})",
                             code="errors.class_columns", columns=", ".join(map(str, frame.columns)), raters=raters,
                             targets=targets)
    if frame.empty:
        raise InputDataError("the class table has no assessments", code="errors.class_empty")
    if not set(model.item_ids) & set(frame.columns):
        raise InputDataError(f"the class table holds no answers to model {model.id}", code="errors.class_no_answers", model=model.id)
    frame = merge_cases(frame, targets, lang=lang, stacklevel=4)[0]
    return merge_raters(frame, raters, lang=lang, stacklevel=4)[0]
