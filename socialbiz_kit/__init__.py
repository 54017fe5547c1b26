"""socialbiz-kit: social business maturity models for teaching and research.

The model definitions load with ``import socialbiz_kit``; everything that needs pandas,
matplotlib, seaborn or ipywidgets is imported only when it is used.

>>> import socialbiz_kit as sbk
>>> sbk.list_models()
['altimeter', 'cotc']
"""
from __future__ import annotations

import importlib

from .models import list_models, load_model

__version__ = "0.1.0"

__all__ = [
    "list_models",
    "load_model",
    "models",
    "plotting",
    "__version__",
]

# Submodules are imported on first attribute access (PEP 562), so that
# `import socialbiz_kit` stays light and has no side effects.
_SUBMODULES = {"models", "plotting", "scoring", "responses", "datasets", "compare", "crosswalk", "text", "agreement",
               "cohort", "mokken", "scalogram", "classroom", "store", "report", "ui", "errors",
               "widgets", "cli", "roadmap", "change", "render", "session", "page", "class_page", "questionnaire", "validation",
               "course", "literature", "glossary", "background", "builder", "display", "editions", "explain", "frames",
               "wordstats", "themes"}


def __getattr__(name: str):
    if name == "ModelError":  # the name used before the error family
        from ._compat import deprecated
        from .errors import ModelFileError

        deprecated("socialbiz_kit.ModelError: use socialbiz_kit.errors.ModelFileError; ModelError")
        return ModelFileError
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
