"""Errors in plain words: any error of the kit explained in German or English.

Every error the kit raises carries a **code** and its **params** (see :mod:`socialbiz_kit.errors`): the
code is the key of a sentence in ``data/ui.yaml``, the params fill it. :func:`explain_error` looks the code
up and never reads the message, so rewording a message cannot lose its explanation; a test checks that
every code raised anywhere in the package has its sentence in German and English.

Three kinds of sentence, by the code's section:

* ``explain.*`` — problems in a data file (a model file, a model table, YAML syntax): the sentence follows
  where the problem is (file, line, row or part of the model, :func:`describe_key`).
* ``answers.*`` — problems in an answer file: the sentence follows file, row and column.
* every other section (``errors.*``, ``store.*``, ...) — a sentence of its own.

Some params are shown in words rather than as written: ``got`` (the kind of value found: nothing, a
mapping, a list, ...), ``lang_name`` (``de``/``en``: the language's name), ``entry`` and ``what`` (a
model key and a kind of id, in the words of ``explain_words``), the separators ``sep`` and ``other`` of
``answers.mixed_sep`` (:func:`separator_word`: „;“ in German, ';' in English); numbers with decimals in the
language's format. An error the kit does not recognise gets an honest general sentence that still names the place,
never the English text.

>>> from socialbiz_kit.errors import ModelFileError
>>> err = ModelFileError("mein_modell.yaml", "stages[1].summary.en", "required key is missing",
...                      code="explain.missing_lang", lang_name="en")
>>> print(explain_error(err, lang="de"))  # doctest: +NORMALIZE_WHITESPACE
In „mein_modell.yaml“ an der Stelle „2. Stufe › Zusammenfassung“ fehlt der englische Text.
Jeder Text braucht eine deutsche (de) und eine englische (en) Fassung.
>>> print(explain_error(err, lang="en"))  # doctest: +NORMALIZE_WHITESPACE
In “mein_modell.yaml”, at “2. stage › summary”, the English text is missing.
Every text needs a German (de) and an English (en) version.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import ui
from ._compat import keyword_lang
from ._lang import check_lang

__all__ = ["explain_error", "describe_key", "explanation_key", "separator_word"]

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_ ]*)(?:\[(\d+)\])?")
_GOT = {"nothing": "got_nothing", "a mapping": "got_mapping", "a list": "got_list", "a text": "got_text",
        "true/false": "got_bool", "a number": "got_number"}
# The key of these errors names the piece that is missing or wrong inside its part: show the part.
_SHOW_PARENT = {"explain.missing_key", "explain.missing_lang", "explain.split_text", "explain.unknown_key",
                "explain.baseline_items", "explain.no_items"}
# These concern the whole file: name the file only.
_SHOW_FILE = {"explain.schema_version", "explain.duplicate_key"}
_SEPARATORS = {",": "sep_comma", ";": "sep_semicolon", "\t": "sep_tab"}


def _w(key: str, lang: str) -> str:
    return ui.text(f"explain_words.{key}", lang=lang)


def _has_word(key: str) -> bool:
    return f"explain_words.{key}" in ui.load_ui()


@keyword_lang("lang")
def describe_key(key: str, *, lang: str = "de") -> str:
    """A model key such as ``stages[1].items[0].id`` in words: ``2. Stufe › 1. Aussage › Kennung``.

    Parameters
    ----------
    key : str
        A key as the kit's errors name it (``DataFileError.key``); ``""`` is the top level.
    lang : {"de", "en"}
        The language of the words.

    Returns
    -------
    str
        The steps of the key in words, joined by ``›``.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.

    Examples
    --------
    >>> describe_key("scale[2].label.de", lang="de")
    '3. Skalenpunkt › Bezeichnung › deutscher Text'
    >>> describe_key("", lang="de")
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


def separator_word(sep: str, *, lang: str = "de") -> str:
    """A column separator of a CSV file as a message names it.

    Parameters
    ----------
    sep : {",", ";", "\\t"}
        The separator.
    lang : {"de", "en"}, default "de"
        The language of the words.

    Returns
    -------
    str
        The separator quoted as the language quotes (``„;“``, ``';'``), or the tab's name.

    Examples
    --------
    >>> separator_word(";", lang="de"), separator_word(";", lang="en"), separator_word("\\t", lang="de")
    ('„;“', "';'", 'Tabulator')
    """
    return ui.text(f"answers.{_SEPARATORS[sep]}", lang=lang)


def explanation_key(code: str | None) -> str | None:
    """The key in ``data/ui.yaml`` that explains errors of this code, or None if the kit has none.

    Parameters
    ----------
    code : str or None
        An error's ``code``.

    Returns
    -------
    str or None
        The code itself when ``data/ui.yaml`` has it (in both languages, as every entry there), else None.

    Examples
    --------
    >>> explanation_key("explain.missing_key"), explanation_key("no.such_code")
    ('explain.missing_key', None)
    """
    return code if code and code in ui.load_ui() else None


def _whole_list(key: str) -> bool:
    """True for a key that names a whole list (``stages``, ``scale``): its sentence names the list itself."""
    m = _STEP.fullmatch(key)
    return m is not None and m.group(2) is None and _has_word(f"{m.group(1)}_all")


def _localise(params: dict[str, Any], lang: str, code: str) -> dict[str, Any]:
    out = {}
    for name, value in params.items():
        if code == "answers.mixed_sep" and name in ("sep", "other") and value in _SEPARATORS:
            value = separator_word(value, lang=lang)
        elif name == "got" and isinstance(value, str) and value in _GOT:
            value = _w(_GOT[value], lang)
        elif name == "lang_name":
            value = _w(f"lang_{value}", lang)
        elif name == "what" and isinstance(value, str) and _has_word("dup_" + value.replace(" ", "_").lower()):
            value = _w("dup_" + value.replace(" ", "_").lower(), lang)
        elif name in ("entry", "what") and isinstance(value, str) and _has_word(value.replace(" ", "_")):
            value = _w(value.replace(" ", "_"), lang)
        elif isinstance(value, float):
            value = ui.number(value, lang=lang, decimals=2)
        out[name] = value
    return out


def _parent(key: str) -> str:
    return key.rsplit(".", 1)[0] if "." in key else ""


@keyword_lang("lang")
def explain_error(exc: BaseException, *, lang: str = "de") -> str:
    """One error of the kit as a sentence in ``lang``: where it is and what to do about it.

    Parameters
    ----------
    exc : Exception
        Any error; the kit's own (:class:`~socialbiz_kit.errors.SocialbizError`) carry ``code`` and
        ``params``, which are all this function reads (besides file, key, row and column for the place).
    lang : {"de", "en"}
        The language of the sentence.

    Returns
    -------
    str
        Never the technical English text in German mode; an error without a known code gets a general
        sentence naming the place (the technical text stays available as ``str(exc)``).

    Raises
    ------
    SettingError
        ``lang`` is not ``"de"`` or ``"en"``.
    """
    check_lang(lang)
    t = lambda k, **f: ui.text(f"explain.{k}", lang=lang, _="", **f)  # noqa: E731 - always format, so {{ }} unescape
    code = explanation_key(getattr(exc, "code", None))
    params = dict(getattr(exc, "params", None) or {})
    file = Path(str(getattr(exc, "file", "") or "")).name
    if code and not code.startswith("explain."):
        sentence = ui.text(code, lang=lang, _="", **_localise(params, lang, code))
        if not code.startswith("answers."):
            return sentence
        place = [file or "?"]
        if getattr(exc, "row", None) is not None:
            place.append(f"{ui.text('answers.row', lang=lang)} {exc.row}")  # type: ignore[attr-defined]
        column, label = getattr(exc, "column", None), (getattr(exc, "column_labels", None) or {}).get(lang)
        if column is not None:
            place.append(ui.text("answers.column_item", lang=lang, column=column, label=label) if label
                         else ui.text("answers.column_named", lang=lang, column=column))
        return f"{', '.join(place)}: {sentence}"
    row, stage = params.pop("row", None), params.pop("stage_where", None)
    key = str(getattr(exc, "key", "") or "")
    if code:
        sentence = ui.text(code, lang=lang, _="", **_localise(params, lang, code))
        shown = "" if code in _SHOW_FILE else _parent(key) if code in _SHOW_PARENT else key
    else:
        sentence, shown = t("fallback"), key
    if not file and not key and row is None:
        return ui.text("errors.unknown", lang=lang) if not code else sentence[:1].upper() + sentence[1:]
    file = file or "?"
    if row is not None:
        kind = params.get("kind")
        where = t("where_row_kind", file=file, row=row, kind=kind) if kind else t("where_row", file=file, row=row)
    elif stage is not None:
        where = t("where_stage", file=file, stage=stage)
    elif shown and not _whole_list(shown):
        where = t("where_key", file=file, where=describe_key(shown, lang=lang))
    else:
        where = t("where_file", file=file)
    return f"{where} {sentence}"
