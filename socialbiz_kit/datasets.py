"""Bundled data sets, by name.

>>> list_datasets()
['sample_answers_altimeter', 'sample_answers_cotc', 'sample_companies']
>>> load_dataset("sample_companies").shape
(10, 10)
>>> load_dataset("sample_answers_cotc").loc["quellwerk", "fully_engaged_strategy"]
np.float64(4.0)
"""
from __future__ import annotations

from pathlib import Path

from ._checks import on_scale
from ._data import data_dir
from ._yaml import Checker, read_yaml, unique
from .errors import ReferenceProfilesError, SettingError

__all__ = ["list_datasets", "load_dataset", "data_path", "describe_datasets", "load_reference_profiles",
           "ReferenceProfilesError"]

_REGISTRY = {
    "sample_companies": ("sample_companies.csv", "Ten fictional German-speaking organisations with a profile in German and English"),
    "sample_answers_altimeter": ("sample_answers_altimeter.csv", "The sample organisations' answers to the Altimeter self-check"),
    "sample_answers_cotc": ("sample_answers_cotc.csv", "The sample organisations' answers to the Church of the Customer self-check"),
}


def list_datasets() -> list[str]:
    """Names accepted by :func:`load_dataset`.

    Returns
    -------
    list of str
        The names, sorted.
    """
    return sorted(_REGISTRY)


def describe_datasets():
    """Name, file and a one-line description of each bundled data set.

    Returns
    -------
    DataFrame
        ``name``, ``file``, ``description``.
    """
    import pandas as pd

    return pd.DataFrame([(n, f, d) for n, (f, d) in sorted(_REGISTRY.items())], columns=["name", "file", "description"])


def _check(name: str) -> str:
    if name not in _REGISTRY:
        raise SettingError(f"unknown data set {name!r}; available: {', '.join(list_datasets())}", code="errors.no_dataset",
                           name=name, known=", ".join(list_datasets()))
    return name


def data_path(name_or_file: str) -> Path:
    """Path of a bundled data file, by data-set name or file name.

    Parameters
    ----------
    name_or_file : str
        A data-set name or the name of a file in ``data/``.

    Returns
    -------
    Path
        The file's path.

    Raises
    ------
    SettingError
        If there is no data set of that name.
    """
    if name_or_file in _REGISTRY:
        return data_dir() / _REGISTRY[name_or_file][0]
    files = {f for f, _ in _REGISTRY.values()}
    if name_or_file in files:
        return data_dir() / name_or_file
    _check(name_or_file)
    raise AssertionError("unreachable")  # pragma: no cover


def load_dataset(name: str):
    """A bundled data set as a DataFrame.

    ``sample_companies`` is indexed by ``assessment`` (the id also used in the answer files);
    ``sample_answers_<model>`` are checked wide answers as from :func:`socialbiz_kit.responses.read_responses`.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets`.

    Returns
    -------
    DataFrame
        The data set (index ``assessment``).

    Raises
    ------
    SettingError
        If there is no data set of that name.
    """
    import pandas as pd

    _check(name)
    path = data_path(name)
    if name.startswith("sample_answers_"):
        from .responses import read_responses

        return read_responses(path, name.removeprefix("sample_answers_"))
    return pd.read_csv(path, encoding="utf-8").set_index("assessment")


def load_reference_profiles(model, path: str | Path | None = None):
    """The reference profiles of one model (``data/reference_profiles.yaml``): an honest organisation at each
    stage, with the stage it was written for and a one-line rationale.

    Returns a DataFrame indexed by ``assessment`` (the profile id) with ``organisation``, ``sector_de``,
    ``sector_en``, ``stage``, ``rationale_de``, ``rationale_en`` and one column per item (NaN where the file has
    ``null``, "weiß nicht"), ready for
    :func:`socialbiz_kit.scoring.score`. The file's ``margin`` is in ``frame.attrs["margin"]``.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    path : str or Path, optional
        A file of your own; ``data/reference_profiles.yaml`` by default.

    Returns
    -------
    DataFrame
        The profiles (columns above), ``attrs["margin"]`` set.

    Raises
    ------
    ModelFileError
        If ``model`` is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    ReferenceProfilesError
        If the file is missing, unreadable, not valid YAML, breaks the profiles schema or does not fit the
        model.

    Examples
    --------

    >>> ref = load_reference_profiles("altimeter")
    >>> ref["stage"].tolist()
    [0, 1, 2, 3, 4, 5, 6]
    """
    import pandas as pd

    from .models import load_model

    model = load_model(model)
    path = Path(path) if path is not None else data_dir() / "reference_profiles.yaml"
    c = Checker(path, ReferenceProfilesError)
    raw = read_yaml(path, ReferenceProfilesError, needs="schema_version, margin and profiles")
    top = c.mapping(raw, "", {"schema_version": c.integer, "margin": c.number, "profiles": c.seq(lambda v, k: v, min_len=1)}, {})
    if top["schema_version"] != 1:
        c.fail("schema_version", "this kit reads schema version 1 only", code="explain.schema_version")
    rows = []
    for i, value in enumerate(top["profiles"]):
        key = f"profiles[{i}]"
        f = c.mapping(value, key, {"id": c.identifier, "model": c.identifier, "stage": c.integer,
                                   "organisation": c.string, "sector": c.text, "rationale": c.text,
                                   "answers": lambda v, k: v}, {})
        if f["model"] == model.id:
            rows.append(_profile_row(c, model, key, f))
    unique(c, [r["assessment"] for r in rows], "profiles", "profile id")
    frame = pd.DataFrame(rows).set_index("assessment")
    frame.attrs["margin"] = top["margin"]
    return frame


def _profile_row(c: Checker, model, key: str, f: dict) -> dict:
    """One profile of ``model`` as a row: its stage in range, one answer on the scale per item."""
    floor = model.lowest_stage
    if not floor <= f["stage"] <= model.n_stages:
        c.fail(f"{key}.stage", f"must lie between {floor} and {model.n_stages} for model {model.id!r}",
               code="explain.stage_range", value=f["stage"], low=floor, high=model.n_stages)
    stages = {s.id: s for s in model.scored_stages}
    def answer(v, k):  # a whole number of the scale, or null for "weiß nicht"
        return None if v is None else c.integer(v, k)

    answers = c.mapping(f["answers"], f"{key}.answers", {sid: c.seq(answer) for sid in stages}, {})
    row = {"assessment": f["id"], "organisation": f["organisation"], "sector_de": f["sector"].de,
           "sector_en": f["sector"].en, "stage": f["stage"], "rationale_de": f["rationale"].de,
           "rationale_en": f["rationale"].en}
    allowed = {p.value for p in model.scale}
    for sid, values in answers.items():
        items = stages[sid].items
        if len(values) != len(items):
            c.fail(f"{key}.answers.{sid}", f"needs {len(items)} answers (one per item of stage {sid!r}), got {len(values)}",
                   code="explain.answer_count", need=len(items), got=len(values))
        for j, (item, v) in enumerate(zip(items, values)):
            if v is not None and not on_scale(v, allowed):
                c.fail(f"{key}.answers.{sid}[{j}]", f"{v} is not on the scale ({', '.join(map(str, sorted(allowed)))})",
                       code="explain.off_scale", value=v, allowed=", ".join(map(str, sorted(allowed))))
            row[item.id] = float("nan") if v is None else float(v)
    return row
