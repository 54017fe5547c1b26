"""Comparing the two models in one import: the notebooks' short import (permanent, not deprecated).

The functions live in three modules; this one re-exports them, so that a notebook writes ``compare.agreement``
and ``compare.map_stage`` (notebook 05 does) without knowing where each lives:

* :mod:`socialbiz_kit.crosswalk` - the models side by side and the crosswalk between their stages;
* :mod:`socialbiz_kit.text` - word and theme statistics of the stage summaries;
* :mod:`socialbiz_kit.agreement` - agreement of two classifications.

It holds no code of its own and stays as it is (a plain re-export, no warning): ``from socialbiz_kit.compare import
crosswalk`` keeps working. Code inside the package imports from the three modules.

>>> from socialbiz_kit import compare, crosswalk
>>> compare.map_stage is crosswalk.map_stage
True
"""
from __future__ import annotations

from .agreement import Agreement, agreement
from .crosswalk import (
                        STRENGTHS,
                        Crosswalk,
                        CrosswalkError,
                        Link,
                        classify_both,
                        crosswalk,
                        crosswalk_mapping,
                        crosswalk_matrix,
                        load_crosswalk,
                        map_stage,
                        predicted_range,
                        side_by_side,
)
from .text import (
                        Theme,
                        distinctive_terms,
                        load_stopwords,
                        load_themes,
                        similarity_matrix,
                        stage_texts,
                        text_similarity,
                        theme_hits,
                        theme_matrix,
                        theme_totals,
                        tokenize,
                        word_counts,
)

__all__ = [
    "side_by_side", "CrosswalkError", "STRENGTHS", "Link", "Crosswalk", "load_crosswalk", "crosswalk",
    "crosswalk_matrix", "map_stage", "predicted_range", "classify_both", "crosswalk_mapping",
    "load_stopwords", "tokenize", "stage_texts", "word_counts", "distinctive_terms", "text_similarity",
    "similarity_matrix", "Theme", "load_themes", "theme_hits", "theme_matrix", "theme_totals",
    "Agreement", "agreement",
]
