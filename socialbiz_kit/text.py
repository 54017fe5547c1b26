"""Text statistics of the stage summaries: words, distinctive terms, similarity, themes.

The statistics work on the kit's own stage summaries (German by default) and, as shipped counts,
on the two German blog summaries the kit was made from (:func:`blog_summary_stats`). Tokens are
lower-case words (hyphenated compounds stay one word; a German pair form such as "Kundinnen und
Kunden" counts once, see :func:`collapse_pair_forms`); stopwords come from ``data/stopwords_<lang>.txt``;
stemming, where asked for, uses the Snowball stemmers (``snowballstemmer``); TF-IDF and cosine
similarity come from scikit-learn.

>>> tokenize("Die Kundschaft spricht mit dem Team.")
['kundschaft', 'spricht', 'team']
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ._cache import by_file, frozen
from ._compat import keyword_lang
from ._data import data_dir
from ._lang import LANGS, check_lang
from ._yaml import Checker, Text, read_yaml
from .errors import SettingError
from .models import Model, load_model

__all__ = [
    "load_stopwords", "tokenize", "stage_texts", "word_counts", "distinctive_terms", "text_similarity",
    "similarity_matrix", "Theme", "load_themes", "theme_hits", "theme_matrix", "theme_totals",
    "collapse_pair_forms", "BLOG_SUMMARIES", "text_counts", "blog_summary_stats",
    "theme_comparison", "comparison_counts",
]

_WORD = re.compile(r"[a-zäöüß]+(?:-[a-zäöüß]+)*")


@by_file
def _stopwords(path: str) -> frozenset[str]:
    words = [w.strip().lower() for w in Path(path).read_text(encoding="utf-8").splitlines()]
    return frozenset(w for w in words if w and not w.startswith("#"))


def load_stopwords(lang: str = "de") -> frozenset[str]:
    """The kit's stopword list for ``lang`` (``data/stopwords_<lang>.txt``; an edited file is read again).

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Which list.

    Returns
    -------
    frozenset of str
        The stopwords, lower case.
    """
    return _stopwords(str(data_dir() / f"stopwords_{check_lang(lang)}.txt"))


@cache
def _stemmer(lang: str):
    import snowballstemmer

    return snowballstemmer.stemmer({"de": "german", "en": "english"}[lang])


@keyword_lang("lang")
def tokenize(text: str, *, lang: str = "de", stopwords: bool = True, stem: bool = False) -> list[str]:
    """Lower-case words of at least two letters; without stopwords unless ``stopwords=False``.

    Parameters
    ----------
    text : str
        Any text.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    stopwords : bool, default True
        Keep stopwords (False) or drop them (True).
    stem : bool, default False
        Reduce each word to its Snowball stem.

    Returns
    -------
    list of str
        The words in order.

    Examples
    --------

    >>> tokenize("Ant's Eye View hört zu, dann spricht das Team.", stopwords=False)
    ['ant', 'eye', 'view', 'hört', 'zu', 'dann', 'spricht', 'das', 'team']
    >>> tokenize("Beziehungen und Beziehung", stem=True)
    ['bezieh', 'bezieh']
    >>> tokenize("Kundinnen und Kunden", stopwords=False)
    ['kunden']
    """
    check_lang(lang)
    if lang == "de":
        text = collapse_pair_forms(text)
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

    Parameters
    ----------
    models : tuple of Model or str, default ('altimeter', 'cotc')
        The models, in this order.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    field : str, default "summary"
        ``"summary"``, ``"characteristics"`` (joined) or ``"both"``.

    Returns
    -------
    DataFrame
        ``model``, ``number``, ``stage``, ``label``, ``text``.
    """
    import pandas as pd

    check_lang(lang)
    if field not in ("summary", "characteristics", "both"):
        raise SettingError(f"field must be 'summary', 'characteristics' or 'both' (got {field!r})", code="errors.choice",
                           name="field", value=field, allowed="summary, characteristics, both")
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
    """Per stage: ``words`` (all), ``content_words`` (without stopwords), ``distinct_terms``, ``stopword_share``.

    Parameters
    ----------
    models : tuple of Model or str, default ('altimeter', 'cotc')
        The models, in this order.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per stage with the counts (columns above).
    """
    texts = stage_texts(models, lang=lang)
    all_words = texts["text"].map(lambda t: tokenize(t, lang=lang, stopwords=False))
    content = texts["text"].map(lambda t: tokenize(t, lang=lang))
    out = texts[["model", "number", "stage"]].copy()
    out["words"] = all_words.map(len)
    out["content_words"] = content.map(len)
    out["distinct_terms"] = content.map(lambda ws: len(set(ws)))
    out["stopword_share"] = 1 - out["content_words"] / out["words"]
    return out


def _tfidf(docs: list[str], lang: str, stem: bool):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=lambda doc: tokenize(doc, lang=lang, stem=stem))
    return vec, vec.fit_transform(docs)


def distinctive_terms(models: tuple[Model | str, ...] = ("altimeter", "cotc"), *, lang: str = "de", top: int = 5):
    """The ``top`` terms with the highest TF-IDF weight in each stage, the stages of all models as the corpus.

    Terms are counted by their Snowball stem (so that "Kunden" and "Kunde" count together) and shown
    as their most frequent written form. Returns ``model``, ``number``, ``stage``, ``rank``, ``term``,
    ``tfidf``; ties are broken alphabetically.

    Parameters
    ----------
    models : tuple of Model or str, default ('altimeter', 'cotc')
        The models, in this order.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    top : int, default 5
        Terms per stage.

    Returns
    -------
    DataFrame
        ``model``, ``number``, ``stage``, ``rank``, ``term``, ``tfidf``.
    """
    from collections import Counter

    import numpy as np
    import pandas as pd

    texts = stage_texts(models, lang=lang)
    vec, x = _tfidf(texts["text"].tolist(), lang, stem=True)
    stems: list[str] = [str(t) for t in vec.get_feature_names_out()]
    surface: dict[str, Counter] = {}
    for text in texts["text"]:
        words = tokenize(text, lang=lang)
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

    Parameters
    ----------
    texts_a : list of str
        The texts of the rows.
    texts_b : list of str
        The texts of the columns.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    stem : bool, default True
        Count words by their stem.

    Returns
    -------
    ndarray
        Cosine similarities, ``len(texts_a)`` × ``len(texts_b)``, from 0 to 1.
    """
    from sklearn.metrics.pairwise import cosine_similarity

    _, x = _tfidf(list(texts_a) + list(texts_b), lang, stem)
    return cosine_similarity(x[: len(texts_a)], x[len(texts_a):])


def similarity_matrix(source: str = "altimeter", target: str = "cotc", *, lang: str = "de", stem: bool = True,
                      field: str = "summary"):
    """Similarity of every ``source`` stage summary to every ``target`` stage summary (DataFrame).

    Parameters
    ----------
    source : str, default "altimeter"
        The model of the rows.
    target : str, default "cotc"
        The model of the columns.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    stem : bool, default True
        Count words by their stem.
    field : str, default "summary"
        Which text of the stages, as in :func:`stage_texts`.

    Returns
    -------
    DataFrame
        Similarities, ``source`` stages × ``target`` stages.
    """
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
    stems: Mapping[str, tuple[str, ...]]  # read-only: {"de": stems, "en": stems}


@by_file
def _themes_file(path: str) -> tuple[Theme, ...]:
    return load_themes(path)


def load_themes(path: str | Path | None = None) -> tuple[Theme, ...]:
    """The themes of the text comparison (``data/themes.yaml`` or a file of your own), validated.

    Parameters
    ----------
    path : str or Path, optional
        A file of your own; the bundled file by default. An edited file is read again.

    Returns
    -------
    tuple of Theme
        The themes, each with its name and stems.
    """
    if path is None:
        return _themes_file(str(data_dir() / "themes.yaml"))
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
            c.fail(f"themes[{i}].id", f"duplicate theme id {f['id']!r}", code="explain.duplicate", what="theme id",
                   value=f["id"])
        ids.add(f["id"])
        themes.append(Theme(f["id"], f["name"], MappingProxyType({k: tuple(s.lower() for s in v) for k, v in f["stems"].items()})))
    return tuple(themes)


@keyword_lang("lang")
def theme_hits(text: str, *, lang: str = "de", themes: tuple[Theme, ...] | None = None) -> dict[str, int]:
    """How many words of ``text`` contain a stem of each theme (stopwords ignored; a multi-word stem
    such as "business goal" counts in the running text; a German pair form counts once).

    Parameters
    ----------
    text : str
        Any text.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    themes : tuple of Theme, optional
        The themes; the bundled ones by default.

    Returns
    -------
    dict of str to int
        Theme id -> hits.

    Examples
    --------

    >>> theme_hits("Die Führung hört der Kundschaft zu und misst Kennzahlen.")["leadership"]
    1
    """
    check_lang(lang)
    themes = themes or load_themes()
    words = tokenize(text, lang=lang)
    joined = " ".join(_WORD.findall((collapse_pair_forms(text) if lang == "de" else text).lower()))
    out = {}
    for t in themes:
        single = [s for s in t.stems[lang] if " " not in s]
        multi = [s for s in t.stems[lang] if " " in s]
        out[t.id] = sum(any(s in w for s in single) for w in words) + sum(joined.count(s) for s in multi)
    return out


def theme_matrix(models: tuple[Model | str, ...] = ("altimeter", "cotc"), *, lang: str = "de",
                 field: str = "summary"):
    """Theme hits per stage: one row per stage of each model (label), one column per theme (name).

    Parameters
    ----------
    models : tuple of Model or str, default ('altimeter', 'cotc')
        The models, in this order.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    field : str, default "summary"
        Which text of the stages, as in :func:`stage_texts`.

    Returns
    -------
    DataFrame
        Stages × themes, hits in the cells.
    """
    import pandas as pd

    themes = load_themes()
    texts = stage_texts(models, lang=lang, field=field)
    rows = [theme_hits(t, lang=lang, themes=themes) for t in texts["text"]]
    out = pd.DataFrame(rows, index=texts["label"].tolist())
    out.columns = [t.name.get(lang) for t in themes]
    return out


def theme_totals(models: tuple[Model | str, ...] = ("altimeter", "cotc"), *, lang: str = "de",
                 field: str = "summary"):
    """Theme hits summed over all stages of each model, as counts and as each model's share (0..1).

    Columns: one count column per model (short name) and ``share <short name>`` for each.

    Parameters
    ----------
    models : tuple of Model or str, default ('altimeter', 'cotc')
        The models, in this order.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    field : str, default "summary"
        Which text of the stages, as in :func:`stage_texts`.

    Returns
    -------
    DataFrame
        One row per theme: counts and shares per model.
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


# --------------------------------------------------------------------------- pair forms
# "Kundinnen und Kunden", "Kundinnen, Kunden", "Mitarbeiterin oder Mitarbeiter": the feminine form (stem + in/innen) and the
# masculine one (the same stem, optionally with a plural or case ending). A pair whose stem changes
# ("Bäuerinnen und Bauern") is left as written.
_PAIR = re.compile(r"\b([^\W\d_]+?)(?:in|innen)(?:\s+(?:und|oder)\s+|\s*[,/]\s*)(\1(?:e|en|n|er|s)?)\b")


def collapse_pair_forms(text: str) -> str:
    """Write each German pair form once, so that a gender-inclusive pair counts as one word.

    Parameters
    ----------
    text : str
        A German text.

    Returns
    -------
    str
        The text with each pair form written once.

    Examples
    --------

    >>> collapse_pair_forms("Kundinnen und Kunden, Kollegin oder Kollege, Lehrerinnen, Lehrer")
    'Kunden, Kollege, Lehrer'
    >>> collapse_pair_forms("Termin und Terminplan")
    'Termin und Terminplan'
    """
    return _PAIR.sub(lambda m: m.group(2), text)


# --------------------------------------------------------------------------- the German blog summaries
#: The two German blog summaries the kit was made from (file names in the project's ``seeds/`` folder).
BLOG_SUMMARIES = {"altimeter": "000_4a4c5af0ffac8bef.txt", "cotc": "003_7a4637f320675153.txt"}
_COUNTS = ("words", "content_words", "distinct_terms")


@keyword_lang("lang")
def text_counts(text: str, *, lang: str = "de", themes: tuple[Theme, ...] | None = None) -> dict[str, int]:
    """Counts of one text: ``words`` (all), ``content_words`` (without stopwords), ``distinct_terms``
    and the hits of every theme (by theme id). Pair forms count once.

    Parameters
    ----------
    text : str
        Any text.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    themes : tuple of Theme, optional
        The themes; the bundled ones by default.

    Returns
    -------
    dict of str to int
        ``words``, ``content_words``, ``distinct_terms`` and one count per theme id.

    Examples
    --------

    >>> c = text_counts("Kundinnen und Kunden sprechen mit dem Team.")
    >>> c["words"], c["content_words"], c["customers"], c["governance"]
    (5, 3, 1, 1)
    """
    every = tokenize(text, lang=lang, stopwords=False)
    content = tokenize(text, lang=lang)
    out = {"words": len(every), "content_words": len(content), "distinct_terms": len(set(content))}
    out.update(theme_hits(text, lang=lang, themes=themes))
    return out


def _blog_file() -> Path:
    return data_dir() / "blog_summaries.yaml"


def _shipped_blog_stats() -> Mapping[str, Mapping[str, Any]]:
    return _blog_stats(str(_blog_file()))


@by_file
def _blog_stats(file: str) -> Mapping[str, Mapping[str, Any]]:
    from .errors import DataFileError

    path = Path(file)
    raw = read_yaml(path, DataFileError, needs="schema_version and texts")
    c = Checker(path, DataFileError)
    top = c.mapping(raw, "", {"schema_version": c.integer, "texts": lambda v, k: v}, {})
    if top["schema_version"] != 1:
        c.fail("schema_version", "this kit reads schema version 1 only", code="explain.schema_version")
    theme_ids = [t.id for t in load_themes()]
    texts = c.mapping(top["texts"], "texts", {m: lambda v, k: v for m in BLOG_SUMMARIES}, {})
    out = {}
    for model, entry in texts.items():
        key = f"texts.{model}"
        f = c.mapping(entry, key, {"file": c.string, "sha256": c.string, "counts": lambda v, k: v}, {})
        counts = c.mapping(f["counts"], f"{key}.counts", {n: c.integer for n in (*_COUNTS, *theme_ids)}, {})
        out[model] = {"file": f["file"], "sha256": f["sha256"], **counts}
    return frozen(out)


def blog_summary_stats(paths: dict[str, str | Path] | None = None, *, lang: str = "de"):
    """Word and theme counts of the two German blog summaries the kit was made from.

    The kit ships only these counts (``data/blog_summaries.yaml``), never the texts. With ``paths``
    (``{"altimeter": file, "cotc": file}``, UTF-8 text files of your own copy) the counts are computed
    afresh from those files with the same rules (stopwords, themes, pair forms counted once).

    Returns one row per model (index: model id) with ``words``, ``content_words``, ``distinct_terms``,
    one column per theme id and ``sha256`` of the text (equal to the shipped one for an identical copy).

    Parameters
    ----------
    paths : dict, optional
        Model id -> UTF-8 text file of your own copy; the shipped counts when not given.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per model (index: model id); columns above.
    """
    import hashlib

    import pandas as pd

    check_lang(lang)
    if paths is None:
        rows = {m: {k: v for k, v in s.items() if k != "file"} for m, s in _shipped_blog_stats().items()}
    else:
        unknown = sorted(set(paths) - set(BLOG_SUMMARIES))
        if unknown:
            raise SettingError(f"no blog summary for model {unknown[0]!r} (models: {', '.join(BLOG_SUMMARIES)})",
                               code="errors.choice", name="paths", value=unknown[0], allowed=", ".join(BLOG_SUMMARIES))
        rows = {}
        for model, path in paths.items():
            raw = Path(path).read_bytes()
            body = raw.decode("utf-8")
            rows[model] = {**text_counts(body, lang=lang), "sha256": hashlib.sha256(raw).hexdigest()}
    return pd.DataFrame.from_dict(rows, orient="index")


def _basis_columns(lang: str, models: tuple[Model, ...]):
    import pandas as pd

    from . import ui

    kit = ui.text("text_stats.kit_summaries", lang=lang)
    blog = ui.text("text_stats.blog_summaries", lang=lang)
    return pd.MultiIndex.from_tuples([(basis, m.short_name.get(lang)) for basis in (kit, blog) for m in models],
                                     names=[ui.text("text_stats.basis", lang=lang), ui.text("text_stats.model", lang=lang)])


def theme_comparison(*, lang: str = "de"):
    """Each theme's share (0..1) of all theme hits, in the kit's stage summaries and in the two German
    blog summaries, for both models: one row per theme (its name), columns (text basis, model).

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        Themes × (text basis, model), shares from 0 to 1.
    """
    import pandas as pd

    models = tuple(load_model(m) for m in BLOG_SUMMARIES)
    themes = load_themes()
    kit = theme_totals(models, lang="de")
    blog = blog_summary_stats()
    cols = []
    for m in models:
        col = kit[m.short_name.get("de")]
        cols.append(col.to_numpy() / col.sum())
    for m in models:
        hits = blog.loc[m.id, [t.id for t in themes]].astype(float)
        cols.append(hits.to_numpy() / hits.sum())
    table = pd.DataFrame(dict(enumerate(cols)), index=[t.name.get(lang) for t in themes])
    table.columns = _basis_columns(lang, models)
    table.index.name = None
    return table


def comparison_counts(*, lang: str = "de"):
    """Size of each text basis of :func:`theme_comparison`: words, content words and theme hits.

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per text basis and model: words, content words, theme hits.
    """
    import pandas as pd

    from . import ui

    models = tuple(load_model(m) for m in BLOG_SUMMARIES)
    theme_ids = [t.id for t in load_themes()]
    words = word_counts(models, lang="de")
    kit_hits = theme_totals(models, lang="de")
    blog = blog_summary_stats()
    cols = []
    for m in models:
        w = words[words["model"] == m.id]
        cols.append([int(w["words"].sum()), int(w["content_words"].sum()), int(kit_hits[m.short_name.get("de")].sum())])
    for m in models:
        row = blog.loc[m.id]
        cols.append([int(row["words"]), int(row["content_words"]), int(row[theme_ids].sum())])
    names = [ui.text(f"text_stats.{k}", lang=lang) for k in ("words", "content_words", "hits")]
    table = pd.DataFrame(dict(enumerate(cols)), index=names)
    table.columns = _basis_columns(lang, models)
    return table
