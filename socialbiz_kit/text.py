"""Text statistics of the stage summaries: words, distinctive terms, similarity, themes.

The statistics work on the kit's own stage summaries (German by default). Tokens are lower-case
words (hyphenated compounds stay one word); stopwords come from ``data/stopwords_<lang>.txt``;
stemming, where asked for, uses the Snowball stemmers (``snowballstemmer``); TF-IDF and cosine
similarity come from scikit-learn.

>>> tokenize("Die Kundschaft spricht mit dem Team.")
['kundschaft', 'spricht', 'team']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ._data import data_dir
from ._lang import LANGS, check_lang
from ._yaml import Checker, Text, read_yaml
from .models import Model, load_model

__all__ = [
    "load_stopwords", "tokenize", "stage_texts", "word_counts", "distinctive_terms", "text_similarity",
    "similarity_matrix", "Theme", "load_themes", "theme_hits", "theme_matrix", "theme_totals",
]

_WORD = re.compile(r"[a-zäöüß]+(?:-[a-zäöüß]+)*")


@cache
def load_stopwords(lang: str = "de") -> frozenset[str]:
    """The kit's stopword list for ``lang`` (``data/stopwords_<lang>.txt``)."""
    check_lang(lang)
    path = data_dir() / f"stopwords_{lang}.txt"
    words = [w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines()]
    return frozenset(w for w in words if w and not w.startswith("#"))


@cache
def _stemmer(lang: str):
    import snowballstemmer

    return snowballstemmer.stemmer({"de": "german", "en": "english"}[lang])


def tokenize(text: str, lang: str = "de", *, stopwords: bool = True, stem: bool = False) -> list[str]:
    """Lower-case words of at least two letters; without stopwords unless ``stopwords=False``.

    >>> tokenize("Ant's Eye View hört zu, dann spricht das Team.", stopwords=False)
    ['ant', 'eye', 'view', 'hört', 'zu', 'dann', 'spricht', 'das', 'team']
    >>> tokenize("Beziehungen und Beziehung", stem=True)
    ['bezieh', 'bezieh']
    """
    check_lang(lang)
    words = [w for w in _WORD.findall(text.lower()) if len(w) >= 2]
    if stopwords:
        stop = load_stopwords(lang)
        words = [w for w in words if w not in stop]
    if stem:
        words = _stemmer(lang).stemWords(words)
    return words


def stage_texts(models: tuple[Model | str, ...] = ("altimeter", "cotc"), *, lang: str = "de",
                field: str = "summary"):
    """One row per stage of each model: ``model``, ``number``, ``stage`` (name), ``label``, ``text``.

    ``field`` is ``"summary"`` or ``"characteristics"`` (joined) or ``"both"``.
    """
    import pandas as pd

    check_lang(lang)
    if field not in ("summary", "characteristics", "both"):
        raise ValueError(f"field must be 'summary', 'characteristics' or 'both' (got {field!r})")
    rows = []
    for m in (load_model(x) for x in models):
        for s in m.stages:
            parts = []
            if field in ("summary", "both"):
                parts.append(s.summary.get(lang))
            if field in ("characteristics", "both"):
                parts.append(". ".join(c.get(lang) for c in s.characteristics))
            rows.append({"model": m.id, "number": s.number, "stage": s.name.get(lang),
                         "label": f"{m.short_name.get(lang)} {s.number} {s.name.get(lang)}", "text": " ".join(parts)})
    return pd.DataFrame(rows)


def word_counts(models: tuple[Model | str, ...] = ("altimeter", "cotc"), *, lang: str = "de"):
    """Per stage: ``words`` (all), ``content_words`` (without stopwords), ``distinct_terms``, ``stopword_share``."""
    texts = stage_texts(models, lang=lang)
    all_words = texts["text"].map(lambda t: tokenize(t, lang, stopwords=False))
    content = texts["text"].map(lambda t: tokenize(t, lang))
    out = texts[["model", "number", "stage"]].copy()
    out["words"] = all_words.map(len)
    out["content_words"] = content.map(len)
    out["distinct_terms"] = content.map(lambda ws: len(set(ws)))
    out["stopword_share"] = 1 - out["content_words"] / out["words"]
    return out


def _tfidf(docs: list[str], lang: str, stem: bool):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=lambda doc: tokenize(doc, lang, stem=stem))
    return vec, vec.fit_transform(docs)


def distinctive_terms(models: tuple[Model | str, ...] = ("altimeter", "cotc"), *, lang: str = "de", top: int = 5):
    """The ``top`` terms with the highest TF-IDF weight in each stage, the stages of all models as the corpus.

    Terms are counted by their Snowball stem (so that "Kunden" and "Kunde" count together) and shown
    as their most frequent written form. Returns ``model``, ``number``, ``stage``, ``rank``, ``term``,
    ``tfidf``; ties are broken alphabetically.
    """
    from collections import Counter

    import numpy as np
    import pandas as pd

    texts = stage_texts(models, lang=lang)
    vec, x = _tfidf(texts["text"].tolist(), lang, stem=True)
    stems: list[str] = [str(t) for t in vec.get_feature_names_out()]
    surface: dict[str, Counter] = {}
    for text in texts["text"]:
        words = tokenize(text, lang)
        for word, stem in zip(words, _stemmer(lang).stemWords(words)):
            surface.setdefault(stem, Counter())[word] += 1
    shown = {st: sorted(c.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0] for st, c in surface.items()}
    rows = []
    dense = x.toarray()
    for i, rec in enumerate(texts.itertuples()):
        order = sorted((int(j) for j in np.flatnonzero(dense[i])),
                       key=lambda j: (-round(dense[i, j], 12), shown[stems[j]]))[:top]
        rows += [{"model": rec.model, "number": rec.number, "stage": rec.stage, "rank": r + 1, "term": shown[stems[j]],
                  "tfidf": float(dense[i, j])} for r, j in enumerate(order)]
    return pd.DataFrame(rows)


def text_similarity(texts_a: list[str], texts_b: list[str], *, lang: str = "de", stem: bool = True):
    """Cosine similarity of TF-IDF vectors (fitted on both lists together): a len(a) x len(b) array.

    1 for texts with the same terms in the same proportions, 0 for texts without a common term.
    """
    from sklearn.metrics.pairwise import cosine_similarity

    _, x = _tfidf(list(texts_a) + list(texts_b), lang, stem)
    return cosine_similarity(x[: len(texts_a)], x[len(texts_a):])


def similarity_matrix(source: str = "altimeter", target: str = "cotc", *, lang: str = "de", stem: bool = True,
                      field: str = "summary"):
    """Similarity of every ``source`` stage summary to every ``target`` stage summary (DataFrame)."""
    import pandas as pd

    a = stage_texts((source,), lang=lang, field=field)
    b = stage_texts((target,), lang=lang, field=field)
    sim = text_similarity(a["text"].tolist(), b["text"].tolist(), lang=lang, stem=stem)
    return pd.DataFrame(sim, index=[f"{n} {s}" for n, s in zip(a["number"], a["stage"])],
                        columns=[f"{n} {s}" for n, s in zip(b["number"], b["stage"])])


@dataclass(frozen=True)
class Theme:
    id: str
    name: Text
    stems: dict


@cache
def _bundled_themes():
    return load_themes(data_dir() / "themes.yaml")


def load_themes(path: str | Path | None = None) -> tuple[Theme, ...]:
    """The themes of the text comparison (``data/themes.yaml`` or a file of your own), validated."""
    if path is None:
        return _bundled_themes()
    path = Path(path)
    c = Checker(path)
    raw = read_yaml(path, needs="schema_version and themes")
    top = c.mapping(raw, "", {"schema_version": c.integer, "themes": c.seq(lambda v, k: v, min_len=1)}, {})
    themes, ids = [], set()

    def stems(v, k):
        return c.mapping(v, k, {lang: c.seq(c.string, min_len=1) for lang in LANGS}, {})

    for i, t in enumerate(top["themes"]):
        f = c.mapping(t, f"themes[{i}]", {"id": c.identifier, "name": c.text, "stems": stems}, {})
        if f["id"] in ids:
            c.fail(f"themes[{i}].id", f"duplicate theme id {f['id']!r}")
        ids.add(f["id"])
        themes.append(Theme(f["id"], f["name"], {k: tuple(s.lower() for s in v) for k, v in f["stems"].items()}))
    return tuple(themes)


def theme_hits(text: str, lang: str = "de", *, themes: tuple[Theme, ...] | None = None) -> dict[str, int]:
    """How many words of ``text`` contain a stem of each theme (stopwords ignored; a multi-word stem
    such as "business goal" counts in the running text).

    >>> theme_hits("Die Führung hört der Kundschaft zu und misst Kennzahlen.")["leadership"]
    1
    """
    check_lang(lang)
    themes = themes or load_themes()
    words = tokenize(text, lang)
    joined = " ".join(_WORD.findall(text.lower()))
    out = {}
    for t in themes:
        single = [s for s in t.stems[lang] if " " not in s]
        multi = [s for s in t.stems[lang] if " " in s]
        out[t.id] = sum(any(s in w for s in single) for w in words) + sum(joined.count(s) for s in multi)
    return out


def theme_matrix(models: tuple[Model | str, ...] = ("altimeter", "cotc"), *, lang: str = "de",
                 field: str = "summary"):
    """Theme hits per stage: one row per stage of each model (label), one column per theme (name)."""
    import pandas as pd

    themes = load_themes()
    texts = stage_texts(models, lang=lang, field=field)
    rows = [theme_hits(t, lang, themes=themes) for t in texts["text"]]
    out = pd.DataFrame(rows, index=texts["label"].tolist())
    out.columns = [t.name.get(lang) for t in themes]
    return out


def theme_totals(models: tuple[Model | str, ...] = ("altimeter", "cotc"), *, lang: str = "de",
                 field: str = "summary"):
    """Theme hits summed over all stages of each model, as counts and as each model's share (0..1).

    Columns: one count column per model (short name) and ``share <short name>`` for each.
    """
    loaded = [load_model(m) for m in models]
    matrix = theme_matrix(tuple(loaded), lang=lang, field=field)
    stages = stage_texts(tuple(loaded), lang=lang, field=field)
    out = matrix.groupby(stages["model"].to_numpy()).sum().T
    out = out[[m.id for m in loaded]]
    out.columns = [m.short_name.get(lang) for m in loaded]
    for col in list(out.columns):
        out[f"share {col}"] = out[col] / out[col].sum()
    return out


