"""Reading an answer file into a table of strings (private): the first step of
:func:`socialbiz_kit.responses.read_responses`, before any answer is checked.

CSV (UTF-8 with or without BOM, UTF-16, cp1252; ``,`` ``;`` or tab) and XLSX (the first sheet, :mod:`._xlsx`). Every
problem is raised by a :class:`Reporter`, which names the file, the row (as a spreadsheet shows it) and the column.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Collection
from pathlib import Path
from typing import Any, NoReturn

from . import ui
from ._io import restore_formula
from ._lang import check_lang
from ._nearest import ID, near_choices, near_id, near_long, nearest
from .errors import AnswerFileError
from .explain import separator_word
from .models import Model, item_labels, list_models, load_model

__all__ = ["Reporter", "read_table"]


class Reporter:
    """Raises the :class:`AnswerFileError` of one file, in one language."""

    def __init__(self, file: str, lang: str, model: Model | str | None = None):
        self.file, self.lang = file, check_lang(lang)
        self.labels: dict[str, str] = {}
        self.all_labels: dict[str, dict[str, str]] = {}
        if model is not None:
            self.know(model)

    def know(self, model: Model | str) -> None:
        """Name statement columns by their short label ("Planung 1") from now on, in the message and, in both
        languages, in the error (``column_labels``, for :func:`~socialbiz_kit.explain.explain_error`)."""
        self.all_labels = {lang: item_labels(model, lang=lang) for lang in ("de", "en")}
        self.labels = self.all_labels[self.lang]

    def fail(self, *, code: str, row: int | None = None, column: str | None = None, shown: dict[str, str] | None = None,
             **params: Any) -> NoReturn:
        """Raise an :class:`AnswerFileError` naming file, row and column; ``code`` is its words in ``data/ui.yaml``,
        filled with ``params`` (kept in the error) or, where ``shown`` has one, with the value as the message shows
        it."""
        where = [self.file]
        if row is not None:
            where.append(f"{ui.text('answers.row', lang=self.lang)} {row}")
        if column is not None:
            label = self.labels.get(column)
            where.append(ui.text("answers.column_item", lang=self.lang, column=column, label=label) if label
                         else ui.text("answers.column_named", lang=self.lang, column=column))
        error = AnswerFileError(f"{', '.join(where)}: {ui.text(code, lang=self.lang, **{**params, **(shown or {})})}",
                                file=self.file, row=row, column=column,
                                other_model=params.get("other") if code == "answers.other_model" else None,
                                code=code, **params)
        if column in self.labels:
            error.column_labels = {lang: labels[column] for lang, labels in self.all_labels.items()}
        raise error

    def unknown(self, name: str, where: str, model: Model, row: int | None = None) -> NoReturn:
        """Raise the error of an unknown column (``where`` "wide" or "long": the file's layout) or of an unknown
        statement in the ``item`` column (``where`` "item"), with the name it most likely means when one is close
        (:mod:`socialbiz_kit._nearest`)."""
        near = nearest(name, near_choices(model)[where])
        if where == "item":
            self.fail(code="answers.unknown_item_near" if near else "answers.unknown_item", row=row, column="item",
                      item=name, model=model.id, near=near)
        self.fail(code="answers.unknown_col_near" if near else "answers.unknown_col", column=name, col=name,
                  model=model.id, near=near)

    def no_id(self, columns: list[str], items: Collection[str], known: Collection[str]) -> NoReturn:
        """Raise the error of a file without the id column ``assessment``: naming the column that most likely means
        it (:func:`~socialbiz_kit._nearest.near_id`; ``items``: the statement ids of the model answered), else
        ``answers.no_id`` when a column is a statement (``known``: of any model the file may answer), ``item`` or
        ``answer``, else ``answers.not_table``."""
        near = near_id(columns, items)
        if near is not None:
            self.fail(code="answers.no_id_near", column=near, col=near, near=ID)
        if set(columns) & (set(known) | {"item", "answer"}):
            self.fail(code="answers.no_id")
        self.fail(code="answers.not_table")

    def layout(self, columns: list[str], model: Model | str | None) -> None:
        """Raise the error of a file's columns when they are not those of the long layout, before the model is
        known (``model``: the one given, if any): no id column (:meth:`no_id`), or the long layout but for the name of
        its ``item`` or ``answer`` column ("itme", "Aussage", "Antwort"), naming that column and the name it means
        (``answers.long_col_near``, :func:`~socialbiz_kit._nearest.near_long`). A file with a statement of any
        bundled model, or of ``model``, as a column is in the wide layout: not refused here."""
        known = {i for name in list_models() for i in load_model(name).item_ids}  # and the model's, if one of its own
        items = set(load_model(model).item_ids) if model is not None else known
        if ID not in columns:
            self.no_id(columns, items, known | items)
        found = near_long(columns, known | items)
        if found is not None:
            self.fail(code="answers.long_col_near", column=found[0], col=found[0], near=found[1])


def _decode(raw: bytes) -> str:
    """Text of a CSV file: UTF-16 (with or without byte order mark), UTF-8 (with or without BOM), cp1252."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16")
    head = raw[:4096]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):  # UTF-16 without BOM: every other byte is 0
        return raw.decode("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be", errors="replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # every byte decodes; a file that is no table fails below


def _size(n: int, lang: str) -> str:
    return f"{ui.number(n / 1_000_000, lang=lang, decimals=0 if n % 1_000_000 == 0 else 1)} MB"


def _xlsx_rows(raw: bytes, rep: Reporter) -> list[tuple[int, list]]:
    """The first sheet's rows as (spreadsheet row number, cells), read within bounds (:mod:`._xlsx`)."""
    from ._xlsx import sheet_rows

    return sheet_rows(raw, rep)


def _csv_rows(raw: bytes, rep: Reporter) -> list[tuple[int, list]]:
    text = _decode(raw)
    if "\x00" in text[:4096]:
        rep.fail(code="answers.not_table")
    if "\r" in text and "\n" not in text:  # line ends of a classic Mac: CR alone
        text = text.replace("\r", "\n")
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    sep = max(counts, key=lambda k: counts[k])
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=sep, strict=True)
    rows: list[tuple[int, list]] = []
    number = 0  # the row as a spreadsheet shows it: one per record, a quoted line break stays in its cell
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long note is a cell, not a broken file
    try:
        for number, r in enumerate(reader, start=1):  # noqa: B007 - the number is used after the loop
            if any(cell.strip() for cell in r):
                if rows and len(r) == 1 and len(rows[0][1]) > 1:
                    _check_separator(r[0], sep, number, rep)
                rows.append((number, [c if c.strip() else None for c in r]))  # texts kept as written
    except csv.Error:
        rep.fail(code="answers.bad_csv", row=number + 1)
    finally:
        csv.field_size_limit(limit)
    return rows


def _check_separator(cell: str, sep: str, row: int, rep: Reporter) -> None:
    """A row that is one cell under a header of several, holding another separator: the file mixes separators."""
    for other in (",", ";", "\t"):
        if other != sep and other in cell:
            # the separators kept as they are, shown as the language quotes them (explain.separator_word)
            rep.fail(code="answers.mixed_sep", row=row, sep=sep, other=other,
                     shown={k: separator_word(v, lang=rep.lang) for k, v in (("sep", sep), ("other", other))})


def read_table(path: Path, rep: Reporter, content: bytes | None = None, max_bytes: int | None = None):
    """The file as a DataFrame of strings (no type guessing) and the spreadsheet row number of each row."""
    import pandas as pd

    if content is None:
        if not path.exists():
            rep.fail(code="answers.missing")
        if not path.is_file():  # a folder, or a pipe or device that would be read without end
            rep.fail(code="answers.not_regular")
        if max_bytes is not None and path.stat().st_size > max_bytes:
            rep.fail(code="answers.too_large", size=_size(path.stat().st_size, rep.lang), limit=_size(max_bytes, rep.lang))
        content = path.read_bytes()
    raw = bytes(content)
    if max_bytes is not None and len(raw) > max_bytes:
        rep.fail(code="answers.too_large", size=_size(len(raw), rep.lang), limit=_size(max_bytes, rep.lang))
    if not raw.strip():
        rep.fail(code="answers.empty")
    is_xlsx = raw[:2] == b"PK" or path.suffix.lower() in (".xlsx", ".xlsm")
    rows = _xlsx_rows(raw, rep) if is_xlsx else _csv_rows(raw, rep)
    if not rows:
        rep.fail(code="answers.empty")
    header = [("" if c is None else str(c)).strip() for c in rows[0][1]]
    while header and not header[-1]:
        header.pop()
    if len(header) < 2:
        rep.fail(code="answers.not_table")
    seen = set()
    for col in header:
        if col in seen:
            rep.fail(code="answers.dup_col", column=col, col=col)
        seen.add(col)
    width = len(header)
    body, numbers = [], []
    for n, r in rows[1:]:
        if len(r) > width and any(c is not None for c in r[width:]):
            rep.fail(code="answers.not_table", row=n)
        body.append([restore_formula(c) for c in (list(r) + [None] * width)[:width]])
        numbers.append(n)
    return pd.DataFrame(body, columns=header, dtype=object), numbers
