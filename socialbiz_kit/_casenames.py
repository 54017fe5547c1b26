"""The one rule by which two organisation names name the same case (class mode, the results store), and two
spellings of a rater's name the same person.

Two names are the same case when they are equal after

1. Unicode normalisation to NFC (an "ä" typed on a Mac arrives as "a" and a combining diaeresis, NFD),
2. every run of white space (spaces, tabs, line breaks, the no-break space, ...) made one space, and the
   spaces at both ends removed,
3. lower-casing with ``str.lower``.

The seminar page (``static/class.js``, ``caseKey``) follows the same three steps: ``normalize("NFC")``, the same
white-space class, ``toLowerCase()``. The rule lowers rather than case-folds: ``str.casefold`` turns "ß" into "ss"
and JavaScript has no such folding (``toLowerCase`` keeps "ß"), so the two would part on German text; and in German
"Maße" and "Masse" are two words. Lowering maps the capital "ẞ" to "ß" on both sides, so "STRAẞE" and "Straße" are one
case, "Strasse" another. The white-space class is written out because Python's ``\\s`` and JavaScript's ``\\s`` differ
(Python's takes U+001C–U+001F and U+0085, JavaScript's the byte-order mark U+FEFF): both take all of them.

>>> case_key("  Bäckerei\\u00a0 Müller ") == case_key("BA\\u0308CKEREI MÜLLER")
True
>>> same_case("Straße", "STRAẞE"), same_case("Straße", "Strasse")
(True, False)
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

__all__ = ["case_key", "same_case", "first_spellings", "merge_cases", "merge_raters"]

MERGED = ["spellings", "note"]  # the columns of the merged spellings after the case column

# every character that Python's str.isspace() or JavaScript's \s counts as white space (class.js: SPACE)
_SPACE = re.compile("[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


def case_key(name: Any) -> str:
    """The form of an organisation's name by which cases are told apart (the rule above).

    Parameters
    ----------
    name : str
        An organisation's name (anything else is taken as its text).

    Returns
    -------
    str
        The name in NFC, white space collapsed to single spaces and trimmed, lower-cased.
    """
    text = _SPACE.sub(" ", unicodedata.normalize("NFC", str(name))).strip(" ")
    return text.lower()


def same_case(a: Any, b: Any) -> bool:
    """Whether two organisation names name the same case (equal :func:`case_key`).

    Parameters
    ----------
    a, b : str
        Two organisation names.

    Returns
    -------
    bool
        True when they differ only in letter case, white space or Unicode form.
    """
    return case_key(a) == case_key(b)


def first_spellings(names: Iterable[Any]) -> tuple[list[Any], dict[Any, list[str]]]:
    """Each name as the spelling of its case seen first, and the cases that came in several spellings.

    Names that are no text (a number, a missing value) are left as they are and merged with nothing.

    Parameters
    ----------
    names : iterable
        The organisation names in reading order.

    Returns
    -------
    tuple of (list, dict)
        The name shown for each of ``names`` (its case's first spelling), and for each case spelt more than one way
        its shown name -> every spelling in the order first seen.
    """
    first: dict[str, str] = {}
    spellings: dict[str, list[str]] = {}
    shown: list[Any] = []
    for name in names:
        if not isinstance(name, str):
            shown.append(name)
            continue
        key = case_key(name)
        seen = spellings.setdefault(key, [])
        if name not in seen:
            seen.append(name)
        shown.append(first.setdefault(key, name))
    return shown, {first[k]: s for k, s in spellings.items() if len(s) > 1}


def merge_cases(frame, targets: str, *, lang: str = "de", stacklevel: int = 3):
    """``frame`` with the column ``targets`` naming each case by its first spelling, and which spellings were merged.

    Each merged case is also said in a :class:`~socialbiz_kit.errors.CaseSpellingsWarning` (nothing is merged
    silently).

    Parameters
    ----------
    frame : DataFrame
        A class table in reading order.
    targets : str
        The column naming the case organisation.
    lang : {"de", "en"}, default "de"
        Language of the words.
    stacklevel : int, default 3
        Where the warning points (as :func:`warnings.warn`).

    Returns
    -------
    tuple of (DataFrame, DataFrame)
        The table (the same object when nothing was merged) and one row per merged case: the case (column
        ``targets``), ``spellings`` (a tuple, in the order first seen) and ``note`` (the words, in ``lang``).
    """
    return _merge(frame, targets, "case", lang, stacklevel + 1)


def merge_raters(frame, raters: str, *, lang: str = "de", stacklevel: int = 3):
    """As :func:`merge_cases` for the column ``raters`` (who assessed): "Anna Müller" and "anna  müller" are one
    rater by the rule of the cases (:func:`case_key`), named by the spelling read first. Each merged name is said
    in a :class:`~socialbiz_kit.errors.CaseSpellingsWarning` (code ``classroom.merged_raters``); the second table
    returned has the columns ``raters``, ``spellings`` and ``note``."""
    return _merge(frame, raters, "rater", lang, stacklevel + 1)


def _merge(frame, column: str, what: str, lang: str, stacklevel: int):
    """merge_cases (``what`` "case") or merge_raters (``what`` "rater") of ``column``."""
    import warnings

    import pandas as pd

    from . import ui
    from .errors import CaseSpellingsWarning

    code = "classroom.merged_spellings" if what == "case" else "classroom.merged_raters"
    shown, merged = first_spellings(frame[column].tolist())
    rows = []
    for name, spellings in merged.items():
        params = {what: name, "n": len(spellings),
                  "spellings": ", ".join(ui.text("classroom.spelling", lang=lang, name=s) for s in spellings)}
        note = ui.text(code, lang=lang, **params)
        warnings.warn(CaseSpellingsWarning(note, code=code, **params), stacklevel=stacklevel)
        rows.append({column: name, "spellings": tuple(spellings), "note": note})
    if merged:
        frame = frame.assign(**{column: pd.Series(shown, index=frame.index, dtype=frame[column].dtype)})
    return frame, pd.DataFrame(rows, columns=[column, *MERGED])
