"""Tables for people: the kit's frames with headers and values in the reader's language.

Functions of the kit return frames with stable English column ids (``stage``, ``stage_name``,
``fulfilment_1``), so that code can rely on them. What a learner reads goes through this module:
:func:`table` renames every known column to its German or English header (``data/ui.yaml``,
section ``columns``), translates known values (``True`` → "ja", ``"partial"`` → "teilweise"),
writes numbers with the language's decimal sign, and :func:`show` displays the result in full —
no text cut off with "…" — as HTML in a notebook and as plain text elsewhere.

>>> import pandas as pd
>>> frame = pd.DataFrame({"stage": [2], "index": [3.25], "uncertain": [False]})
>>> table(frame, lang="de").columns.tolist()
['Stufe', 'Index', 'unsicher']
>>> table(frame, lang="de").iloc[0].tolist()
['2', '3,25', 'nein']
>>> table(frame, lang="en").iloc[0].tolist()
['2', '3.25', 'no']
"""
from __future__ import annotations

import math
import re
from typing import Any

from . import ui
from ._compat import keyword_lang
from ._inputs import need_frame
from ._lang import check_lang

__all__ = ["table", "show", "header", "Table"]

_FULFILMENT = re.compile(r"^fulfilment_(\d+)$")
_MODEL_COLUMN = re.compile(r"^([a-z][a-z0-9_]*?)(_stage|_name)?$")


def _model_names(lang: str) -> dict[str, str]:
    from .models import list_models, load_model

    return {m: load_model(m).short_name.get(lang) for m in list_models()}


@keyword_lang("lang")
def header(column: Any, *, lang: str = "de") -> str:
    """The display header of a column id (``"stage_name"`` → "Stufenname"); unknown ids stay as they are.

    Parameters
    ----------
    column : object
        A column id (or any label).
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        The header in ``lang``.
    """
    key = str(column)
    m = _FULFILMENT.match(key)
    if m:
        return ui.text("columns.fulfilment_n", lang=lang, n=m.group(1))
    m = _MODEL_COLUMN.match(key)
    if m and m.group(1) in _model_names(lang):
        suffix = m.group(2) or "_number"
        return ui.text(f"columns.model{suffix}", lang=lang, model=_model_names(lang)[m.group(1)])
    if f"columns.{key}" in ui.load_ui():
        return ui.text(f"columns.{key}", lang=lang)
    return key


def _fractional(values: list) -> bool:
    """Whether a column holds a number with a fraction: then every number in it keeps its decimals, so that a
    whole number stands as 1,00 beside 0,95 rather than as 1."""
    return any(isinstance(v, float) and not math.isnan(v) and not float(v).is_integer() for v in values)


def _value(v: Any, lang: str, decimals: int, fractional: bool = False) -> Any:
    if v is None:
        return ""
    if type(v).__name__ == "NAType":  # a nullable column's missing value (e.g. could_be where not borderline)
        return "–"
    if isinstance(v, bool) or type(v).__name__ in ("bool_", "bool"):  # numpy 1 and 2 name their booleans differently
        return ui.text("values.yes" if v else "values.no", lang=lang)
    if isinstance(v, str):
        return ui.text(f"values.{v}", lang=lang) if f"values.{v}" in ui.load_ui() else v
    if isinstance(v, float) or type(v).__name__.startswith("float"):
        if math.isnan(v):
            return "–"
        if float(v).is_integer() and (abs(v) >= 1 or not fractional) and not (fractional and abs(v) < 1000):
            return ui.number(v, lang=lang, decimals=0) if abs(v) >= 1000 else str(int(v))
        return ui.number(v, lang=lang, decimals=decimals)
    if isinstance(v, int) or type(v).__name__.startswith("int"):
        return ui.number(v, lang=lang, decimals=0) if abs(v) >= 10000 else str(v)
    return v


@keyword_lang("lang")
def table(frame, *, lang: str = "de", decimals: int = 2, columns: dict[str, str] | None = None, index: bool = True):
    """A copy of ``frame`` for reading: headers and known values in ``lang``, numbers as text.

    Parameters
    ----------
    frame : DataFrame or Series
    lang : {"de", "en"}
    decimals : int, default 2
        Decimal places of non-whole numbers.
    columns : dict, optional
        Your own headers for columns the kit does not know (``{"sector_de": "Branche"}``).
    index : bool, default True
        Translate the index name too.

    Returns
    -------
    DataFrame
        Strings only; the numbers of ``frame`` are unchanged in ``frame`` itself.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    InputDataError
        If ``frame`` is not a DataFrame or Series.
    """
    import pandas as pd

    check_lang(lang)
    need_frame(frame, "frame", series=True)
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    own = columns or {}
    out = frame.copy()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = pd.MultiIndex.from_tuples(
            [tuple(own.get(str(c), header(c, lang=lang)) for c in col) for col in out.columns])
    else:
        out.columns = [own.get(str(c), header(c, lang=lang)) for c in out.columns]
    out = out.astype(object)
    for j in range(out.shape[1]):
        values = frame.iloc[:, j].tolist()
        fractional = _fractional(values)
        out.iloc[:, j] = [_value(v, lang, decimals, fractional) for v in values]
    if index:
        if isinstance(out.index, pd.MultiIndex):
            out.index = out.index.set_names([own.get(str(n), header(n, lang=lang)) if n is not None else None
                                             for n in out.index.names])
        elif out.index.name is not None:
            out.index = out.index.rename(own.get(str(out.index.name), header(out.index.name, lang=lang)))
    return out


class Table:
    """A frame shown in full: HTML in notebooks (text wraps, never cut off), plain text elsewhere.

    Parameters
    ----------
    frame : DataFrame
        The table to show.
    caption : str, default ""
        A caption shown above it (HTML only).
    """

    def __init__(self, frame, caption: str = ""):
        self.frame = frame
        self.caption = caption

    def _repr_html_(self) -> str:
        body = self.frame.to_html(escape=True, na_rep="–", border=0, classes="sbk-table")
        style = ('<style>.sbk-table td,.sbk-table th{text-align:left;vertical-align:top;white-space:normal;'
                 'max-width:40em}</style>')
        cap = f"<p><b>{ui.escape(self.caption)}</b></p>" if self.caption else ""
        return style + cap + body

    def __repr__(self) -> str:
        import pandas as pd

        with pd.option_context("display.max_colwidth", None, "display.width", 200, "display.max_columns", None):
            text = self.frame.to_string()
        return (self.caption + "\n" + text) if self.caption else text


@keyword_lang("lang")
def show(frame, *, lang: str = "de", decimals: int = 2, columns: dict[str, str] | None = None, caption: str = "") -> Table:
    """Display ``frame`` for a learner: :func:`table`, shown in full (see :class:`Table`).

    Parameters
    ----------
    frame : DataFrame
        The table to show.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    decimals : int, default 2
        Decimals of the numbers shown.
    columns : dict, optional
        Column id -> header, for ids the kit has no word for.
    caption : str, default ""
        A caption above the table.

    Returns
    -------
    Table
        The table as :func:`table` makes it, shown in full in a notebook.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    InputDataError
        If ``frame`` is not a DataFrame or Series.
    """
    return Table(table(frame, lang=lang, decimals=decimals, columns=columns), caption=caption)
