"""Whose advice a recommendation or reading is (private; :mod:`~socialbiz_kit.frames` and
:mod:`~socialbiz_kit.models` re-export the names): the origin's label and the sources as in-text citations.
"""
from __future__ import annotations

from ._compat import keyword_lang
from ._modeltypes import Recommendation
from .literature import cite, load_literature

__all__ = ["cite_sources", "origin_label", "origin_text"]


def cite_sources(ids: tuple[str, ...], *, lang: str) -> str:
    """The sources as in-text citations ("Li & Solis, 2013; ..."); an id the literature lacks stays as it is."""
    lit = load_literature()
    return "; ".join(cite(i, lang=lang) if i in lit else i for i in ids)


@keyword_lang("lang")
def origin_label(origin: str, *, lang: str = "de") -> str:
    """The visible label of an origin: "Quelle" / "Lesart des Kits" / ... (from ``data/ui.yaml``).

    Parameters
    ----------
    origin : str
        One of :data:`ORIGINS`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        The label a learner reads.
    """
    from . import ui

    return ui.text(f"origin.{origin}", lang=lang)


@keyword_lang("lang")
def origin_text(rec: Recommendation, *, lang: str = "de") -> str:
    """Whose advice a recommendation is, as a learner reads it: "Aus der Quelle (Li & Solis, 2013)", "Lesart des Kits".

    Parameters
    ----------
    rec : Recommendation
        A recommendation of a model.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        The origin's label with the citations of its sources.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.

    Examples
    --------
    >>> from socialbiz_kit.models import load_model
    >>> origin_text(load_model("altimeter").start[1], lang="de")
    'Aus der Quelle (Li & Solis, 2013)'
    >>> origin_text(load_model("altimeter").start[0], lang="de")
    'Richtung aus der Quelle, vom Kit konkretisiert (Li & Solis, 2013)'
    """
    cites = cite_sources(rec.source, lang=lang)
    return origin_label(rec.origin, lang=lang) + (f" ({cites})" if cites else "")
