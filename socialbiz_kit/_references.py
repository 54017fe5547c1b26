"""The entries of the literature list as data, and their checker (private; the public names live in
:mod:`~socialbiz_kit.literature`). Plain Python, as the model checker: it runs in Pyodide too.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from ._yaml import Checker, Text, kind, unique
from .errors import LiteratureFileError

__all__ = ["TYPES", "LiteratureFileError", "Reference", "LitChecker"]

TYPES = ("report", "blog_post", "paper", "article", "model", "book", "chapter", "web_page")


@dataclass(frozen=True)
class Reference:
    """One source. ``authors`` hold ``"Family, Given"`` for persons and a plain name for a corporate author."""

    id: str
    type: str
    title: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    date: str = ""
    publisher: str = ""
    container: str = ""
    url: str = ""
    doi: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    number: str = ""
    edition: int | None = None
    book_authors: tuple[str, ...] = ()
    medium: Text | None = None
    note: Text | None = None


class LitChecker(Checker):
    error = LiteratureFileError

    def date_text(self, value: Any, key: str) -> str:
        text = self.string(value, key)
        parts = text.split("-")
        try:
            if len(parts) == 1:
                _dt.date(int(parts[0]), 1, 1)
            elif len(parts) == 2:
                _dt.date(int(parts[0]), int(parts[1]), 1)
            elif len(parts) == 3:
                _dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            else:
                raise ValueError
        except ValueError:
            self.fail(key, f"{text!r} is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)", code="explain.not_date", value=text)
        return text

    def authors(self, value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(key, "expected a list of names ('Family, Given' or a corporate name)", code="explain.not_list",
                      got=kind(value))
        return tuple(self.string(v, f"{key}[{i}]") for i, v in enumerate(value))

    def entry(self, value: Any, key: str) -> Reference:
        f = self.mapping(
            value, key,
            {"id": self.identifier, "type": self.string, "title": self.string},
            {"authors": self.authors, "year": self.integer, "date": self.date_text, "publisher": self.string,
             "container": self.string, "url": self.string, "doi": self.string, "volume": self.string,
             "issue": self.string, "pages": self.string, "number": self.string, "edition": self.integer,
             "book_authors": self.authors, "medium": self.text, "note": self.text},
        )
        if f["type"] not in TYPES:
            self.fail(f"{key}.type", f"unknown type {f['type']!r} (allowed: {', '.join(TYPES)})", code="explain.not_allowed",
                      value=f["type"], allowed=", ".join(TYPES))
        if "date" in f and "year" in f and not f["date"].startswith(str(f["year"])):
            self.fail(f"{key}.date", f"the date {f['date']!r} does not lie in the year {f['year']}",
                      code="explain.date_year", value=f["date"], year=f["year"])
        if "date" in f and "year" not in f:
            f["year"] = int(f["date"][:4])
        if f.get("url") and not f["url"].startswith(("https://", "http://")):
            self.fail(f"{key}.url", "a public address starts with https:// or http://", code="explain.url")
        f["authors"] = f.get("authors", ())
        if f["type"] == "chapter" and not (f.get("container") and f.get("book_authors")):
            self.fail(key, "a chapter names its book (container) and the book's authors (book_authors)",
                      code="explain.chapter_book")
        return Reference(**f)

    def literature(self, raw: Any) -> dict[str, Reference]:
        f = self.mapping(raw, "", {"schema_version": self.integer, "entries": self.seq(self.entry, min_len=1)}, {})
        if f["schema_version"] != 1:
            self.fail("schema_version", "this kit reads schema version 1 only", code="explain.schema_version")
        unique(self, [e.id for e in f["entries"]], "entries", "id")
        return {e.id: e for e in f["entries"]}
