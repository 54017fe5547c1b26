"""Cohort and Mokken results for people: tables in the reader's language (:func:`present`) and the heatmap of the
Hᵢⱼ (:func:`plot_pairs`); re-exported by :mod:`socialbiz_kit.cohort`.
"""
from __future__ import annotations

from ._compat import keyword_lang
from .mokken import HResult

__all__ = ["present", "plot_pairs"]


@keyword_lang("lang")
def present(table, *, lang: str = "de", decimals: int = 2):
    """A result table of :mod:`socialbiz_kit.cohort` (or of :mod:`socialbiz_kit.mokken`) for reading: names, yes/no and
    strength words in ``lang`` (the ``research`` words of ``data/ui.yaml``), numbers in the
    language's format (``0,94``).

    Parameters
    ----------
    table : DataFrame
        A result table of :mod:`socialbiz_kit.cohort` or of :mod:`socialbiz_kit.mokken`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    decimals : int, default 2
        Decimals of the numbers shown.

    Returns
    -------
    DataFrame
        The table with names and words in ``lang`` and numbers as the language writes them.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    from ._tables import present as _present

    return _present(table, "research", lang, decimals=decimals)


def plot_pairs(h: HResult, *, lang: str = "de", labels=None, ax=None):
    """Heatmap of the Hᵢⱼ of a :class:`HResult` (numbers in the language's format); returns the Axes.

    Parameters
    ----------
    h : HResult
        The result of :func:`~socialbiz_kit.mokken.loevinger_h`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    labels : mapping, optional
        Item id -> label shown on the axes.
    ax : matplotlib Axes, optional
        Where to draw; the current Axes of a new figure when not given.

    Returns
    -------
    Axes
        The Axes drawn on.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    from . import plotting, ui

    pairs = h.pairs.copy()
    if labels is not None:
        pairs.index = pairs.columns = labels
    return plotting.heatmap(pairs, title=ui.text("research.pairs_title", lang=lang, h=ui.number(h.H, lang=lang)), lang=lang,
                            vmin=0, vmax=1, ax=ax)
