"""Text statistics of the stage summaries: words, distinctive terms, similarity, themes.

The statistics work on the kit's own stage summaries (German by default) and, as shipped counts,
on the two German blog summaries the kit was made from (:func:`blog_summary_stats`). Tokens are
lower-case words (hyphenated compounds stay one word; a German pair form such as "Kundinnen und
Kunden" counts once, see :func:`collapse_pair_forms`); stopwords come from ``data/stopwords_<lang>.txt``;
stemming, where asked for, uses the Snowball stemmers (``snowballstemmer``); TF-IDF and cosine
similarity come from scikit-learn.

The front door of two rooms (issue 26): :mod:`~socialbiz_kit.wordstats` (tokens, word counts, similarity) and
:mod:`~socialbiz_kit.themes` (themes, the blog summaries' counts); every name is importable from here as before.

>>> tokenize("Die Kundschaft spricht mit dem Team.")
['kundschaft', 'spricht', 'team']
"""
from __future__ import annotations

from pathlib import Path

from ._compat import deprecated
from .themes import (
    BLOG_SUMMARIES,
    Theme,
    blog_summary_stats,
    comparison_counts,
    load_themes,
    text_counts,
    theme_comparison,
    theme_hits,
    theme_matrix,
    theme_totals,
)
from .wordstats import (
    collapse_pair_forms,
    distinctive_terms,
    load_stopwords,
    similarity_matrix,
    stage_texts,
    text_similarity,
    tokenize,
    word_counts,
)

__all__ = [
    "load_stopwords", "tokenize", "stage_texts", "word_counts", "distinctive_terms", "text_similarity",
    "similarity_matrix", "Theme", "load_themes", "theme_hits", "theme_matrix", "theme_totals",
    "collapse_pair_forms", "BLOG_SUMMARIES", "text_counts", "blog_summary_stats",
    "theme_comparison", "comparison_counts",
]


def _write_blog_summary_stats(seeds_dir: str | Path, path: str | Path | None = None) -> Path:
    """The maintainer's tool ``tools/blog_summary_stats.py`` of this checkout (not part of an installed wheel)."""
    import runpy

    tool = Path(__file__).resolve().parents[1] / "tools" / "blog_summary_stats.py"
    return runpy.run_path(str(tool))["write"](seeds_dir, path)


def __getattr__(name: str):
    if name == "write_blog_summary_stats":  # a maintainer's tool, moved out of the package (issue 26)
        deprecated("text.write_blog_summary_stats: run tools/blog_summary_stats.py SEEDS_DIR [OUT]; "
                   "write_blog_summary_stats")
        return _write_blog_summary_stats
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
