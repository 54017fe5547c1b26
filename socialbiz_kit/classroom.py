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
* :func:`stage_data` and :func:`reliability_data`: the raters × cases tables behind those alphas (the stages;
  one statement's answers), for an alpha of your own.
* :func:`same_case` (:func:`case_key`): the one rule by which two names are one case organisation – equal after Unicode NFC,
  white space collapsed and trimmed, and lower-casing ("Bäckerei Süd", "bäckerei  süd" and a "Bäckerei Süd" typed on a Mac
  are one case), and two raters' names one person. Every function here counts such names as one under the spelling read
  first and says so in a :class:`~socialbiz_kit.errors.CaseSpellingsWarning`; :func:`read_class` lists cases in ``merged``.

Every answer file goes through the kit's one reader, :func:`socialbiz_kit.responses.read_responses`.

>>> cls = read_class(example_path())
>>> sorted(cls.frame.columns[:4])
['assessment', 'model', 'organisation', 'rater']
>>> len(cls.problems)
2
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np

from ._casenames import case_key, same_case
from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD
from ._compat import deprecated
from .classroom_cases import case_agreement, disagreements
from .classroom_display import plot_distribution, plot_item_agreement, present
from .classroom_files import RATERS, TARGETS, ClassAssessments, check_class, example_path, from_store, rater_from_path, read_class
from .classroom_simulation import simulate_class, write_class_zip
from .errors import NotFoundError, SettingError
from .models import Model, load_model

__all__ = ["ClassAssessments", "read_class", "from_store", "rater_from_path", "simulate_class", "write_class_zip", "example_path",
           "reliability_data", "stage_data", "stage_distribution", "stage_agreement", "case_agreement", "item_agreement",
           "disagreements", "same_case", "case_key",
           "present", "plot_distribution", "plot_item_agreement"]


# --------------------------------------------------------------------------- what the class shows
# Every function that takes the class table names its columns as pingouin does: raters= (who assessed) and
# targets= (what was assessed, the case organisation), keyword-only, defaulting to read_class's columns
# (RATERS and TARGETS, defined in classroom_files).

F = TypeVar("F", bound=Callable[..., Any])


def _stages(frame, model: Model, threshold: float, rule: str):
    from .scoring import score

    return score(frame.reindex(columns=list(model.item_ids)), model, threshold=threshold, rule=rule,
                 keep_answers=False)["stage"].astype(int)


def _pivot(frame, values, raters: str, targets: str):
    """Raters × cases of ``values`` (one per row of the class table); a rater's later assessment of a case wins
    whole: an empty answer in it stays empty (two assessments are never mixed)."""
    import pandas as pd

    from .classroom_files import one_per_rater

    long = one_per_rater(pd.DataFrame({raters: frame[raters].to_numpy(), targets: frame[targets].to_numpy(),
                                       "value": np.asarray(values, dtype=float)}), raters, targets)
    return long.pivot_table(index=raters, columns=targets, values="value", aggfunc="first", dropna=False)


def _answers(frame, values, raters: str, targets: str):
    """Raters × cases of the answers to the statement ``values`` (a column of the class table)."""
    if values is None or values not in frame.columns:
        raise NotFoundError(f"the class table has no column {values!r} (values is an item id; stage_data for the stages)",
                            code="errors.no_column", name=values)
    return _pivot(frame, frame[values], raters, targets)


def _is_old_call(frame, args: tuple, kwargs: dict) -> bool:
    """Whether a call of :func:`reliability_data` is spelt as before :func:`stage_data` came: the item id first and
    the model third or missing, ``values="stage"``, ``stages=``, ``threshold=`` or ``rule=``."""
    if len(args) > 1 or any(k in kwargs for k in ("stages", "threshold", "rule")):
        return True
    if kwargs.get("values") == "stage" and "stage" not in frame.columns:
        return True
    if len(args) == 1:
        first = args[0]
        return "model" in kwargs or ("values" not in kwargs and isinstance(first, str)
                                     and (first == "stage" or first in frame.columns))
    return "model" not in kwargs


def _old_reliability_data(frame, values: str | None = None, model: Model | str | None = None, *, stages: bool = False,
                          raters: str = RATERS, targets: str = TARGETS, threshold: float = DEFAULT_THRESHOLD,
                          rule: str = DEFAULT_RULE):
    """:func:`reliability_data` as it was called before :func:`stage_data` came (deprecated, works until
    2027-06-30): the item id second and the model third (or none), the stages by ``values="stage"`` or
    ``stages=True``; it gives what it gave then."""
    if values == "stage" and not stages:
        values, stages = None, True
    if stages:
        deprecated("reliability_data() for the stages: call stage_data(frame, model); values='stage' or stages=True",
                   stacklevel=4)
        if values is not None:
            raise SettingError("values names one statement; for the stages call stage_data(frame, model)",
                               code="errors.values_or_stages", value=values)
        if model is None:
            raise SettingError("the stages need the model: stage_data(frame, model)", code="errors.needs_model")
        return stage_data(frame, model, raters=raters, targets=targets, threshold=threshold, rule=rule)
    deprecated("reliability_data(frame, item, model): call reliability_data(frame, model, values=item); the item "
               "first (or without the model)", stacklevel=4)
    return _answers(frame, values, raters, targets)  # the model played no part then, and plays none now


def _old_spellings(func: F) -> F:
    """Route a call of :func:`reliability_data` spelt the old way (:func:`_is_old_call`) to
    :func:`_old_reliability_data`, which warns."""
    @functools.wraps(func)
    def run(frame, *args: Any, **kwargs: Any) -> Any:
        if _is_old_call(frame, args, kwargs):
            return _old_reliability_data(frame, *args, **kwargs)
        return func(frame, *args, **kwargs)

    return cast(F, run)


@_old_spellings
def reliability_data(frame, model: Model | str, *, values: str, raters: str = RATERS, targets: str = TARGETS):
    """Raters × cases table of the answers to one statement (``values=<item id>``) for Krippendorff's alpha; NaN
    where a rater did not assess a case. A rater who assessed a case twice counts with the later assessment.
    :func:`stage_data` gives the same table of the stages.

    Old spellings work until 2027-06-30, with a DeprecationWarning: the item id second and the model third or
    missing (``reliability_data(frame, "planning_1", model)``, ``reliability_data(frame, "planning_1")``), and the
    stages by ``values="stage"`` or ``stages=True`` (now :func:`stage_data`; ``threshold=`` and ``rule=`` went with
    them).

    Parameters
    ----------
    frame : DataFrame
        The class table (one row per assessment: rater, case, answers).
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    values : str
        The item id of the statement whose answers to tabulate (keyword-only, required).
    raters : str, default "rater"
        The column naming who assessed (as pingouin's ``raters=``).
    targets : str, default "organisation"
        The column naming the case assessed (as pingouin's ``targets=``).

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
        If the class table lacks the rater or case column; if the class table holds no assessments; or if the
        class table holds no answers to the model.
    NotFoundError
        If ``values`` is not a statement of the model, or the class table has no column ``values``.
    SettingError
        In an old spelling: if both a statement and the stages are asked for, or the stages without the model.

    Examples
    --------
    >>> data = reliability_data(read_class(example_path()).frame, "altimeter", values="planning_1")
    >>> data.index.name, data.columns.name
    ('rater', 'organisation')
    """
    model = load_model(model)
    frame = check_class(frame, model, raters, targets)
    if values not in model.item_ids:
        raise NotFoundError(f"model {model.id} has no statement {values!r} (values is an item id; stage_data for the "
                            "stages)", code="errors.not_an_item", name=values, model=model.id)
    return _answers(frame, values, raters, targets)


def stage_data(frame, model: Model | str, *, raters: str = RATERS, targets: str = TARGETS,
               threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE):
    """Raters × cases table of the stages for Krippendorff's alpha; NaN where a rater did not assess a case. A
    rater who assessed a case twice counts with the later assessment. :func:`reliability_data` gives the same
    table of one statement's answers.

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
    rule : str, default DEFAULT_RULE ('stepped')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.

    Returns
    -------
    DataFrame
        Raters × cases (the stage numbers), NaN where a rater did not assess a case.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If the class table lacks the rater or case column; if the class table holds no assessments; if the
        class table holds no answers to the model; or if an answer is not a number or is off the model's scale.
    SettingError
        If ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules.

    Examples
    --------
    >>> data = stage_data(read_class(example_path()).frame, "altimeter")
    >>> data.index.name, data.columns.name
    ('rater', 'organisation')
    """
    model = load_model(model)
    frame = check_class(frame, model, raters, targets)
    return _pivot(frame, _stages(frame, model, threshold, rule), raters, targets)


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
    rule : str, default DEFAULT_RULE ('stepped')
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
    from .classroom_files import one_per_rater

    model = load_model(model)
    frame = check_class(frame, model, raters, targets)
    frame = one_per_rater(frame, raters, targets)  # a rater's later assessment of a case, whole
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
    rule : str, default DEFAULT_RULE ('stepped')
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
        If ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules.
    """
    import pandas as pd

    from .agreement import krippendorff_alpha

    model = load_model(model)
    frame = check_class(frame, model, raters, targets)
    data = stage_data(frame, model, raters=raters, targets=targets, threshold=threshold, rule=rule)
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
        If ``level`` is not one of the allowed values; or if ``lang`` is not ``"de"`` or ``"en"``.
    """
    import pandas as pd

    from .agreement import krippendorff_alpha

    model = load_model(model)
    frame = check_class(frame, model, raters, targets, lang)
    rows = []
    for it in model.items:
        if it.id not in frame.columns:
            continue
        res = krippendorff_alpha(_answers(frame, it.id, raters, targets), level=level)
        rows.append({"item": it.id, "stage": it.stage, "statement": it.text.get(lang), "alpha": res.alpha,
                     "pairable": res.pairable})
    return pd.DataFrame(rows).sort_values(["alpha", "item"], na_position="first").reset_index(drop=True)
