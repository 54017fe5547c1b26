"""Names and HTML without words (private; :mod:`~socialbiz_kit.ui` re-exports both): the German sort key of a
name and the kit's one HTML-escape helper.
"""
from __future__ import annotations

import html
from typing import Any

__all__ = ["sort_key", "escape"]


def sort_key(name: Any) -> str:
    """A key that sorts names as a German list does (DIN 5007, first variant): umlauts as their base letters, ß as ss,
    case ignored, so that "Bäckerei" comes before "Bodensee". Names equal under this rule keep a fixed order (the name
    itself decides). The seminar page (``static/class.js``, ``sortKey``) sorts by the same rule.

    Parameters
    ----------
    name : object
        A name (None sorts as the empty text).

    Returns
    -------
    str
        The sort key.

    Examples
    --------
    >>> sorted(["Bodensee", "Bäckerei", "Alpenblick", "backstube"], key=sort_key)
    ['Alpenblick', 'Bäckerei', 'backstube', 'Bodensee']
    """
    import unicodedata

    text = "" if name is None else str(name)
    base = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return "".join(c for c in base if unicodedata.category(c) != "Mn") + "\x00" + text


def escape(value: Any) -> str:
    """HTML-escape any value (``None`` becomes the empty text); the kit's one escape helper.

    Parameters
    ----------
    value : object
        Any value; None becomes the empty text.

    Returns
    -------
    str
        The value as text, with ``& < > " '`` escaped for HTML.
    """
    return html.escape("" if value is None else str(value), quote=True)
