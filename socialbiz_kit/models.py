"""Maturity models as validated, immutable data.

A model is one YAML file (``data/models/<id>.yaml`` for the bundled ones, or a file of your own).
It is read with ``yaml.safe_load`` semantics (no object tags, duplicate keys refused), checked
against the schema documented in ``data/README.md`` and turned into frozen dataclasses.
Every problem raises :class:`ModelError` (a ``ValueError``) whose message names the file and the key.

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

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ._data import data_dir
from ._lang import check_lang
from ._yaml import Checker, Text, join, read_yaml, unique
from .errors import ModelFileError

__all__ = [
    "ModelError",
    "Text",
    "Source",
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
    "stage_card",
    "citation",
    "catalogue",
]

SCHEMA_VERSION = 1


ModelError = ModelFileError  # the name used before the error family; kept for users' code


# --------------------------------------------------------------------------- dataclasses

@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    date: str


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
    text: Text
    source: str


@dataclass(frozen=True)
class Item:
    """One observable statement of the self-check, answered on the model's scale."""

    id: str
    stage: int
    text: Text
    area: str | None = None


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
    next_steps: tuple[Text, ...]
    examples: tuple[Example, ...] = ()
    group: str | None = None
    german_summary_name: str | None = None


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
        raise KeyError(f"model {self.id!r} has no stage {key!r}; stages: {known}")

    def scale_map(self) -> dict[int, float]:
        """Answer value -> fulfilment (0..1)."""
        return {p.value: p.fulfilment for p in self.scale}

    def stages_frame(self, lang: str = "de"):
        return stages_frame(self, lang)

    def items_frame(self, lang: str = "de"):
        return items_frame(self, lang)


# --------------------------------------------------------------------------- validation
class _ModelChecker(Checker):
    """Builds a :class:`Model` from parsed YAML; every error names file and key."""

    error = ModelFileError

    def source(self, value, key):
        return Source(**self.mapping(value, key, {"title": self.string, "publisher": self.string, "date": self.string}, {}))

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
            self.fail(join(key, "fulfilment"), f"must lie between 0 and 1, got {f['fulfilment']}")
        return ScalePoint(**f)

    def example(self, value, key):
        return Example(**self.mapping(value, key, {"text": self.text, "source": self.string}, {}))

    def item(self, stage_number: int):
        def run(value, key):
            f = self.mapping(value, key, {"id": self.identifier, "text": self.text}, {"area": self.identifier})
            return Item(id=f["id"], stage=stage_number, text=f["text"], area=f.get("area"))

        return run

    def stage(self, value, key):
        number = None
        if isinstance(value, dict) and "number" in value:
            number = self.integer(value["number"], join(key, "number"))
        f = self.mapping(
            value, key,
            {
                "id": self.identifier,
                "number": self.integer,
                "name": self.text,
                "tagline": self.text,
                "summary": self.text,
                "characteristics": self.seq(self.text, min_len=1),
                "items": self.seq(self.item(number if number is not None else 0)),
                "next_steps": self.seq(self.text, min_len=1),
            },
            {
                "tagline_origin": self.string,
                "examples": self.seq(self.example),
                "group": self.identifier,
                "german_summary_name": self.string,
            },
        )
        f.setdefault("tagline_origin", "source")
        if f["tagline_origin"] not in ("source", "kit"):
            self.fail(join(key, "tagline_origin"), f"must be 'source' or 'kit', got {f['tagline_origin']!r}")
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
            {"short_name": self.text, "groups": self.seq(self.group), "dimensions": self.seq(self.dimension)},
        )
        if f.pop("schema_version") != SCHEMA_VERSION:
            self.fail("schema_version", f"this kit reads schema version {SCHEMA_VERSION} only")
        f.setdefault("short_name", f["name"])
        self._cross_checks(f)
        return Model(path=str(self.path), **f)

    def _cross_checks(self, f: dict) -> None:
        stages: tuple[Stage, ...] = f["stages"]
        numbers = [s.number for s in stages]
        if numbers != list(range(1, len(stages) + 1)):
            self.fail("stages", f"stage numbers must run 1, 2, 3, ... in order without gaps; found {numbers}")
        unique(self, [s.id for s in stages], "stages", "stage id")
        unique(self, [it.id for s in stages for it in s.items], "stages", "item id")
        values = [p.value for p in f["scale"]]
        unique(self, values, "scale", "scale value")
        if values != sorted(values):
            self.fail("scale", f"scale values must rise in order; found {values}")
        fulfil = [p.fulfilment for p in f["scale"]]
        if fulfil != sorted(fulfil):
            self.fail("scale", "fulfilment must not fall as the answer value rises")
        dims = {d.id for d in f.get("dimensions", ())}
        unique(self, [d.id for d in f.get("dimensions", ())], "dimensions", "dimension id")
        group_ids = {g.id for g in f.get("groups", ())}
        for g_i, g in enumerate(f.get("groups", ())):
            for n in g.stages:
                if n not in numbers:
                    self.fail(f"groups[{g_i}].stages", f"stage {n} does not exist (stages {numbers[0]}..{numbers[-1]})")
        for i, s in enumerate(stages):
            key = f"stages[{i}]"
            if s.group is not None and s.group not in group_ids:
                self.fail(f"{key}.group", f"unknown group {s.group!r} (groups: {', '.join(sorted(group_ids)) or 'none'})")
            baseline = f["baseline_stage"] and s.number == 1
            if baseline and s.items:
                self.fail(f"{key}.items", "the baseline stage has no items: every organisation starts there")
            if not baseline and not s.items:
                self.fail(f"{key}.items", "needs at least one item (only a baseline stage has none)")
            for j, it in enumerate(s.items):
                if dims and it.area is None:
                    self.fail(f"{key}.items[{j}].area", "required key is missing (the model defines dimensions)")
                if it.area is not None and it.area not in dims:
                    self.fail(f"{key}.items[{j}].area", f"unknown area {it.area!r} (dimensions: {', '.join(sorted(dims)) or 'none'})")


# --------------------------------------------------------------------------- public API
def _models_dir() -> Path:
    return data_dir() / "models"


def list_models() -> list[str]:
    """Names of the bundled models, for :func:`load_model`."""
    return sorted(p.stem for p in _models_dir().glob("*.yaml"))



def read_model(path: str | Path) -> Model:
    """Read and validate a model file; raises :class:`ModelError`."""
    path = Path(path)
    return _ModelChecker(path).model(read_yaml(path, ModelFileError, needs="at least id, name and stages"))


def model_from_dict(raw: dict, *, name: str = "<dict>") -> Model:
    """Validate a model given as Python data (as ``yaml.safe_load`` would return it); errors name ``name``."""
    return _ModelChecker(name).model(raw)


def template_path() -> Path:
    """The commented template for a model of your own (``data/model_template.yaml``)."""
    return data_dir() / "model_template.yaml"


@cache
def _bundled(name: str) -> Model:
    return read_model(_models_dir() / f"{name}.yaml")


def load_model(name_or_path: str | Path | Model) -> Model:
    """A bundled model by name (see :func:`list_models`) or a model file of your own by path.

    A :class:`Model` passes through unchanged, so every function of the kit accepts either.
    """
    if isinstance(name_or_path, Model):
        return name_or_path
    text = str(name_or_path)
    if isinstance(name_or_path, str) and text in list_models():
        return _bundled(text)
    path = Path(name_or_path)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        return read_model(path)
    raise ModelError(
        text, "", f"no bundled model of that name (bundled: {', '.join(list_models())}) and no such .yaml file"
    )


def stages_frame(model: Model | str, lang: str = "de"):
    """One row per stage: number, id, name, original (English) name, tagline, group, summary,
    characteristics, and the number of items.

    >>> print(stages_frame("cotc", "en")[["number", "name", "n_items"]].to_string(index=False))
     number          name  n_items
          1   Traditional        0
          2  Experimental        5
          3   Operational        5
          4    Measurable        5
          5 Fully Engaged        5
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


def items_frame(model: Model | str, lang: str = "de"):
    """One row per item: id, stage number, stage name, area (if the model has dimensions), text."""
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
        }
        for it in model.items
    ]
    return pd.DataFrame(rows, columns=["id", "stage", "stage_name", "area", "text"])


def stage_card(model: Model | str, stage: int | str, lang: str = "de") -> str:
    """One stage as a short Markdown text: name, tagline, summary, characteristics, examples.

    >>> print(stage_card("cotc", 2, "en").splitlines()[0])
    ### 2 Experimental – *Pioneers at the edges* (the kit's tagline)
    """
    from . import ui

    model = load_model(model)
    words = ui.words("card", check_lang(lang))
    s = model.stage(stage)
    origin = f" ({words['kit_tagline']})" if s.tagline_origin == "kit" else ""
    lines = [f"### {s.number} {s.name.get(lang)} – *{s.tagline.get(lang)}*{origin}", ""]
    meta = []
    if lang != "en" or s.name.en != s.name.get(lang):
        meta.append(f"{words['original']}: {s.name.en}")
    if s.german_summary_name and s.german_summary_name != s.name.get(lang):
        meta.append(f"{words['summary_name']}: {s.german_summary_name}")
    if s.group:
        group = next(g for g in model.groups if g.id == s.group)
        meta.append(f"{words['group']}: {group.name.get(lang)}")
    if meta:
        lines += [" · ".join(meta), ""]
    lines += [s.summary.get(lang), "", f"**{words['chars']}:**", ""]
    lines += [f"- {c.get(lang)}" for c in s.characteristics]
    for ex in s.examples:
        lines += ["", f"**{words['examples']}:** {ex.text.get(lang)} ({words['source']}: {ex.source})"]
    return "\n".join(lines)


def citation(model: Model | str) -> list[str]:
    """The model's sources as citation strings (authors, year, title, publisher, date).

    >>> citation("altimeter")[0]  # doctest: +ELLIPSIS
    'Li, C., Solis, B., Webber, A., Szymanski, J. (2013). The Evolution of Social Business: ... Altimeter Group, 2013-03-06.'
    """
    model = load_model(model)

    def short(name: str) -> str:
        *first, last = name.split()
        return f"{last}, {' '.join(p[0] + '.' for p in first)}" if first else name

    authors = ", ".join(short(a) for a in model.authors)
    out = []
    for i, src in enumerate(model.sources):
        who = f"{authors} ({model.year})" if i == 0 else f"{src.publisher} ({src.date[:4]})"
        out.append(f"{who}. {src.title}. {src.publisher}, {src.date}.")
    return out


def catalogue(lang: str = "de"):
    """One row per bundled model: id, name, authors, year, stages, items, baseline stage.

    >>> print(catalogue("en")[["id", "year", "stages", "items"]].to_string(index=False))
           id  year  stages  items
    altimeter  2013       6     25
         cotc  2010       5     20
    """
    import pandas as pd

    check_lang(lang)
    rows = []
    for name in list_models():
        m = load_model(name)
        rows.append({"id": m.id, "name": m.name.get(lang), "authors": ", ".join(m.authors), "year": m.year,
                     "stages": m.n_stages, "items": len(m.items), "baseline_stage": m.baseline_stage})
    return pd.DataFrame(rows)
