"""Maturity models as validated, immutable data.

A model is one YAML file (``data/models/<id>.yaml`` for the bundled ones, or a file of your own).
It is read with ``yaml.safe_load`` semantics (no object tags, duplicate keys refused), checked
against the schema documented in ``data/README.md`` and turned into frozen dataclasses.
Every problem raises :class:`~socialbiz_kit.errors.ModelFileError` (a ``ValueError``) whose message names the file
and the key.

Examples
--------
>>> from socialbiz_kit.models import list_models, load_model
>>> list_models()
['altimeter', 'cotc']
>>> m = load_model("altimeter")
>>> [s.name.en for s in m.stages]
['Planning', 'Presence', 'Engagement', 'Formalized', 'Strategic', 'Converged']
>>> m.stage(5).german_summary_name
'Ernten'
>>> load_model("cotc").baseline_stage
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._cache import by_file
from ._compat import deprecated, keyword_lang
from ._data import data_dir
from ._lang import check_lang
from ._yaml import Checker, Text, join, read_yaml, unique
from .errors import ModelFileError, NotFoundError
from .literature import Reference, cite, load_literature, render

__all__ = [
    "Text",
    "Source",
    "Statement",
    "Recommendation",
    "ORIGINS",
    "Group",
    "Dimension",
    "ScalePoint",
    "Example",
    "Item",
    "Stage",
    "Model",
    "list_models",
    "load_model",
    "read_model",
    "model_from_dict",
    "template_path",
    "stages_frame",
    "items_frame",
    "item_labels",
    "stage_card",
    "citation",
    "catalogue",
    "readings_frame",
    "recommendations_frame",
    "origin_label",
]

SCHEMA_VERSION = 1


def __getattr__(name: str):
    if name == "ModelError":  # the name used before the error family
        deprecated("models.ModelError: use socialbiz_kit.errors.ModelFileError; ModelError")
        return ModelFileError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- dataclasses

Source = Reference  # a model's source is an entry of the literature list (data/literature.yaml)

ORIGINS = ("source", "adapted", "kit", "author")
"""Whose statement a text is: the model's ``source``, the ``kit``'s own reading, or the ``author`` of a model
file of your own (what older files wrote as ``next_steps``)."""


MAX_SCALE_SPAN = 10_000
"""Largest answer value (in size) and widest span of an answer scale (a 0-100 scale is far inside)."""

@dataclass(frozen=True)
class Statement:
    """A statement about a model or stage with its origin: ``source`` (with the ids it rests on) or ``kit``."""

    text: Text
    origin: str
    source: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    """An improvement measure: what to do, whose advice it is, which items it addresses, effort and effect (1-3).

    ``stage`` is the stage it is written for (the organisation's current stage; 0 for "no stage reached").
    """

    id: str
    stage: int
    text: Text
    origin: str
    items: tuple[str, ...] = ()
    effort: int | None = None
    effect: int | None = None
    source: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """A grouping of stages that a source makes (``reading`` says whose reading it is)."""

    id: str
    stages: tuple[int, ...]
    name: Text
    reading: str


@dataclass(frozen=True)
class Dimension:
    """An area of change along which items are written (Ant's Eye View's five areas)."""

    id: str
    name: Text


@dataclass(frozen=True)
class ScalePoint:
    value: int
    fulfilment: float
    label: Text


@dataclass(frozen=True)
class Example:
    """An example from the sources; ``source`` holds literature ids (or, in a file of your own, a free text)."""

    text: Text
    source: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """One observable statement of the self-check, answered on the model's scale."""

    id: str
    stage: int
    text: Text
    area: str | None = None
    anchor: Text | None = None


@dataclass(frozen=True)
class Stage:
    id: str
    number: int
    name: Text
    tagline: Text
    tagline_origin: str
    summary: Text
    characteristics: tuple[Text, ...]
    items: tuple[Item, ...]
    recommendations: tuple[Recommendation, ...]
    examples: tuple[Example, ...] = ()
    group: str | None = None
    german_summary_name: str | None = None
    readings: tuple[Statement, ...] = ()

    @property
    def next_steps(self) -> tuple[Text, ...]:
        """The texts of this stage's recommendations (what an organisation at this stage does next)."""
        return tuple(r.text for r in self.recommendations)


@dataclass(frozen=True)
class Model:
    id: str
    version: str
    name: Text
    short_name: Text
    authors: tuple[str, ...]
    year: int
    sources: tuple[Source, ...]
    description: Text
    baseline_stage: bool
    scale: tuple[ScalePoint, ...]
    stages: tuple[Stage, ...]
    groups: tuple[Group, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    instructions: Text | None = None
    readings: tuple[Statement, ...] = ()
    start: tuple[Recommendation, ...] = ()
    path: str = ""

    def __repr__(self) -> str:
        return f"<Model {self.id!r} v{self.version}: {len(self.stages)} stages, {len(self.items)} items>"

    @property
    def items(self) -> tuple[Item, ...]:
        """All items of the instrument, stage by stage."""
        return tuple(item for stage in self.stages for item in stage.items)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def n_stages(self) -> int:
        return len(self.stages)

    @property
    def lowest_stage(self) -> int:
        """The stage every organisation is at least at: 1 for a model with a baseline stage, else 0."""
        return 1 if self.baseline_stage else 0

    @property
    def scored_stages(self) -> tuple[Stage, ...]:
        """The stages that carry items (all but a baseline stage)."""
        return tuple(s for s in self.stages if s.items)

    def stage(self, key: int | str) -> Stage:
        """The stage with this number or id; ``KeyError`` naming the known ones otherwise."""
        for s in self.stages:
            if s.number == key or s.id == key:
                return s
        known = ", ".join(f"{s.number}/{s.id}" for s in self.stages)
        raise NotFoundError(f"model {self.id!r} has no stage {key!r}; stages: {known}", code="errors.no_stage",
                            model=self.id, stage=key, known=known)

    @property
    def recommendations(self) -> tuple[Recommendation, ...]:
        """Every recommendation: ``start`` (no stage reached) first, then stage by stage."""
        return self.start + tuple(r for s in self.stages for r in s.recommendations)

    def recommendations_at(self, stage: int) -> tuple[Recommendation, ...]:
        """The recommendations written for an organisation at ``stage`` (0: no stage reached, ``start``)."""
        return self.start if stage == 0 else self.stage(stage).recommendations

    def recommendations_for(self, item_id: str) -> tuple[Recommendation, ...]:
        """The recommendations that address one item, in model order."""
        return tuple(r for r in self.recommendations if item_id in r.items)

    def scale_map(self) -> dict[int, float]:
        """Answer value -> fulfilment (0..1)."""
        return {p.value: p.fulfilment for p in self.scale}

    @keyword_lang("lang")
    def stages_frame(self, *, lang: str = "de"):
        return stages_frame(self, lang=lang)

    @keyword_lang("lang")
    def items_frame(self, *, lang: str = "de"):
        return items_frame(self, lang=lang)


# --------------------------------------------------------------------------- validation
class _ModelChecker(Checker):
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
             "start": self.seq(self.recommendation(0), min_len=1)},
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


# --------------------------------------------------------------------------- public API
def _models_dir() -> Path:
    return data_dir() / "models"


def list_models() -> list[str]:
    """Names of the bundled models, for :func:`load_model`.

    Returns
    -------
    list of str
        The names, sorted.
    """
    return sorted(p.stem for p in _models_dir().glob("*.yaml"))



def read_model(path: str | Path) -> Model:
    """Read and validate a model file; raises :class:`~socialbiz_kit.errors.ModelFileError`.

    Parameters
    ----------
    path : str or Path
        A model file (YAML).

    Returns
    -------
    Model
        The validated model.
    """
    path = Path(path)
    return _ModelChecker(path).model(read_yaml(path, ModelFileError, needs="at least id, name and stages"))


def model_from_dict(raw: dict, *, name: str = "<dict>") -> Model:
    """Validate a model given as Python data (as ``yaml.safe_load`` would return it); errors name ``name``.

    Parameters
    ----------
    raw : dict
        The model as ``yaml.safe_load`` returns it.
    name : str, default "<dict>"
        The name used in messages.

    Returns
    -------
    Model
        The validated model.
    """
    return _ModelChecker(name).model(raw)


def template_path() -> Path:
    """The commented template for a model of your own (``data/model_template.yaml``).

    Returns
    -------
    Path
        ``data/model_template.yaml``.
    """
    return data_dir() / "model_template.yaml"


@by_file
def _bundled(path: str) -> Model:
    return read_model(path)


def load_model(name_or_path: str | Path | Model) -> Model:
    """A bundled model by name (see :func:`list_models`) or a model file of your own by path.

    A :class:`Model` passes through unchanged, so every function of the kit accepts either.

    Parameters
    ----------
    name_or_path : str, Path or Model
        A bundled model's name, a model file, or a model (passed through).

    Returns
    -------
    Model
        The validated model (a bundled one read once, and again when its file changes).
    """
    if isinstance(name_or_path, Model):
        return name_or_path
    text = str(name_or_path)
    if isinstance(name_or_path, str) and text in list_models():
        return _bundled(str(_models_dir() / f"{text}.yaml"))
    path = Path(name_or_path)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        return read_model(path)
    raise ModelFileError(
        text, "", f"no bundled model of that name (bundled: {', '.join(list_models())}) and no such .yaml file",
        code="errors.no_model", name=text, bundled=", ".join(list_models()),
    )


@keyword_lang("lang")
def stages_frame(model: Model | str, *, lang: str = "de"):
    """One row per stage: number, id, name, original (English) name, tagline, group, summary,
    characteristics, and the number of items.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per stage (columns above).

    Examples
    --------

    >>> print(stages_frame("cotc", lang="en")[["number", "name", "n_items"]].to_string(index=False))
     number          name  n_items
          1   Traditional        0
          2  Experimental        4
          3   Operational        7
          4    Measurable        7
          5 Fully Engaged        6
    """
    import pandas as pd

    model = load_model(model)
    check_lang(lang)
    groups = {g.id: g.name.get(lang) for g in model.groups}
    rows = [
        {
            "number": s.number,
            "id": s.id,
            "name": s.name.get(lang),
            "original_name": s.name.en,
            "german_summary_name": s.german_summary_name or "",
            "tagline": s.tagline.get(lang),
            "group": groups.get(s.group, "") if s.group else "",
            "summary": s.summary.get(lang),
            "characteristics": "; ".join(c.get(lang) for c in s.characteristics),
            "n_items": len(s.items),
        }
        for s in model.stages
    ]
    return pd.DataFrame(rows)


@keyword_lang("lang")
def item_labels(model: Model | str, *, lang: str = "de") -> dict[str, str]:
    """Short labels of the items for tables and plot axes: the stage's name and the item's place in its stage.

    A learner reads "Strategisch 2" where the answer files say ``strategic_2``; the id stays what the
    questionnaire and the answer files use.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    dict
        Item id -> label.

    Examples
    --------
    >>> item_labels("altimeter", lang="de")["strategic_2"]
    'Strategisch 2'
    >>> item_labels("cotc", lang="en")["operational_training"]
    'Operational 7'
    """
    model = load_model(model)
    check_lang(lang)
    return {it.id: f"{s.name.get(lang)} {n}" for s in model.stages for n, it in enumerate(s.items, 1)}


@keyword_lang("lang")
def items_frame(model: Model | str, *, lang: str = "de"):
    """One row per item: id, stage number, stage name, area (if the model has dimensions), text, anchor
    (what "trifft voll zu" / "fully" looks like).

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per item (columns above).
    """
    import pandas as pd

    model = load_model(model)
    check_lang(lang)
    areas = {d.id: d.name.get(lang) for d in model.dimensions}
    rows = [
        {
            "id": it.id,
            "stage": it.stage,
            "stage_name": model.stage(it.stage).name.get(lang),
            "area": areas.get(it.area, "") if it.area else "",
            "text": it.text.get(lang),
            "anchor": it.anchor.get(lang) if it.anchor else "",
        }
        for it in model.items
    ]
    return pd.DataFrame(rows, columns=["id", "stage", "stage_name", "area", "text", "anchor"])


def _cites(ids: tuple[str, ...], lang: str) -> str:
    lit = load_literature()
    return "; ".join(cite(i, lang=lang) if i in lit else i for i in ids)


@keyword_lang("lang")
def origin_label(origin: str, *, lang: str = "de") -> str:
    """The visible label of an origin: "Quelle" / "Lesart des Kits" / ... (from ``data/ui.yaml``).

    Parameters
    ----------
    origin : str
        One of :data:`ORIGINS`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        The label a learner reads.
    """
    from . import ui

    return ui.text(f"origin.{origin}", lang=lang)


@keyword_lang("lang")
def origin_text(rec: Recommendation, *, lang: str = "de") -> str:
    """Whose advice a recommendation is, as a learner reads it: "Aus der Quelle (Li & Solis, 2013)", "Lesart des Kits".

    Parameters
    ----------
    rec : Recommendation
        A recommendation of a model.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        The origin's label with the citations of its sources.

    Examples
    --------
    >>> origin_text(load_model("altimeter").start[1], lang="de")
    'Aus der Quelle (Li & Solis, 2013)'
    >>> origin_text(load_model("altimeter").start[0], lang="de")
    'Richtung aus der Quelle, vom Kit konkretisiert (Li & Solis, 2013)'
    """
    cites = _cites(rec.source, lang)
    return origin_label(rec.origin, lang=lang) + (f" ({cites})" if cites else "")


@keyword_lang("lang")
def stage_card(model: Model | str, stage: int | str, *, lang: str = "de") -> str:
    """One stage as a short Markdown text: name, tagline, summary, characteristics, the kit's readings
    (labelled "Lesart des Kits"), examples with their sources.

    The German summary's name of the stage is shown whenever the model records one, also where it equals the kit's
    name (so that nobody reads its absence as "the summary gives no name"). An example cites its first source as the
    one it rests on and any further source to compare ("vgl.", APA's "see also"): a German summary that repeats an
    example of the report is not its source.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    stage : int or str
        The stage's number or id.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> print(stage_card("cotc", 2, lang="en").splitlines()[0])
    ### 2 Experimental – *Pioneers at the edges* (the kit's tagline)
    >>> stage_card("altimeter", 1, lang="de").rsplit(" (", 1)[1]
    'Li & Solis, 2013; vgl. „Von Social Media zum Social Business“, o. J.)'
    >>> "Name in der deutschen Zusammenfassung: Präsenz" in stage_card("altimeter", 2, lang="de")
    True
    """
    from . import ui

    model = load_model(model)
    words = ui.words("card", lang=check_lang(lang))
    s = model.stage(stage)
    origin = f" ({words['kit_tagline']})" if s.tagline_origin == "kit" else ""
    lines = [f"### {s.number} {s.name.get(lang)} – *{s.tagline.get(lang)}*{origin}", ""]
    meta = []
    if lang != "en" or s.name.en != s.name.get(lang):
        meta.append(f"{words['original']}: {s.name.en}")
    if s.german_summary_name:
        meta.append(f"{words['summary_name']}: {s.german_summary_name}")
    if s.group:
        group = next(g for g in model.groups if g.id == s.group)
        meta.append(f"{words['group']}: {group.name.get(lang)}")
    if meta:
        lines += [" · ".join(meta), ""]
    lines += [s.summary.get(lang), "", f"**{words['chars']}:**", ""]
    lines += [f"- {c.get(lang)}" for c in s.characteristics]
    for st in s.readings:
        where = f" ({_cites(st.source, lang)})" if st.source else ""
        lines += ["", f"**{origin_label(st.origin, lang=lang)}{where}:** {st.text.get(lang)}"]
    for ex in s.examples:
        cites = [_cites((ref,), lang) for ref in ex.source]
        where = "; ".join([*cites[:1], *(f"{words['compare']} {c}" for c in cites[1:])])
        lines += ["", f"**{words['examples']}:** {ex.text.get(lang)} ({where})"]
    return "\n".join(lines)


@keyword_lang("lang")
def citation(model: Model | str, *, lang: str | None = None, fmt: str = "text") -> list[str]:
    """The model's sources as APA 7 references (see :mod:`socialbiz_kit.literature`).

    Pass ``lang`` for the full references with their public addresses. Without ``lang`` (the older call
    ``citation(model)``) the German references come without addresses, so that callers that promise a page
    without any address keep that promise until they pass a language.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, optional
        The language; without it German references without addresses.
    fmt : str, default "text"
        ``"text"``, ``"markdown"`` or ``"html"``, as in :func:`~socialbiz_kit.literature.render`.

    Returns
    -------
    list of str
        One APA 7 reference per source.

    Examples
    --------

    >>> citation("altimeter", lang="en")[0]
    'Li, C., & Solis, B. (2013). The evolution of social business: Six stages of social business transformation. Altimeter Group. https://altimetergroup.com/research/reports/evolution-social-business'
    >>> citation("altimeter")[0]
    'Li, C., & Solis, B. (2013). The evolution of social business: Six stages of social business transformation. Altimeter Group.'
    """
    model = load_model(model)
    if lang is None:
        return [render(src, lang="de", fmt=fmt, addresses=False) for src in model.sources]
    return [render(src, lang=lang, fmt=fmt) for src in model.sources]


@keyword_lang("lang")
def readings_frame(model: Model | str, *, lang: str = "de"):
    """Every statement about the model and its stages with its origin, labelled as shown to learners.

    Columns: ``stage`` (0 for the model as a whole), ``origin`` (``source``/``kit``), ``label`` ("Lesart des
    Kits", "Quelle", ...), ``source`` (short citations), ``text``. Taglines of the kit's own are included.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per statement (columns above).
    """
    import pandas as pd

    model = load_model(model)
    check_lang(lang)
    rows = [(0, st) for st in model.readings] + [(s.number, st) for s in model.stages for st in s.readings]
    out = [{"stage": n, "origin": st.origin, "label": origin_label(st.origin, lang=lang), "source": _cites(st.source, lang),
            "text": st.text.get(lang)} for n, st in rows]
    out += [{"stage": s.number, "origin": "kit", "label": origin_label("kit", lang=lang), "source": "",
             "text": s.tagline.get(lang)} for s in model.stages if s.tagline_origin == "kit"]
    return pd.DataFrame(out, columns=["stage", "origin", "label", "source", "text"]).sort_values(
        "stage", kind="stable").reset_index(drop=True)


@keyword_lang("lang")
def recommendations_frame(model: Model | str, *, lang: str = "de"):
    """Every recommendation: ``stage`` it is written for (0 = no stage reached), ``id``, ``text``, ``origin``,
    ``label`` ("Quelle" / "Lesart des Kits"), ``source`` (short citations), ``items`` (ids, comma-separated),
    ``effort`` and ``effect`` (1-3; the kit's estimate).

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per recommendation (columns above).
    """
    import pandas as pd

    model = load_model(model)
    check_lang(lang)
    rows = [{"stage": r.stage, "id": r.id, "text": r.text.get(lang), "origin": r.origin,
             "label": origin_label(r.origin, lang=lang), "source": _cites(r.source, lang), "items": ", ".join(r.items),
             "effort": r.effort, "effect": r.effect} for r in model.recommendations]
    return pd.DataFrame(rows, columns=["stage", "id", "text", "origin", "label", "source", "items", "effort", "effect"])


@keyword_lang("lang")
def catalogue(*, lang: str = "de"):
    """One row per bundled model: id, name, authors, year, stages, items, baseline stage.

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per bundled model.

    Examples
    --------

    >>> print(catalogue(lang="en")[["id", "year", "stages", "items"]].to_string(index=False))
           id  year  stages  items
    altimeter  2013       6     32
         cotc  2010       5     24
    """
    import pandas as pd

    check_lang(lang)
    rows = []
    for name in list_models():
        m = load_model(name)
        rows.append({"id": m.id, "name": m.name.get(lang), "authors": ", ".join(m.authors), "year": m.year,
                     "stages": m.n_stages, "items": len(m.items), "baseline_stage": m.baseline_stage})
    return pd.DataFrame(rows)
