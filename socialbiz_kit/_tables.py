"""Result tables of the research and class tools for people (private): the kit's :mod:`~socialbiz_kit.display`
with the headers and text values of one section of ``data/ui.yaml`` (``research`` or ``classroom``)."""
from __future__ import annotations

from typing import Any

from . import display, ui


def present(table: Any, section: str, lang: str, *, decimals: int = 2, caption: str = ""):
    """``table`` shown in full for a learner (a :class:`~socialbiz_kit.display.Table`): column, index and
    text values named by the words of ``section`` where it has them, else as :func:`display.table` names
    them; numbers in the language's format."""
    import pandas as pd

    words = ui.words(section, lang=lang)
    frame = table.to_frame() if isinstance(table, pd.Series) else table.copy()

    def word(v):
        return words.get(v, v) if isinstance(v, str) else v

    for col in frame.columns:
        if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
            frame[col] = frame[col].map(word)
    if not isinstance(frame.index, pd.MultiIndex):
        frame.index = frame.index.map(word)
    own = {str(c): words[str(c)] for c in [*frame.columns, *frame.index.names] if str(c) in words}
    out = display.table(frame, lang=lang, decimals=decimals, columns=own)
    if frame.columns.name is not None:
        out.columns.name = words.get(str(frame.columns.name), display.header(frame.columns.name, lang=lang))
    return display.Table(out, caption=caption)
