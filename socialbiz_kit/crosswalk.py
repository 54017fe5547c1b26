"""The two models side by side and the crosswalk between their stages (``data/crosswalk.yaml``).

The crosswalk says, for pairs of stages of the two models, how strongly they correspond (``none``,
``partial``, ``strong``), with a rationale in both languages. It is the kit's reading of the two
models' stage descriptions, not a statement of either source.

The two models compared, ``source`` and ``target``, come right after the data and may be passed by position or by
keyword, in every function that compares them (here, :func:`~socialbiz_kit.agreement.agreement` and
:func:`~socialbiz_kit.wordstats.similarity_matrix`): ``map_stage(3, "altimeter", "cotc")``.

>>> side_by_side(lang="en").columns.tolist()
['stage', 'Altimeter', 'Social Engagement Journey ("Church of the Customer")']
>>> map_stage(3, source="altimeter", target="cotc")
(2, 3)
>>> map_stage(3, "cotc", "altimeter")
(2, 4)
>>> crosswalk_mapping()
{0: 1, 1: 1, 2: 2, 3: 3, 4: 3, 5: 4, 6: 5}
"""
from __future__ import annotations

from pathlib import Path

from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD
from ._crosswalkfile import STRENGTHS, Crosswalk, Link, crosswalk_file, read_crosswalk
from ._data import data_dir
from ._lang import check_lang
from .errors import CrosswalkError, SettingError
from .models import Model, load_model

__all__ = [
    "CrosswalkError", "STRENGTHS", "Link", "Crosswalk", "side_by_side", "load_crosswalk", "crosswalk",
    "crosswalk_matrix", "map_stage", "predicted_range", "classify_both", "crosswalk_mapping",
]

def side_by_side(models: tuple[Model | str, ...] = ("altimeter", "cotc"), *, lang: str = "de", field: str = "name"):
    """All stages of several models in one table: one row per stage number, one column per model.

    ``field`` is ``"name"`` (default), ``"tagline"`` or ``"summary"``; a model with fewer stages
    gets empty cells.

    Parameters
    ----------
    models : tuple of Model or str, default ('altimeter', 'cotc')
        The models, in this order.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    field : str, default "name"
        ``"name"``, ``"tagline"`` or ``"summary"``.

    Returns
    -------
    DataFrame
        One row per stage number, one column per model (its short name); empty where a model has fewer stages.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if ``field`` is not one of the allowed values.
    """
    import pandas as pd

    check_lang(lang)
    if field not in ("name", "tagline", "summary"):
        raise SettingError(f"field must be 'name', 'tagline' or 'summary' (got {field!r})",
                           code="errors.choice", name="field", value=field, allowed="name, tagline, summary")
    loaded = [load_model(m) for m in models]
    n = max(m.n_stages for m in loaded)
    table = {"stage": list(range(1, n + 1))}
    for m in loaded:
        col = [getattr(s, field).get(lang) for s in m.stages]
        table[m.short_name.get(lang)] = col + [""] * (n - len(col))
    return pd.DataFrame(table)



def load_crosswalk(path: str | Path | None = None) -> Crosswalk:
    """The bundled crosswalk (``data/crosswalk.yaml``) or a file of your own, validated.

    Parameters
    ----------
    path : str or Path, optional
        A crosswalk file of your own; ``data/crosswalk.yaml`` by default.

    Returns
    -------
    Crosswalk
        The two models and their links, validated.

    Raises
    ------
    CrosswalkError
        If the file is missing, unreadable, not valid YAML, breaks the crosswalk schema or does not fit the
        models it links.
    """
    return crosswalk_file(str(data_dir() / "crosswalk.yaml")) if path is None else read_crosswalk(Path(path))


def crosswalk(*, lang: str = "de", path: str | Path | None = None):
    """Every pair of stages of the two models with its strength and rationale (one row per pair).

    Columns: ``<source>`` and ``<target>`` (stage numbers), ``<source>_stage``, ``<target>_stage``
    (names), ``strength`` (none/partial/strong), ``strength_value`` (0/1/2), ``rationale``.

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    path : str or Path, optional
        A crosswalk file of your own; ``data/crosswalk.yaml`` by default.

    Returns
    -------
    DataFrame
        One row per pair of stages (columns above).

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    import pandas as pd

    check_lang(lang)
    cw = load_crosswalk(path)
    s, t = cw.source, cw.target
    rows = []
    for a in s.stages:
        for b in t.stages:
            link = next((lk for lk in cw.links if lk.source == a.number and lk.target == b.number), None)
            strength = link.strength if link else "none"
            rows.append({s.id: a.number, f"{s.id}_stage": a.name.get(lang), t.id: b.number,
                         f"{t.id}_stage": b.name.get(lang), "strength": strength, "strength_value": STRENGTHS[strength],
                         "rationale": link.rationale.get(lang) if link and link.rationale else ""})
    return pd.DataFrame(rows)


def crosswalk_matrix(*, lang: str = "de", path: str | Path | None = None):
    """The crosswalk as a matrix of strengths 0/1/2: source stages as rows, target stages as columns.

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    path : str or Path, optional
        A crosswalk file of your own; ``data/crosswalk.yaml`` by default.

    Returns
    -------
    DataFrame
        Strengths 0/1/2, source stages × target stages (labels in ``lang``).

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    cw = load_crosswalk(path)
    long = crosswalk(lang=lang, path=path)
    s, t = cw.source, cw.target
    m = long.pivot(index=s.id, columns=t.id, values="strength_value")
    m.index = [f"{st.number} {st.name.get(lang)}" for st in s.stages]
    m.columns = [f"{st.number} {st.name.get(lang)}" for st in t.stages]
    return m


def map_stage(stage: int, source: str = "altimeter", target: str = "cotc", *, min_strength: str = "partial",
              path: str | Path | None = None) -> tuple[int, int]:
    """The range of ``target`` stages linked to a ``source`` stage at ``min_strength`` or stronger.

    Works in both directions. A result of 0 (no stage reached) or the baseline stage is linked to
    the lowest stage of the other model as well, because "not yet started" means the same in both.

    Parameters
    ----------
    stage : int
        A stage of ``source`` (0: no stage reached).
    source : str, default "altimeter"
        The model whose stages are given.
    target : str, default "cotc"
        The model whose stages are predicted.
    min_strength : str, default "partial"
        ``"partial"`` or ``"strong"``: the weakest link that counts.
    path : str or Path, optional
        A crosswalk file of your own; ``data/crosswalk.yaml`` by default.

    Returns
    -------
    tuple of (int, int)
        The lowest and the highest linked stage of ``target``.

    Raises
    ------
    SettingError
        If ``min_strength`` is not one of the allowed values; if the crosswalk does not link the two models;
        if the model has no stage ``stage``; or if the stage has no link of at least ``min_strength``.
    """
    cw = load_crosswalk(path)
    if min_strength not in STRENGTHS or min_strength == "none":
        raise SettingError(f"min_strength must be 'partial' or 'strong' (got {min_strength!r})",
                           code="errors.choice", name="min_strength", value=min_strength, allowed="partial, strong")
    if {source, target} != {cw.source.id, cw.target.id} or source == target:
        raise SettingError(f"the crosswalk links {cw.source.id} and {cw.target.id} (got {source!r} -> {target!r})",
                           code="errors.crosswalk_pair", source=source, target=target, a=cw.source.id, b=cw.target.id)
    forward = source == cw.source.id
    src_model, tgt_model = (cw.source, cw.target) if forward else (cw.target, cw.source)
    floor_src = src_model.lowest_stage
    floor_tgt = tgt_model.lowest_stage
    if not floor_src <= stage <= src_model.n_stages:
        raise SettingError(f"{source} has no stage {stage} (stages {floor_src}..{src_model.n_stages})",
                           code="errors.model_stage", model=source, stage=stage)
    if stage == 0:
        return floor_tgt, floor_tgt
    hits = [(lk.target if forward else lk.source) for lk in cw.links
            if (lk.source if forward else lk.target) == stage and STRENGTHS[lk.strength] >= STRENGTHS[min_strength]]
    if not hits:
        raise SettingError(f"stage {stage} of {source} has no link of strength {min_strength!r} or stronger",
                           code="errors.no_link", stage=stage, model=source, strength=min_strength)
    lo, hi = min(hits), max(hits)
    if stage == 1:  # the first stage reaches down to "not yet started" in the other model
        lo = min(lo, floor_tgt)
    return lo, hi


def predicted_range(stages, source: str = "altimeter", target: str = "cotc", *, min_strength: str = "partial"):
    """For a Series of ``source`` stages: the ``target`` range the crosswalk predicts (columns ``low``, ``high``).

    Parameters
    ----------
    stages : Series
        Stages of ``source``, one per organisation.
    source : str, default "altimeter"
        The model whose stages are given.
    target : str, default "cotc"
        The model whose stages are predicted.
    min_strength : str, default "partial"
        ``"partial"`` or ``"strong"``.

    Returns
    -------
    DataFrame
        ``low`` and ``high`` per organisation, on the index of ``stages``.

    Raises
    ------
    SettingError
        If ``min_strength`` is not one of the allowed values; if the crosswalk does not link the two models;
        if the model has no stage ``stage``; or if the stage has no link of at least ``min_strength``.
    """
    import pandas as pd

    ranges = {s: map_stage(int(s), source=source, target=target, min_strength=min_strength) for s in set(stages)}
    return pd.DataFrame({"low": [ranges[s][0] for s in stages], "high": [ranges[s][1] for s in stages]},
                        index=getattr(stages, "index", None))


def classify_both(answers_a, answers_b, source: str = "altimeter", target: str = "cotc", *,
                  threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE, lang: str = "de"):
    """Score the same organisations in both models and compare with what the crosswalk predicts.

    Returns one row per organisation present in both answer tables: the stage in each model, the
    predicted range in ``target``, ``agrees`` (the ``target`` stage lies in that range) and
    ``direction`` (``"as predicted"``, ``"higher"`` or ``"lower"`` than predicted).

    Parameters
    ----------
    answers_a : DataFrame
        Answers to ``source``, one row per organisation.
    answers_b : DataFrame
        Answers to ``target`` by the same organisations (same index).
    source : str, default "altimeter"
        The model of ``answers_a``.
    target : str, default "cotc"
        The model of ``answers_b``.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('stepped')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per organisation in both tables: stages, predicted range, ``agrees``, ``direction``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    InputDataError
        If no column is an item of the model, or an answer is not a number or is off the model's scale.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; if ``threshold`` is not above 0 and at most 1, or ``rule`` is
        not one of the rules; if the crosswalk does not link the two models; if the model has no stage
        ``stage``; or if the stage has no link of at least ``min_strength``.
    """
    import numpy as np
    import pandas as pd

    from .scoring import label, score

    check_lang(lang)
    common = answers_a.index.intersection(answers_b.index)
    a = label(score(answers_a.loc[common], source, threshold=threshold, rule=rule), source, lang=lang)
    b = label(score(answers_b.loc[common], target, threshold=threshold, rule=rule), target, lang=lang)
    pred = predicted_range(a["stage"], source=source, target=target)
    out = pd.DataFrame({
        f"{source}_stage": a["stage"], f"{source}_name": a["stage_name"],
        f"{target}_stage": b["stage"], f"{target}_name": b["stage_name"],
        "predicted_low": pred["low"], "predicted_high": pred["high"],
    }, index=common)
    actual = out[f"{target}_stage"]
    out["agrees"] = actual.between(out["predicted_low"], out["predicted_high"])
    out["direction"] = np.select([actual > out["predicted_high"], actual < out["predicted_low"]],
                                 ["higher", "lower"], "as predicted")
    return out


def crosswalk_mapping(source: str = "altimeter", target: str = "cotc", *, path: str | Path | None = None) -> dict[int, int]:
    """Each ``source`` stage mapped to one ``target`` stage: the most strongly linked one (the lower
    one when two are linked equally strongly). Stage 0 maps to the target's lowest stage.

    Parameters
    ----------
    source : str, default "altimeter"
        The model mapped from.
    target : str, default "cotc"
        The model mapped to.
    path : str or Path, optional
        A crosswalk file of your own; ``data/crosswalk.yaml`` by default.

    Returns
    -------
    dict of int to int
        ``source`` stage -> ``target`` stage, 0 included.

    Raises
    ------
    SettingError
        If the crosswalk does not link the two models.

    Examples
    --------

    >>> crosswalk_mapping()
    {0: 1, 1: 1, 2: 2, 3: 3, 4: 3, 5: 4, 6: 5}
    """
    cw = load_crosswalk(path)
    if {source, target} != {cw.source.id, cw.target.id} or source == target:
        raise SettingError(f"the crosswalk links {cw.source.id} and {cw.target.id} (got {source!r} -> {target!r})",
                           code="errors.crosswalk_pair", source=source, target=target, a=cw.source.id, b=cw.target.id)
    forward = source == cw.source.id
    src_model, tgt_model = (cw.source, cw.target) if forward else (cw.target, cw.source)
    out = {}
    if not src_model.baseline_stage:
        out[0] = tgt_model.lowest_stage
    for st in src_model.stages:
        links = [((lk.target if forward else lk.source), STRENGTHS[lk.strength]) for lk in cw.links
                 if (lk.source if forward else lk.target) == st.number and lk.strength != "none"]
        best = max(w for _, w in links)
        out[st.number] = min(t for t, w in links if w == best)
    return out


