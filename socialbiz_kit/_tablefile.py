"""Reading a model table (private; the public names live in :mod:`~socialbiz_kit.builder`): the file or
DataFrame read, its columns and kinds recognised in German or English, every row checked and named by its
spreadsheet row.
"""
from __future__ import annotations

import io
from pathlib import Path

from . import ui
from ._lang import LANGS
from .errors import ModelTableError as ModelTableError  # defined in errors; kept here for old imports

__all__ = ["KINDS", "MODEL_KINDS", "ONCE_KINDS", "STAGE_KINDS", "ModelTableError", "kind_word", "read_table"]

#: The kinds of row, in the order a table lists them; the words are in ``data/ui.yaml`` (model_table.kind_*).
KINDS = ("name", "short_name", "description", "author", "year", "source", "stage", "tagline", "summary",
         "characteristic", "item", "next_step", "note")
MODEL_KINDS = ("name", "short_name", "description", "author", "year", "source")
ONCE_KINDS = ("name", "short_name", "description", "year")
STAGE_KINDS = ("tagline", "summary", "characteristic", "item", "next_step")
_COLUMNS = ("kind", "stage", "de", "en", "id")


def kind_word(kind: str, *, lang: str) -> str:
    """The word for a kind of row in ``lang`` (``"item"`` -> ``"Aussage"``)."""
    return ui.text(f"model_table.kind_{kind}", lang=lang)


def _lookup(prefix: str, names: tuple[str, ...]) -> dict[str, str]:
    """Every accepted spelling (German and English, any case) -> canonical name."""
    out = {}
    for name in names:
        for lang in LANGS:
            out[ui.text(f"model_table.{prefix}{name}", lang=lang).strip().casefold()] = name
        out[name.casefold()] = name
    return out


def _read_raw(source, file: str):
    """The table as strings, and the spreadsheet row of its header."""
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        return source.astype(object).where(source.notna(), "").astype(str), 1
    path = Path(source)
    if not path.exists():
        raise ModelTableError(file, "", "file not found", code="explain.not_found")
    if not path.is_file():  # a folder, a pipe (reading would wait for ever) or a device
        raise ModelTableError(file, "", "not a regular file", code="explain.table_unreadable")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str, keep_default_na=False), 1
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")  # Excel's "CSV (Trennzeichen-getrennt)" on German Windows
        first = text.lstrip().split("\n", 1)[0]
        sep = ";" if first.count(";") >= max(first.count(","), first.count("\t"), 1) else (
            "\t" if first.count("\t") > first.count(",") else ",")
        # blank lines are kept (as empty rows, dropped later) so that every row keeps its spreadsheet number;
        # only blank lines above the header are left out, and counted
        body = text.lstrip("\ufeff").lstrip("\r\n \t")
        above = text.lstrip("\ufeff")[:len(text.lstrip("\ufeff")) - len(body)].count("\n")
        try:
            table = pd.read_csv(io.StringIO(body), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=False)
        except pd.errors.ParserError:  # pandas' English words: said in the kit's own, with the line and the fields
            raise _bad_line(file, body, sep, above) or ModelTableError(file, "", "not a readable table",
                                                                        code="explain.table_unreadable") from None
        return _without_implicit_index(table, file, body, sep, above), above + 1
    except ModelTableError:
        raise
    except Exception as exc:  # pandas / openpyxl: anything that is not a readable table
        raise ModelTableError(file, "", f"not a readable table ({type(exc).__name__}: {exc})",
                              code="explain.table_unreadable") from None


def _records(text: str, sep: str) -> tuple[list[tuple[int, int]], int | None]:
    """The records of a CSV text (:mod:`csv`): (the line each starts on, its number of fields), and the line where
    a quotation mark opens that is never closed (None when every one is closed). A quoted field may hold the
    separator and line breaks; lines are counted from 1, a blank line is a record of no field."""
    import csv

    def read(strict: bool) -> list[tuple[int, int]]:
        reader, found, start = csv.reader(io.StringIO(text), delimiter=sep, strict=strict), [], 1
        for row in reader:
            found.append((start, len(row)))
            start = reader.line_num + 1
        return found

    records = read(strict=False)  # as lenient as pandas: a stray quotation mark inside a field is text
    try:
        read(strict=True)
    except csv.Error as exc:  # only strict reading notices the end of the text inside a quoted field
        if "end of data" in str(exc):
            return records, (records[-1][0] if records else 1)
    return records, None


def _bad_line(file: str, body: str, sep: str, above: int) -> ModelTableError | None:
    """What made pandas refuse the CSV text ``body`` (``above`` blank lines left out above it), as the kit's error
    naming the line: a row with more fields than the header has columns, or a quotation mark never closed; None
    when neither is found."""
    records, opened = _records(body, sep)
    shown = "Tab" if sep == "\t" else sep
    expected = records[0][1] if records else 0
    for start, found in records[1:]:
        if found > expected:
            line = start + above
            return ModelTableError(file, f"row {line}", f"{found} fields, but the header has {expected} columns",
                                   code="explain.table_fields", row=line, found=found, expected=expected, sep=shown)
    if opened is not None:
        return ModelTableError(file, f"row {opened + above}", "a quotation mark is never closed",
                               code="explain.table_quote", row=opened + above)
    return None


def _without_implicit_index(table, file: str, body: str, sep: str, above: int):
    """``table`` as read, unless pandas took its first column as an index because the first data row has one field
    more than the header: then every row was shifted by one column. A separator at the end of each row (an empty
    last field, as some spreadsheets write) is read again without it; a row with a value more is the kit's error
    naming the line, as when pandas refuses a later row."""
    import csv
    import warnings

    import pandas as pd

    if isinstance(table.index, pd.RangeIndex):
        return table
    rows = [r for r in csv.reader(io.StringIO(body), delimiter=sep) if r]
    width = len(rows[0])
    if all(len(r) <= width or (len(r) == width + 1 and not r[-1].strip()) for r in rows[1:]):
        with warnings.catch_warnings():  # pandas: "Length of header or names does not match length of data"
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            return pd.read_csv(io.StringIO(body), sep=sep, dtype=str, keep_default_na=False,
                               skip_blank_lines=False, index_col=False)
    raise _bad_line(file, body, sep, above) or ModelTableError(file, "", "not a readable table",
                                                                code="explain.table_unreadable")


def read_table(source, *, name: str | None = None):
    """The table as a DataFrame with the columns ``row``, ``kind``, ``stage``, ``de``, ``en``, ``id``.

    ``kind`` is the canonical kind (see :data:`KINDS`), ``stage`` an ``int`` or ``None``, ``row`` the
    spreadsheet row. Note rows and empty rows are dropped. Raises :class:`ModelTableError`.

    Parameters
    ----------
    source : str, Path or DataFrame
        The model table: a CSV or XLSX file, or the table itself.
    name : str, optional
        The file name used in messages; the file's own name by default.

    Returns
    -------
    DataFrame
        Columns ``row``, ``kind``, ``stage``, ``de``, ``en``, ``id``; one row per piece of the model.

    Raises
    ------
    ModelTableError
        If the table cannot be read, lacks a column, or a row or the model it describes breaks the model
        schema (the error names the row).
    """
    import pandas as pd

    file = name or (Path(source).name if not isinstance(source, pd.DataFrame) else "<table>")
    raw, header_row = _read_raw(source, file)
    columns = _lookup("col_", _COLUMNS)
    rename = {c: columns[str(c).strip().casefold()] for c in raw.columns if str(c).strip().casefold() in columns}
    raw = raw.rename(columns=rename)
    for needed in ("kind", "stage", "de"):
        if needed not in raw.columns:
            shown = ", ".join(f"„{ui.text(f'model_table.col_{c}', lang='de')}“" for c in ("kind", "stage", "de", "en"))
            raise ModelTableError(file, "", f"column {needed!r} is missing", code="explain.table_columns",
                                  column=ui.text(f"model_table.col_{needed}", lang="de"), columns=shown)
    kinds = _lookup("kind_", KINDS)
    rows = []
    for pos, rec in enumerate(raw.to_dict("records")):
        cell = {k: str(rec.get(k, "") or "").strip() for k in _COLUMNS}
        if any(cell.values()):
            rows.append(_table_row(file, pos + header_row + 1, cell, kinds))
    return pd.DataFrame([r for r in rows if r is not None], columns=["row", *_COLUMNS], dtype=object)


def _table_row(file: str, row: int, cell: dict[str, str], kinds: dict[str, str]) -> dict | None:
    """One filled row of the table, checked: its kind, stage number and texts (``None`` for a note)."""
    kind = kinds.get(cell["kind"].casefold())
    if kind is None:
        allowed = ", ".join(kind_word(k, lang="de") for k in KINDS)
        raise ModelTableError(file, f"row {row}", f"unknown kind {cell['kind']!r}", code="explain.table_kind",
                              row=row, value=cell["kind"], allowed=allowed)
    if kind == "note":
        return None
    shown_kind = kind_word(kind, lang="de")
    stage = None
    if kind in STAGE_KINDS or kind == "stage":
        if not cell["stage"]:
            raise ModelTableError(file, f"row {row}", "the stage number is missing", code="explain.table_no_stage",
                                  row=row, kind=shown_kind)
        try:
            stage = int(float(cell["stage"].replace(",", ".")))
            if float(cell["stage"].replace(",", ".")) != stage:
                raise ValueError
        except (ValueError, OverflowError):  # OverflowError: "inf"
            raise ModelTableError(file, f"row {row}", f"{cell['stage']!r} is not a stage number",
                                  code="explain.table_bad_stage", row=row, kind=shown_kind, value=cell["stage"]) from None
    if not cell["de"]:
        raise ModelTableError(file, f"row {row}", "the German text is empty", code="explain.table_no_text", row=row,
                              kind=shown_kind)
    return {"row": row, "kind": kind, "stage": stage, "de": cell["de"], "en": cell["en"] or cell["de"], "id": cell["id"]}
