"""A seeded synthetic class (:func:`simulate_class`) and its packing as an LMS download (:func:`write_class_zip`);
re-exported by :mod:`socialbiz_kit.classroom`. The bundled example class was made with both.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

from ._compat import required
from .classroom_files import RATERS, TARGETS
from .errors import SettingError
from .models import Model, load_model

__all__ = ["simulate_class", "write_class_zip"]


# long: most of it is the docstring stating the generative model; the code below follows it step by step
@required(model="altimeter")
def simulate_class(model: Model | str, *, n_raters: int = 24, cases_per_rater: int = 5,
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

    Returns a DataFrame like :func:`~socialbiz_kit.classroom.read_class`'s ``frame`` (``rater``, ``organisation``,
    ``model``, ``assessment``, then the items).

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
        Required, as in :func:`~socialbiz_kit.cohort.simulate`; a call without it still uses ``"altimeter"`` until
        2027-06-30, with a DeprecationWarning.
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

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``cases_per_rater`` lies outside its range; or if ``n_raters`` is below 2.
    """
    import pandas as pd

    from .datasets import load_dataset

    model = load_model(model)
    truth = load_dataset(f"sample_answers_{model.id}")
    names = load_dataset("sample_companies")["organisation"]
    cases = list(truth.index)
    _check_size(n_raters, cases_per_rater, len(cases))
    rng = np.random.default_rng(seed)
    items = list(model.item_ids)
    lo, hi = min(p.value for p in model.scale), max(p.value for p in model.scale)
    lenient = rng.normal(0, leniency, size=n_raters)
    amb = rng.lognormal(0, ambiguity, size=len(items))
    order = np.concatenate([rng.permutation(len(cases)) for _ in range(n_raters * cases_per_rater // len(cases) + 1)])
    rows = []
    for r in range(n_raters):
        for c in _cases_of(order, r, cases_per_rater):
            t = truth.loc[cases[c], items].to_numpy(dtype=float)
            a = np.clip(np.rint(t + lenient[r] + rng.normal(0, noise, size=len(items)) * amb), lo, hi)
            a[rng.random(len(items)) < missing] = np.nan
            rows.append({RATERS: f"Person {r + 1:02d}", TARGETS: names[cases[c]], "model": model.id,
                         "assessment": f"{cases[c]}-{r + 1:02d}", **dict(zip(items, a))})
    return pd.DataFrame(rows)


def _check_size(n_raters: int, cases_per_rater: int, n_cases: int) -> None:
    if not 1 <= cases_per_rater <= n_cases:
        raise SettingError(f"cases_per_rater must lie between 1 and {n_cases} (got {cases_per_rater!r})",
                           code="errors.range", name="cases_per_rater", low=1, high=n_cases, value=cases_per_rater)
    if n_raters < 2:
        raise SettingError(f"a class needs at least 2 raters (got {n_raters!r})",
                           code="errors.at_least", name="n_raters", low=2, value=n_raters)


def _cases_of(order: np.ndarray, r: int, cases_per_rater: int) -> list[int]:
    """The cases rater ``r`` assesses: the next distinct ones of the shuffled hand-out ``order``, sorted."""
    chosen: list[int] = []
    pos = r * cases_per_rater
    while len(chosen) < cases_per_rater:
        c = int(order[pos % len(order)])
        pos += 1
        if c not in chosen:
            chosen.append(c)
    return sorted(chosen)


def write_class_zip(frame, path: str | Path, model: Model | str, *, raters: str = RATERS,
                    targets: str = TARGETS, extras: bool = True, overwrite: bool = False) -> Path:
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
    raters : str, default "rater"
        The column naming who assessed (as pingouin's ``raters=``).
    targets : str, default "organisation"
        The column naming the case assessed (as pingouin's ``targets=``).
    extras : bool, default True
        Add a PDF and a file with an answer off the scale, as real downloads have.
    overwrite : bool, default False
        Replace an existing file; without it an existing file is never touched. A link, folder or device is never
        written.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    OutputFileError
        If the path is a symbolic link, a folder, a device or a named pipe.
    OutputExistsError
        If the file exists and ``overwrite`` is false (a ``FileExistsError``).
    """
    from ._io import atomic_write
    from .responses import answers_csv

    model = load_model(model)
    frame = frame.rename(columns={raters: RATERS, targets: TARGETS})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        def add(name: str, data: bytes):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 15, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)

        names = list(dict.fromkeys(frame[RATERS]))
        for k, rater in enumerate(names):
            part = frame[frame[RATERS] == rater].set_index("assessment")
            part = part.assign(assessor=rater)[[TARGETS, "assessor"] + list(model.item_ids)]
            folder = f"{rater}_{100001 + k}_assignsubmission_file_"
            add(f"{folder}/einschaetzungen.csv", answers_csv(part, model).encode("utf-8"))
        if extras:
            _add_extras(add, frame, names, model)
    return atomic_write(path, lambda fh: fh.write(buf.getvalue()), overwrite=overwrite, binary=True)




def _add_extras(add, frame, names: list, model: Model) -> None:
    """What real downloads also hold: a PDF, and a file with an answer off the scale."""
    from .responses import answers_csv

    add(f"Person 99_{100001 + len(names)}_assignsubmission_file_/reflexion.pdf", b"%PDF-1.4\n% not an answer file\n")
    broken = answers_csv(frame[frame[RATERS] == names[0]].set_index("assessment")
                         [[TARGETS] + list(model.item_ids)].head(1), model)
    lines = broken.splitlines()
    cells = lines[1].split(",")
    cells[2] = "7"
    add(f"Person 98_{100002 + len(names)}_assignsubmission_file_/einschaetzung_kaputt.csv",
        ("\n".join([lines[0], ",".join(cells)]) + "\n").encode("utf-8"))
