"""Reading and checking answer files.

Accepted: CSV (separator ``,`` or ``;``; UTF-8, UTF-8 with BOM, or cp1252 as German Excel writes it)
and XLSX (the first sheet). Two layouts:

* **wide** - one row per assessment: a column ``assessment`` and one column per item id; optional
  columns ``organisation``, ``assessor``, ``date``, ``model``, ``note`` and ``note:<item id>`` (evidence or a
  source for one answer, as the self-check page writes it);
* **long** - one row per answer: columns ``assessment``, ``item``, ``answer`` (plus the optional ones).

Answers are whole numbers on the model's scale (0..4); an empty cell means "not answered".
Text cells written formula-safe (OWASP: a leading ``'`` before ``=``, ``+``, ``-``, ``@``, tab, CR, or ``'``)
are read back as they were before that ``'`` was added.
Every problem raises :class:`ResponseError` (a ``ValueError``) whose message names the file, the row
(as a spreadsheet shows it: the header is row 1) and the column, in German or English (``lang``).

>>> from socialbiz_kit.datasets import data_path
>>> answers = read_responses(data_path("sample_answers_altimeter.csv"), "altimeter")
>>> answers.shape
(10, 33)
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from ._lang import check_lang
from .errors import AnswerFileError
from .models import Model, list_models, load_model

__all__ = ["ResponseError", "META_COLUMNS", "NOTE_PREFIX", "read_responses", "validate_responses", "to_long",
           "write_responses", "answers_csv", "formula_safe"]

META_COLUMNS = ("organisation", "assessor", "date", "model", "note")
NOTE_PREFIX = "note:"  # "note:<item id>": a note on one answer
ID = "assessment"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def _is_note(column: str, model: Model) -> bool:
    return column.startswith(NOTE_PREFIX) and column[len(NOTE_PREFIX):] in model.item_ids


def formula_safe(value):
    """A text cell as a spreadsheet may open it safely: a leading ``'`` when it starts like a formula (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _unescape(value):
    """The inverse of :func:`formula_safe` for a cell read from a file."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value

_MSG = {
    "missing": {"de": "Datei nicht gefunden", "en": "file not found"},
    "empty": {"de": "die Datei ist leer", "en": "the file is empty"},
    "no_rows": {"de": "die Datei enthält nur eine Kopfzeile und keine Antworten",
                "en": "the file holds a header but no answers"},
    "not_table": {"de": "keine Tabelle (erwartet: CSV mit ',' oder ';' oder eine XLSX-Datei)",
                  "en": "not a table (expected CSV with ',' or ';', or an XLSX file)"},
    "bad_xlsx": {"de": "die Excel-Datei lässt sich nicht lesen ({detail})",
                 "en": "the Excel file cannot be read ({detail})"},
    "no_id": {"de": "es fehlt die Spalte 'assessment' (eine Kennung je Bewertung)",
              "en": "the column 'assessment' (one id per assessment) is missing"},
    "unknown_col": {"de": "unbekannte Spalte: '{col}' ist keine Frage des Modells {model}",
                    "en": "unknown column: '{col}' is not an item of model {model}"},
    "unknown_item": {"de": "unbekannte Frage '{item}': keine Frage des Modells {model}",
                     "en": "unknown item '{item}': not an item of model {model}"},
    "other_model": {"de": "diese Datei enthält Antworten zum Modell {other}, nicht zu {model}",
                    "en": "this file holds answers to model {other}, not to {model}"},
    "no_items": {"de": "keine Spalte ist eine Frage des Modells {model} (Fragen heißen z. B. '{example}')",
                 "en": "no column is an item of model {model} (items are named like '{example}')"},
    "not_number": {"de": "'{value}' ist keine Zahl (erlaubt: {allowed} oder leer)",
                   "en": "'{value}' is not a number (allowed: {allowed} or empty)"},
    "off_scale": {"de": "{value} liegt nicht auf der Antwortskala (erlaubt: {allowed} oder leer)",
                  "en": "{value} is not on the answer scale (allowed: {allowed} or empty)"},
    "no_id_value": {"de": "die Kennung in 'assessment' fehlt", "en": "the id in 'assessment' is empty"},
    "dup_id": {"de": "die Bewertung '{id}' kommt doppelt vor (zuerst in Zeile {first})",
               "en": "assessment '{id}' appears twice (first in row {first})"},
    "dup_answer": {"de": "Frage '{item}' ist für '{id}' doppelt beantwortet (zuerst in Zeile {first})",
                   "en": "item '{item}' is answered twice for '{id}' (first in row {first})"},
    "dup_col": {"de": "die Spalte '{col}' kommt doppelt vor", "en": "the column '{col}' appears twice"},
    "model_col": {"de": "die Spalte 'model' nennt '{other}', erwartet wird '{model}'",
                  "en": "the column 'model' says '{other}', expected '{model}'"},
    "unreadable": {"de": "die Datei lässt sich nicht lesen ({detail})", "en": "the file cannot be read ({detail})"},
    "row": {"de": "Zeile", "en": "row"},
    "column": {"de": "Spalte", "en": "column"},
}


ResponseError = AnswerFileError  # the name used before the error family; kept for users' code


class _Reporter:
    def __init__(self, file: str, lang: str):
        self.file, self.lang = file, check_lang(lang)

    def fail(self, key: str, *, row: int | None = None, column: str | None = None, **fmt):
        where = [self.file]
        if row is not None:
            where.append(f"{_MSG['row'][self.lang]} {row}")
        if column is not None:
            where.append(f"{_MSG['column'][self.lang]} '{column}'")
        raise ResponseError(f"{', '.join(where)}: {_MSG[key][self.lang].format(**fmt)}",
                            file=self.file, row=row, column=column,
                            other_model=fmt.get("other") if key == "other_model" else None)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # every byte decodes; a file that is no table fails below


def _read_table(path: Path, rep: _Reporter):
    """The file as a DataFrame of strings (no type guessing), header = row 1."""
    import pandas as pd

    if not path.is_file():
        rep.fail("missing")
    raw = path.read_bytes()
    if not raw.strip():
        rep.fail("empty")
    if raw[:2] == b"PK" or path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(io.BytesIO(raw), sheet_name=0, dtype=str, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            rep.fail("bad_xlsx", detail=type(exc).__name__)
        if frame.shape[1] == 0:
            rep.fail("empty")
        frame.columns = [str(c).strip() for c in frame.columns]
        return frame.replace(r"^\s*$", np.nan, regex=True)
    if b"\x00" in raw[:4096]:
        rep.fail("not_table")
    text = _decode(raw)
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    except csv.Error as exc:
        rep.fail("unreadable", detail=str(exc))
    rows = [r for r in rows if any(cell.strip() for cell in r)] if rows else rows
    if not rows:
        rep.fail("empty")
    header = [c.strip() for c in rows[0]]
    if len(header) < 2:
        rep.fail("not_table")
    seen = set()
    for col in header:
        if col in seen:
            rep.fail("dup_col", column=col, col=col)
        seen.add(col)
    width = len(header)
    body = []
    for n, r in enumerate(rows[1:], start=2):
        if len(r) > width and any(c.strip() for c in r[width:]):
            rep.fail("not_table", row=n)
        body.append([c.strip() or None for c in (r + [""] * width)[:width]])
    return pd.DataFrame(body, columns=header)


def _guess_model(columns, rep: _Reporter) -> Model:
    best, hits = None, 0
    for name in list_models():
        m = load_model(name)
        n = len(set(columns) & set(m.item_ids))
        if n > hits:
            best, hits = m, n
    if best is None:
        rep.fail("no_items", model=" / ".join(list_models()), example=load_model(list_models()[0]).item_ids[0])
    assert best is not None  # rep.fail raises
    return best


def _other_model(columns, model: Model) -> str | None:
    for name in list_models():
        if name != model.id and set(columns) & set(load_model(name).item_ids):
            return name
    return None


def validate_responses(frame, model: Model | str | None = None, *, file: str = "<table>", lang: str = "de",
                       rows: list[int] | None = None):
    """Check a table of answers (strings or numbers; wide or long) and return the wide answers.

    ``rows`` gives the spreadsheet row number of each table row for messages (default: header is
    row 1, first answer row 2). Returns a DataFrame indexed by ``assessment`` with the optional
    metadata columns first and then one float column per item of the model (NaN = not answered).
    """
    import pandas as pd

    rep = _Reporter(file, lang)
    if rows is None:
        rows = list(range(2, len(frame) + 2))
    if len(frame) == 0:
        rep.fail("no_rows")
    cols = [str(c) for c in frame.columns]
    frame = frame.copy()
    frame.columns = cols
    long = {"assessment", "item", "answer"} <= set(cols)
    if ID not in cols:
        known = {i for name in list_models() for i in load_model(name).item_ids} | {"item", "answer"}
        rep.fail("no_id" if known & set(cols) else "not_table")
    if model is None:
        model = _guess_model(frame["item"].dropna().unique() if long else cols, rep)
    model = load_model(model)
    allowed = [p.value for p in model.scale]
    allowed_text = ", ".join(str(v) for v in allowed)

    if "model" in cols:
        for r, value in zip(rows, frame["model"]):
            if value is not None and not pd.isna(value) and str(value).strip() != model.id:
                rep.fail("model_col", row=r, column="model", other=str(value).strip(), model=model.id)

    def number(value, r, column):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return np.nan
        text = str(value).strip().replace(",", ".")
        try:
            x = float(text)
        except ValueError:
            rep.fail("not_number", row=r, column=column, value=str(value), allowed=allowed_text)
        if x not in allowed:
            rep.fail("off_scale", row=r, column=column, value=f"{x:g}", allowed=allowed_text)
        return x

    def check_id(value, r):
        if value is None or pd.isna(value) or not str(value).strip():
            rep.fail("no_id_value", row=r, column=ID)
        return str(value).strip()

    if long:
        extra = [c for c in cols if c not in ("assessment", "item", "answer") and c not in META_COLUMNS]
        if extra:
            rep.fail("unknown_col", column=extra[0], col=extra[0], model=model.id)
        items = set(model.item_ids)
        other = None
        seen: dict[tuple[str, str], int] = {}
        meta: dict[str, dict] = {}
        answers: dict[str, dict] = {}
        for r, rec in zip(rows, frame.to_dict("records")):
            a = check_id(rec["assessment"], r)
            item = str(rec["item"]).strip() if rec["item"] is not None and not pd.isna(rec["item"]) else ""
            if item not in items:
                other = other or _other_model([item], model)
                if other:
                    rep.fail("other_model", row=r, column="item", other=other, model=model.id)
                rep.fail("unknown_item", row=r, column="item", item=item, model=model.id)
            if (a, item) in seen:
                rep.fail("dup_answer", row=r, column="item", item=item, id=a, first=seen[(a, item)])
            seen[(a, item)] = r
            answers.setdefault(a, {})[item] = number(rec["answer"], r, "answer")
            meta.setdefault(a, {c: rec[c] for c in cols if c in META_COLUMNS})
        wide = pd.DataFrame.from_dict(answers, orient="index").reindex(columns=list(model.item_ids))
        metaf = pd.DataFrame.from_dict(meta, orient="index")
        out = pd.concat([metaf, wide.astype(float)], axis=1) if len(metaf.columns) else wide.astype(float)
        out.index.name = ID
        return out.loc[list(answers)]

    # wide
    item_cols = [c for c in cols if c in model.item_ids]
    unknown = [c for c in cols if c != ID and c not in model.item_ids and c not in META_COLUMNS and not _is_note(c, model)]
    if unknown:
        other = _other_model(unknown, model)
        if other and not item_cols:
            rep.fail("other_model", other=other, model=model.id)
        rep.fail("unknown_col", column=unknown[0], col=unknown[0], model=model.id)
    if not item_cols:
        rep.fail("no_items", model=model.id, example=model.item_ids[0])
    ids = [check_id(v, r) for v, r in zip(frame[ID], rows)]
    first: dict[str, int] = {}
    for a, r in zip(ids, rows):
        if a in first:
            rep.fail("dup_id", row=r, column=ID, id=a, first=first[a])
        first[a] = r
    data = {}
    for item in model.item_ids:
        if item in frame.columns:
            col = frame[item]
            if pd.api.types.is_numeric_dtype(col):
                values = col.to_numpy(dtype=float)
                bad = ~np.isnan(values) & ~np.isin(values, allowed)
                if bad.any():
                    k = int(np.argmax(bad))
                    rep.fail("off_scale", row=rows[k], column=item, value=f"{values[k]:g}", allowed=allowed_text)
            else:
                values = np.array([number(v, r, item) for v, r in zip(col, rows)], dtype=float)
            data[item] = values
        else:
            data[item] = np.full(len(frame), np.nan)
    out = pd.DataFrame(data, index=pd.Index(ids, name=ID))
    metas = [c for c in cols if c in META_COLUMNS]
    notes = [c for c in cols if _is_note(c, model)]
    if metas or notes:
        text = frame[metas + notes].map(_unescape).set_axis(out.index)
        out = pd.concat([text[metas], out, text[notes]], axis=1)
    return out


def read_responses(path: str | Path, model: Model | str | None = None, *, lang: str = "de"):
    """Read an answer file (CSV or XLSX, wide or long) and return the checked wide answers.

    ``model`` may be omitted: the kit then picks the bundled model whose item ids the file uses.
    Raises :class:`ResponseError` naming file, row and column.
    """
    path = Path(path)
    rep = _Reporter(path.name, lang)
    try:
        frame = _read_table(path, rep)
    except ResponseError:
        raise
    except (OSError, ValueError) as exc:  # anything pandas or the OS raise while reading
        rep.fail("unreadable", detail=str(exc).splitlines()[0][:120])
    return validate_responses(frame, model, file=path.name, lang=lang)


def to_long(answers, model: Model | str):
    """Wide answers -> long (``assessment``, ``item``, ``answer``), unanswered items left out."""
    model = load_model(model)
    cols = [c for c in model.item_ids if c in answers.columns]
    long = answers[cols].rename_axis(ID).reset_index().melt(id_vars=ID, var_name="item", value_name="answer")
    return long.dropna(subset=["answer"]).astype({"answer": int}).reset_index(drop=True)


def answers_csv(answers, model: Model | str) -> str:
    """Wide answers as CSV text (UTF-8, ``,``; answers as whole numbers, blank = not answered) in the
    layout :func:`read_responses` reads back identically."""
    model = load_model(model)
    metas = [c for c in META_COLUMNS if c in answers.columns]
    notes = [NOTE_PREFIX + i for i in model.item_ids if NOTE_PREFIX + i in answers.columns]
    out = answers.reindex(columns=metas + list(model.item_ids) + notes).copy()
    for item in model.item_ids:
        out[item] = out[item].astype("Float64").astype("Int64")
    for col in metas + notes:
        out[col] = out[col].map(formula_safe)
    return out.rename_axis(ID).reset_index().to_csv(index=False, lineterminator="\n")


def write_responses(answers, path: str | Path, model: Model | str, *, overwrite: bool = False) -> Path:
    """Write wide answers as CSV (UTF-8, ``,``) so that :func:`read_responses` reads them back identically.

    The file is written to a temporary name and moved into place (atomic); an existing file is
    only replaced with ``overwrite=True``.
    """
    from ._io import atomic_write

    text = answers_csv(answers, model)
    return atomic_write(path, lambda fh: fh.write(text), overwrite=overwrite)
