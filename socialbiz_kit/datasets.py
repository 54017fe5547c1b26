"""Bundled data sets, by name.

>>> list_datasets()
['sample_answers_altimeter', 'sample_answers_cotc', 'sample_companies']
>>> load_dataset("sample_companies").shape
(10, 8)
>>> load_dataset("sample_answers_cotc").loc["quellwerk", "fully_engaged_strategy"]
np.float64(4.0)
"""
from __future__ import annotations

from pathlib import Path

from ._data import data_dir
from .errors import SettingError

__all__ = ["list_datasets", "load_dataset", "data_path", "describe_datasets"]

_REGISTRY = {
    "sample_companies": ("sample_companies.csv", "Ten fictional German-speaking organisations with a profile in German and English"),
    "sample_answers_altimeter": ("sample_answers_altimeter.csv", "The sample organisations' answers to the Altimeter self-check"),
    "sample_answers_cotc": ("sample_answers_cotc.csv", "The sample organisations' answers to the Church of the Customer self-check"),
}


def list_datasets() -> list[str]:
    """Names accepted by :func:`load_dataset`."""
    return sorted(_REGISTRY)


def describe_datasets():
    """Name, file and a one-line description of each bundled data set."""
    import pandas as pd

    return pd.DataFrame([(n, f, d) for n, (f, d) in sorted(_REGISTRY.items())], columns=["name", "file", "description"])


def _check(name: str) -> str:
    if name not in _REGISTRY:
        raise SettingError(f"unknown data set {name!r}; available: {', '.join(list_datasets())}")
    return name


def data_path(name_or_file: str) -> Path:
    """Path of a bundled data file, by data-set name or file name."""
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
    """
    import pandas as pd

    _check(name)
    path = data_path(name)
    if name.startswith("sample_answers_"):
        from .responses import read_responses

        return read_responses(path, name.removeprefix("sample_answers_"))
    return pd.read_csv(path, encoding="utf-8").set_index("assessment")
