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

__all__ = ["localise"]


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
