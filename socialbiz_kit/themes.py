"""Themes of the stage summaries and the counts of the two German blog summaries the kit was made from.

Part of :mod:`socialbiz_kit.text` (which re-exports every name): a theme (``data/themes.yaml``) is a set of word
stems; :func:`theme_hits` counts them in a text, :func:`theme_comparison` sets the kit's summaries beside the blog
summaries, whose counts are shipped (``data/blog_summaries.yaml``), never their texts.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._cache import by_file, frozen
from ._compat import keyword_lang
from ._data import data_dir
from ._lang import check_lang
from ._themefile import Theme, read_themes
from ._yaml import Checker, read_yaml
from .errors import SettingError
from .models import Model, load_model
from .wordstats import WORD, collapse_pair_forms, stage_texts, tokenize, word_counts

__all__ = ["Theme", "load_themes", "theme_hits", "theme_matrix", "theme_totals", "BLOG_SUMMARIES", "text_counts",
           "blog_summary_stats", "theme_comparison", "comparison_counts"]


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

    Raises
    ------
    DataFileError
        If the file is missing, unreadable, not valid YAML or breaks the themes schema.
    """
    if path is None:
        return _themes_file(str(data_dir() / "themes.yaml"))
    return read_themes(Path(path))


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

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.

    Examples
    --------

    >>> theme_hits("Die Führung hört der Kundschaft zu und misst Kennzahlen.")["leadership"]
    1
    """
    check_lang(lang)
    themes = themes or load_themes()
    words = tokenize(text, lang=lang)
    joined = " ".join(WORD.findall((collapse_pair_forms(text) if lang == "de" else text).lower()))
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

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if ``field`` is not one of the allowed values.
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

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if ``field`` is not one of the allowed values.
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

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.

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


def shipped_blog_stats() -> Mapping[str, Mapping[str, Any]]:
    """The word statistics of the bundled blog summaries (``data/blog_summaries.yaml``), cached and read-only."""
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

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if a model has no blog summary.
    """
    import hashlib

    import pandas as pd

    check_lang(lang)
    if paths is None:
        rows = {m: {k: v for k, v in s.items() if k != "file"} for m, s in shipped_blog_stats().items()}
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

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if a model has no blog summary.
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

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if a model has no blog summary.
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
