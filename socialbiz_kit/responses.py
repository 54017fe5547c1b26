"""Reading and checking answer files.

Accepted: CSV (separator ``,`` or ``;``; UTF-8, UTF-8 with BOM, or cp1252 as German Excel writes it)
and XLSX (the first sheet). Two layouts:

* **wide** - one row per assessment: a column ``assessment`` and one column per item id; optional columns
  ``organisation``, ``assessor``, ``date``, ``model``, ``model_version``, ``note``, ``dont_know`` (the statements answered
  "weiß nicht", :mod:`~socialbiz_kit._dont_know`) and ``note:<item id>`` (evidence or a source for one answer);
* **long** - one row per answer: columns ``assessment``, ``item``, ``answer`` (plus the optional ones).

Answers are whole numbers on the model's scale (0..4); an empty cell means "not answered". Text cells written formula-safe
(OWASP: a leading ``'`` before ``=``, ``+``, ``-``, ``@``, tab, CR, or ``'``) are read back as they were before that ``'`` was added.
Every problem raises :class:`~socialbiz_kit.errors.AnswerFileError` (a ``ValueError``) whose message names the file, the row
(as a spreadsheet shows it: the header is row 1) and the column, in German or English (``lang``).

>>> from socialbiz_kit.datasets import data_path
>>> answers = read_responses(data_path("sample_answers_altimeter.csv"), "altimeter")
>>> answers.shape
(10, 34)
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ._answer_table import Reporter, read_table
from ._answer_versions import VERSION, forget_changed, older_rows
from ._checks import off_scale, on_scale
from ._compat import deprecated
from ._dont_know import DONT_KNOW_COLUMN, read_dont_know
from ._io import csv_text
from ._io import neutralise_formula as formula_safe
from .errors import AnswerFileError
from .models import Model, list_models, load_model

__all__ = ["META_COLUMNS", "NOTE_PREFIX", "MAX_UPLOAD_BYTES", "read_responses", "validate_responses",
           "to_long", "write_responses", "answers_csv", "formula_safe"]

META_COLUMNS = ("organisation", "assessor", "date", "model", "model_version", "note", DONT_KNOW_COLUMN)
NOTE_PREFIX = "note:"  # "note:<item id>": a note on one answer
ID = "assessment"


def _is_note(column: str, model: Model) -> bool:
    return column.startswith(NOTE_PREFIX) and column[len(NOTE_PREFIX):] in model.item_ids


MAX_UPLOAD_BYTES = 5_000_000
"""Size limit for uploads (the notebook widget): below the notebook server's 10 MiB message limit."""


_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
"""An answer as written in a file: ASCII digits, an optional decimal point (a comma is read as one)."""


def __getattr__(name: str):
    if name == "ResponseError":  # the name used before the error family
        deprecated("responses.ResponseError: use socialbiz_kit.errors.AnswerFileError; ResponseError")
        return AnswerFileError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _guess_model(columns, rep: Reporter) -> Model:
    best, hits = None, 0
    for name in list_models():
        m = load_model(name)
        n = len(set(columns) & set(m.item_ids))
        if n > hits:
            best, hits = m, n
    if best is None:
        rep.fail(code="answers.no_items", model=" / ".join(list_models()), example=load_model(list_models()[0]).item_ids[0])
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

    ``rows`` gives the spreadsheet row of each table row for messages (default: header row 1, first answer row 2).
    Returns a DataFrame indexed by ``assessment``: the optional metadata columns, then a float column per item (NaN = open).

    Parameters
    ----------
    frame : DataFrame
        The answers as read: wide (one column per item) or long (``assessment``, ``item``, ``answer``).
    model : Model or str, optional
        The model answered; recognised from the columns when not given.
    file : str, default "<table>"
        The name used in messages.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    rows : list of int, optional
        The spreadsheet row of each table row.

    Returns
    -------
    DataFrame
        Wide answers indexed by ``assessment``.

    Warns
    -----
    OlderAnswersWarning
        Rows answered under an earlier version (``model_version``): changed statements read as not answered.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    rep = Reporter(file, lang, model)
    if rows is None:
        rows = list(range(2, len(frame) + 2))
    if len(frame) == 0:
        rep.fail(code="answers.no_rows")
    cols = [str(c) for c in frame.columns]
    frame = frame.copy()
    frame.columns = cols
    long = {"assessment", "item", "answer"} <= set(cols)
    if not long:  # no id column, or long but for the name of "item" or "answer"
        rep.layout(cols, model)
    if model is None:
        model = _guess_model(frame["item"].dropna().unique() if long else cols, rep)
    model = load_model(model)
    rep.know(model)
    if "model" in cols:
        _check_model_column(frame, rows, model, rep)
    older = older_rows(frame, rows, model, rep) if VERSION in cols else {}  # an earlier version: changed ones not taken
    out = _long(frame, rows, model, rep) if long else _wide(frame, rows, model, rep)
    out = read_dont_know(frame, rows, out, model, rep, older) if DONT_KNOW_COLUMN in cols else out
    return forget_changed(out, older, model, file=file, lang=lang) if older else out


def _check_model_column(frame, rows: list[int], model: Model, rep: Reporter) -> None:
    import pandas as pd

    for r, value in zip(rows, frame["model"]):
        if value is not None and not pd.isna(value) and str(value).strip() != model.id:
            rep.fail(code="answers.model_col", row=r, column="model", other=str(value).strip(), model=model.id)


def _number(value, r: int, column: str, model: Model, rep: Reporter) -> float:
    """One answer cell as written (a text or a number): NaN when empty, else a value of the scale."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    allowed = [p.value for p in model.scale]
    allowed_text = ", ".join(str(v) for v in allowed)
    text = str(value).strip().replace(",", ".")
    try:
        if not _NUMBER.fullmatch(text):  # float() would take "0_4", "٤" and "４" as 4
            raise ValueError(text)
        x = float(text)
    except ValueError:
        rep.fail(code="answers.not_number", row=r, column=column, value=str(value), allowed=allowed_text)
    if not on_scale(x, allowed):
        rep.fail(code="answers.off_scale", row=r, column=column, value=str(value).strip(), allowed=allowed_text)  # as typed
    return x


def _check_id(value, r: int, rep: Reporter) -> str:
    import pandas as pd

    if value is None or pd.isna(value) or not str(value).strip():
        rep.fail(code="answers.no_id_value", row=r, column=ID)
    return str(value).strip()


def _long(frame, rows: list[int], model: Model, rep: Reporter):
    """The long layout (``assessment``, ``item``, ``answer``) checked and made wide."""
    import pandas as pd

    cols = list(frame.columns)
    extra = [c for c in cols if c not in ("assessment", "item", "answer") and c not in META_COLUMNS]
    if extra:
        rep.unknown(extra[0], "long", model)
    items = set(model.item_ids)
    other = None
    seen: dict[tuple[str, str], int] = {}
    meta: dict[str, dict] = {}
    answers: dict[str, dict] = {}
    for r, rec in zip(rows, frame.to_dict("records")):
        a = _check_id(rec["assessment"], r, rep)
        item = str(rec["item"]).strip() if rec["item"] is not None and not pd.isna(rec["item"]) else ""
        if item not in items:
            other = other or _other_model([item], model)
            if other:
                rep.fail(code="answers.other_model", row=r, column="item", other=other, model=model.id)
            rep.unknown(item, "item", model, r)
        if (a, item) in seen:
            rep.fail(code="answers.dup_answer", row=r, column="item", item=item, id=a, first=seen[(a, item)])
        seen[(a, item)] = r
        answers.setdefault(a, {})[item] = _number(rec["answer"], r, "answer", model, rep)
        meta.setdefault(a, {c: rec[c] for c in cols if c in META_COLUMNS})
    wide = pd.DataFrame.from_dict(answers, orient="index").reindex(columns=list(model.item_ids))
    metaf = pd.DataFrame.from_dict(meta, orient="index")
    out = pd.concat([metaf, wide.astype(float)], axis=1) if len(metaf.columns) else wide.astype(float)
    out.index.name = ID
    return out.loc[list(answers)]


def _wide(frame, rows: list[int], model: Model, rep: Reporter):
    """The wide layout (one column per item) checked."""
    import pandas as pd

    cols = list(frame.columns)
    item_cols = [c for c in cols if c in model.item_ids]
    unknown = [c for c in cols if c != ID and c not in model.item_ids and c not in META_COLUMNS and not _is_note(c, model)]
    if unknown:
        other = _other_model(unknown, model)
        if other and not item_cols:
            rep.fail(code="answers.other_model", other=other, model=model.id)
        rep.unknown(unknown[0], "wide", model)
    if not item_cols:
        rep.fail(code="answers.no_items", model=model.id, example=model.item_ids[0])
    ids = [_check_id(v, r, rep) for v, r in zip(frame[ID], rows)]
    first: dict[str, int] = {}
    for a, r in zip(ids, rows):
        if a in first:
            rep.fail(code="answers.dup_id", row=r, column=ID, id=a, first=first[a])
        first[a] = r
    data = {item: _column(frame[item], rows, item, model, rep) if item in frame.columns else np.full(len(frame), np.nan)
            for item in model.item_ids}
    out = pd.DataFrame(data, index=pd.Index(ids, name=ID))
    metas = [c for c in cols if c in META_COLUMNS]
    notes = [c for c in cols if _is_note(c, model)]
    if metas or notes:
        text = frame[metas + notes].set_axis(out.index)  # the file reader has already undone formula protection
        out = pd.concat([text[metas], out, text[notes]], axis=1)
    return out


def _column(col, rows: list[int], item: str, model: Model, rep: Reporter) -> np.ndarray:
    """One item's column of the wide layout as floats (NaN = not answered), every answer on the scale."""
    import pandas as pd

    if not pd.api.types.is_numeric_dtype(col):
        return np.array([_number(v, r, item, model, rep) for v, r in zip(col, rows)], dtype=float)
    values = col.to_numpy(dtype=float)
    allowed = np.array([p.value for p in model.scale], dtype=float)
    bad = off_scale(values, allowed)
    if bad.any():
        k = int(np.argmax(bad))
        rep.fail(code="answers.off_scale", row=rows[k], column=item, value=f"{values[k]:g}",
                 allowed=", ".join(str(p.value) for p in model.scale))
    return values


def read_responses(path: str | Path, model: Model | str | None = None, *, lang: str = "de",
                   content: bytes | None = None, max_bytes: int | None = None):
    """Read an answer file (CSV or XLSX, wide or long) and return the checked wide answers.

    Parameters
    ----------
    path : str or Path
        The file; with ``content`` only its name is used (in messages, and ``.xlsx`` to recognise a workbook).
    model : Model or str, optional
        Omitted: the kit picks the bundled model whose item ids the file uses.
    lang : {"de", "en"}
        Language of the messages.
    content : bytes, optional
        The file's bytes (an upload), read instead of the file on disk.
    max_bytes : int, optional
        Refuse larger files with a message saying both sizes (uploads use :data:`MAX_UPLOAD_BYTES`).

    Returns
    -------
    DataFrame
        Indexed by ``assessment``; the metadata columns, then one float column per item (NaN = not answered).
        ``dont_know`` (if the file has it) names the open statements answered "weiß nicht", space-separated.

    Raises
    ------
    AnswerFileError
        Naming file, row and column, in ``lang`` (``answers.dont_know_item``: an id in ``dont_know`` no statement has).
        A formula cell in a workbook is named as such; CSV text from the kit's own exports that was protected against
        formula injection (a leading ``'``) is read back unchanged.
    """
    path = Path(path)
    rep = Reporter(path.name, lang, model)
    try:
        frame, rows = read_table(path, rep, content, max_bytes)
    except AnswerFileError:
        raise
    except (OSError, ValueError, UnicodeError):  # anything the OS or a decoder raise while reading
        rep.fail(code="answers.unreadable")
    return validate_responses(frame, model, file=path.name, lang=lang, rows=rows)


def to_long(answers, model: Model | str):
    """Wide answers -> long (``assessment``, ``item``, ``answer``), unanswered items left out.

    Parameters
    ----------
    answers : DataFrame
        Answers, one row per assessment and one column per item id, as :func:`~socialbiz_kit.responses.read_responses`
        returns them.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.

    Returns
    -------
    DataFrame
        ``assessment``, ``item``, ``answer``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    """
    model = load_model(model)
    cols = [c for c in model.item_ids if c in answers.columns]
    long = answers[cols].rename_axis(ID).reset_index().melt(id_vars=ID, var_name="item", value_name="answer")
    return long.dropna(subset=["answer"]).astype({"answer": int}).reset_index(drop=True)


def answers_csv(answers, model: Model | str) -> str:
    """Wide answers as CSV text (UTF-8, ``,``; answers as whole numbers, blank = not answered) in the
    layout :func:`read_responses` reads back identically.

    Parameters
    ----------
    answers : DataFrame
        Answers, one row per assessment and one column per item id, as :func:`~socialbiz_kit.responses.read_responses`
        returns them.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.

    Returns
    -------
    str
        CSV text.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    """
    model = load_model(model)
    metas = [c for c in META_COLUMNS if c in answers.columns]
    notes = [NOTE_PREFIX + i for i in model.item_ids if NOTE_PREFIX + i in answers.columns]
    out = answers.reindex(columns=metas + list(model.item_ids) + notes).copy()
    for item in model.item_ids:
        out[item] = out[item].astype("Float64").astype("Int64")
    return csv_text(out.rename_axis(ID).reset_index(), index=False)


def write_responses(answers, path: str | Path, model: Model | str, *, overwrite: bool = False) -> Path:
    """Write wide answers as CSV (UTF-8, ``,``) so that :func:`read_responses` reads them back identically.

    The file is written to a temporary name and moved into place (atomic); an existing file is
    only replaced with ``overwrite=True``.

    Parameters
    ----------
    answers : DataFrame
        Answers, one row per assessment and one column per item id, as :func:`~socialbiz_kit.responses.read_responses`
        returns them.
    path : str or Path
        The CSV file to write.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    overwrite : bool, default False
        Replace an existing file; without it an existing file is never touched. A link, folder or device is never
        written.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    OutputFileError
        If the path is a symbolic link, a folder, a device or a named pipe.
    OutputExistsError
        If the file exists and ``overwrite`` is false (a ``FileExistsError``).
    """
    from ._io import atomic_write

    text = answers_csv(answers, model)
    return atomic_write(path, lambda fh: fh.write(text), overwrite=overwrite)
