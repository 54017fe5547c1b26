"""What a public function was handed (private): a table where a table is needed, a text where a text is.

Each check returns what it was given, or raises an :class:`~socialbiz_kit.errors.InputDataError` whose code
(``errors.not_frame``, ``errors.not_text``) explains it in the learner's language, instead of the
``AttributeError`` or ``TypeError`` Python would raise a few lines further down.

>>> need_text("Ein Satz.", "text")
'Ein Satz.'
>>> need_frame([[1, 2]], "responses")
Traceback (most recent call last):
...
socialbiz_kit.errors.InputDataError: responses: expected a pandas DataFrame, got list
"""
from __future__ import annotations

from typing import Any

from .errors import InputDataError

__all__ = ["need_frame", "need_text"]


def need_frame(obj: Any, what: str, *, series: bool = False, dask: bool = False) -> Any:
    """``obj`` if it is a pandas DataFrame (also a Series with ``series=True``, also a Dask frame with
    ``dask=True``), else an :class:`~socialbiz_kit.errors.InputDataError` naming ``what``."""
    import pandas as pd

    kinds: tuple[type, ...] = (pd.DataFrame, pd.Series) if series else (pd.DataFrame,)
    if isinstance(obj, kinds) or (dask and type(obj).__module__.startswith("dask")):
        return obj
    expected = "a pandas DataFrame or Series" if series else "a pandas DataFrame"
    raise InputDataError(f"{what}: expected {expected}, got {type(obj).__name__}",
                         code="errors.not_frame", what=what, got=type(obj).__name__)


def need_text(obj: Any, what: str) -> str:
    """``obj`` if it is a ``str``, else an :class:`~socialbiz_kit.errors.InputDataError` naming ``what``."""
    if isinstance(obj, str):
        return obj
    raise InputDataError(f"{what}: expected a text (str), got {type(obj).__name__}",
                         code="errors.not_text", what=what, got=type(obj).__name__)
