"""Where the bundled data lives: ``data/`` in a checkout, ``socialbiz_kit/data`` in a wheel."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["data_dir"]


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """Return the folder that holds ``models/`` and the sample data.

    An installed wheel carries the data inside the package (``socialbiz_kit/data``);
    an editable install or a checkout finds the top-level ``data/`` beside the package. Neither there:
    :class:`~socialbiz_kit.errors.DataMissingError` (a ``FileNotFoundError``).
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "models").is_dir():
            return candidate
    from .errors import DataMissingError

    looked = f"{here / 'data'}, {here.parent / 'data'}"
    raise DataMissingError(
        f"socialbiz_kit cannot find its data folder (looked in {here / 'data'} and {here.parent / 'data'}); "
        "reinstall the kit with 'pip install socialbiz-kit' or run it from a complete checkout.",
        code="errors.data_missing", looked=looked)
