"""The validation set on disk (``data/validation/``): profiles, intended stages, answers and answering rounds,
read and checked against each other. :mod:`socialbiz_kit.validation` measures the instrument on it (and
re-exports these loaders).

Examples
--------
>>> answers, intended = load_validation("cotc")
>>> bool(answers.index.equals(intended.index))
True
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._data import data_dir
from ._yaml import kind, read_yaml
from .errors import DataFileError
from .models import Model, load_model

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["load_validation", "load_profiles", "load_rounds", "SAMPLES", "KINDS", "HARD_CASES"]

SAMPLES = ("development", "holdout")
KINDS = ("company", "public_body", "ngo", "hospital", "university", "small_firm")
"""The kinds of organisation a profile may have (``kind``; data/validation/README.md)."""
HARD_CASES = ("none", "born_digital", "regressed", "between_stages", "uneven")
"""The kinds of hard case an intended stage may name (``hard_case``, default ``none``)."""


def _folder():
    return data_dir() / "validation"


def load_profiles(model: Model | str) -> pd.DataFrame:
    """The organisations of the validation set of a model: ``id`` (index), ``name``, ``kind``, ``sector``,
    ``profile`` (German), ``intended_stage``, ``hard_case``, ``rationale`` (the profile writer's, English) and
    ``sample`` (``development`` or ``holdout``, see :data:`SAMPLES`), ``holdout_of`` (the instrument version
    whose holdout the organisation was, empty if none: an old holdout becomes development data once statements
    change because of it) and ``holdout_round`` (which holdout of the current version the organisation belongs to,
    1, 2, …, from the key ``holdout_round``, default 1; 0 for development data): a second holdout tests what was
    decided after the first, such as the default rule.

    Parameters
    ----------
    model : Model or str

    Returns
    -------
    DataFrame
        One row per organisation.

    Raises
    ------
    DataFileError
        When an entry lacks a required key, its intended stage is not a stage of the model or its sample is not
        one of :data:`SAMPLES`, or a profile has no intended stage or the other way round (naming the file, the
        entry and the key); also when a ``kind`` is not one of :data:`KINDS` or a ``hard_case`` not one of
        :data:`HARD_CASES`.
    """
    import pandas as pd

    model = load_model(model)
    path = _folder() / f"profiles_{model.id}.yaml"
    key_path = _folder() / f"intended_{model.id}.yaml"
    profiles = _entries(path, ("id", "name", "kind", "sector", "profile"))
    key = {row["id"]: row for row in _entries(key_path, ("id", "intended_stage"))}
    stages = set(range(model.lowest_stage, model.n_stages + 1))
    rows = []
    for p in profiles:
        if p["id"] not in key:
            raise DataFileError(key_path, p["id"], "no intended stage for this profile", code="explain.no_intended")
        k = key[p["id"]]
        if isinstance(k["intended_stage"], bool) or k["intended_stage"] not in stages:
            raise DataFileError(key_path, f"{p['id']}.intended_stage",
                                f"must be one of the model's stages {sorted(stages)}, got {k['intended_stage']!r}",
                                code="explain.not_allowed", value=k["intended_stage"], allowed=", ".join(map(str, sorted(stages))))
        sample = k.get("sample", "development")
        _one_of(key_path, f"{p['id']}.sample", sample, SAMPLES)
        _one_of(key_path, f"{p['id']}.hard_case", k.get("hard_case", "none"), HARD_CASES)
        _one_of(path, f"{p['id']}.kind", p["kind"], KINDS)
        rows.append({**{c: p[c] for c in ("id", "name", "kind", "sector", "profile")},
                     "intended_stage": int(k["intended_stage"]), "hard_case": k.get("hard_case", "none"),
                     "rationale": k.get("rationale", ""), "sample": sample,
                     "holdout_of": str(k.get("holdout_of", "")),
                     "holdout_round": int(k.get("holdout_round", 1)) if sample == "holdout" else 0})
    extra = sorted(set(key) - {p["id"] for p in profiles})
    if extra:
        raise DataFileError(key_path, extra[0], f"an intended stage but no profile in {path.name}",
                            code="explain.no_profile", other=path.name)
    return pd.DataFrame(rows).set_index("id")


def _one_of(path, where: str, value, allowed: tuple[str, ...]) -> None:
    """Refuse a value of a validation file that is not one of ``allowed`` (naming the file, the entry and the key)."""
    if value not in allowed:
        raise DataFileError(path, where, f"must be one of {list(allowed)}, got {value!r}",
                            code="explain.not_allowed", value=value, allowed=", ".join(allowed))


def _entries(path, required: tuple[str, ...]) -> list[dict]:
    """The list of mappings in a validation file, each checked for its required keys."""
    entries = read_yaml(path)
    if not isinstance(entries, list):
        raise DataFileError(path, "", "must be a list of entries", code="explain.not_list", got=kind(entries))
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise DataFileError(path, f"[{i}]", "must be a mapping", code="explain.not_mapping", got=kind(entry))
        for key in required:
            if key not in entry:
                raise DataFileError(path, f"[{i}].{key}", "required key is missing", code="explain.missing_key", entry=key)
    return entries


def load_rounds() -> list[dict]:
    """The answering rounds of the validation (``data/validation/rounds.yaml``): ``round``, ``model``,
    ``statements``, ``answerers`` and ``why`` per entry.

    Returns
    -------
    list of dict

    Raises
    ------
    DataFileError
        When an entry lacks one of those keys (naming the file, the entry and the key).
    """
    return _entries(_folder() / "rounds.yaml", ("round", "model", "statements", "answerers", "why"))


def load_validation(model: Model | str, *, version: str | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """The blind answers (wide, one row per organisation, NaN = "weiß nicht") and the intended stages.

    Parameters
    ----------
    model : Model or str
    version : str, optional
        An earlier instrument version whose answers are archived (see :func:`answers_and_profiles`); the current
        one by default.

    Returns
    -------
    (DataFrame, Series)
        Answers indexed by organisation id with one column per item, and ``intended_stage`` on the same index.

    Raises
    ------
    DataFileError
        When an organisation has answers but no profile, or the other way round.
    SettingError
        When no answers of ``version`` are archived.
    """
    answers, profiles = answers_and_profiles(model, version=version)
    return answers, profiles["intended_stage"]


def answers_and_profiles(model: Model | str, *, version: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The answers and the profiles of a model's validation set, read once and checked against each other.

    Parameters
    ----------
    model : Model or str
    version : str, optional
        An earlier instrument version: its answers as they stood before the next version's rounds replaced some
        (``answers_<model>_<version>.csv``, kept so that published figures of that version can be recomputed), for
        the organisations known then; the holdouts of that version (``holdout_of``) are the holdout sample again,
        with their ``holdout_round``. The current version by default. A statement's stage is the same in every
        version with archived answers, so the current model scores them.

    Returns
    -------
    (DataFrame, DataFrame)
        The answers (one row per organisation, the model's items as columns) and :func:`load_profiles` on the
        same index.

    Raises
    ------
    DataFileError
        When an organisation has answers but no profile, or the other way round.
    SettingError
        When no answers of ``version`` are archived (naming the versions that are).
    """
    from .responses import read_responses

    model = load_model(model)
    profiles = load_profiles(model)
    if version is None or version == model.version:
        path = _folder() / f"answers_{model.id}.csv"
    else:
        path = _folder() / f"answers_{model.id}_{version}.csv"
        if not path.is_file():
            from .errors import SettingError

            kept = sorted(f.stem.rsplit("_", 1)[1] for f in _folder().glob(f"answers_{model.id}_*.csv"))
            raise SettingError(f"version: no archived answers of {model.id} {version!r}; archived: {kept}",
                               code="errors.choice", name="version", value=version, allowed=", ".join(kept) or "–")
        old = profiles["holdout_of"] == version
        stored = {k["id"]: int(k.get("holdout_round", 1)) for k in _entries(_folder() / f"intended_{model.id}.yaml", ("id",))}
        profiles = profiles.assign(sample=profiles["sample"].where(~old, "holdout"),
                                   holdout_round=[stored[i] if o else 0 for i, o in old.items()])
    answers = read_responses(path, model)
    if path.name != f"answers_{model.id}.csv":  # an archive holds the organisations known then, not later ones
        profiles = profiles[profiles.index.isin(answers.index)]
    missing = sorted(set(profiles.index) - set(answers.index))
    extra = sorted(set(answers.index) - set(profiles.index))
    if missing or extra:
        raise DataFileError(path, (missing + extra)[0],
                            f"answers and profiles disagree (without answers: {missing}, without profile: {extra})",
                            code="explain.profiles_answers", missing=", ".join(missing) or "–", extra=", ".join(extra) or "–")
    return answers.loc[profiles.index, list(model.item_ids)], profiles
