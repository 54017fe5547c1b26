"""Result tables and heatmaps for people: names and values in the reader's language (private helper of
:mod:`socialbiz_kit.classroom`, :mod:`socialbiz_kit.cohort` and :mod:`socialbiz_kit.agreement`)."""
from __future__ import annotations

from typing import Any

import numpy as np

from . import ui


def present(table: Any, section: str, lang: str, *, decimals: int = 2):
    """A copy of ``table`` with column and index names and text values translated by the words of
    ``section`` in ``data/ui.yaml`` (unknown names stay), booleans as yes/no and numbers formatted
    for the language."""
    import pandas as pd

    words = ui.words(section, lang)
    yes, no = ui.text("research.answer_yes", lang), ui.text("research.answer_no", lang)
    out = table.to_frame() if isinstance(table, pd.Series) else table.copy()
    out = out.astype(object) if any(out[c].dtype == object for c in out.columns) else out
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_bool_dtype(values):
            out[col] = [yes if v else no for v in values]
        elif pd.api.types.is_float_dtype(values):
            out[col] = [ui.number(v, lang, decimals=decimals) for v in values]
        else:
            out[col] = [_one(v, words, lang, decimals, yes, no) for v in values]
    out = out.rename(columns=lambda c: words.get(str(c), c), index=lambda i: words.get(str(i), i))
    out.columns.name = words.get(str(out.columns.name), out.columns.name)
    out.index.name = words.get(str(out.index.name), out.index.name)
    return out


def _one(v, words, lang, decimals, yes, no):
    if isinstance(v, (bool, np.bool_)):
        return yes if v else no
    if isinstance(v, (float, np.floating)):
        return ui.number(float(v), lang, decimals=decimals)
    if isinstance(v, str):
        return words.get(v, v)
    return v


def heatmap(table: Any, *, title: str, lang: str, decimals: int = 2, vmin: float | None = None,
            vmax: float | None = None, ax=None):
    """A heatmap whose cell labels use the language's number format (``0,75``); returns the Axes."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    values = table.astype(float)
    labels = np.array([[ui.number(v, lang, decimals=decimals) for v in row] for row in values.to_numpy()])
    if ax is None:
        _, ax = plt.subplots(figsize=(1.2 + 1.1 * table.shape[1], 0.8 + 0.55 * table.shape[0]))
    sns.heatmap(values, annot=labels, fmt="", cmap="crest", vmin=vmin, vmax=vmax, cbar=False, linewidths=0.5, ax=ax)
    ax.set_title(title)
    return ax
