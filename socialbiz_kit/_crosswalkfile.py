"""Reading a crosswalk file (private; :mod:`~socialbiz_kit.crosswalk` loads the bundled one and re-exports the names):
the links between the stages of two models, checked against both models, and the cache of the bundled file.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ._cache import file_stamp
from ._modelfiles import models_dir
from ._yaml import Checker, Text, read_yaml
from .errors import CrosswalkError, ModelFileError
from .models import Model, load_model

__all__ = ["STRENGTHS", "Link", "Crosswalk", "read_crosswalk", "crosswalk_file"]

STRENGTHS = {"none": 0, "partial": 1, "strong": 2}


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


def read_crosswalk(path: Path) -> Crosswalk:
    """One crosswalk file, validated against its schema and the two models it links (no cache)."""
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
    return read_crosswalk(Path(path))


def crosswalk_file(path: str) -> Crosswalk:
    """The bundled crosswalk, cached on its own file and on the bundled model files it reads (as
    :func:`~socialbiz_kit._cache.by_file` does for one file): an edited model file is seen on the next call."""
    models = sorted(str(p) for p in models_dir().glob("*.yaml"))
    return _crosswalk_cached(path, tuple((f, file_stamp(f)) for f in [path, *models]))
