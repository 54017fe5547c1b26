"""Class mode, per case (part of :mod:`socialbiz_kit.classroom`, which re-exports both names): how far the raters of
one case agree over all its statements, and the statements they disagree on most (a discussion starter).
"""
from __future__ import annotations

from .classroom_files import RATERS, TARGETS, check_class, one_per_rater
from .errors import SettingError
from .models import Model, load_model

__all__ = ["case_agreement", "disagreements"]


def case_agreement(frame, model: Model | str, *, raters: str = RATERS, targets: str = TARGETS, level: str = "ordinal"):
    """Krippendorff's alpha within each case: how far the raters of one organisation agree on its
    statements (the statements are the units, the raters the coders; missing answers allowed; a rater
    who assessed a case twice counts with the later assessment, whole).

    Parameters
    ----------
    frame : DataFrame
        A class as :func:`read_class` or :func:`simulate_class` give it.
    model : Model or str
        The model the answers belong to.
    raters : str, default "rater"
        The column naming who assessed (as pingouin's ``raters=``).
    targets : str, default "organisation"
        The column naming the case assessed (as pingouin's ``targets=``).
    level : {"nominal", "ordinal", "interval", "ratio"}, default "ordinal"

    Returns
    -------
    DataFrame
        One row per case, sorted by name: the case (column ``targets``), ``raters`` (distinct raters), ``alpha``
        (NaN where it is not defined: fewer than two raters, or every pairable answer the same) and ``pairable``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If the class table lacks the rater or case column; if the class table holds no assessments; if the
        class table holds no answers to the model; if a rating is neither a number nor empty; or if the
        ratings are not a raters × units table.
    SettingError
        If ``level`` is not one of the allowed values.
    """
    import pandas as pd

    from . import ui
    from .agreement import krippendorff_alpha

    model = load_model(model)
    frame = check_class(frame, model, raters, targets)
    frame = one_per_rater(frame, raters, targets)
    items = [i for i in model.item_ids if i in frame.columns]
    rows = []
    for case, part in frame.groupby(frame[targets].astype(str), sort=True):
        table = part.set_index(raters).sort_index()[items]  # one assessment per rater (one_per_rater)
        res = krippendorff_alpha(table.to_numpy(dtype=float), level=level)
        rows.append({targets: case, "raters": len(table), "alpha": res.alpha, "pairable": res.pairable})
    out = pd.DataFrame(rows, columns=[targets, "raters", "alpha", "pairable"])
    return out.sort_values(targets, key=lambda names: names.map(ui.sort_key), ignore_index=True)


def disagreements(frame, model: Model | str, *, raters: str = RATERS, targets: str = TARGETS, top: int = 5,
                  lang: str = "de"):
    """The statements raters disagree on most, per case: for every case and statement the spread of
    the answers (standard deviation over the raters who answered, at least 3) and their range; the
    ``top`` largest spreads of each case, then the statements that come up most often overall.

    Parameters
    ----------
    frame : DataFrame
        The class table (one row per assessment: rater, case, answers).
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    raters : str, default "rater"
        The column naming who assessed (as pingouin's ``raters=``).
    targets : str, default "organisation"
        The column naming the case assessed (as pingouin's ``targets=``).
    top : int, default 5
        Statements kept per case (at least 1).
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        The case (column ``targets``), ``item``, ``stage``, ``statement``, ``n``, ``mean``, ``sd``, ``low``,
        ``high``, sorted by case and spread.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If the class table lacks the rater or case column; if the class table holds no assessments; or if the
        class table holds no answers to the model.
    SettingError
        If ``top`` is below 1.
    """
    import pandas as pd

    from . import ui

    model = load_model(model)
    frame = check_class(frame, model, raters, targets, lang)
    frame = one_per_rater(frame, raters, targets)
    if top < 1:
        raise SettingError(f"top must be at least 1 (got {top!r})", code="errors.at_least", name="top", low=1, value=top)
    items = [i for i in model.item_ids if i in frame.columns]
    long = frame[[targets] + items].melt(id_vars=targets, var_name="item", value_name="answer").dropna()
    g = long.groupby([targets, "item"])["answer"]
    stats = pd.DataFrame({"n": g.size(), "mean": g.mean(), "sd": g.std(ddof=1), "low": g.min(), "high": g.max()})
    stats = stats[stats["n"] >= 3].reset_index()
    by_id = {it.id: it for it in model.items}
    stats["stage"] = stats["item"].map(lambda i: by_id[i].stage)
    stats["statement"] = stats["item"].map(lambda i: by_id[i].text.get(lang))
    german = lambda col: col.map(ui.sort_key) if col.name == targets else col  # noqa: E731
    stats = stats.sort_values([targets, "sd", "item"], ascending=[True, False, True], key=german)
    out = stats.groupby(targets, sort=False).head(top)
    return out[[targets, "item", "stage", "statement", "n", "mean", "sd", "low", "high"]].reset_index(drop=True)
