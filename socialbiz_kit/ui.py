"""The kit's words: every learner-facing string, in German and English, from ``data/ui.yaml``.

Code never writes a word a learner reads; it asks for it by key (``"widget.title"``). Numbers,
percentages, dates and p-values are formatted for the language with Babel (``0,75`` in German,
``0.75`` in English). :func:`escape` is the one HTML-escape helper of the kit.

>>> from socialbiz_kit import ui
>>> ui.text("common.stage", lang="de")
'Stufe'
>>> ui.text("common.n_statements", lang="de", count=1), ui.text("common.n_statements", lang="de", count=12)
('1 Aussage', '12 Aussagen')
>>> ui.number(0.75, lang="de"), ui.number(0.75, lang="en")
('0,75', '0.75')
>>> ui.pvalue(0.0004, lang="en"), ui.pvalue(0.0312, lang="de")
('p < .001', 'p = ,031')
"""
from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from ._cache import by_file, frozen
from ._compat import keyword_lang
from ._data import data_dir
from ._lang import check_lang
from ._uifile import UIFileError, check_words
from ._uiplain import escape, sort_key
from ._yaml import read_yaml
from .errors import SocialbizError

__all__ = ["text", "words", "vocabulary", "number", "percent", "date", "statistic", "pvalue", "sort_key", "escape",
           "load_ui", "error", "UIFileError"]

_LOCALES = {"de": "de_DE", "en": "en_GB"}


E = TypeVar("E", bound=SocialbizError)


@by_file
def _load(path: str) -> Mapping[str, Mapping[str, Any]]:
    p = Path(path)
    return frozen(check_words(read_yaml(p, UIFileError, needs="schema_version and sections of words"), p))


def load_ui(path: str | Path | None = None) -> Mapping[str, Mapping[str, Any]]:
    """All words, validated, as a read-only ``{"section.key": {"de": ..., "en": ...}}``.

    Parameters
    ----------
    path : str or Path, optional
        A words file of your own; ``data/ui.yaml`` by default. An edited file is read again.

    Returns
    -------
    Mapping
        Read-only (``MappingProxyType``, also each entry): change a copy, never the kit's words.

    Raises
    ------
    UIFileError
        The file is missing, unreadable or breaks the schema (every word needs ``de`` and ``en``).
    """
    return _load(str(Path(path) if path is not None else data_dir() / "ui.yaml"))


@keyword_lang("lang")
def text(key: str, /, *, lang: str, count: int | None = None, **fmt: Any) -> str:
    """The word or sentence ``key`` in ``lang``, with ``{placeholders}`` filled from ``fmt``.

    A plural entry takes ``count`` (also available as ``{count}``); an unknown key raises
    :class:`UIFileError` naming it.

    Parameters
    ----------
    key : str
        ``"section.key"`` of ``data/ui.yaml``.
    lang : {"de", "en"}
        The language of the text (no default: every caller names it).
    count : int, optional
        The number for an entry with one/other forms; also ``{count}``.
    **fmt
        Values of the ``{placeholders}``.

    Returns
    -------
    str
        The filled-in text.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    check_lang(lang)
    entries = load_ui()
    if key not in entries:
        raise UIFileError(data_dir() / "ui.yaml", key, "no such word; add it with de and en", code="explain.no_word")
    value = entries[key][lang]
    if isinstance(value, Mapping):
        if count is None:
            raise UIFileError(data_dir() / "ui.yaml", key, "a plural entry needs count=", code="explain.plural_count")
        value = value["one" if count == 1 else "other"]
        fmt = {"count": count, **fmt}
    return value.format(**fmt) if fmt else value


def error(kind: type[E], *, code: str, lang: str, **params: Any) -> E:
    """An error of the kit whose message is its own explanation, ``code`` in ``lang`` filled with ``params``.

    Parameters
    ----------
    kind : type
        A class of the error family that takes a message (not a :class:`~socialbiz_kit.errors.DataFileError`).
    code : str
        The key of the message in ``data/ui.yaml``; it becomes the error's ``code``.
    lang : {"de", "en"}
        The language of the message.
    **params
        The values of the message's placeholders; they become the error's ``params``.

    Returns
    -------
    SocialbizError
        The error, to be raised by the caller.

    Examples
    --------
    >>> from socialbiz_kit.errors import StoreRefusedError
    >>> err = error(StoreRefusedError, code="store.empty_org", lang="en")
    >>> err.code, str(err)[:30]
    ('store.empty_org', "The organisation's name is emp")
    """
    return kind(text(code, lang=lang, **params), code=code, **params)


@keyword_lang("lang")
def words(section: str, *, lang: str) -> dict[str, Any]:
    """Every entry of one section in one language (for templates and the page's JavaScript).

    Parameters
    ----------
    section : str
        A section of ``data/ui.yaml`` (``"page"``, ``"card"``, ...).
    lang : {"de", "en"}
        The language of the words.

    Returns
    -------
    dict
        Key (without the section) -> text, or ``{"one": ..., "other": ...}`` for an entry with plural forms; a copy
        the caller may change.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    check_lang(lang)
    prefix = section + "."
    got = {k[len(prefix):]: dict(v[lang]) if isinstance(v[lang], Mapping) else v[lang]
           for k, v in load_ui().items() if k.startswith(prefix)}
    if not got:
        raise UIFileError(data_dir() / "ui.yaml", section, "no such section", code="explain.no_section")
    return got


def vocabulary(lang: str, *, min_length: int = 4) -> set[str]:
    """The distinct words (letters only, lower case) of the kit's UI in ``lang``; used by the language tests.

    Parameters
    ----------
    lang : {"de", "en"}
        Whose words.
    min_length : int, default 4
        Shortest word kept.

    Returns
    -------
    set of str
        Lower-case words of at least ``min_length`` letters, placeholders left out.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    import re

    out: set[str] = set()
    for entry in load_ui().values():
        v = entry[check_lang(lang)]
        for t in (v.values() if isinstance(v, Mapping) else [v]):
            out.update(w.lower() for w in re.findall(r"[^\W\d_]+", re.sub(r"\{[^}]*\}", " ", t)) if len(w) >= min_length)
    return out


@keyword_lang("lang")
def number(value: float, *, lang: str, decimals: int = 2) -> str:
    """A number with the language's decimal sign (``0,75`` / ``0.75``); ``–`` for NaN or None.

    Parameters
    ----------
    value : float
        The number; None or NaN give ``–``.
    lang : {"de", "en"}
        ``de``: decimal comma and thousands dot; ``en``: the reverse.
    decimals : int, default 2
        Decimals shown.

    Returns
    -------
    str
        The number as the language writes it.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    from babel.numbers import format_decimal

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(_half_up(value, decimals), format=pattern, locale=_LOCALES[check_lang(lang)])


@keyword_lang("lang")
def percent(fraction: float, *, lang: str, decimals: int = 0) -> str:
    """A share 0..1 as a percentage (``75 %`` in German, ``75%`` in English); ``–`` for NaN or None.

    Parameters
    ----------
    fraction : float
        A share from 0 to 1; None or NaN give ``–``.
    lang : {"de", "en"}
        ``de`` writes ``75 %`` (with a narrow space), ``en`` ``75%``.
    decimals : int, default 0
        Decimals of the percentage.

    Returns
    -------
    str
        The percentage as the language writes it.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    from babel.numbers import format_percent

    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "–"
    digits = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    pattern = digits + ("\u00a0%" if check_lang(lang) == "de" else "%")
    return format_percent(_half_up(fraction, decimals + 2), format=pattern, locale=_LOCALES[lang])


def _half_up(value: float, decimals: int) -> Decimal:
    """``value`` rounded to ``decimals`` places, halves away from zero, from its exact binary value: the rounding of
    the pages' ``Intl.NumberFormat`` and of the result texts (0.125 -> 0.13, 0.145 -> 0.14, as the float is below)."""
    from decimal import ROUND_HALF_UP

    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@keyword_lang("lang")
def date(value: _dt.date | _dt.datetime | str, *, lang: str) -> str:
    """A date as the language writes it: ``23.11.2026`` / ``23 Nov 2026``.

    Parameters
    ----------
    value : date, datetime or str
        The date; a text is read as ISO (``2026-11-23``).
    lang : {"de", "en"}
        ``de``: ``23.11.2026``; ``en``: ``23 Nov 2026``.

    Returns
    -------
    str
        The date as the language writes it.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    from babel.dates import format_date

    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    return format_date(value, format="dd.MM.yyyy" if check_lang(lang) == "de" else "d MMM yyyy",
                       locale=_LOCALES[lang])


@keyword_lang("lang")
def statistic(value: float, *, lang: str, decimals: int = 2) -> str:
    """A statistic that cannot exceed 1 (p, r, rho, tau, kappa, alpha, Loevinger's H) as APA 7 writes it in a sentence:
    without the leading zero (``,93`` in German, ``.93`` in English; ``-,12``). A value of 1 or more, such as the upper
    end of an interval that runs past 1, keeps its digits; ``–`` for NaN or None.

    The kit's one place for this rule (:func:`pvalue` uses it). Use it for statistics reported in a sentence; tables
    of fulfilment, shares and indices keep :func:`number` with its leading zero.

    Parameters
    ----------
    value : float
        The statistic.
    lang : {"de", "en"}
        The decimal sign: ``,`` or ``.``.
    decimals : int, default 2
        Digits after the decimal sign.

    Returns
    -------
    str
        The number without its leading zero.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.

    Examples
    --------
    >>> statistic(0.934, lang="de"), statistic(-0.12, lang="en"), statistic(1.03, lang="de"), statistic(0.0, lang="de")
    (',93', '-.12', '1,03', ',00')
    """
    text = number(value, lang=lang, decimals=decimals)
    if text.startswith(("0", "-0")) and len(text) > 2 and text.lstrip("-")[1:2] in ",.":
        text = text.replace("0", "", 1)
    return text


@keyword_lang("lang")
def pvalue(p: float, *, lang: str) -> str:
    """A p-value as APA 7 reports it: no leading zero (:func:`statistic`), three decimals, ``p < .001`` below that.

    Parameters
    ----------
    p : float
        The p-value; NaN gives ``p = –``.
    lang : {"de", "en"}
        The decimal sign: ``,`` or ``.``.

    Returns
    -------
    str
        ``p < ,001`` / ``p < .001`` below 0.001, else three decimals without the leading zero.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    check_lang(lang)
    if p is None or math.isnan(p):
        return "p = –"
    if p < 0.001:
        return f"p < {statistic(0.001, lang=lang, decimals=3)}"
    return f"p = {statistic(round(p * 1000) / 1000, lang=lang, decimals=3)}" if p < 0.9995 else "p = 1"
