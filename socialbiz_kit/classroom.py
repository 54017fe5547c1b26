"""Class mode: many students assess the same case organisations; how far do they agree?

* :func:`read_class` reads a class's assessments from a folder of CSV/XLSX downloads (at any depth)
  or from an LMS "download all submissions" zip (Moodle, ILIAS: files at any depth, folders named
  after the student) into one table, and lists every foreign or broken file with the reason
  instead of stopping; :func:`from_store` takes them from a results store.
* :func:`simulate_class` makes a seeded synthetic class by a stated generative model of raters;
  :func:`write_class_zip` packs it the way Moodle delivers submissions. The bundled example
  (:func:`example_path`) was made with both.
* :func:`stage_distribution`, :func:`stage_agreement`, :func:`item_agreement` and
  :func:`disagreements`: per case the stages raters chose, Krippendorff's alpha for the stages
  and per statement, and the statements raters disagree on most (a discussion starter).

Every answer file goes through the kit's one reader, :func:`socialbiz_kit.responses.read_responses`.

>>> cls = read_class(example_path())
>>> sorted(cls.frame.columns[:4])
['assessment', 'model', 'organisation', 'rater']
>>> len(cls.problems)
2
"""
from __future__ import annotations

import numpy as np

from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD
from ._compat import deprecated
from .classroom_cases import case_agreement, disagreements
from .classroom_display import plot_distribution, plot_item_agreement, present
from .classroom_files import RATERS, TARGETS, ClassAssessments, check_class, example_path, from_store, rater_from_path, read_class
from .classroom_simulation import simulate_class, write_class_zip
from .errors import NotFoundError, SettingError
from .models import Model, load_model

__all__ = ["ClassAssessments", "read_class", "from_store", "rater_from_path", "simulate_class", "write_class_zip", "example_path",
           "reliability_data", "stage_distribution", "stage_agreement", "case_agreement", "item_agreement",
           "disagreements",
           "present", "plot_distribution", "plot_item_agreement"]


# --------------------------------------------------------------------------- what the class shows
# Every function that takes the class table names its columns as pingouin does: raters= (who assessed) and
# targets= (what was assessed, the case organisation), keyword-only, defaulting to read_class's columns
# (RATERS and TARGETS, defined in classroom_files).


def _stages(frame, model: Model, threshold: float, rule: str):
    from .scoring import score

    return score(frame.reindex(columns=list(model.item_ids)), model, threshold=threshold, rule=rule,
                 keep_answers=False)["stage"].astype(int)


def reliability_data(frame, values: str | None = None, model: Model | str | None = None, *, stages: bool = False,
                     raters: str = RATERS, targets: str = TARGETS, threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE):
    """Raters × cases table for Krippendorff's alpha: the stage (``stages=True``) or the answer to one
    statement (``values=<item id>``); NaN where a rater did not assess a case. A rater who assessed a case
    twice counts with the later assessment.

    ``values="stage"`` for the stages is deprecated (it collides with a statement called ``stage``) and
    stops working after 2027-06-30: pass ``stages=True``. Either way the result is a DataFrame.

    Parameters
    ----------
    frame : DataFrame
        The class table (one row per assessment: rater, case, answers).
    values : str, optional
        The item id of the statement whose answers to tabulate (not with ``stages=True``).
    model : Model or str, optional
        Needed for the stages.
    stages : bool, default False
        Tabulate the stages (needs ``model``) instead of one statement's answers.
    raters : str, default "rater"
        The column naming who assessed (as pingouin's ``raters=``).
    targets : str, default "organisation"
        The column naming the case assessed (as pingouin's ``targets=``).
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('supported')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.

    Returns
    -------
    DataFrame
        Raters × cases, NaN where a rater did not assess a case.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If no column is an item of the model, or an answer is not a number or is off the model's scale.
    SettingError
        If both ``values`` and ``stages=True`` are passed; if ``stages=True`` is passed without the model; or
        if ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules.
    NotFoundError
        If the class table has no column ``values``.

    Examples
    --------
    >>> data = reliability_data(read_class(example_path()).frame, model="altimeter", stages=True)
    >>> data.index.name, data.columns.name
    ('rater', 'organisation')
    """
    import pandas as pd

    if values == "stage" and not stages:
        deprecated("reliability_data(frame, 'stage', model): use reliability_data(frame, model=model, stages=True); "
                   "values='stage'")
        values, stages = None, True
    if stages:
        if values is not None:
            raise SettingError("values names one statement; for the stages pass stages=True without values",
                               code="errors.values_or_stages", value=values)
        if model is None:
            raise SettingError("the stages need the model (model=...)", code="errors.needs_model")
        vals = _stages(frame, load_model(model), threshold, rule)
    elif values is not None and values in frame.columns:
        vals = frame[values]
    else:
        raise NotFoundError(f"the class table has no column {values!r} (values is an item id; stages=True for the stages)",
                            code="errors.no_column", name=values)
    long = pd.DataFrame({raters: frame[raters].to_numpy(), targets: frame[targets].to_numpy(),
                         "value": np.asarray(vals, dtype=float)})
    return long.pivot_table(index=raters, columns=targets, values="value", aggfunc="last", dropna=False)


def stage_distribution(frame, model: Model | str, *, raters: str = RATERS, targets: str = TARGETS,
                       threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE):
    """Per case (rows) how many raters put it on each stage (columns), with ``n`` raters, the median
    stage and the share of raters on the most chosen stage (``modal_share``).

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
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('supported')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.

    Returns
    -------
    DataFrame
        Cases × stages (counts), with ``n``, ``median`` and ``modal_share``; the index is named ``targets``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If the class table lacks the rater or case column; if the class table holds no assessments; if the
        class table holds no answers to the model; or if no column is an item of the model, or an answer is
        not a number or is off the model's scale.
    SettingError
        If ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules.
    """
    import pandas as pd

    from . import ui

    model = load_model(model)
    check_class(frame, model, raters, targets)
    stage = _stages(frame, model, threshold, rule)
    floor = model.lowest_stage
    table = pd.crosstab(frame[targets].to_numpy(), stage.to_numpy()).reindex(
        columns=range(floor, model.n_stages + 1), fill_value=0)
    table = table.sort_index(key=lambda names: names.map(ui.sort_key))  # German order: Bäckerei before Bodensee
    table.index.name, table.columns.name = targets, "stage"
    n = table.sum(axis=1)
    out = table.copy()
    out["n"] = n
    out["median"] = stage.groupby(frame[targets].to_numpy()).median().reindex(table.index)
    out["modal_share"] = table.max(axis=1) / n
    return out


def stage_agreement(frame, model: Model | str, *, raters: str = RATERS, targets: str = TARGETS,
                    threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE):
    """Krippendorff's alpha of the stages (nominal, ordinal, interval) over all raters and cases,
    with missing ratings allowed (a Series).

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
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('supported')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.

    Returns
    -------
    Series
        Krippendorff's alpha of the stages by level (nominal, ordinal, interval).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If the class table lacks the rater or case column; if the class table holds no assessments; if the
        class table holds no answers to the model; if no column is an item of the model, or an answer is not a
        number or is off the model's scale; if a rating is neither a number nor empty; or if the ratings are
        not a raters × units table.
    SettingError
        If both ``values`` and ``stages=True`` are passed; if ``stages=True`` is passed without the model; or
        if ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules.
    NotFoundError
        If the class table has no column ``values``.
    """
    import pandas as pd

    from .agreement import krippendorff_alpha

    model = load_model(model)
    check_class(frame, model, raters, targets)
    data = reliability_data(frame, model=model, stages=True, raters=raters, targets=targets, threshold=threshold,
                            rule=rule)
    return pd.Series({level: krippendorff_alpha(data, level=level).alpha for level in ("nominal", "ordinal", "interval")},
                     name="alpha")


def item_agreement(frame, model: Model | str, *, raters: str = RATERS, targets: str = TARGETS, level: str = "ordinal",
                   lang: str = "de"):
    """Krippendorff's alpha per statement (answers of all raters to all cases), lowest first:
    ``item``, ``stage``, ``statement`` (in ``lang``), ``alpha``, ``pairable`` (answers in cases with
    at least two answers).

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
    level : str, default "ordinal"
        Level of measurement of the answers for alpha.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per statement, lowest alpha first: ``item``, ``stage``, ``statement``, ``alpha``, ``pairable``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If the class table lacks the rater or case column; if the class table holds no assessments; if the
        class table holds no answers to the model; if a rating is neither a number nor empty; if the ratings
        are not a raters × units table; or if no column is an item of the model, or an answer is not a number
        or is off the model's scale.
    SettingError
        If ``level`` is not one of the allowed values; if both ``values`` and ``stages=True`` are passed; if
        ``stages=True`` is passed without the model; or if ``lang`` is not ``"de"`` or ``"en"``.
    NotFoundError
        If the class table has no column ``values``.
    """
    import pandas as pd

    from .agreement import krippendorff_alpha

    model = load_model(model)
    check_class(frame, model, raters, targets)
    rows = []
    for it in model.items:
        if it.id not in frame.columns:
            continue
        res = krippendorff_alpha(reliability_data(frame, it.id, raters=raters, targets=targets), level=level)
        rows.append({"item": it.id, "stage": it.stage, "statement": it.text.get(lang), "alpha": res.alpha,
                     "pairable": res.pairable})
    return pd.DataFrame(rows).sort_values(["alpha", "item"], na_position="first").reset_index(drop=True)
