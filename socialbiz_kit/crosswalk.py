"""The two models side by side and the crosswalk between their stages (``data/crosswalk.yaml``).

The crosswalk says, for pairs of stages of the two models, how strongly they correspond (``none``,
``partial``, ``strong``), with a rationale in both languages. It is the kit's reading of the two
models' stage descriptions, not a statement of either source.

>>> side_by_side(lang="en").columns.tolist()
['stage', 'Altimeter', 'Social Engagement Journey ("Church of the Customer")']
>>> map_stage(3, source="altimeter", target="cotc")
(2, 3)
>>> crosswalk_mapping()
{0: 1, 1: 1, 2: 2, 3: 3, 4: 3, 5: 4, 6: 5}
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ._cache import file_stamp
from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD
from ._data import data_dir
from ._lang import check_lang
from ._modelfiles import models_dir
from ._yaml import Checker, Text, read_yaml
from .errors import CrosswalkError, ModelFileError, SettingError
from .models import Model, load_model

__all__ = [
    "CrosswalkError", "STRENGTHS", "Link", "Crosswalk", "side_by_side", "load_crosswalk", "crosswalk",
    "crosswalk_matrix", "map_stage", "predicted_range", "classify_both", "crosswalk_mapping",
]

STRENGTHS = {"none": 0, "partial": 1, "strong": 2}


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



@dataclass(frozen=True)
class Link:
    source: int
    target: int
    strength: str
    rationale: Text | None


@dataclass(frozen=True)
class Crosswalk:
    source: Model
    target: Model
    links: tuple[Link, ...]

    def strength(self, source_stage: int, target_stage: int) -> str:
        """The strength of the link between a stage of the source model and a stage of the target model.

        Parameters
        ----------
        source_stage, target_stage : int
            Stage numbers in the source and the target model.

        Returns
        -------
        str
            ``"strong"``, ``"partial"`` or ``"none"`` when the two stages are not linked.
        """
        for link in self.links:
            if link.source == source_stage and link.target == target_stage:
                return link.strength
        return "none"


def _read_crosswalk(path: Path) -> Crosswalk:
    raw = read_yaml(path, CrosswalkError, needs="schema_version, models and links")
    c = Checker(path, CrosswalkError)
    top = c.mapping(raw, "", {"schema_version": c.integer, "models": c.seq(c.identifier, min_len=2), "links": c.seq(
        lambda v, k: v, min_len=1)}, {})
    if top["schema_version"] != 1:
        c.fail("schema_version", "this kit reads schema version 1 only", code="explain.schema_version")
    if len(top["models"]) != 2:
        c.fail("models", f"name exactly two models, got {len(top['models'])}", code="explain.two_models",
               got=len(top["models"]))
    try:
        source, target = (load_model(m) for m in top["models"])
    except ModelFileError as exc:
        c.fail("models", exc.problem, code=exc.code or "errors.unknown", **exc.params)
    seen: dict[tuple[int, int], int] = {}
    links = []
    for i, raw_link in enumerate(top["links"]):
        key = f"links[{i}]"
        f = c.mapping(raw_link, key, {source.id: c.identifier, target.id: c.identifier, "strength": c.string},
                      {"rationale": c.text})
        numbers = []
        for model in (source, target):
            try:
                numbers.append(model.stage(f[model.id]).number)
            except KeyError:
                c.fail(f"{key}.{model.id}", f"model {model.id!r} has no stage {f[model.id]!r} "
                                             f"(stages: {', '.join(s.id for s in model.stages)})",
                       code="explain.unknown_ref", value=f[model.id], known=", ".join(s.id for s in model.stages))
        if f["strength"] not in STRENGTHS:
            c.fail(f"{key}.strength", f"must be one of {', '.join(STRENGTHS)}, got {f['strength']!r}",
                   code="explain.not_allowed", value=f["strength"], allowed=", ".join(STRENGTHS))
        if f["strength"] != "none" and "rationale" not in f:
            c.fail(f"{key}.rationale", "required for a link that is not 'none' (in both languages)",
                   code="explain.missing_key", entry="rationale")
        pair = (numbers[0], numbers[1])
        if pair in seen:
            c.fail(key, f"the pair {f[source.id]} / {f[target.id]} is already given in links[{seen[pair]}]",
                   code="explain.link_twice", pair=f"{f[source.id]} / {f[target.id]}", first=seen[pair] + 1)
        seen[pair] = i
        links.append(Link(pair[0], pair[1], f["strength"], f.get("rationale")))
    linked = [(m, {lk.source if m is source else lk.target for lk in links if lk.strength != "none"})
              for m in (source, target)]
    for model, linked_numbers in linked:
        missing = [s.id for s in model.stages if s.number not in linked_numbers]
        if missing:
            c.fail("links", f"stage {missing[0]!r} of model {model.id!r} has no link; every stage of both models must appear",
                   code="explain.stage_unlinked", stage=missing[0], model=model.id)
    return Crosswalk(source, target, tuple(links))


@functools.lru_cache(maxsize=8)
def _crosswalk_cached(path: str, stamps: tuple) -> Crosswalk:
    return _read_crosswalk(Path(path))


def _crosswalk_file(path: str) -> Crosswalk:
    """The bundled crosswalk, cached on its own file and on the bundled model files it reads (as
    :func:`~socialbiz_kit._cache.by_file` does for one file): an edited model file is seen on the next call."""
    models = sorted(str(p) for p in models_dir().glob("*.yaml"))
    return _crosswalk_cached(path, tuple((f, file_stamp(f)) for f in [path, *models]))


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
    return _crosswalk_file(str(data_dir() / "crosswalk.yaml")) if path is None else _read_crosswalk(Path(path))


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


def map_stage(stage: int, *, source: str = "altimeter", target: str = "cotc", min_strength: str = "partial",
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


def predicted_range(stages, *, source: str = "altimeter", target: str = "cotc", min_strength: str = "partial"):
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


def classify_both(answers_a, answers_b, *, source: str = "altimeter", target: str = "cotc",
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
    rule : str, default DEFAULT_RULE ('supported')
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


