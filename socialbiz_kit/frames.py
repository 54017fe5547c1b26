"""A model as tables and texts: stages, items, readings and recommendations as DataFrames, a stage as a card,
the model's sources as references, the bundled models as a catalogue.

The names are also importable from :mod:`socialbiz_kit.models` (where they were before issue 26).

>>> stages_frame("altimeter", lang="en")["name"].tolist()[:2]
['Planning', 'Presence']
"""
from __future__ import annotations

from ._compat import deprecated, keyword_lang
from ._lang import check_lang
from ._modelfiles import list_models, load_model
from ._modeltypes import Model, items_table, stages_table
from ._origins import cite_sources, origin_label, origin_text
from .literature import render

__all__ = ["stages_frame", "items_frame", "item_labels", "origin_label", "origin_text", "origin_text", "stage_card", "citation",
           "readings_frame", "recommendations_frame", "catalogue"]


@keyword_lang("lang")
def stages_frame(model: Model | str, *, lang: str = "de"):
    """One row per stage: number, id, name, original (English) name, tagline, group, summary,
    characteristics, and the number of items.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per stage (columns above).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.

    Examples
    --------

    >>> print(stages_frame("cotc", lang="en")[["number", "name", "n_items"]].to_string(index=False))
     number          name  n_items
          1   Traditional        0
          2  Experimental        4
          3   Operational        7
          4    Measurable        7
          5 Fully Engaged        6
    """
    return stages_table(load_model(model), check_lang(lang))


@keyword_lang("lang")
def item_labels(model: Model | str, *, lang: str = "de") -> dict[str, str]:
    """Short labels of the items for tables and plot axes: the stage's name and the item's place in its stage.

    A learner reads "Strategisch 2" where the answer files say ``strategic_2``; the id stays what the
    questionnaire and the answer files use.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    dict
        Item id -> label.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.

    Examples
    --------
    >>> item_labels("altimeter", lang="de")["strategic_2"]
    'Strategisch 2'
    >>> item_labels("cotc", lang="en")["operational_training"]
    'Operational 7'
    """
    model = load_model(model)
    check_lang(lang)
    return {it.id: f"{s.name.get(lang)} {n}" for s in model.stages for n, it in enumerate(s.items, 1)}


@keyword_lang("lang")
def items_frame(model: Model | str, *, lang: str = "de"):
    """One row per item: id, stage number, stage name, area (if the model has dimensions), text, anchor
    (what "trifft voll zu" / "fully" looks like).

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per item (columns above).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    return items_table(load_model(model), check_lang(lang))


@keyword_lang("lang")
def stage_card(model: Model | str, stage: int | str, *, lang: str = "de") -> str:
    """One stage as a short Markdown text: name, tagline, summary, characteristics, the kit's readings
    (labelled "Lesart des Kits"), examples with their sources.

    The German summary's name of the stage is shown whenever the model records one, also where it equals the kit's
    name (so that nobody reads its absence as "the summary gives no name"). An example cites its first source as the
    one it rests on and any further source to compare ("vgl.", APA's "see also"): a German summary that repeats an
    example of the report is not its source.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    stage : int or str
        The stage's number or id.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        Markdown.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.

    Examples
    --------
    >>> print(stage_card("cotc", 2, lang="en").splitlines()[0])
    ### 2 Experimental – *Pioneers at the edges* (the kit's tagline)
    >>> stage_card("altimeter", 1, lang="de").rsplit(" (", 1)[1]
    'Li & Solis, 2013; vgl. „Von Social Media zum Social Business“, o. J.)'
    >>> "Name in der deutschen Zusammenfassung: Präsenz" in stage_card("altimeter", 2, lang="de")
    True
    """
    from . import ui

    model = load_model(model)
    words = ui.words("card", lang=check_lang(lang))
    s = model.stage(stage)
    origin = f" ({words['kit_tagline']})" if s.tagline_origin == "kit" else ""
    lines = [f"### {s.number} {s.name.get(lang)} – *{s.tagline.get(lang)}*{origin}", ""]
    meta = []
    if lang != "en" or s.name.en != s.name.get(lang):
        meta.append(f"{words['original']}: {s.name.en}")
    if s.german_summary_name:
        meta.append(f"{words['summary_name']}: {s.german_summary_name}")
    if s.group:
        group = next(g for g in model.groups if g.id == s.group)
        meta.append(f"{words['group']}: {group.name.get(lang)}")
    if meta:
        lines += [" · ".join(meta), ""]
    lines += [s.summary.get(lang), "", f"**{words['chars']}:**", ""]
    lines += [f"- {c.get(lang)}" for c in s.characteristics]
    for st in s.readings:
        where = f" ({cite_sources(st.source, lang=lang)})" if st.source else ""
        lines += ["", f"**{origin_label(st.origin, lang=lang)}{where}:** {st.text.get(lang)}"]
    for ex in s.examples:
        cites = [cite_sources((ref,), lang=lang) for ref in ex.source]
        where = "; ".join([*cites[:1], *(f"{words['compare']} {c}" for c in cites[1:])])
        lines += ["", f"**{words['examples']}:** {ex.text.get(lang)} ({where})"]
    return "\n".join(lines)


@keyword_lang("lang")
def citation(model: Model | str, *, lang: str | None = "de", fmt: str = "text", addresses: bool = True) -> list[str]:
    """The model's sources as APA 7 references (see :mod:`socialbiz_kit.literature`).

    ``addresses=False`` leaves out the public addresses (URLs), for a page that promises to show none. The older
    call ``citation(model, lang=None)`` (German without addresses) still works until 2027-06-30, with a
    DeprecationWarning: write ``citation(model, lang="de", addresses=False)``.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    fmt : str, default "text"
        ``"text"``, ``"markdown"`` or ``"html"``, as in :func:`~socialbiz_kit.literature.render`.
    addresses : bool, default True
        Whether a reference ends with its public address (URL).

    Returns
    -------
    list of str
        One APA 7 reference per source.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if ``fmt`` is not one of the allowed values.

    Examples
    --------

    >>> citation("altimeter", lang="en")[0]
    'Li, C., & Solis, B. (2013). The evolution of social business: Six stages of social business transformation. Altimeter Group. https://altimetergroup.com/research/reports/evolution-social-business'
    >>> citation("altimeter", lang="de", addresses=False)[0]
    'Li, C., & Solis, B. (2013). The evolution of social business: Six stages of social business transformation. Altimeter Group.'
    """
    model = load_model(model)
    if lang is None:
        deprecated('citation(model, lang=None): write citation(model, lang="de", addresses=False); lang=None',
                   stacklevel=4)
        lang, addresses = "de", False
    return [render(src, lang=check_lang(lang), fmt=fmt, addresses=addresses) for src in model.sources]


@keyword_lang("lang")
def readings_frame(model: Model | str, *, lang: str = "de"):
    """Every statement about the model and its stages with its origin, labelled as shown to learners.

    Columns: ``stage`` (0 for the model as a whole), ``origin`` (``source``/``kit``), ``label`` ("Lesart des
    Kits", "Quelle", ...), ``source`` (short citations), ``text``. Taglines of the kit's own are included.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per statement (columns above).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    import pandas as pd

    model = load_model(model)
    check_lang(lang)
    rows = [(0, st) for st in model.readings] + [(s.number, st) for s in model.stages for st in s.readings]
    out = [{"stage": n, "origin": st.origin, "label": origin_label(st.origin, lang=lang), "source": cite_sources(st.source, lang=lang),
            "text": st.text.get(lang)} for n, st in rows]
    out += [{"stage": s.number, "origin": "kit", "label": origin_label("kit", lang=lang), "source": "",
             "text": s.tagline.get(lang)} for s in model.stages if s.tagline_origin == "kit"]
    return pd.DataFrame(out, columns=["stage", "origin", "label", "source", "text"]).sort_values(
        "stage", kind="stable").reset_index(drop=True)


@keyword_lang("lang")
def recommendations_frame(model: Model | str, *, lang: str = "de"):
    """Every recommendation: ``stage`` it is written for (0 = no stage reached), ``id``, ``text``, ``origin``,
    ``label`` ("Quelle" / "Lesart des Kits"), ``source`` (short citations), ``items`` (ids, comma-separated),
    ``effort`` and ``effect`` (1-3; the kit's estimate).

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per recommendation (columns above).

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    import pandas as pd

    model = load_model(model)
    check_lang(lang)
    rows = [{"stage": r.stage, "id": r.id, "text": r.text.get(lang), "origin": r.origin,
             "label": origin_label(r.origin, lang=lang), "source": cite_sources(r.source, lang=lang), "items": ", ".join(r.items),
             "effort": r.effort, "effect": r.effect} for r in model.recommendations]
    return pd.DataFrame(rows, columns=["stage", "id", "text", "origin", "label", "source", "items", "effort", "effect"])


@keyword_lang("lang")
def catalogue(*, lang: str = "de"):
    """One row per bundled model: id, name, authors, year, stages, items, baseline stage.

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    DataFrame
        One row per bundled model.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.

    Examples
    --------

    >>> print(catalogue(lang="en")[["id", "year", "stages", "items"]].to_string(index=False))
           id  year  stages  items
    altimeter  2013       6     33
         cotc  2010       5     24
    """
    import pandas as pd

    check_lang(lang)
    rows = []
    for name in list_models():
        m = load_model(name)
        rows.append({"id": m.id, "name": m.name.get(lang), "authors": ", ".join(m.authors), "year": m.year,
                     "stages": m.n_stages, "items": len(m.items), "baseline_stage": m.baseline_stage})
    return pd.DataFrame(rows)
