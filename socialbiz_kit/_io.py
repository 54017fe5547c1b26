"""Atomic file writes (never a half-written file, never an existing file replaced by accident) and
formula-safe text cells for CSV and XLSX exports.

>>> print(neutralise_formula('=HYPERLINK("x")'), neutralise_formula("Muster GmbH"))
'=HYPERLINK("x") Muster GmbH
>>> restore_formula(neutralise_formula("-2")) == "-2"
True
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write", "refuse_existing", "neutralise_formula", "restore_formula", "formula_safe_frame", "csv_text"]

# OWASP "CSV injection": a spreadsheet treats a cell beginning with one of these as a formula; a leading
# apostrophe is escaped as well, so that reading back is exact. LF too: XML turns a CR into one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "'")


def atomic_write(path: str | Path, write: Callable[[IO], Any], *, overwrite: bool = False, binary: bool = False,
                 hint: str = "pass overwrite=True to replace it", option: str | None = "overwrite=True") -> Path:
    """Call ``write(fh)`` on a temporary file beside ``path``, then move it into place.

    Raises :class:`~socialbiz_kit.errors.OutputExistsError` (a ``FileExistsError``) when ``path`` exists and
    ``overwrite`` is false: its message ends in ``hint``, its explanation names ``option``, the caller's way to
    replace the file (``"overwrite=True"``, ``"--force"``; None when there is none). It raises
    :class:`~socialbiz_kit.errors.OutputFileError` when ``path`` is anything but a regular file (a symbolic
    link, a folder, a device, a named pipe): those are never replaced, with or without ``overwrite``. On any
    error the temporary file is removed and ``path`` is left as it was. A new file gets the permissions
    the umask gives (as any tool's would); a replaced file keeps its own.
    """
    path = Path(path)
    keep = _replaceable_mode(path, overwrite, hint, option)
    tmp, fd = _temporary(path, 0o666 if keep is None else keep)
    try:
        if keep is not None and os.chmod in os.supports_fd:
            os.chmod(fd, keep)  # the umask narrowed it at creation; the file being replaced had these
        fh: IO[Any]
        fh = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise
    return path


def _replaceable_mode(path: Path, overwrite: bool, hint: str, option: str | None) -> int | None:
    """None for a new path; the permission bits of an existing regular file that may be replaced."""
    import stat

    from .errors import OutputFileError

    try:
        st = os.lstat(path)  # the link itself, never what it points to
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        raise OutputFileError(f"{path} is a symbolic link; the kit does not write through links (choose another name)",
                              code="errors.output_link", path=str(path))
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (a device, pipe or socket)"
        raise OutputFileError(f"{path} is {kind}; the kit writes only regular files (choose another name)",
                              code="errors.output_not_file", path=str(path))
    if not overwrite:
        raise refuse_existing(path, hint, option)
    return stat.S_IMODE(st.st_mode)


def refuse_existing(path: str | Path, hint: str, option: str | None = "overwrite=True"):
    """The error for an existing ``path`` a writer was not told to replace (``hint`` ends the message, ``option``
    is named in the explanation; None: the file has to go or the name to change).

    >>> err = refuse_existing("bericht.html", "use --force to replace it", "--force")
    >>> str(err), err.code, isinstance(err, FileExistsError)
    ('bericht.html exists; use --force to replace it', 'errors.output_exists', True)
    """
    from .errors import OutputExistsError

    return OutputExistsError(f"{path} exists; {hint}", code="errors.output_exists" if option else "errors.output_exists_keep",
                             path=str(path), option=option)


def _temporary(path: Path, mode: int) -> tuple[str, int]:
    """A new file beside ``path`` created with ``mode`` (less the umask), opened for writing."""
    import secrets

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        tmp = os.path.join(path.parent, f".{path.name[:180]}.{secrets.token_hex(4)}.tmp")
        try:
            return tmp, os.open(tmp, flags, mode)
        except FileExistsError:
            continue


def neutralise_formula(value):
    """A text cell made safe for spreadsheets: a leading ``'`` before ``= + - @``, tab, CR, LF or ``'``.

    :func:`restore_formula` gives back exactly the original. Other values pass unchanged.

    Parameters
    ----------
    value : object
        A cell's value.

    Returns
    -------
    object
        The value, a text with the leading ``'`` where needed.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def restore_formula(value):
    """The inverse of :func:`neutralise_formula` (used when the kit reads a file back)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def formula_safe_frame(frame):
    """A copy of a DataFrame for a CSV file: every text cell, index label and column name passed through
    :func:`neutralise_formula` (the one rule for every file the kit writes that a spreadsheet opens)."""
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_formula)
    if isinstance(out.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_tuples([tuple(neutralise_formula(v) for v in t) for t in out.index],
                                              names=out.index.names)
    else:
        out.index = pd.Index([neutralise_formula(v) for v in out.index], name=out.index.name, dtype=object)
    out.columns = [neutralise_formula(c) for c in out.columns]
    return out


def csv_text(frame, *, index: bool) -> str:
    """A DataFrame as CSV text for a file a spreadsheet may open: formula-safe (:func:`formula_safe_frame`),
    and with CR LF line ends when a text holds a carriage return (the csv module quotes a CR only when
    it is part of the line end), so that the kit reads every text back as it was."""
    safe = formula_safe_frame(frame)
    texts = [v for v in [*safe.index, *safe.columns, *safe.to_numpy().ravel()] if isinstance(v, str)]
    has_cr = any("\r" in v for v in texts)
    return safe.to_csv(index=index, lineterminator="\r\n" if has_cr else "\n")
