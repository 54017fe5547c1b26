"""Comparing the two models: side by side, crosswalk, text statistics, agreement.

>>> side_by_side(lang="en").columns.tolist()
['stage', 'Altimeter', 'Church of the Customer']
"""
from __future__ import annotations

from ._lang import check_lang
from .models import Model, load_model

__all__ = ["side_by_side"]


def side_by_side(models: tuple[Model | str, ...] = ("altimeter", "cotc"), *, lang: str = "de", field: str = "name"):
    """All stages of several models in one table: one row per stage number, one column per model.

    ``field`` is ``"name"`` (default), ``"tagline"`` or ``"summary"``; a model with fewer stages
    gets empty cells.
    """
    import pandas as pd

    check_lang(lang)
    if field not in ("name", "tagline", "summary"):
        raise ValueError(f"field must be 'name', 'tagline' or 'summary' (got {field!r})")
    loaded = [load_model(m) for m in models]
    n = max(m.n_stages for m in loaded)
    table = {"stage": list(range(1, n + 1))}
    for m in loaded:
        col = [getattr(s, field).get(lang) for s in m.stages]
        table[m.short_name.get(lang)] = col + [""] * (n - len(col))
    return pd.DataFrame(table)
