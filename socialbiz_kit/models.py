"""Maturity models as validated, immutable data.

A model is one YAML file (``data/models/<id>.yaml`` for the bundled ones, or a file of your own).
It is read with ``yaml.safe_load`` semantics (no object tags, duplicate keys refused), checked
against the schema documented in ``data/README.md`` and turned into frozen dataclasses.
Every problem raises :class:`~socialbiz_kit.errors.ModelFileError` (a ``ValueError``) whose message names the file
and the key.

This module is the front door; the rooms behind it (issue 26): the parts of a model (``_modeltypes``), the checker
(``_modelcheck``), the loaders (``_modelfiles``) and the tables and cards (:mod:`~socialbiz_kit.frames`). Every
name importable from here before stays importable from here.

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

from ._compat import deprecated
from ._data import data_dir as data_dir
from ._modelcheck import SCHEMA_VERSION as SCHEMA_VERSION
from ._modelcheck import ModelChecker as _ModelChecker  # noqa: F401  (the old private name)
from ._modelfiles import list_models, load_model, model_from_dict, read_model, template_path
from ._modeltypes import MAX_SCALE_SPAN as MAX_SCALE_SPAN
from ._modeltypes import (
    ORIGINS,
    Change,
    Dimension,
    Example,
    Group,
    Item,
    Model,
    Recommendation,
    ScalePoint,
    Source,
    Stage,
    Statement,
    Text,
)
from .errors import ModelFileError
from .frames import (
    catalogue,
    citation,
    item_labels,
    items_frame,
    origin_label,
    readings_frame,
    recommendations_frame,
    stage_card,
    stages_frame,
)
from .frames import origin_text as origin_text

__all__ = [
    "Text",
    "Change",
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


def __getattr__(name: str):
    if name == "ModelError":  # the name used before the error family
        deprecated("models.ModelError: use socialbiz_kit.errors.ModelFileError; ModelError")
        return ModelFileError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
