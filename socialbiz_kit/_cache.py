"""Caching the kit's data files: read once, read again when the file changes, handed out read-only.

Private: used by the loaders of ``data/`` (:mod:`~socialbiz_kit.ui`, :mod:`~socialbiz_kit.literature`,
:mod:`~socialbiz_kit.models`, ...). :func:`by_file` keys a loader's cache on the file's path, modification
time (nanoseconds) and size, so a learner who edits a YAML file in JupyterLab sees the edit on the next call
without restarting the kernel. :func:`frozen` turns what a loader returns into values nobody can change by
accident: a caller who changed a shared dict would change it for every later caller.

>>> value = frozen({"a": [1, {"b": 2}]})
>>> value["a"]
(1, mappingproxy({'b': 2}))
>>> value["c"] = 3
Traceback (most recent call last):
...
TypeError: 'mappingproxy' object does not support item assignment
"""
from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

__all__ = ["by_file", "frozen", "file_stamp"]

T = TypeVar("T")


def file_stamp(path: str) -> tuple[int, int] | None:
    """Modification time and size of ``path`` (None when it cannot be read): what a cache is keyed on."""
    try:
        st = os.stat(path)
    except OSError:
        return None  # the loader itself says what is wrong with a missing file
    return st.st_mtime_ns, st.st_size


def by_file(loader: Callable[[str], T], *, maxsize: int = 16) -> Callable[[str], T]:
    """``loader(path)`` cached on the path, modification time and size of that file.

    An error is never cached (the loader raises again next time); ``cache_clear()`` empties the cache.
    """
    @functools.lru_cache(maxsize=maxsize)
    def cached(path: str, stamp: tuple[int, int] | None) -> T:
        return loader(path)

    @functools.wraps(loader)
    def load(path: str) -> T:
        return cached(path, file_stamp(path))

    load.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return load


def frozen(value: Any) -> Any:
    """``value`` with every dict a read-only mapping (``MappingProxyType``) and every list a tuple, all the way down.

    Frozen dataclasses, strings, numbers and other values are returned as they are.
    """
    if isinstance(value, Mapping):
        return MappingProxyType({k: frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(frozen(v) for v in value)
    return value
