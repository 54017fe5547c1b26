"""The kit's literature list (``data/literature.yaml``), rendered in APA 7 style.

Every source the kit names is one entry with an id; model files cite their sources by these ids.
:func:`render` writes one reference as APA 7 (German or English conventions: "o. J." / "n.d.",
month names from Babel), :func:`cite` the short in-text form (parenthetical or narrative), :func:`literature_frame` the whole list.

>>> from socialbiz_kit.literature import cite, render
>>> cite("li_solis_2013", lang="de")
'Li & Solis, 2013'
>>> print(render("huba_2010", lang="en", fmt="text"))
Huba, J. (2010, December). The Social Engagement Journey. Church of the Customer. https://jackiehuba.com/2010/12/the-social-engagement-journey.html
>>> cite("becker_et_al_2009", lang="en"), cite("becker_et_al_2009", lang="de")
('Becker et al., 2009', 'Becker et al., 2009')
>>> guttman = render("guttman_1950", lang="de", fmt="text")
>>> guttman.startswith("Guttman, L. (1950). The basis for scalogram analysis. In S. A. Stouffer")
True
>>> guttman.endswith("Measurement and prediction (S. 60–90). Princeton University Press.")
True
>>> cite("li_solis_2013", lang="de", narrative=True)
'Li und Solis (2013)'
"""
from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Mapping
from pathlib import Path

from ._cache import by_file, frozen
from ._compat import keyword_lang
from ._data import data_dir
from ._lang import check_lang
from ._references import TYPES, LiteratureFileError, Reference
from ._references import LitChecker as _LitChecker
from ._yaml import read_yaml
from .errors import NotFoundError, SettingError

__all__ = ["Reference", "LiteratureFileError", "load_literature", "reference", "render", "cite", "literature_frame",
           "TYPES"]

_LOCALES = {"de": "de_DE", "en": "en_GB"}
_NO_DATE = {"de": "o. J.", "en": "n.d."}
_QUOTES = {"de": ("„", "“"), "en": ("“", "”")}
_AND = {"de": "und", "en": "and"}
# APA 7 writes "et al." in German texts too: the German adaptation (DGPs, Richtlinien zur Manuskriptgestaltung,
# 5. Aufl., 2019) keeps it; "u. a." is not an APA form.
_ET_AL = {"de": "et al.", "en": "et al."}
_EDITION = {"de": "{n}. Aufl.", "en": "{n}{suffix} ed."}
_PAGES = {"de": "S.", "en": "pp."}




def _path() -> Path:
    return data_dir() / "literature.yaml"


@by_file
def _load(path: str) -> Mapping[str, Reference]:
    p = Path(path)
    return frozen(_LitChecker(p).literature(read_yaml(p, LiteratureFileError, needs="schema_version and entries")))


def load_literature(path: str | Path | None = None) -> Mapping[str, Reference]:
    """Every entry of the literature list by id (``data/literature.yaml`` unless ``path`` is given).

    Parameters
    ----------
    path : str or Path, optional
        A literature file of your own; an edited file is read again.

    Returns
    -------
    Mapping of str to Reference
        Read-only; the entries are frozen dataclasses.

    Raises
    ------
    LiteratureFileError
        The file is missing, unreadable or breaks the literature schema.
    """
    return _load(str(path or _path()))


def reference(ref: str | Reference) -> Reference:
    """One entry by id; ``KeyError`` naming the known ids otherwise. A :class:`Reference` passes through.

    Parameters
    ----------
    ref : str or Reference
        An id of ``data/literature.yaml``, or a reference (passed through).

    Returns
    -------
    Reference
        The entry.

    Raises
    ------
    NotFoundError
        If ``ref`` is not a key of the bibliography.
    """
    if isinstance(ref, Reference):
        return ref
    lit = load_literature()
    if ref not in lit:
        raise NotFoundError(f"no literature entry {ref!r}; known: {', '.join(sorted(lit))}", code="errors.no_reference",
                            name=ref)
    return lit[ref]


# --------------------------------------------------------------------------- APA 7
def _initials(given: str) -> str:
    return " ".join("-".join(p[0] + "." for p in part.split("-") if p) for part in given.split())


def _person(name: str) -> str:
    if "," not in name:
        return name  # a corporate author
    family, given = (p.strip() for p in name.split(",", 1))
    return f"{family}, {_initials(given)}" if given else family


def _author_list(authors: tuple[str, ...]) -> str:
    names = [_person(a) for a in authors]
    if len(names) == 1:
        return names[0]
    if len(names) <= 20:
        return ", ".join(names[:-1]) + ", & " + names[-1]
    return ", ".join(names[:19]) + ", . . . " + names[-1]


def _month(year: int, month: int, lang: str) -> str:
    from babel.dates import format_date

    return format_date(_dt.date(year, month, 1), "MMMM", locale=_LOCALES[lang])


def _title_key(title: str) -> str:
    words = title.lstrip("[„“\"").split(" ", 1)
    rest = words[1] if len(words) == 2 and words[0].casefold() in ("a", "an", "the") else title
    return rest.casefold()


@by_file
def _suffixes(path: str) -> dict[str, str]:
    """APA's letters for works with the same authors and year (2013a, 2013b), ordered by title."""
    groups: dict[tuple, list[Reference]] = {}
    for e in _load(path).values():
        families = tuple(a.split(",")[0].strip() for a in e.authors)
        groups.setdefault((families or (e.title,), e.year), []).append(e)
    out = {}
    for same in groups.values():
        if len(same) > 1:
            for letter, e in zip("abcdefghijklmnopqrstuvwxyz", sorted(same, key=lambda e: _title_key(e.title))):
                out[e.id] = letter
    return out


def _year(ref: Reference, lang: str) -> str:
    suffix = _suffixes(str(_path())).get(ref.id, "") if ref.id in load_literature() else ""
    if ref.year is None:
        return _NO_DATE[lang] + (f"-{suffix}" if suffix else "")
    return f"{ref.year}{suffix}"


def _date_part(ref: Reference, lang: str) -> str:
    if ref.year is None:
        return _year(ref, lang)
    parts = ref.date.split("-") if ref.date else []
    if ref.type in ("blog_post", "web_page") and len(parts) >= 2:
        year, month = _year(ref, lang), _month(ref.year, int(parts[1]), lang)
        return f"{year}, {month} {int(parts[2])}" if len(parts) == 3 and lang == "en" else (
            f"{year}, {int(parts[2])}. {month}" if len(parts) == 3 else f"{year}, {month}")
    return _year(ref, lang)


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


@keyword_lang("lang")
def render(ref: str | Reference, *, lang: str = "de", fmt: str = "markdown", addresses: bool = True) -> str:
    """One reference in APA 7 style.

    ``fmt`` is ``"markdown"`` (italics as ``*...*``), ``"html"`` (``<i>``, text escaped) or ``"text"`` (no
    italics). German output follows the German APA conventions ("o. J." for no date, German month names).
    ``addresses=False`` leaves out the URL or DOI.

    Parameters
    ----------
    ref : str or Reference
        An id or a reference.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    fmt : str, default "markdown"
        ``"markdown"``, ``"html"`` or ``"text"``.
    addresses : bool, default True
        Include the URL or DOI.

    Returns
    -------
    str
        The reference.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if ``fmt`` is not one of the allowed values.
    NotFoundError
        If a literature key is not in the bibliography.
    """
    check_lang(lang)
    if fmt not in ("markdown", "html", "text"):
        raise SettingError(f"fmt must be markdown, html or text (got {fmt!r})", code="errors.choice", name="fmt",
                           value=fmt, allowed="markdown, html, text")
    ref = reference(ref)
    esc = html.escape if fmt == "html" else (lambda s: s)

    def it(s: str) -> str:
        s = esc(s)
        return {"markdown": f"*{s}*", "html": f"<i>{s}</i>", "text": s}[fmt]

    title = _title(ref, lang, esc, it)
    date = f"({_date_part(ref, lang)})."
    if ref.authors:
        head = f"{esc(_end(_author_list(ref.authors)))} {date} {_end(title)}"
    else:  # no author: the title moves to the author position
        head = f"{_end(title)} {date}"
    return " ".join([head, *_tail(ref, lang, esc, it, addresses)])


def _title(ref: Reference, lang: str, esc, it) -> str:
    """The title with its edition, number and medium (``esc`` escapes, ``it`` italicises)."""
    italic_title = ref.type in ("report", "model", "book", "web_page") and not ref.title.startswith("[")
    title = it(ref.title) if italic_title else esc(ref.title)
    if ref.edition and ref.type != "chapter":
        title += f" ({esc(_edition(ref.edition, lang))})"
    if ref.number:  # a report's or a standard's number, in brackets after the title
        title += f" ({esc(ref.number)})"
    if ref.medium is not None:
        title += f" [{esc(ref.medium.get(lang))}]"
    return title


def _tail(ref: Reference, lang: str, esc, it, addresses: bool) -> list[str]:
    """What follows author, date and title: where it appeared, the publisher, the address."""
    tail = []
    if ref.type == "article" and ref.container:
        # APA italicises the journal's name and the volume together: *Journal, 1*(3), 213–222.
        issue = f"({esc(ref.issue)})" if ref.issue else ""
        pages = f", {esc(ref.pages)}" if ref.pages else ""
        journal = f"{ref.container}, {ref.volume}" if ref.volume else ref.container
        tail.append(f"{it(journal)}{issue if ref.volume else ''}{pages}.")
    elif ref.type == "chapter":
        # APA 7: In A. Author, B. Author, & C. Author, *Book* (S. 60–90). Publisher.
        names = [_given_first(a) for a in ref.book_authors]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
        extra = [_edition(ref.edition, lang)] if ref.edition else []
        extra += [f"{_PAGES[lang]} {ref.pages}"] if ref.pages else []
        brackets = f" ({esc(', '.join(extra))})" if extra else ""
        tail.append(f"In {esc(who)}, {it(ref.container)}{brackets}.")
    elif ref.type == "paper" and ref.container:
        tail.append(f"In {it(ref.container)}.")
    elif ref.container:
        tail.append(f"{it(ref.container)}.")
    if ref.publisher and ref.publisher not in ref.authors:
        tail.append(f"{esc(ref.publisher)}.")
    if ref.doi and addresses:
        tail.append(esc(f"https://doi.org/{ref.doi}"))
    elif ref.url and addresses:
        tail.append(esc(ref.url))
    return tail


def _given_first(name: str) -> str:
    """A person as APA names the authors of a book in a chapter reference: ``S. A. Stouffer``."""
    if "," not in name:
        return name
    family, given = (p.strip() for p in name.split(",", 1))
    return f"{_initials(given)} {family}" if given else family


def _edition(n: int, lang: str) -> str:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n % 100 not in (11, 12, 13) else 0, "th")
    return _EDITION[lang].format(n=n, suffix=suffix)


@keyword_lang("lang")
def cite(ref: str | Reference, *, lang: str = "de", narrative: bool = False) -> str:
    """The short in-text citation in APA 7 style.

    Parenthetical (the default, without the brackets): ``Li & Solis, 2013``; three or more authors give the first
    and ``et al.`` in both languages, as APA 7 and its German adaptation do (``Becker et al., 2009``); a work
    without author is cited by its
    title. ``narrative=True`` gives the form that stands in a sentence: ``Li und Solis (2013)`` in German,
    ``Li and Solis (2013)`` in English.

    Parameters
    ----------
    ref : str or Reference
        An id or a reference.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    narrative : bool, default False
        The form that stands in a sentence, ``Li und Solis (2013)``.

    Returns
    -------
    str
        The citation, without brackets when parenthetical.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    NotFoundError
        If a literature key is not in the bibliography.
    """
    check_lang(lang)
    ref = reference(ref)
    year = _year(ref, lang)
    families = [a.split(",")[0].strip() for a in ref.authors]
    if not families:
        open_q, close_q = ("", "") if ref.title.startswith("[") else _QUOTES[lang]
        who = f"{open_q}{ref.title}{close_q}"
    elif len(families) == 1:
        who = families[0]
    elif len(families) == 2:
        joint = _AND[lang] if narrative else "&"
        who = f"{families[0]} {joint} {families[1]}"
    else:
        who = f"{families[0]} {_ET_AL[lang]}"
    return f"{who} ({year})" if narrative else f"{who}, {year}"


@keyword_lang("lang")
def literature_frame(*, lang: str = "de", ids: list[str] | None = None, fmt: str = "text", labels: bool = False):
    """The literature list as a table, sorted as APA sorts it (by the first element of the reference).

    Columns: ``id``, ``reference`` (APA 7, in ``fmt``), ``note`` (what the kit adds, in ``lang``).
    ``labels=True`` gives the headers a learner reads instead ("Quelle (APA 7)", "Anmerkung des Kits"), without ``id``.

    Parameters
    ----------
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    ids : list of str, optional
        Only these entries; all by default.
    fmt : str, default "text"
        Format of the references, as in :func:`render`.
    labels : bool, default False
        Headers for a learner instead of column ids.

    Returns
    -------
    DataFrame
        ``id``, ``reference``, ``note`` (or the learner's headers).

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if ``fmt`` is not one of the allowed values.
    NotFoundError
        If a literature key is not in the bibliography.
    """
    import pandas as pd

    check_lang(lang)
    entries = [reference(i) for i in ids] if ids is not None else list(load_literature().values())
    rows = [{"id": e.id, "reference": render(e, lang=lang, fmt=fmt), "note": e.note.get(lang) if e.note else ""}
            for e in entries]
    frame = pd.DataFrame(rows, columns=["id", "reference", "note"])
    key = frame["reference"].str.lstrip("*„“\"<i>").str.casefold()
    frame = frame.iloc[key.argsort(kind="stable")].reset_index(drop=True)
    if labels:
        from . import ui

        words = ui.words("literature_columns", lang=lang)
        frame = frame.drop(columns="id").rename(columns=words)
    return frame
