"""Errors in plain words: the kit's model-file errors explained in German or English.

The checks of :mod:`socialbiz_kit.models` report problems as short technical English messages
(``"stages[1].summary.en: required key is missing"``), and YAML syntax errors are reported by
line and column. :func:`explain_error` turns such an error into a sentence a learner can act on,
in the learner's language: where the problem is (file, line or part of the model) and what to do.
The words come from the ``explain`` and ``explain_words`` sections of ``data/ui.yaml``.

Errors raised by :mod:`socialbiz_kit.builder` (model tables) carry their explanation with them
(``ui_key`` and ``ui_args``); every other :class:`~socialbiz_kit.errors.DataFileError` is read
from its ``key`` and ``problem``. An error the kit does not recognise gets an honest general
sentence that still names the place, never the English text.

>>> from socialbiz_kit.errors import ModelFileError
>>> err = ModelFileError("mein_modell.yaml", "stages[1].summary.en", "required key is missing")
>>> print(explain_error(err, "de"))  # doctest: +NORMALIZE_WHITESPACE
In „mein_modell.yaml“ an der Stelle „2. Stufe › Zusammenfassung“ fehlt der englische Text.
Jeder Text braucht eine deutsche (de) und eine englische (en) Fassung.
>>> print(explain_error(err, "en"))  # doctest: +NORMALIZE_WHITESPACE
In “mein_modell.yaml”, at “2. stage › summary”, the English text is missing.
Every text needs a German (de) and an English (en) version.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import ui
from ._lang import check_lang
from .errors import DataFileError

__all__ = ["explain_error", "describe_key"]

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_ ]*)(?:\[(\d+)\])?")
_GOT = {"nothing": "got_nothing", "a mapping": "got_mapping", "a list": "got_list", "a text": "got_text",
        "true/false": "got_bool", "a number": "got_number"}


def _w(key: str, lang: str) -> str:
    return ui.text(f"explain_words.{key}", lang)


def _has_word(key: str) -> bool:
    return f"explain_words.{key}" in ui.load_ui()


def describe_key(key: str, lang: str = "de") -> str:
    """A model key such as ``stages[1].items[0].id`` in words: ``2. Stufe › 1. Aussage › Kennung``.

    >>> describe_key("scale[2].label.de", "de")
    '3. Skalenpunkt › Bezeichnung › deutscher Text'
    >>> describe_key("", "de")
    'oberste Ebene'
    """
    check_lang(lang)
    if not key or key == "(top level)":
        return _w("top", lang)
    parts = []
    for step in key.split("."):
        m = _STEP.fullmatch(step)
        if not m:
            parts.append(step)
            continue
        name, index = m.group(1), m.group(2)
        if index is None and _has_word(f"{name}_all"):
            name = f"{name}_all"  # the list as a whole, not one of its entries
        word = _w(name, lang) if _has_word(name) else name
        parts.append(f"{int(index) + 1}. {word}" if index is not None else word)
    return _w("path_sep", lang).join(parts)


def _whole_list(key: str) -> bool:
    """True for a key that names a whole list (``stages``, ``scale``): its sentence names the list itself."""
    m = _STEP.fullmatch(key)
    return m is not None and m.group(2) is None and _has_word(f"{m.group(1)}_all")


def _got(text: str, lang: str) -> str:
    text = text.strip()
    return _w(_GOT[text], lang) if text in _GOT else text


def _problem(key: str, problem: str, lang: str) -> tuple[str, str]:
    """(where-part of the key to show, explanation) for one technical problem text."""
    t = lambda k, **f: ui.text(f"explain.{k}", lang, _="", **f)  # noqa: E731 - always format, so {{ }} unescape
    last = key.rsplit(".", 1)[-1] if key else ""
    parent = key.rsplit(".", 1)[0] if "." in key else ""
    if problem.startswith("required key is missing"):
        if last in ("de", "en"):
            return parent, t("missing_lang", lang_name=_w(f"lang_{last}", lang))
        return parent, t("missing_key", name=_w(last, lang) if _has_word(last) else last)
    if problem.startswith("unknown key (allowed here: de, en); if this is part of a text"):
        return parent, t("split_text")
    m = re.match(r"unknown key \(allowed here: (.*)\)", problem)
    if m:
        return parent, t("unknown_key", name=last, allowed=m.group(1))
    m = re.match(r"expected a non-empty text, got (.*)", problem)
    if m:
        return key, t("empty_text", got=_got(m.group(1), lang))
    m = re.match(r"'(.*)' is not a valid id", problem)
    if m:
        return key, t("bad_id", value=m.group(1))
    for pattern, name in ((r"expected a whole number, got (.*)", "not_integer"), (r"expected a number, got (.*)", "not_number"),
                          (r"expected true or false, got (.*)", "not_boolean"), (r"expected a list, got (.*)", "not_list"),
                          (r"expected a mapping of keys, got (.*)", "not_mapping")):
        m = re.match(pattern, problem)
        if m:
            return key, t(name, got=_got(m.group(1), lang))
    if problem.startswith("expected a text in both languages") and problem.endswith("got a single text"):
        return key, t("single_text")
    m = re.match(r"expected a text in both languages .*, got (.*)", problem)
    if m:
        return key, t("not_text", got=_got(m.group(1), lang))
    m = re.match(r"needs at least (\d+) entr(?:y|ies), got (\d+)", problem)
    if m:
        return key, t("too_few", need=m.group(1), got=m.group(2))
    m = re.match(r"duplicate (stage id|item id|scale value|dimension id) (.*)", problem)
    if m:
        return key, t("duplicate", what=_w(m.group(1).replace(" ", "_"), lang), value=m.group(2).strip("'\""))
    m = re.match(r"stage numbers must run .*; found \[(.*)\]", problem)
    if m:
        return key, t("stage_numbers", found=m.group(1))
    if problem.startswith("scale values must rise"):
        return key, t("scale_order")
    if problem.startswith("fulfilment must not fall"):
        return key, t("scale_fulfilment")
    m = re.match(r"must lie between 0 and 1, got (.*)", problem)
    if m:
        return key, t("fulfilment_range", got=ui.number(float(m.group(1)), lang, decimals=2))
    if problem.startswith("the baseline stage has no items"):
        return parent, t("baseline_items")
    if problem.startswith("needs at least one item"):
        return parent, t("no_items")
    m = re.match(r"unknown (group|area) '(.*)' \((?:groups|dimensions): (.*)\)", problem)
    if m:
        return key, t("unknown_ref", value=m.group(2), known=m.group(3))
    if problem.startswith("this kit reads schema version"):
        return "", t("schema_version")
    # problems found while reading the file (socialbiz_kit._yaml.read_yaml)
    if problem == "file not found":
        return "", t("not_found")
    if problem.startswith("not UTF-8 text"):
        return "", t("not_utf8")
    if problem.startswith("cannot be read"):
        return "", t("unreadable")
    if problem.startswith("the file is empty"):
        return "", t("empty_file")
    m = re.match(r"line (\d+): each key may appear only once", problem)
    if m:
        name = re.sub(r"^duplicate key ", "", key).strip("'\"")
        return "", t("duplicate_key", name=name, line=m.group(1))
    m = re.match(r"line (\d+): YAML tags", problem)
    if m:
        return "", t("yaml_tag", line=m.group(1))
    m = re.match(r"line (\d+), column (\d+): not valid YAML", problem)
    if m:
        return "", t("yaml_syntax", line=m.group(1), column=m.group(2))
    return key, t("fallback")


def explain_error(exc: BaseException, lang: str = "de") -> str:
    """One error of the kit as a sentence in ``lang``: where it is and what to do about it.

    Parameters
    ----------
    exc : Exception
        Usually a :class:`~socialbiz_kit.errors.ModelFileError` from :func:`~socialbiz_kit.models.read_model`,
        :func:`~socialbiz_kit.models.model_from_dict` or :func:`~socialbiz_kit.builder.model_from_table`.
    lang : {"de", "en"}

    Returns
    -------
    str
        Never the technical English text in German mode; an error the kit does not recognise gets a
        general sentence naming the place (the technical text stays available as ``str(exc)``).
    """
    check_lang(lang)
    file = Path(getattr(exc, "file", "") or "").name or "?"
    t = lambda k, **f: ui.text(f"explain.{k}", lang, _="", **f)  # noqa: E731
    ui_key = getattr(exc, "ui_key", None)
    args = dict(getattr(exc, "ui_args", {}) or {})
    row, stage = args.pop("row", None), args.pop("stage_where", None)
    kind = args.pop("kind", None) if row is not None else None
    if ui_key:  # errors of a model table carry their own explanation
        shown, sentence = "", t(ui_key, **args)
    elif isinstance(exc, DataFileError):
        shown, sentence = _problem(exc.key or "", exc.problem or "", lang)
    else:
        shown, sentence = "", t("fallback")
    if row is not None:
        where = t("where_row_kind", file=file, row=row, kind=kind) if kind else t("where_row", file=file, row=row)
    elif stage is not None:
        where = t("where_stage", file=file, stage=stage)
    elif shown and not _whole_list(shown):
        where = t("where_key", file=file, where=describe_key(shown, lang))
    else:
        where = t("where_file", file=file)
    return f"{where} {sentence}"
