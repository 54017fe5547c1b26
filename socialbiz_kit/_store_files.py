"""The file side of :mod:`socialbiz_kit.store` (private): placing a new store file, telling damage from other
failures, and the Excel export.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["XLSX_CELL_LIMIT", "is_damage", "place_new", "write_xlsx"]


XLSX_CELL_LIMIT = 32_767
"""Characters an Excel cell holds (one is kept for the ``'`` that makes a text formula-safe)."""


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite says the file itself is damaged (rather than full, read-only, locked, ...)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in str(exc)


def place_new(tmp: Path, path: Path) -> None:
    """Move the finished new store ``tmp`` to ``path`` unless another process has put one there first
    (then that one is kept); a 0-byte file left by an earlier crash is replaced."""
    import os

    try:
        os.link(tmp, path)  # fails if path exists: never replaces another process's store
    except FileExistsError:
        if path.is_file() and path.stat().st_size == 0:
            os.replace(tmp, path)
    except OSError:  # a file system without hard links
        if not path.exists() or (path.is_file() and path.stat().st_size == 0):
            os.replace(tmp, path)


def write_xlsx(answers, fh) -> None:
    """Wide answers as a workbook: text cells typed as text (never a formula), answers as numbers."""
    import math

    import openpyxl

    from ._io import neutralise_formula

    book = openpyxl.Workbook()
    sheet = book.active
    frame = answers.reset_index()
    sheet.append([str(c) for c in frame.columns])
    for record in frame.itertuples(index=False):
        row: list[int | float | str | None] = []
        for value in record:
            if isinstance(value, float) and math.isnan(value):
                row.append(None)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                row.append(int(value) if float(value).is_integer() else float(value))
            else:
                row.append(None if value is None else neutralise_formula(str(value)))
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text cell, whatever it begins with
    book.save(fh)
