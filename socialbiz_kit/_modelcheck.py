"""The model checker (private): a parsed model file, checked key by key, becomes a :class:`~socialbiz_kit.models.Model`.

Plain Python on purpose (no jsonschema, no pydantic): it runs in Pyodide too (the course site's JupyterLite
installs the kit's wheel). Every problem raises :class:`~socialbiz_kit.errors.ModelFileError` naming the
file and the key; the schema is documented in ``data/README.md``.
"""
from __future__ import annotations

import re
from typing import Any

from ._modeltypes import (
    MAX_SCALE_SPAN,
    ORIGINS,
    Change,
    Dimension,
    Example,
    Group,
    Item,
    Model,
    Recommendation,
    ScalePoint,
    Stage,
    Statement,
)
from ._yaml import Checker, join, unique
from .errors import ModelFileError
from .literature import Reference, load_literature

__all__ = ["SCHEMA_VERSION", "ModelChecker"]

SCHEMA_VERSION = 1


class ModelChecker(Checker):
    """Builds a :class:`Model` from parsed YAML; every error names file and key."""

    error = ModelFileError

    def __init__(self, path, error=None):
        super().__init__(path, error)
        self._own_sources: dict[str, Reference] = {}

    # ---- sources and statements
    def source(self, value, key):
        """A literature id (``data/literature.yaml``) or an entry of its own (``{title, publisher, date, ...}``)."""
        if isinstance(value, str):
            ident = self.identifier(value, key)
            lit = load_literature()
            if ident not in lit:
                self.fail(key, f"no literature entry {ident!r} in data/literature.yaml "
                               f"(known: {', '.join(sorted(lit))}); or give the source as {{title, publisher, date}}",
                          code="explain.unknown_source", value=ident)
            return lit[ident]
        f = self.mapping(
            value, key, {"title": self.string},
            {"id": self.identifier, "publisher": self.string, "date": self.string, "authors": self.seq(self.string),
             "url": self.string, "type": self.string},
        )
        date = f.get("date", "")
        if date and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
            self.fail(join(key, "date"), f"{date!r} is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)",
                      code="explain.not_date", value=date)
        ref = Reference(id=f.get("id", f"source_{len(self._own_sources) + 1}"), type=f.get("type", "report"),
                        title=f["title"], authors=f.get("authors", ()), year=int(date[:4]) if date else None,
                        date=date, publisher=f.get("publisher", ""), url=f.get("url", ""))
        self._own_sources[ref.id] = ref
        return ref

    def source_ids(self, value, key) -> tuple[str, ...]:
        values = value if isinstance(value, list) else [value]
        if not values:
            self.fail(key, "needs at least one literature id", code="explain.too_few", need=1, got=0)
        return tuple(self.identifier(v, f"{key}[{i}]" if isinstance(value, list) else key) for i, v in enumerate(values))

    def origin(self, value, key) -> str:
        value = self.string(value, key)
        if value not in ORIGINS:
            self.fail(key, f"must be one of {', '.join(ORIGINS)} (source: the model's sources say it; adapted: the sources "
                           f"name the direction, the kit made it concrete; kit: the kit's own reading), got {value!r}",
                      code="explain.not_allowed", value=value, allowed=", ".join(ORIGINS))
        return value

    def _check_origin(self, f: dict, key: str) -> None:
        if f["origin"] in ("source", "adapted") and not f.get("source"):
            self.fail(join(key, "source"), f"required when origin is {f['origin']!r}: the id(s) of the source(s) in "
                                           "data/literature.yaml", code="explain.origin_source", origin=f["origin"])

    def statement(self, value, key):
        f = self.mapping(value, key, {"text": self.text, "origin": self.origin}, {"source": self.source_ids})
        self._check_origin(f, key)
        return Statement(text=f["text"], origin=f["origin"], source=f.get("source", ()))

    def rating(self, value, key) -> int:
        value = self.integer(value, key)
        if not 1 <= value <= 3:
            self.fail(key, f"must be 1, 2 or 3 (1 = low, 3 = high), got {value}", code="explain.rating", value=value)
        return value

    def recommendation(self, stage_number: int):
        def run(value, key):
            f = self.mapping(
                value, key,
                {"id": self.identifier, "text": self.text, "origin": self.origin, "items": self.seq(self.identifier),
                 "effort": self.rating, "effect": self.rating},
                {"source": self.source_ids},
            )
            self._check_origin(f, key)
            return Recommendation(stage=stage_number, source=f.pop("source", ()), **f)

        return run

    def legacy_step(self, stage_number: int):
        """An entry of ``next_steps`` (older files): a text only, read as the file author's recommendation."""
        counter = iter(range(1, 10_000))

        def run(value, key):
            return Recommendation(id=f"step_{stage_number}_{next(counter)}", stage=stage_number,
                                  text=self.text(value, key), origin="author")

        return run

    # ---- pieces of a model
    def change(self, value, key):
        ids = self.seq(self.identifier)
        f = self.mapping(value, key, {"since": self.string, "version": self.string},
                         {"reworded": ids, "added": ids, "removed": ids})
        return Change(**f)

    def group(self, value, key):
        f = self.mapping(
            value, key,
            {"id": self.identifier, "stages": self.seq(self.integer, min_len=1), "name": self.text},
            {"reading": self.string},
        )
        return Group(id=f["id"], stages=f["stages"], name=f["name"], reading=f.get("reading", "source"))

    def dimension(self, value, key):
        return Dimension(**self.mapping(value, key, {"id": self.identifier, "name": self.text}, {}))

    def scale_point(self, value, key):
        f = self.mapping(value, key, {"value": self.integer, "fulfilment": self.number, "label": self.text}, {})
        if not 0.0 <= f["fulfilment"] <= 1.0:
            self.fail(join(key, "fulfilment"), f"must lie between 0 and 1, got {f['fulfilment']}",
                      code="explain.fulfilment_range", got=float(f["fulfilment"]))
        return ScalePoint(**f)

    def example(self, value, key):
        f = self.mapping(value, key, {"text": self.text, "source": self.example_source}, {})
        return Example(**f)

    def example_source(self, value, key) -> tuple[str, ...]:
        values = value if isinstance(value, list) else [value]
        return tuple(self.string(v, f"{key}[{i}]" if isinstance(value, list) else key) for i, v in enumerate(values))

    def item(self, stage_number: int):
        def run(value, key):
            f = self.mapping(value, key, {"id": self.identifier, "text": self.text},
                             {"area": self.identifier, "anchor": self.text})
            return Item(id=f["id"], stage=stage_number, text=f["text"], area=f.get("area"), anchor=f.get("anchor"))

        return run

    def stage(self, value, key):
        number = None
        if isinstance(value, dict) and "number" in value:
            number = self.integer(value["number"], join(key, "number"))
        n = number if number is not None else 0
        f = self.mapping(
            value, key,
            {
                "id": self.identifier,
                "number": self.integer,
                "name": self.text,
                "tagline": self.text,
                "summary": self.text,
                "characteristics": self.seq(self.text, min_len=1),
                "items": self.seq(self.item(n)),
            },
            {
                "tagline_origin": self.string,
                "examples": self.seq(self.example),
                "group": self.identifier,
                "german_summary_name": self.string,
                "readings": self.seq(self.statement),
                "recommendations": self.seq(self.recommendation(n), min_len=1),
                "next_steps": self.seq(self.legacy_step(n), min_len=1),
            },
        )
        if "recommendations" in f and "next_steps" in f:
            self.fail(join(key, "next_steps"), "give either recommendations or next_steps (the older form), not both",
                      code="explain.steps_twice")
        if "recommendations" not in f and "next_steps" not in f:
            self.fail(join(key, "recommendations"), "required key is missing (what an organisation at this stage "
                                                    "does next; older files call it next_steps)",
                      code="explain.missing_key", entry="recommendations")
        f["recommendations"] = f.pop("recommendations", None) or f.pop("next_steps")
        f.setdefault("tagline_origin", "source")
        if f["tagline_origin"] not in ("source", "kit"):
            self.fail(join(key, "tagline_origin"), f"must be 'source' or 'kit', got {f['tagline_origin']!r}",
                      code="explain.not_allowed", value=f["tagline_origin"], allowed="source, kit")
        return Stage(**f)

    def model(self, raw: Any) -> Model:
        f = self.mapping(
            raw, "",
            {
                "schema_version": self.integer,
                "id": self.identifier,
                "version": self.string,
                "name": self.text,
                "authors": self.seq(self.string, min_len=1),
                "year": self.integer,
                "sources": self.seq(self.source, min_len=1),
                "description": self.text,
                "baseline_stage": self.boolean,
                "scale": self.seq(self.scale_point, min_len=2),
                "stages": self.seq(self.stage, min_len=2),
            },
            {"short_name": self.text, "groups": self.seq(self.group), "dimensions": self.seq(self.dimension),
             "instructions": self.text, "readings": self.seq(self.statement),
             "start": self.seq(self.recommendation(0), min_len=1), "changes": self.seq(self.change)},
        )
        if f.pop("schema_version") != SCHEMA_VERSION:
            self.fail("schema_version", f"this kit reads schema version {SCHEMA_VERSION} only", code="explain.schema_version")
        f.setdefault("short_name", f["name"])
        self._cross_checks(f)
        return Model(path=str(self.path), **f)

    def _cross_checks(self, f: dict) -> None:
        stages: tuple[Stage, ...] = f["stages"]
        numbers = [s.number for s in stages]
        if numbers != list(range(1, len(stages) + 1)):
            self.fail("stages", f"stage numbers must run 1, 2, 3, ... in order without gaps; found {numbers}",
                      code="explain.stage_numbers", found=", ".join(map(str, numbers)))
        unique(self, [s.id for s in stages], "stages", "stage id")
        unique(self, [it.id for s in stages for it in s.items], "stages", "item id")
        values = [p.value for p in f["scale"]]
        unique(self, values, "scale", "scale value")
        if values != sorted(values):
            self.fail("scale", f"scale values must rise in order; found {values}", code="explain.scale_order")
        if values[-1] - values[0] > MAX_SCALE_SPAN or max(abs(values[0]), abs(values[-1])) > MAX_SCALE_SPAN:
            self.fail("scale", f"scale values must lie between -{MAX_SCALE_SPAN} and {MAX_SCALE_SPAN} and span at most "
                               f"{MAX_SCALE_SPAN}; found {values[0]} to {values[-1]}", code="explain.scale_span",
                      limit=MAX_SCALE_SPAN, low=values[0], high=values[-1])
        fulfil = [p.fulfilment for p in f["scale"]]
        if fulfil != sorted(fulfil):
            self.fail("scale", "fulfilment must not fall as the answer value rises", code="explain.scale_fulfilment")
        dims = {d.id for d in f.get("dimensions", ())}
        unique(self, [d.id for d in f.get("dimensions", ())], "dimensions", "dimension id")
        group_ids = {g.id for g in f.get("groups", ())}
        for g_i, g in enumerate(f.get("groups", ())):
            for n in g.stages:
                if n not in numbers:
                    self.fail(f"groups[{g_i}].stages", f"stage {n} does not exist (stages {numbers[0]}..{numbers[-1]})",
                              code="explain.unknown_ref", value=n, known=", ".join(map(str, numbers)))
        for i, s in enumerate(stages):
            key = f"stages[{i}]"
            if s.group is not None and s.group not in group_ids:
                self.fail(f"{key}.group", f"unknown group {s.group!r} (groups: {', '.join(sorted(group_ids)) or 'none'})",
                          code="explain.unknown_ref", value=s.group, known=", ".join(sorted(group_ids)) or "–")
            baseline = f["baseline_stage"] and s.number == 1
            if baseline and s.items:
                self.fail(f"{key}.items", "the baseline stage has no items: every organisation starts there",
                          code="explain.baseline_items")
            if not baseline and not s.items:
                self.fail(f"{key}.items", "needs at least one item (only a baseline stage has none)", code="explain.no_items")
            for j, it in enumerate(s.items):
                if dims and it.area is None:
                    self.fail(f"{key}.items[{j}].area", "required key is missing (the model defines dimensions)",
                              code="explain.missing_key", entry="area")
                if it.area is not None and it.area not in dims:
                    self.fail(f"{key}.items[{j}].area", f"unknown area {it.area!r} (dimensions: {', '.join(sorted(dims)) or 'none'})",
                              code="explain.unknown_ref", value=it.area, known=", ".join(sorted(dims)) or "–")
        self._check_recommendations(f, stages)
        self._check_source_ids(f, stages)
        self._check_changes(f, stages)

    def _check_changes(self, f: dict, stages: tuple[Stage, ...]) -> None:
        items = {it.id for s in stages for it in s.items}
        unique(self, [c.since for c in f.get("changes", ())], "changes", "since")
        for i, c in enumerate(f.get("changes", ())):
            for part in ("reworded", "added", "removed"):
                for k, item in enumerate(getattr(c, part)):
                    if (item in items) == (part == "removed"):
                        where = "is still an item" if part == "removed" else "is not an item of this version"
                        self.fail(f"changes[{i}].{part}[{k}]", f"{item!r} {where}", code="explain.change_item",
                                  value=item, part=part)

    def _check_recommendations(self, f: dict, stages: tuple[Stage, ...]) -> None:
        stage_of = {it.id: s.number for s in stages for it in s.items}
        start = f.get("start", ())
        if start and f["baseline_stage"]:
            self.fail("start", "a model with a baseline stage has no 'start': every organisation is at least at "
                               "stage 1, whose recommendations say what comes first", code="explain.start_baseline")
        legacy = any(r.origin == "author" and not r.items and r.effort is None for s in stages for r in s.recommendations)
        if not legacy and not f["baseline_stage"] and not start:
            self.fail("start", "required key is missing: recommendations for an organisation that reaches no stage "
                               "(they address the items of stage 1)", code="explain.start_missing")
        all_recs = [("start", j, r) for j, r in enumerate(start)]
        all_recs += [(f"stages[{i}].recommendations", j, r) for i, s in enumerate(stages) for j, r in enumerate(s.recommendations)]
        unique(self, [r.id for _, _, r in all_recs], "stages", "recommendation id")
        top = len(stages)
        for where, j, r in all_recs:
            key = f"{where}[{j}]"
            if r.effort is None:  # an older next_steps entry: a text only
                continue
            if not r.items and r.stage != top:
                self.fail(f"{key}.items", "name the item(s) this recommendation addresses (only the top stage may "
                                          "have recommendations without items, for keeping up what was reached)",
                              code="explain.rec_no_items")
            for k, item in enumerate(r.items):
                if item not in stage_of:
                    self.fail(f"{key}.items[{k}]", f"unknown item {item!r} (items look like {next(iter(stage_of), '?')!r})",
                              code="explain.unknown_item", value=item, example=next(iter(stage_of), "?"))
                if stage_of[item] > r.stage + 1 and not (f["baseline_stage"] and r.stage == 1 and stage_of[item] == 2):
                    self.fail(f"{key}.items[{k}]", f"item {item!r} belongs to stage {stage_of[item]}: a recommendation "
                                                   f"written for stage {r.stage} addresses items up to stage {r.stage + 1}",
                              code="explain.rec_too_high", item=item, stage=stage_of[item], own=r.stage, up_to=r.stage + 1)
        if not legacy:
            addressed = {item for _, _, r in all_recs for item in r.items}
            for i, s in enumerate(stages):
                for j, it in enumerate(s.items):
                    if it.id not in addressed:
                        self.fail(f"stages[{i}].items[{j}]", f"no recommendation addresses item {it.id!r}; add it to the "
                                                             "items of a recommendation of the stage below",
                                  code="explain.item_unaddressed", item=it.id)

    def _check_source_ids(self, f: dict, stages: tuple[Stage, ...]) -> None:
        known = set(load_literature()) | set(self._own_sources)
        statements = [("readings", j, st) for j, st in enumerate(f.get("readings", ()))]
        statements += [(f"stages[{i}].readings", j, st) for i, s in enumerate(stages) for j, st in enumerate(s.readings)]
        statements += [("start", j, r) for j, r in enumerate(f.get("start", ()))]
        statements += [(f"stages[{i}].recommendations", j, r) for i, s in enumerate(stages)
                       for j, r in enumerate(s.recommendations)]
        for where, j, st in statements:
            for ident in st.source:
                if ident not in known:
                    self.fail(f"{where}[{j}].source", f"unknown source {ident!r}: use an id of data/literature.yaml "
                                                      "or of a source of this file that has an 'id'",
                              code="explain.unknown_source", value=ident)
