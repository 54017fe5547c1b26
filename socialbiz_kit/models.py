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

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from ._data import data_dir
from ._lang import LANGS, check_lang

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
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class ModelError(ValueError):
    """A model file is missing, unreadable or breaks the schema.

    Attributes ``file`` and ``key`` say where; the message reads ``"<file>: <key>: <problem>"``.
    """

    def __init__(self, file: str | Path, key: str, problem: str):
        self.file = str(file)
        self.key = key
        self.problem = problem
        where = f"{self.file}: {key}" if key else self.file
        super().__init__(f"{where}: {problem}")


# --------------------------------------------------------------------------- dataclasses
@dataclass(frozen=True)
class Text:
    """A text in German and English; ``text["de"]`` or ``text.get("en")``."""

    de: str
    en: str

    def get(self, lang: str) -> str:
        return getattr(self, check_lang(lang))

    __getitem__ = get


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


# --------------------------------------------------------------------------- reading YAML
class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml's C parser where installed) that refuses duplicate keys
    instead of keeping the last one silently."""


def _mapping_no_duplicates(loader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {key_node.start_mark.line + 1})", key_node.start_mark
            )
        seen[key] = True
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_no_duplicates)


def _read_yaml(path: Path) -> Any:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelError(path, "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise ModelError(path, "", f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    except OSError as exc:
        raise ModelError(path, "", f"cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise ModelError(path, "", "the file is empty; a model needs at least id, name and stages")
    try:
        data = yaml.load(raw, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
        if data is None:
            raise ModelError(path, "", "the file is empty (only comments); a model needs at least id, name and stages")
        return data
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = f"line {mark.line + 1}: " if mark else ""
        if exc.problem and "duplicate key" in exc.problem:
            raise ModelError(path, exc.problem.split("(")[0].strip(), f"{line}each key may appear only once") from None
        raise ModelError(
            path, "", f"{line}YAML tags such as {exc.problem.split()[-1] if exc.problem else '!!python'} are not allowed "
            "(model files are plain data)"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ModelError(path, "", f"{line}not valid YAML ({problem})") from None


# --------------------------------------------------------------------------- validation
class _Checker:
    """Walks the parsed YAML and builds the dataclasses; every error names file and key."""

    def __init__(self, path: Path | str):
        self.path = path

    def fail(self, key: str, problem: str):
        raise ModelError(self.path, key, problem)

    def mapping(self, value: Any, key: str, required: dict[str, Callable], optional: dict[str, Callable]) -> dict:
        if not isinstance(value, dict):
            self.fail(key or "(top level)", f"expected a mapping of keys, got {_kind(value)}")
        unknown = [k for k in value if k not in required and k not in optional]
        if unknown:
            allowed = ", ".join(sorted(list(required) + list(optional)))
            self.fail(_join(key, str(unknown[0])), f"unknown key (allowed here: {allowed})")
        out = {}
        for name, check in required.items():
            if name not in value:
                self.fail(_join(key, name), "required key is missing")
            out[name] = check(value[name], _join(key, name))
        for name, check in optional.items():
            if name in value and value[name] is not None:
                out[name] = check(value[name], _join(key, name))
        return out

    def string(self, value: Any, key: str) -> str:
        if isinstance(value, _dt.date):
            return value.isoformat()
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"expected a non-empty text, got {_kind(value)}")
        return value.strip()

    def identifier(self, value: Any, key: str) -> str:
        value = self.string(value, key)
        if not _ID.match(value):
            self.fail(key, f"{value!r} is not a valid id (lower-case letters, digits and '_', starting with a letter)")
        return value

    def integer(self, value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"expected a whole number, got {_kind(value)}")
        return value

    def number(self, value: Any, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"expected a number, got {_kind(value)}")
        return float(value)

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {_kind(value)}")
        return value

    def text(self, value: Any, key: str) -> Text:
        if isinstance(value, str):
            self.fail(key, "expected a text in both languages ({de: ..., en: ...}), got a single text")
        if isinstance(value, dict):
            extra = [k for k in value if k not in LANGS]
            if extra:
                self.fail(_join(key, str(extra[0])),
                          "unknown key (allowed here: de, en); if this is part of a text, a comma inside "
                          "{de: ..., en: ...} has split it: put the text in quotes")
        fields = self.mapping(value, key, {lang: self.string for lang in LANGS}, {}) if isinstance(value, dict) else None
        if fields is None:
            self.fail(key, f"expected a text in both languages ({{de: ..., en: ...}}), got {_kind(value)}")
        return Text(**fields)

    def seq(self, check: Callable, *, min_len: int = 0) -> Callable:
        def run(value: Any, key: str) -> tuple:
            if not isinstance(value, list):
                self.fail(key, f"expected a list, got {_kind(value)}")
            if len(value) < min_len:
                self.fail(key, f"needs at least {min_len} entr{'y' if min_len == 1 else 'ies'}, got {len(value)}")
            return tuple(check(v, f"{key}[{i}]") for i, v in enumerate(value))

        return run

    # ---- pieces of a model
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
            self.fail(_join(key, "fulfilment"), f"must lie between 0 and 1, got {f['fulfilment']}")
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
            number = self.integer(value["number"], _join(key, "number"))
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
            self.fail(_join(key, "tagline_origin"), f"must be 'source' or 'kit', got {f['tagline_origin']!r}")
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
        _unique(self, [s.id for s in stages], "stages", "stage id")
        _unique(self, [it.id for s in stages for it in s.items], "stages", "item id")
        values = [p.value for p in f["scale"]]
        _unique(self, values, "scale", "scale value")
        if values != sorted(values):
            self.fail("scale", f"scale values must rise in order; found {values}")
        fulfil = [p.fulfilment for p in f["scale"]]
        if fulfil != sorted(fulfil):
            self.fail("scale", "fulfilment must not fall as the answer value rises")
        dims = {d.id for d in f.get("dimensions", ())}
        _unique(self, [d.id for d in f.get("dimensions", ())], "dimensions", "dimension id")
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


def _unique(checker: _Checker, values: list, key: str, what: str) -> None:
    seen = set()
    for v in values:
        if v in seen:
            checker.fail(key, f"duplicate {what} {v!r}")
        seen.add(v)


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "a text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


# --------------------------------------------------------------------------- public API
def _models_dir() -> Path:
    return data_dir() / "models"


def list_models() -> list[str]:
    """Names of the bundled models, for :func:`load_model`."""
    return sorted(p.stem for p in _models_dir().glob("*.yaml"))



def read_model(path: str | Path) -> Model:
    """Read and validate a model file; raises :class:`ModelError`."""
    path = Path(path)
    return _Checker(path).model(_read_yaml(path))


def model_from_dict(raw: dict, *, name: str = "<dict>") -> Model:
    """Validate a model given as Python data (as ``yaml.safe_load`` would return it); errors name ``name``."""
    return _Checker(name).model(raw)


def template_path() -> Path:
    """The commented template for a model of your own (``data/model_template.yaml``)."""
    return data_dir() / "model_template.yaml"


@lru_cache(maxsize=None)
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
            "group": groups.get(s.group, ""),
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
            "area": areas.get(it.area, ""),
            "text": it.text.get(lang),
        }
        for it in model.items
    ]
    return pd.DataFrame(rows, columns=["id", "stage", "stage_name", "area", "text"])


_CARD = {
    "de": {"chars": "Merkmale", "examples": "Beispiel", "group": "Gruppe (Lesart der deutschen Zusammenfassung)",
           "summary_name": "Name in der deutschen Zusammenfassung", "original": "Originalname", "source": "Quelle",
           "kit_tagline": "Leitsatz des Kits"},
    "en": {"chars": "Characteristics", "examples": "Example", "group": "Group (the German summary's reading)",
           "summary_name": "Name in the German summary", "original": "Original name", "source": "Source",
           "kit_tagline": "the kit's tagline"},
}


def stage_card(model: Model | str, stage: int | str, lang: str = "de") -> str:
    """One stage as a short Markdown text: name, tagline, summary, characteristics, examples.

    >>> print(stage_card("cotc", 2, "en").splitlines()[0])
    ### 2 Experimental - *Pioneers at the edges* (the kit's tagline)
    """
    model = load_model(model)
    words = _CARD[check_lang(lang)]
    s = model.stage(stage)
    origin = f" ({words['kit_tagline']})" if s.tagline_origin == "kit" else ""
    lines = [f"### {s.number} {s.name.get(lang)} - *{s.tagline.get(lang)}*{origin}", ""]
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

    >>> citation("altimeter")[0]
    'Li, C., Solis, B., Webber, A., Szymanski, J. (2013). The Evolution of Social Business: Six Stages of Social Business Transformation. Altimeter Group, 2013-03-06.'
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
