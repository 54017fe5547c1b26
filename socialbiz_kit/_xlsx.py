"""Reading the first sheet of an XLSX answer file within fixed bounds (private; used by :mod:`responses`).

A workbook is a zip of XML files, and a small one can stand for a huge table: a declared dimension of
A1:XFD1048576, a row numbered 10^20, a sheet or shared-strings part that unpacks to gigabytes. Before
openpyxl reads anything, the zip's declared sizes are checked (zipfile never unpacks more than a member
declares); the sheet is then read cell by cell as it is stored, without filling in missing rows or
columns, and refused as soon as it leaves the bounds below. Every refusal goes through the caller's
reporter (``rep.fail(code="answers.<key>", row=..., column=..., **params)``), so the learner reads it in German or
English.
"""
from __future__ import annotations

import io
import zipfile
from typing import Any

MAX_UNPACKED = 50_000_000
"""Bytes all parts of one workbook may unpack to (a 5 MB upload of real answers stays far below)."""
MAX_PART = 20_000_000
"""Bytes one part (a sheet, the shared strings) may unpack to."""
MAX_PARTS = 1_000
MAX_ROW = 1_048_576  # Excel's own limits
MAX_COLUMN = 16_384
MAX_CELLS = 2_000_000
"""Filled cells read from the sheet before the file is refused as too large."""


def _mb(n: int, lang: str) -> str:
    from . import ui

    return f"{ui.number(n / 1_000_000, lang=lang, decimals=0 if n % 1_000_000 == 0 else 1)} MB"


def check_zip(raw: bytes, rep: Any) -> None:
    """Refuse a workbook whose parts declare more than the bounds (before any part is unpacked)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        rep.fail(code="answers.bad_xlsx")
    if len(infos) > MAX_PARTS:
        rep.fail(code="answers.bad_xlsx")
    total = sum(i.file_size for i in infos)
    biggest = max((i.file_size for i in infos), default=0)
    if total > MAX_UNPACKED or biggest > MAX_PART:
        over = total > MAX_UNPACKED
        rep.fail(code="answers.xlsx_too_large", size=_mb(total if over else biggest, rep.lang),
                 limit=_mb(MAX_UNPACKED if over else MAX_PART, rep.lang))


def sheet_rows(raw: bytes, rep: Any) -> list[tuple[int, list]]:
    """The first sheet's non-empty rows as (spreadsheet row number, cell texts); a formula cell is refused."""
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    from .errors import AnswerFileError

    check_zip(raw, rep)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        rep.fail(code="answers.bad_xlsx")
    rows: list[tuple[int, list]] = []
    try:
        sheet = book.worksheets[0]
        src = sheet._get_source()
        try:
            parser = WorkSheetParser(src, sheet._shared_strings, data_only=False, epoch=book.epoch,
                                     date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
            _collect(parser.parse(), rows, rep)
        finally:
            src.close()
        if not rows:
            _data_elsewhere(book, rep)
    except AnswerFileError:
        raise
    except (IndexError, KeyError, ValueError, TypeError, OverflowError, EOFError, OSError,
            zipfile.BadZipFile, SyntaxError, NotImplementedError, RuntimeError):  # SyntaxError: XML ParseError
        rep.fail(code="answers.bad_xlsx")  # a shared string that does not exist, a broken cell reference, bad XML, ...
    finally:
        book.close()
    return rows


def _data_elsewhere(book, rep: Any) -> None:
    """A first sheet without data while a later sheet holds some: say which (only the first sheet is read)."""
    seen = 0
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows(values_only=True):
            seen += len(row)
            if seen > MAX_CELLS:
                return
            if any(v is not None and str(v).strip() for v in row):
                rep.fail(code="answers.first_sheet_empty", first=book.worksheets[0].title, sheet=sheet.title)


def _collect(parsed, rows: list[tuple[int, list]], rep: Any) -> None:
    from openpyxl.utils import get_column_letter

    from . import ui

    far = {"rows": ui.number(MAX_ROW, lang=rep.lang, decimals=0), "cols": ui.number(MAX_COLUMN, lang=rep.lang, decimals=0)}
    header: list[str] | None = None
    cells_read = 0
    for number, cells in parsed:
        if number > MAX_ROW:
            rep.fail(code="answers.xlsx_far_cell", row=number, **far)
        values: dict[int, str] = {}
        for cell in cells:
            column, value, kind = cell["column"], cell["value"], cell["data_type"]
            cells_read += 1
            if cells_read > MAX_CELLS:
                rep.fail(code="answers.xlsx_too_many_cells", limit=ui.number(MAX_CELLS, lang=rep.lang, decimals=0))
            if column > MAX_COLUMN:
                rep.fail(code="answers.xlsx_far_cell", row=number, **far)
            if kind == "f" or (isinstance(value, str) and value.startswith("=") and kind != "s"):
                name = header[column - 1] if header and column <= len(header) else get_column_letter(column)
                rep.fail(code="answers.formula", row=number, column=name, formula=str(value)[:40])
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if header is not None and column > len(header):
                rep.fail(code="answers.not_table", row=number)  # a cell right of the table: refused where it is
            values[column] = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        if values:
            width = len(header) if header is not None else max(values)
            rows.append((number, [values.get(c) for c in range(1, width + 1)]))
            if header is None:
                header = [v if v is not None else "" for v in rows[-1][1]]
