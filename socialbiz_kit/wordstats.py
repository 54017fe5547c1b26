"""Words of the stage summaries: tokens, stopwords, pair forms, word counts, distinctive terms, similarity.

Part of :mod:`socialbiz_kit.text` (which re-exports every name): tokens are lower-case words (hyphenated compounds
stay one word; a German pair form such as "Kundinnen und Kunden" counts once, see :func:`collapse_pair_forms`);
stopwords come from ``data/stopwords_<lang>.txt``; stemming, where asked for, uses the Snowball stemmers
(``snowballstemmer``); TF-IDF and cosine similarity come from scikit-learn.

>>> tokenize("Die Kundschaft spricht mit dem Team.")
['kundschaft', 'spricht', 'team']
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ._cache import by_file
from ._compat import keyword_lang
from ._data import data_dir
from ._inputs import need_text
from ._lang import check_lang
from .errors import SettingError
from .models import Model, load_model

__all__ = ["load_stopwords", "tokenize", "collapse_pair_forms", "stage_texts", "word_counts", "distinctive_terms",
           "text_similarity", "similarity_matrix"]

WORD = re.compile(r"[a-zäöüß]+(?:-[a-zäöüß]+)*")


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

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
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

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    InputDataError
        If ``text`` is not a ``str`` (``None``, a number, a list).

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
    need_text(text, "text")
    if lang == "de":
        text = collapse_pair_forms(text)
    words = [w for w in WORD.findall(text.lower()) if len(w) >= 2]
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

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if ``field`` is not one of the allowed values.
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

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
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

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
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

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if ``field`` is not one of the allowed values.
    """
    import pandas as pd

    a = stage_texts((source,), lang=lang, field=field)
    b = stage_texts((target,), lang=lang, field=field)
    sim = text_similarity(a["text"].tolist(), b["text"].tolist(), lang=lang, stem=stem)
    return pd.DataFrame(sim, index=[f"{n} {s}" for n, s in zip(a["number"], a["stage"])],
                        columns=[f"{n} {s}" for n, s in zip(b["number"], b["stage"])])


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

