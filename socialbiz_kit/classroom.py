"""Class mode: many students assess the same case organisations; how far do they agree?

* :func:`read_class` reads a class's assessments from a folder of CSV/XLSX downloads (at any depth)
  or from an LMS "download all submissions" zip (Moodle, ILIAS: files at any depth, folders named
  after the student) into one table, and lists every foreign or broken file with the reason
  instead of stopping; :func:`from_store` takes them from a results store.
* :func:`simulate_class` makes a seeded synthetic class by a stated generative model of raters;
  :func:`write_class_zip` packs it the way Moodle delivers submissions. The bundled example
  (:func:`example_path`) was made with both.
* :func:`stage_distribution`, :func:`stage_agreement`, :func:`item_agreement` and
  :func:`disagreements`: per case the stages raters chose, Krippendorff's alpha for the stages
  and per statement, and the statements raters disagree on most (a discussion starter).

Every answer file goes through the kit's one reader, :func:`socialbiz_kit.responses.read_responses`.

>>> cls = read_class(example_path())
>>> sorted(cls.frame.columns[:4])
['assessment', 'model', 'organisation', 'rater']
>>> len(cls.problems)
2
"""
from __future__ import annotations

import contextlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np

from ._compat import keyword_lang
from ._data import data_dir
from .errors import AnswerFileError, InputDataError, NotFoundError, SettingError
from .models import Model, load_model
from .scoring import DEFAULT_RULE

__all__ = ["ClassAssessments", "read_class", "from_store", "rater_from_path", "simulate_class", "write_class_zip", "example_path",
           "reliability_data", "stage_distribution", "stage_agreement", "case_agreement", "item_agreement",
           "disagreements",
           "present", "plot_distribution", "plot_item_agreement"]

ANSWER_SUFFIXES = (".csv", ".xlsx")
EXAMPLE = "class_example_altimeter.zip"
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_(assignsubmission|onlinetext|file)\w*$")
# Moodle's anonymous marking ("Anonyme Bewertung") names every folder "Participant_<number>_…" ("Teilnehmer/in" in
# German): there the number is the person, so it stays in the name
_BLIND = re.compile(r"^(participant|teilnehmer)", re.IGNORECASE)
_IGNORED = ("__MACOSX", ".DS_Store", "Thumbs.db")


@dataclass
class ClassAssessments:
    """What :func:`read_class` found: ``frame`` (one row per assessment: ``rater``, ``organisation``,
    ``model``, ``assessment``, ``file``, then one column per item) and ``problems`` (``rater``, ``file``,
    ``path`` inside the download, ``problem``: every file that was left out, with the reason)."""

    frame: Any
    problems: Any

    def __iter__(self):  # frame, problems = read_class(...)
        return iter((self.frame, self.problems))


def example_path() -> Path:
    """The bundled synthetic class (a Moodle-style zip made by :func:`simulate_class`, seed 2026).

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
        ``frame`` (one row per assessment with ``rater``, ``organisation``, ``file`` and the answers) and ``problems``
        (files that were not read, with the reason in ``lang``).
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
    if frames:
        frame = pd.concat(frames, ignore_index=True)
        rest = [c for c in frame.columns if c not in first_cols and c not in ("date", "note")]
        frame = frame[first_cols + rest]
    else:
        frame = pd.DataFrame(columns=first_cols)
    return ClassAssessments(frame, pd.DataFrame(problems, columns=["rater", "file", "path", "problem"]))


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
    assessor cannot be told apart and are listed in ``problems`` instead (``file`` is the save's id).

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
        As :func:`read_class`: the rater is each save's ``assessor``.
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
    frame = answers[named].rename(columns={"assessor": "rater"}).assign(file=str(st.path))
    frame = frame[["rater", "organisation", "model", "assessment", "file", *model.item_ids]].reset_index(drop=True)
    return ClassAssessments(frame, problems)


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


# --------------------------------------------------------------------------- a synthetic class
def simulate_class(model: Model | str = "altimeter", *, n_raters: int = 24, cases_per_rater: int = 5,
                   leniency: float = 0.35, noise: float = 0.45, ambiguity: float = 0.6, missing: float = 0.02,
                   seed: int):
    """A seeded synthetic class: ``n_raters`` students each assess ``cases_per_rater`` of the ten
    sample organisations (``datasets.load_dataset("sample_answers_<model>")``).

    Generative model of the raters
    ------------------------------
    * Each case c has a true answer profile tᶜⱼ: the sample answers of that organisation (the
      kit's reading of its profile).
    * Each rater r has a leniency ℓᵣ ~ Normal(0, ``leniency``), the same for every case and
      statement (some students read generously, some strictly).
    * Each statement j has an ambiguity aⱼ ~ LogNormal(0, ``ambiguity``), drawn once: vaguely
      worded statements scatter more.
    * Rater r's answer is round(tᶜⱼ + ℓᵣ + εᵣcⱼ), εᵣcⱼ ~ Normal(0, ``noise`` · aⱼ), clipped to the
      answer scale; a share ``missing`` of answers is left blank at random.
    * Cases are handed out in a balanced, seeded way: every case is assessed about
      n_raters · cases_per_rater / 10 times.

    Returns a DataFrame like :func:`read_class`'s ``frame`` (``rater``, ``organisation``,
    ``model``, ``assessment``, then the items).

    Parameters
    ----------
    model : Model or str, default "altimeter"
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    n_raters : int, default 24
        Students in the class (at least 2).
    cases_per_rater : int, default 5
        Sample organisations each student assesses (1 to 10).
    leniency : float, default 0.35
        Standard deviation of the raters' leniency.
    noise : float, default 0.45
        Standard deviation of the answers' noise (times the statement's ambiguity).
    ambiguity : float, default 0.6
        Spread (log-normal) of the statements' ambiguity.
    missing : float, default 0.02
        Share of answers left blank at random.
    seed : int
        Seed of the random draws; the same seed gives the same result.

    Returns
    -------
    DataFrame
        One row per assessment: ``rater``, ``organisation``, ``assessment`` and the answers.
    """
    import pandas as pd

    from .datasets import load_dataset

    model = load_model(model)
    truth = load_dataset(f"sample_answers_{model.id}")
    names = load_dataset("sample_companies")["organisation"]
    cases = list(truth.index)
    if not 1 <= cases_per_rater <= len(cases):
        raise SettingError(f"cases_per_rater must lie between 1 and {len(cases)} (got {cases_per_rater!r})",
                           code="errors.range", name="cases_per_rater", low=1, high=len(cases), value=cases_per_rater)
    if n_raters < 2:
        raise SettingError(f"a class needs at least 2 raters (got {n_raters!r})",
                           code="errors.at_least", name="n_raters", low=2, value=n_raters)
    rng = np.random.default_rng(seed)
    items = list(model.item_ids)
    lo, hi = min(p.value for p in model.scale), max(p.value for p in model.scale)
    lenient = rng.normal(0, leniency, size=n_raters)
    amb = rng.lognormal(0, ambiguity, size=len(items))
    order = np.concatenate([rng.permutation(len(cases)) for _ in range(n_raters * cases_per_rater // len(cases) + 1)])
    rows = []
    for r in range(n_raters):
        chosen: list[int] = []
        pos = r * cases_per_rater
        while len(chosen) < cases_per_rater:
            c = int(order[pos % len(order)])
            pos += 1
            if c not in chosen:
                chosen.append(c)
        for c in sorted(chosen):
            t = truth.loc[cases[c], items].to_numpy(dtype=float)
            a = np.clip(np.rint(t + lenient[r] + rng.normal(0, noise, size=len(items)) * amb), lo, hi)
            a[rng.random(len(items)) < missing] = np.nan
            rows.append({"rater": f"Person {r + 1:02d}", "organisation": names[cases[c]], "model": model.id,
                         "assessment": f"{cases[c]}-{r + 1:02d}", **dict(zip(items, a))})
    return pd.DataFrame(rows)


def write_class_zip(frame, path: str | Path, model: Model | str, *, extras: bool = True,
                    overwrite: bool = False) -> Path:
    """Pack a class (as from :func:`simulate_class`) like Moodle's "download all submissions": one
    folder ``<student>_<id>_assignsubmission_file_`` per student holding her or his answer file in
    the kit's CSV format (:func:`~socialbiz_kit.responses.answers_csv`). With ``extras`` one student
    also hands in a PDF and one a file with an answer off the scale, as real downloads have.
    Fixed timestamps, so the same class gives the same members.

    Parameters
    ----------
    frame : DataFrame
        A class as :func:`simulate_class` makes it.
    path : str or Path
        The zip file to write.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    extras : bool, default True
        Add a PDF and a file with an answer off the scale, as real downloads have.
    overwrite : bool, default False
        Replace an existing file; without it an existing file is never touched. A link, folder or device is never
        written.

    Returns
    -------
    Path
        The path written.
    """
    from ._io import atomic_write
    from .responses import answers_csv

    model = load_model(model)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        def add(name: str, data: bytes):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 15, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)

        raters = list(dict.fromkeys(frame["rater"]))
        for k, rater in enumerate(raters):
            part = frame[frame["rater"] == rater].set_index("assessment")
            part = part.assign(assessor=rater)[["organisation", "assessor"] + list(model.item_ids)]
            folder = f"{rater}_{100001 + k}_assignsubmission_file_"
            add(f"{folder}/einschaetzungen.csv", answers_csv(part, model).encode("utf-8"))
        if extras:
            add(f"Person 99_{100001 + len(raters)}_assignsubmission_file_/reflexion.pdf",
                b"%PDF-1.4\n% not an answer file\n")
            broken = answers_csv(frame[frame["rater"] == raters[0]].set_index("assessment")
                                 [["organisation"] + list(model.item_ids)].head(1), model)
            lines = broken.splitlines()
            cells = lines[1].split(",")
            cells[2] = "7"
            add(f"Person 98_{100002 + len(raters)}_assignsubmission_file_/einschaetzung_kaputt.csv",
                ("\n".join([lines[0], ",".join(cells)]) + "\n").encode("utf-8"))
    return atomic_write(path, lambda fh: fh.write(buf.getvalue()), overwrite=overwrite, binary=True)


# --------------------------------------------------------------------------- what the class shows
def _check_class(frame, model: Model) -> None:
    need = {"rater", "organisation"}
    if not need <= set(frame.columns):
        raise InputDataError(f"the class table needs the columns rater and organisation (has {', '.join(frame.columns)})",
                             code="errors.class_columns", columns=", ".join(map(str, frame.columns)))
    if frame.empty:
        raise InputDataError("the class table has no assessments", code="errors.class_empty")
    if not set(model.item_ids) & set(frame.columns):
        raise InputDataError(f"the class table holds no answers to model {model.id}", code="errors.class_no_answers", model=model.id)


def _stages(frame, model: Model, threshold: float, rule: str):
    from .scoring import score

    return score(frame.reindex(columns=list(model.item_ids)), model, threshold=threshold, rule=rule,
                 keep_answers=False)["stage"].astype(int)


def reliability_data(frame, values: str, model: Model | str | None = None, *, threshold: float = 0.75,
                     rule: str = DEFAULT_RULE):
    """Raters × cases table for Krippendorff's alpha: the stage (``values="stage"``) or the answer to
    one statement (``values=<item id>``); NaN where a rater did not assess a case. A rater who
    assessed a case twice counts with the later assessment.

    Parameters
    ----------
    frame : DataFrame
        The class table (``rater``, ``organisation``, answers).
    values : str
        ``"stage"`` for the stages, or an item id for that statement's answers.
    model : Model or str, optional
        Needed for the stages.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('supported')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.

    Returns
    -------
    DataFrame
        Raters × cases, NaN where a rater did not assess a case.
    """
    import pandas as pd

    if values == "stage":
        if model is None:
            raise SettingError("the stages need the model (model=...)", code="errors.needs_model")
        model = load_model(model)
        vals = _stages(frame, model, threshold, rule)
    elif values in frame.columns:
        vals = frame[values]
    else:
        raise NotFoundError(f"the class table has no column {values!r} (values is 'stage' or an item id)",
                            code="errors.no_column", name=values)
    long = pd.DataFrame({"rater": frame["rater"].to_numpy(), "organisation": frame["organisation"].to_numpy(),
                         "value": np.asarray(vals, dtype=float)})
    return long.pivot_table(index="rater", columns="organisation", values="value", aggfunc="last", dropna=False)


def stage_distribution(frame, model: Model | str, *, threshold: float = 0.75, rule: str = DEFAULT_RULE):
    """Per case (rows) how many raters put it on each stage (columns), with ``n`` raters, the median
    stage and the share of raters on the most chosen stage (``modal_share``).

    Parameters
    ----------
    frame : DataFrame
        The class table (``rater``, ``organisation``, answers).
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('supported')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.

    Returns
    -------
    DataFrame
        Cases × stages (counts), with ``n``, ``median`` and ``modal_share``.
    """
    import pandas as pd

    from . import ui

    model = load_model(model)
    _check_class(frame, model)
    stage = _stages(frame, model, threshold, rule)
    floor = 1 if model.baseline_stage else 0
    table = pd.crosstab(frame["organisation"].to_numpy(), stage.to_numpy()).reindex(
        columns=range(floor, model.n_stages + 1), fill_value=0)
    table = table.sort_index(key=lambda names: names.map(ui.sort_key))  # German order: Bäckerei before Bodensee
    table.index.name, table.columns.name = "organisation", "stage"
    n = table.sum(axis=1)
    out = table.copy()
    out["n"] = n
    out["median"] = stage.groupby(frame["organisation"].to_numpy()).median().reindex(table.index)
    out["modal_share"] = table.max(axis=1) / n
    return out


def stage_agreement(frame, model: Model | str, *, threshold: float = 0.75, rule: str = DEFAULT_RULE):
    """Krippendorff's alpha of the stages (nominal, ordinal, interval) over all raters and cases,
    with missing ratings allowed (a Series).

    Parameters
    ----------
    frame : DataFrame
        The class table (``rater``, ``organisation``, answers).
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('supported')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.

    Returns
    -------
    Series
        Krippendorff's alpha of the stages by level (nominal, ordinal, interval).
    """
    import pandas as pd

    from .agreement import krippendorff_alpha

    model = load_model(model)
    _check_class(frame, model)
    data = reliability_data(frame, "stage", model, threshold=threshold, rule=rule)
    return pd.Series({level: krippendorff_alpha(data, level=level).alpha for level in ("nominal", "ordinal", "interval")},
                     name="alpha")


def case_agreement(frame, model: Model | str, *, level: str = "ordinal"):
    """Krippendorff's alpha within each case: how far the raters of one organisation agree on its
    statements (the statements are the units, the raters the coders; missing answers allowed; a rater
    who assessed a case twice counts with the later answer to each statement).

    Parameters
    ----------
    frame : DataFrame
        A class as :func:`read_class` or :func:`simulate_class` give it.
    model : Model or str
        The model the answers belong to.
    level : {"nominal", "ordinal", "interval", "ratio"}, default "ordinal"

    Returns
    -------
    DataFrame
        One row per case, sorted by name: ``organisation``, ``raters`` (distinct raters), ``alpha`` (NaN
        where it is not defined: fewer than two raters, or every pairable answer the same) and ``pairable``.
    """
    import pandas as pd

    from . import ui
    from .agreement import krippendorff_alpha

    model = load_model(model)
    _check_class(frame, model)
    items = [i for i in model.item_ids if i in frame.columns]
    rows = []
    for case, part in frame.groupby(frame["organisation"].astype(str), sort=True):
        table = part.groupby(part["rater"].to_numpy(), sort=True)[items].last()  # the last answer given, per rater
        res = krippendorff_alpha(table.to_numpy(dtype=float), level=level)
        rows.append({"organisation": case, "raters": len(table), "alpha": res.alpha, "pairable": res.pairable})
    out = pd.DataFrame(rows, columns=["organisation", "raters", "alpha", "pairable"])
    return out.sort_values("organisation", key=lambda names: names.map(ui.sort_key), ignore_index=True)


def item_agreement(frame, model: Model | str, *, level: str = "ordinal", lang: str = "de"):
    """Krippendorff's alpha per statement (answers of all raters to all cases), lowest first:
    ``item``, ``stage``, ``statement`` (in ``lang``), ``alpha``, ``pairable`` (answers in cases with
    at least two answers).

    Parameters
    ----------
    frame : DataFrame
        The class table (``rater``, ``organisation``, answers).
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    level : str, default "ordinal"
        Level of measurement of the answers for alpha.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per statement, lowest alpha first: ``item``, ``stage``, ``statement``, ``alpha``, ``pairable``.
    """
    import pandas as pd

    from .agreement import krippendorff_alpha

    model = load_model(model)
    _check_class(frame, model)
    rows = []
    for it in model.items:
        if it.id not in frame.columns:
            continue
        res = krippendorff_alpha(reliability_data(frame, it.id), level=level)
        rows.append({"item": it.id, "stage": it.stage, "statement": it.text.get(lang), "alpha": res.alpha,
                     "pairable": res.pairable})
    return pd.DataFrame(rows).sort_values(["alpha", "item"], na_position="first").reset_index(drop=True)


def disagreements(frame, model: Model | str, *, top: int = 5, lang: str = "de"):
    """The statements raters disagree on most, per case: for every case and statement the spread of
    the answers (standard deviation over the raters who answered, at least 3) and their range; the
    ``top`` largest spreads of each case, then the statements that come up most often overall.

    Returns a DataFrame with ``organisation``, ``item``, ``stage``, ``statement``, ``n``, ``mean``,
    ``sd``, ``low``, ``high``, sorted by case and spread.

    Parameters
    ----------
    frame : DataFrame
        The class table (``rater``, ``organisation``, answers).
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    top : int, default 5
        Statements kept per case (at least 1).
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        ``organisation``, ``item``, ``stage``, ``statement``, ``n``, ``mean``, ``sd``, ``low``, ``high``, sorted by
        case and spread.
    """
    import pandas as pd

    from . import ui

    model = load_model(model)
    _check_class(frame, model)
    if top < 1:
        raise SettingError(f"top must be at least 1 (got {top!r})", code="errors.at_least", name="top", low=1, value=top)
    items = [i for i in model.item_ids if i in frame.columns]
    long = frame[["organisation"] + items].melt(id_vars="organisation", var_name="item", value_name="answer").dropna()
    g = long.groupby(["organisation", "item"])["answer"]
    stats = pd.DataFrame({"n": g.size(), "mean": g.mean(), "sd": g.std(ddof=1), "low": g.min(), "high": g.max()})
    stats = stats[stats["n"] >= 3].reset_index()
    by_id = {it.id: it for it in model.items}
    stats["stage"] = stats["item"].map(lambda i: by_id[i].stage)
    stats["statement"] = stats["item"].map(lambda i: by_id[i].text.get(lang))
    german = lambda col: col.map(ui.sort_key) if col.name == "organisation" else col  # noqa: E731
    stats = stats.sort_values(["organisation", "sd", "item"], ascending=[True, False, True], key=german)
    out = stats.groupby("organisation", sort=False).head(top)
    return out[["organisation", "item", "stage", "statement", "n", "mean", "sd", "low", "high"]].reset_index(drop=True)


# --------------------------------------------------------------------------- for people
@keyword_lang("lang")
def present(table, *, lang: str = "de", decimals: int = 2):
    """A result table of this module shown in full for reading: column and index names in ``lang`` (the
    ``classroom`` words of ``data/ui.yaml``), numbers formatted for the language (``0,81``).

    Parameters
    ----------
    table : DataFrame
        A result table of this module.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    decimals : int, default 2
        Decimals of the numbers shown.

    Returns
    -------
    DataFrame
        The table with headers in ``lang`` and numbers as the language writes them.
    """
    from ._tables import present as _present

    return _present(table, "classroom", lang, decimals=decimals)


def plot_distribution(distribution, model: Model | str, *, lang: str = "de", ax=None):
    """Heatmap of :func:`stage_distribution` (cases × stages, counts in the cells); returns the Axes.

    Parameters
    ----------
    distribution : DataFrame
        The table of :func:`stage_distribution`.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    ax : matplotlib Axes, optional
        Where to draw; the current Axes of a new figure when not given.

    Returns
    -------
    Axes
        The Axes drawn on.
    """
    from . import plotting, ui

    model = load_model(model)
    floor = 1 if model.baseline_stage else 0
    counts = distribution[list(range(floor, model.n_stages + 1))]
    ax = plotting.heatmap(counts, title=ui.text("classroom.distribution_title", lang=lang), lang=lang, decimals=0, ax=ax)
    ax.set_xlabel(ui.text("classroom.stage", lang=lang))
    ax.set_ylabel(ui.text("classroom.organisation", lang=lang))
    return ax


def plot_item_agreement(items, *, lang: str = "de", ax=None):
    """Horizontal bars of :func:`item_agreement` (one bar per statement id, lowest at the top);
    axis numbers in the language's format. Returns the Axes.

    Parameters
    ----------
    items : DataFrame
        The table of :func:`item_agreement`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    ax : matplotlib Axes, optional
        Where to draw; the current Axes of a new figure when not given.

    Returns
    -------
    Axes
        The Axes drawn on.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    from . import ui

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.28 * len(items) + 1))
    ordered = items.iloc[::-1]
    ax.barh(ordered["item"], ordered["alpha"], color="#3b6e8f")
    ax.set_xlim(min(0.0, float(items["alpha"].min()) - 0.05), 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: ui.number(v, lang=lang, decimals=1)))
    ax.set_xlabel(ui.text("classroom.alpha", lang=lang))
    ax.set_title(ui.text("classroom.item_alpha_title", lang=lang))
    return ax
