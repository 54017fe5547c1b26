"""Comparing the two models: side by side, crosswalk, text statistics of the summaries, agreement.

Text statistics work on the kit's own stage summaries (German by default). Tokens are lower-case
words (hyphenated compounds stay one word); stopwords come from ``data/stopwords_<lang>.txt``;
stemming, where asked for, uses the Snowball stemmers (``snowballstemmer``); TF-IDF and cosine
similarity come from scikit-learn.

>>> side_by_side(lang="en").columns.tolist()
['stage', 'Altimeter', 'Social Engagement Journey ("Church of the Customer")']
>>> tokenize("Die Kundschaft spricht mit dem Team.")
['kundschaft', 'spricht', 'team']
>>> map_stage(3, source="altimeter", target="cotc")
(2, 3)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ._data import data_dir
from ._lang import LANGS, check_lang
from ._yaml import Checker, Text, read_yaml
from .errors import CrosswalkError
from .models import Model, ModelError, load_model

__all__ = [
    "side_by_side",
    "CrosswalkError",
    "STRENGTHS",
    "load_crosswalk",
    "crosswalk",
    "crosswalk_matrix",
    "map_stage",
    "predicted_range",
    "classify_both",
    "load_stopwords",
    "tokenize",
    "stage_texts",
    "word_counts",
    "distinctive_terms",
    "text_similarity",
    "similarity_matrix",
    "load_themes",
    "theme_hits",
    "theme_matrix",
    "theme_totals",
    "crosswalk_mapping",
    "Agreement",
    "agreement",
]

STRENGTHS = {"none": 0, "partial": 1, "strong": 2}
_WORD = re.compile(r"[a-zäöüß]+(?:-[a-zäöüß]+)*")


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


# --------------------------------------------------------------------------- crosswalk
@dataclass(frozen=True)
class Link:
    source: int
    target: int
    strength: str
    rationale: Text | None


@dataclass(frozen=True)
class Crosswalk:
    source: Model
    target: Model
    links: tuple[Link, ...]

    def strength(self, source_stage: int, target_stage: int) -> str:
        for link in self.links:
            if link.source == source_stage and link.target == target_stage:
                return link.strength
        return "none"


def _read_crosswalk(path: Path) -> Crosswalk:
    raw = read_yaml(path, CrosswalkError, needs="schema_version, models and links")
    c = Checker(path, CrosswalkError)
    top = c.mapping(raw, "", {"schema_version": c.integer, "models": c.seq(c.identifier, min_len=2), "links": c.seq(
        lambda v, k: v, min_len=1)}, {})
    if top["schema_version"] != 1:
        c.fail("schema_version", "this kit reads schema version 1 only")
    if len(top["models"]) != 2:
        c.fail("models", f"name exactly two models, got {len(top['models'])}")
    try:
        source, target = (load_model(m) for m in top["models"])
    except ModelError as exc:
        c.fail("models", exc.problem)
    seen: dict[tuple[int, int], int] = {}
    links = []
    for i, raw_link in enumerate(top["links"]):
        key = f"links[{i}]"
        f = c.mapping(raw_link, key, {source.id: c.identifier, target.id: c.identifier, "strength": c.string},
                      {"rationale": c.text})
        numbers = []
        for model in (source, target):
            try:
                numbers.append(model.stage(f[model.id]).number)
            except KeyError:
                c.fail(f"{key}.{model.id}", f"model {model.id!r} has no stage {f[model.id]!r} "
                                             f"(stages: {', '.join(s.id for s in model.stages)})")
        if f["strength"] not in STRENGTHS:
            c.fail(f"{key}.strength", f"must be one of {', '.join(STRENGTHS)}, got {f['strength']!r}")
        if f["strength"] != "none" and "rationale" not in f:
            c.fail(f"{key}.rationale", "required for a link that is not 'none' (in both languages)")
        pair = tuple(numbers)
        if pair in seen:
            c.fail(key, f"the pair {f[source.id]} / {f[target.id]} is already given in links[{seen[pair]}]")
        seen[pair] = i
        links.append(Link(pair[0], pair[1], f["strength"], f.get("rationale")))
    linked = [(m, {lk.source if m is source else lk.target for lk in links if lk.strength != "none"})
              for m in (source, target)]
    for model, numbers in linked:
        missing = [s.id for s in model.stages if s.number not in numbers]
        if missing:
            c.fail("links", f"stage {missing[0]!r} of model {model.id!r} has no link; every stage of both models must appear")
    return Crosswalk(source, target, tuple(links))


@lru_cache(maxsize=None)
def _bundled_crosswalk() -> Crosswalk:
    return _read_crosswalk(data_dir() / "crosswalk.yaml")


def load_crosswalk(path: str | Path | None = None) -> Crosswalk:
    """The bundled crosswalk (``data/crosswalk.yaml``) or a file of your own, validated."""
    return _bundled_crosswalk() if path is None else _read_crosswalk(Path(path))


def crosswalk(*, lang: str = "de", path: str | Path | None = None):
    """Every pair of stages of the two models with its strength and rationale (one row per pair).

    Columns: ``<source>`` and ``<target>`` (stage numbers), ``<source>_stage``, ``<target>_stage``
    (names), ``strength`` (none/partial/strong), ``strength_value`` (0/1/2), ``rationale``.
    """
    import pandas as pd

    check_lang(lang)
    cw = load_crosswalk(path)
    s, t = cw.source, cw.target
    rows = []
    for a in s.stages:
        for b in t.stages:
            link = next((lk for lk in cw.links if lk.source == a.number and lk.target == b.number), None)
            strength = link.strength if link else "none"
            rows.append({s.id: a.number, f"{s.id}_stage": a.name.get(lang), t.id: b.number,
                         f"{t.id}_stage": b.name.get(lang), "strength": strength, "strength_value": STRENGTHS[strength],
                         "rationale": link.rationale.get(lang) if link and link.rationale else ""})
    return pd.DataFrame(rows)


def crosswalk_matrix(*, lang: str = "de", path: str | Path | None = None):
    """The crosswalk as a matrix of strengths 0/1/2: source stages as rows, target stages as columns."""
    cw = load_crosswalk(path)
    long = crosswalk(lang=lang, path=path)
    s, t = cw.source, cw.target
    m = long.pivot(index=s.id, columns=t.id, values="strength_value")
    m.index = [f"{st.number} {st.name.get(lang)}" for st in s.stages]
    m.columns = [f"{st.number} {st.name.get(lang)}" for st in t.stages]
    return m


def map_stage(stage: int, *, source: str = "altimeter", target: str = "cotc", min_strength: str = "partial",
              path: str | Path | None = None) -> tuple[int, int]:
    """The range of ``target`` stages linked to a ``source`` stage at ``min_strength`` or stronger.

    Works in both directions. A result of 0 (no stage reached) or the baseline stage is linked to
    the lowest stage of the other model as well, because "not yet started" means the same in both.
    """
    cw = load_crosswalk(path)
    if min_strength not in STRENGTHS or min_strength == "none":
        raise ValueError(f"min_strength must be 'partial' or 'strong' (got {min_strength!r})")
    if {source, target} != {cw.source.id, cw.target.id} or source == target:
        raise ValueError(f"the crosswalk links {cw.source.id} and {cw.target.id} (got {source!r} -> {target!r})")
    forward = source == cw.source.id
    src_model, tgt_model = (cw.source, cw.target) if forward else (cw.target, cw.source)
    floor_src = 1 if src_model.baseline_stage else 0
    floor_tgt = 1 if tgt_model.baseline_stage else 0
    if not floor_src <= stage <= src_model.n_stages:
        raise ValueError(f"{source} has no stage {stage} (stages {floor_src}..{src_model.n_stages})")
    if stage == 0:
        return floor_tgt, floor_tgt
    hits = [(lk.target if forward else lk.source) for lk in cw.links
            if (lk.source if forward else lk.target) == stage and STRENGTHS[lk.strength] >= STRENGTHS[min_strength]]
    if not hits:
        raise ValueError(f"stage {stage} of {source} has no link of strength {min_strength!r} or stronger")
    lo, hi = min(hits), max(hits)
    if stage == 1:  # the first stage reaches down to "not yet started" in the other model
        lo = min(lo, floor_tgt)
    return lo, hi


def predicted_range(stages, *, source: str = "altimeter", target: str = "cotc", min_strength: str = "partial"):
    """For a Series of ``source`` stages: the ``target`` range the crosswalk predicts (columns ``low``, ``high``)."""
    import pandas as pd

    ranges = {s: map_stage(int(s), source=source, target=target, min_strength=min_strength) for s in set(stages)}
    return pd.DataFrame({"low": [ranges[s][0] for s in stages], "high": [ranges[s][1] for s in stages]},
                        index=getattr(stages, "index", None))


def classify_both(answers_a, answers_b, *, source: str = "altimeter", target: str = "cotc",
                  threshold: float = 0.75, rule: str = "gated", lang: str = "de"):
    """Score the same organisations in both models and compare with what the crosswalk predicts.

    Returns one row per organisation present in both answer tables: the stage in each model, the
    predicted range in ``target``, ``agrees`` (the ``target`` stage lies in that range) and
    ``direction`` (``"as predicted"``, ``"higher"`` or ``"lower"`` than predicted).
    """
    import numpy as np
    import pandas as pd

    from .scoring import score

    check_lang(lang)
    common = answers_a.index.intersection(answers_b.index)
    a = score(answers_a.loc[common], source, threshold=threshold, rule=rule, lang=lang)
    b = score(answers_b.loc[common], target, threshold=threshold, rule=rule, lang=lang)
    pred = predicted_range(a["stage"], source=source, target=target)
    out = pd.DataFrame({
        f"{source}_stage": a["stage"], f"{source}_name": a["stage_name"],
        f"{target}_stage": b["stage"], f"{target}_name": b["stage_name"],
        "predicted_low": pred["low"], "predicted_high": pred["high"],
    }, index=common)
    actual = out[f"{target}_stage"]
    out["agrees"] = actual.between(out["predicted_low"], out["predicted_high"])
    out["direction"] = np.select([actual > out["predicted_high"], actual < out["predicted_low"]],
                                 ["higher", "lower"], "as predicted")
    return out


# --------------------------------------------------------------------------- text statistics
@lru_cache(maxsize=None)
def load_stopwords(lang: str = "de") -> frozenset[str]:
    """The kit's stopword list for ``lang`` (``data/stopwords_<lang>.txt``)."""
    check_lang(lang)
    path = data_dir() / f"stopwords_{lang}.txt"
    words = [w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines()]
    return frozenset(w for w in words if w and not w.startswith("#"))


@lru_cache(maxsize=None)
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
    stems = np.array(vec.get_feature_names_out())
    surface: dict[str, Counter] = {}
    for text in texts["text"]:
        words = tokenize(text, lang)
        for word, stem in zip(words, _stemmer(lang).stemWords(words)):
            surface.setdefault(stem, Counter())[word] += 1
    shown = {st: sorted(c.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0] for st, c in surface.items()}
    rows = []
    dense = x.toarray()
    for i, rec in enumerate(texts.itertuples()):
        order = sorted(np.flatnonzero(dense[i]), key=lambda j: (-round(dense[i, j], 12), shown[stems[j]]))[:top]
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


@lru_cache(maxsize=None)
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


# --------------------------------------------------------------------------- agreement of two classifications
def crosswalk_mapping(source: str = "altimeter", target: str = "cotc", *, path: str | Path | None = None) -> dict[int, int]:
    """Each ``source`` stage mapped to one ``target`` stage: the most strongly linked one (the lower
    one when two are linked equally strongly). Stage 0 maps to the target's lowest stage.

    >>> crosswalk_mapping()
    {0: 1, 1: 1, 2: 2, 3: 3, 4: 3, 5: 4, 6: 5}
    """
    cw = load_crosswalk(path)
    if {source, target} != {cw.source.id, cw.target.id} or source == target:
        raise ValueError(f"the crosswalk links {cw.source.id} and {cw.target.id} (got {source!r} -> {target!r})")
    forward = source == cw.source.id
    src_model, tgt_model = (cw.source, cw.target) if forward else (cw.target, cw.source)
    out = {}
    if not src_model.baseline_stage:
        out[0] = 1 if tgt_model.baseline_stage else 0
    for st in src_model.stages:
        links = [((lk.target if forward else lk.source), STRENGTHS[lk.strength]) for lk in cw.links
                 if (lk.source if forward else lk.target) == st.number and lk.strength != "none"]
        best = max(w for _, w in links)
        out[st.number] = min(t for t, w in links if w == best)
    return out


@dataclass
class Agreement:
    """How far two classifications of the same organisations agree (see :func:`agreement`)."""

    n: int
    labels: list
    kappa: float
    kappa_linear: float
    kappa_quadratic: float
    spearman: float
    spearman_p: float
    kendall: float
    kendall_p: float
    exact_share: float
    confusion: object
    mapped: object

    def summary(self):
        import pandas as pd

        return pd.Series({"n": self.n, "exact agreement (common scale)": self.exact_share, "Cohen's kappa": self.kappa,
                          "kappa, linear weights": self.kappa_linear, "kappa, quadratic weights": self.kappa_quadratic,
                          "Spearman rho": self.spearman, "Spearman p": self.spearman_p,
                          "Kendall tau-b": self.kendall, "Kendall p": self.kendall_p})


def agreement(a, b, *, mapping: dict[int, int] | None = None, source: str = "altimeter", target: str = "cotc") -> Agreement:
    """Agreement of two classifications of the same organisations in two models.

    Parameters
    ----------
    a, b : Series of stage numbers (``a`` in ``source``, ``b`` in ``target``), aligned on their index;
        organisations present in only one are left out.
    mapping : dict, optional
        ``source`` stage -> ``target`` stage: the common scale (default: :func:`crosswalk_mapping`).

    Returns an :class:`Agreement`: Cohen's kappa unweighted, linear and quadratic on the common scale
    (scikit-learn, with every stage of ``target`` passed as ``labels`` so that the weights follow the
    stage order, even for stages nobody is on); Spearman's rho and Kendall's tau-b (scipy) on the raw
    stages; the confusion table of raw stages (all stages of both models as rows and columns).
    """
    import pandas as pd
    from scipy.stats import kendalltau, spearmanr
    from sklearn.metrics import cohen_kappa_score

    mapping = crosswalk_mapping(source, target) if mapping is None else dict(mapping)
    pair = pd.concat({"a": pd.Series(a), "b": pd.Series(b)}, axis=1, join="inner").dropna()
    if len(pair) < 2:
        raise ValueError("need at least two organisations classified in both models")
    unknown = sorted(set(pair["a"].astype(int)) - set(mapping))
    if unknown:
        raise ValueError(f"stage {unknown[0]} of {source} has no place on the common scale (mapping: {mapping})")
    mapped = pair["a"].astype(int).map(mapping)
    tgt = load_model(target)
    src = load_model(source)
    labels = list(range(1 if tgt.baseline_stage else 0, tgt.n_stages + 1))
    bad = sorted(set(pair["b"].astype(int)) - set(labels))
    if bad:
        raise ValueError(f"{target} has no stage {bad[0]}")
    kw = {"labels": labels}
    kappa = cohen_kappa_score(mapped, pair["b"].astype(int), **kw)
    lin = cohen_kappa_score(mapped, pair["b"].astype(int), weights="linear", **kw)
    quad = cohen_kappa_score(mapped, pair["b"].astype(int), weights="quadratic", **kw)
    rho = spearmanr(pair["a"], pair["b"])
    tau = kendalltau(pair["a"], pair["b"])
    src_labels = list(range(1 if src.baseline_stage else 0, src.n_stages + 1))
    confusion = pd.crosstab(pair["a"].astype(int), pair["b"].astype(int)).reindex(index=src_labels, columns=labels,
                                                                                 fill_value=0)
    confusion.index.name, confusion.columns.name = source, target
    return Agreement(n=len(pair), labels=labels, kappa=float(kappa), kappa_linear=float(lin), kappa_quadratic=float(quad),
                     spearman=float(rho.statistic), spearman_p=float(rho.pvalue), kendall=float(tau.statistic),
                     kendall_p=float(tau.pvalue), exact_share=float((mapped == pair["b"]).mean()),
                     confusion=confusion, mapped=mapped)
