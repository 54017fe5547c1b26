"""Atomic file writes (never a half-written file, never an existing file replaced by accident) and
formula-safe text cells for CSV and XLSX exports.

>>> print(neutralise_formula('=HYPERLINK("x")'), neutralise_formula("Muster GmbH"))
'=HYPERLINK("x") Muster GmbH
>>> restore_formula(neutralise_formula("-2")) == "-2"
True
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write", "neutralise_formula", "restore_formula"]

# OWASP "CSV injection": a spreadsheet treats a cell beginning with one of these as a formula; a leading
# apostrophe is escaped as well, so that reading back is exact. LF too: XML turns a CR into one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "'")


def atomic_write(path: str | Path, write: Callable[[IO], Any], *, overwrite: bool = False, binary: bool = False,
                 hint: str = "pass overwrite=True to replace it") -> Path:
    """Call ``write(fh)`` on a temporary file beside ``path``, then move it into place.

    Raises ``FileExistsError`` when ``path`` exists and ``overwrite`` is false; on any error the
    temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; {hint}")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        fh: IO[Any]
        fh = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def neutralise_formula(value):
    """A text cell made safe for spreadsheets: a leading ``'`` before ``= + - @``, tab, CR, LF or ``'``.

    :func:`restore_formula` gives back exactly the original. Other values pass unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def restore_formula(value):
    """The inverse of :func:`neutralise_formula` (used when the kit reads a file back)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value
