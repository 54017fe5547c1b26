"""How the stage distribution moves with the threshold and the rule: :func:`sensitivity` (a long table),
:func:`sensitivity_table` (for reading) and :func:`plot_sensitivity`; re-exported by :mod:`socialbiz_kit.cohort`.

>>> from socialbiz_kit.cohort import simulate
>>> sens = sensitivity(simulate("altimeter", 50, seed=1), "altimeter", thresholds=(0.75,), rules=("gated",))
>>> round(float(sens["share"].sum()), 6)
1.0
"""
from __future__ import annotations

from ._checks import DEFAULT_THRESHOLD
from ._compat import keyword_lang
from .models import Model, load_model

__all__ = ["sensitivity", "sensitivity_table", "plot_sensitivity"]


def sensitivity(answers, model: Model | str, *, thresholds=(0.5, 0.6, DEFAULT_THRESHOLD, 0.9, 1.0),
                rules=("gated", "supported", "highest", "stepped")):
    """Share of organisations on each stage for every threshold and rule (long table:
    ``rule``, ``threshold``, ``stage``, ``count``, ``share``).

    Parameters
    ----------
    answers : DataFrame
        Answers, one row per assessment and one column per item id, as :func:`~socialbiz_kit.responses.read_responses`
        returns them.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    thresholds : sequence of float, default (0.5, 0.6, DEFAULT_THRESHOLD, 0.9, 1.0)
        The thresholds to compare (the kit's default threshold, 0.75, among them).
    rules : sequence of str, default ("gated", "supported", "highest", "stepped")
        The rules to compare (the kit's default rule, ``"stepped"``, among them).

    Returns
    -------
    DataFrame
        Long: ``rule``, ``threshold``, ``stage``, ``count``, ``share``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If no column is an item of the model, or an answer is not a number or is off the model's scale.
    SettingError
        If a threshold is not above 0 and at most 1, or a rule is not one of the rules.
    """
    import pandas as pd

    from .scoring import score

    model = load_model(model)
    floor = model.lowest_stage
    stages = range(floor, model.n_stages + 1)
    parts = []
    for rule in rules:
        for t in thresholds:
            counts = score(answers, model, threshold=t, rule=rule, keep_answers=False)["stage"].value_counts()
            counts = counts.reindex(stages, fill_value=0)
            parts.append(pd.DataFrame({"rule": rule, "threshold": t, "stage": list(stages), "count": counts.to_numpy(),
                                       "share": counts.to_numpy() / counts.sum()}))
    return pd.concat(parts, ignore_index=True)


@keyword_lang("lang")
def sensitivity_table(sens, *, lang: str = "de"):
    """:func:`sensitivity` as a table for reading: rows rule and threshold (names in ``lang``), columns
    the stages, cells the share of organisations.

    Parameters
    ----------
    sens : DataFrame
        The long table of :func:`sensitivity`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        Rows rule and threshold, columns the stages, cells the shares.
    """
    from . import ui

    words = ui.words("research", lang=lang)
    table = sens.pivot_table(index=["rule", "threshold"], columns="stage", values="share", observed=True)
    table.index = table.index.set_levels([words.get(r, r) for r in table.index.levels[0]], level=0)
    table.index.names = [words["rule"], words["threshold"]]
    table.columns.name = words["stage"]
    return table


def plot_sensitivity(table, *, lang: str = "de", ax=None):
    """Heatmap of :func:`sensitivity_table` (shares in the language's number format); returns the Axes.

    Parameters
    ----------
    table : DataFrame
        The table of :func:`sensitivity_table`.
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
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    from . import plotting, ui

    shown = table.copy()
    shown.index = [f"{rule}, {ui.number(t, lang=lang)}" for rule, t in table.index]
    return plotting.heatmap(shown, title=ui.text("research.sensitivity_title", lang=lang), lang=lang, vmin=0, vmax=0.5,
                            ax=ax)
