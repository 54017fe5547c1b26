"""Class results for people: tables in the reader's language (:func:`present`) and figures
(:func:`plot_distribution`, :func:`plot_item_agreement`); re-exported by :mod:`socialbiz_kit.classroom`.
"""
from __future__ import annotations

from ._compat import keyword_lang
from .models import Model, load_model

__all__ = ["present", "plot_distribution", "plot_item_agreement"]


@keyword_lang("lang")
def present(table, *, lang: str = "de", decimals: int = 2):
    """A result table of this module shown in full for reading: column and index names in ``lang`` (the
    ``classroom`` words of ``data/ui.yaml``), numbers formatted for the language (``0,81``).

    Parameters
    ----------
    table : DataFrame
        A result table of this module.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    decimals : int, default 2
        Decimals of the numbers shown.

    Returns
    -------
    DataFrame
        The table with headers in ``lang`` and numbers as the language writes them.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    from ._tables import present as _present

    return _present(table, "classroom", lang, decimals=decimals)


def plot_distribution(distribution, model: Model | str, *, lang: str = "de", ax=None):
    """Heatmap of :func:`~socialbiz_kit.classroom.stage_distribution` (cases × stages, counts in the cells); returns the Axes.

    Parameters
    ----------
    distribution : DataFrame
        The table of :func:`~socialbiz_kit.classroom.stage_distribution`.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    ax : matplotlib Axes, optional
        Where to draw; the current Axes of a new figure when not given.

    Returns
    -------
    Axes
        The Axes drawn on.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    from . import plotting, ui

    model = load_model(model)
    floor = model.lowest_stage
    counts = distribution[list(range(floor, model.n_stages + 1))]
    ax = plotting.heatmap(counts, title=ui.text("classroom.distribution_title", lang=lang), lang=lang, decimals=0, ax=ax)
    ax.set_xlabel(ui.text("classroom.stage", lang=lang))
    ax.set_ylabel(ui.text("classroom.organisation", lang=lang))
    return ax


def plot_item_agreement(items, *, lang: str = "de", ax=None):
    """Horizontal bars of :func:`~socialbiz_kit.classroom.item_agreement` (one bar per statement id, lowest at the top);
    axis numbers in the language's format. Returns the Axes.

    Parameters
    ----------
    items : DataFrame
        The table of :func:`~socialbiz_kit.classroom.item_agreement`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    ax : matplotlib Axes, optional
        Where to draw; the current Axes of a new figure when not given.

    Returns
    -------
    Axes
        The Axes drawn on.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    from . import ui

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.28 * len(items) + 1))
    ordered = items.iloc[::-1]
    ax.barh(ordered["item"], ordered["alpha"], color="#3b6e8f")
    ax.set_xlim(min(0.0, float(items["alpha"].min()) - 0.05), 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: ui.number(v, lang=lang, decimals=1)))
    ax.set_xlabel(ui.text("classroom.alpha", lang=lang))
    ax.set_title(ui.text("classroom.item_alpha_title", lang=lang))
    return ax
