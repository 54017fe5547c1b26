"""Tables for reading: numbers in the learner's language, whole texts, yes/no in words.

A notebook shows a result table to learners who read ``0,75`` and ``ja``, not ``0.75`` and ``True``.
:func:`localise` returns a copy of a DataFrame whose cells are display texts: decimals with the
language's decimal sign (Babel, via :func:`socialbiz_kit.ui.number`), booleans as words, missing
values as a dash. Texts are never shortened. Use it only for showing; compute on the original.

>>> import pandas as pd
>>> t = pd.DataFrame({"Erfüllung": [0.75, None], "erreicht": [True, False], "Stufe": [2, 0]})
>>> print(localise(t, "de").to_string(index=False))
Erfüllung erreicht  Stufe
     0,75       ja      2
        –     nein      0
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from . import ui
from ._lang import check_lang

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["localise", "localise_axes", "show", "Table"]


def localise(frame: pd.DataFrame, lang: str = "de", *, decimals: int = 2, percent: tuple[str, ...] = ()) -> pd.DataFrame:
    """A copy of ``frame`` with every value as display text in ``lang``.

    Floats get ``decimals`` places and the language's decimal sign, columns named in ``percent``
    are shown as percentages of 0..1 shares, booleans read ``ja``/``nein`` (``yes``/``no``), NaN
    and None read ``–``; whole numbers and texts stay as they are. The index is kept.
    """
    import numpy as np
    import pandas as pd

    check_lang(lang)
    yes, no, missing = (ui.text(f"tables.{k}", lang) for k in ("yes", "no", "missing"))

    def cell(value, as_percent: bool):
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return missing
        if isinstance(value, (bool, np.bool_)):
            return yes if value else no
        if isinstance(value, (float, np.floating)):
            if as_percent:
                return ui.percent(float(value), lang)
            return ui.number(float(value), lang, decimals=decimals)
        return value

    out = frame.copy()
    for col in out.columns:
        as_percent = col in percent
        out[col] = [cell(v, as_percent) for v in frame[col].tolist()]
    return out


class Table:
    """A table for reading in a notebook: numbers in the language, texts whole and left-aligned.

    Made by :func:`show`. In Jupyter it renders as an HTML table (text columns aligned left, so that
    long sentences read naturally); as plain text it is the localised DataFrame's ``to_string()``.
    The HTML is the same on every run (no random ids), so stored notebook outputs stay stable.
    """

    def __init__(self, frame, text_columns):
        self.frame = frame
        self._text = [c for c in frame.columns if c in set(text_columns)]

    def __repr__(self) -> str:
        return self.frame.to_string()

    def _repr_html_(self) -> str:
        import hashlib

        styler = self.frame.style.format(escape="html").format_index(escape="html", axis=0).format_index(
            escape="html", axis=1)
        uid = hashlib.sha1(self.frame.to_string().encode("utf-8")).hexdigest()[:10]
        styler = styler.set_uuid(uid)
        left = {"text-align": "left", "white-space": "normal"}
        if self._text:
            styler = styler.set_properties(subset=self._text, **left)
        styler = styler.set_table_styles([{"selector": "th", "props": [("text-align", "left")]}], overwrite=False)
        return styler.to_html()


def show(frame: pd.DataFrame, lang: str = "de", *, decimals: int = 2, percent: tuple[str, ...] = ()) -> Table:
    """:func:`localise` ``frame`` and wrap it for display (see :class:`Table`).

    >>> import pandas as pd
    >>> t = show(pd.DataFrame({"Aussage": ["Ein ganzer Satz."], "Erfüllung": [0.5]}), "de")
    >>> print(t)
                Aussage Erfüllung
    0  Ein ganzer Satz.      0,50
    >>> "text-align: left" in t._repr_html_()
    True
    """
    import pandas as pd

    text_columns = [c for c in frame.columns
                    if not pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]
    return Table(localise(frame, lang, decimals=decimals, percent=percent), text_columns)


def localise_axes(ax, lang: str = "de", *, decimals: int = 1):
    """Numbers on a matplotlib Axes in the language: tick labels of both axes and the texts written
    in the plot (a heatmap's cells) get the language's decimal sign. Returns ``ax``.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 0.5]); _ = ax.set_ylim(0, 1); _ = ax.text(0.5, 0.25, "0.75")
    >>> _ = localise_axes(ax, "de"); fig.canvas.draw()
    >>> ax.texts[0].get_text(), [t.get_text() for t in ax.get_yticklabels()][:2]
    ('0,75', ['0,0', '0,2'])
    >>> plt.close(fig)
    """
    import re

    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    check_lang(lang)
    for axis in (ax.xaxis, ax.yaxis):
        if isinstance(axis.get_major_formatter(), ScalarFormatter):  # numeric axes only, never category names
            axis.set_major_formatter(FuncFormatter(lambda v, _pos: ui.number(v, lang, decimals=decimals)))
    for text in ax.texts:
        value = text.get_text()
        if re.fullmatch(r"-?\d+\.\d+", value):
            text.set_text(ui.number(float(value), lang, decimals=len(value.split(".")[1])))
    return ax
