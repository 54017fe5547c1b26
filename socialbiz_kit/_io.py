"""Atomic file writes: never a half-written file, never an existing file replaced by accident."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write"]


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
