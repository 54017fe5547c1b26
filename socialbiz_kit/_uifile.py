"""The checker of the kit's words file (private; :mod:`~socialbiz_kit.ui` loads the file and hands the words out).

Every word needs both languages; a plural entry needs exactly ``one`` and ``other``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ._lang import LANGS
from ._yaml import Checker, kind
from .errors import UIFileError as UIFileError  # defined in errors; kept here for old imports

__all__ = ["UIFileError", "Entry", "check_words"]

_PLURAL = ("one", "other")


Entry = dict[str, Any]  # {"de": str | {"one": str, "other": str}, "en": ...}


def check_words(raw: Any, path: Path) -> dict[str, Entry]:
    c = Checker(path, UIFileError)
    if not isinstance(raw, dict):
        c.fail("(top level)", "expected a mapping of sections", code="explain.not_mapping", got=kind(raw))
    if raw.get("schema_version") != 1:
        c.fail("schema_version", "this kit reads schema version 1 only", code="explain.schema_version")
    flat: dict[str, Entry] = {}
    for section, entries in raw.items():
        if section == "schema_version":
            continue
        if not isinstance(entries, dict) or not entries:
            c.fail(str(section), "expected a mapping of keys to {de: ..., en: ...}", code="explain.not_mapping",
                   got=kind(entries))
        for key, value in entries.items():
            where = f"{section}.{key}"
            if not isinstance(value, dict):
                c.fail(where, "expected {de: ..., en: ...}", code="explain.not_text", got=kind(value))
            missing = [lang for lang in LANGS if lang not in value]
            if missing:
                c.fail(f"{where}.{missing[0]}", "required key is missing (every word needs both languages)",
                       code="explain.missing_lang", lang_name=missing[0])
            extra = [k for k in value if k not in LANGS]
            if extra:
                c.fail(f"{where}.{extra[0]}", "unknown key (allowed here: de, en)", code="explain.unknown_key",
                       name=str(extra[0]), allowed="de, en")
            for lang in LANGS:
                v = value[lang]
                if isinstance(v, dict):
                    if sorted(v) != sorted(_PLURAL) or not all(isinstance(x, str) and x for x in v.values()):
                        c.fail(f"{where}.{lang}", "a plural entry needs exactly the texts 'one' and 'other'",
                               code="explain.plural_entry")
                elif not isinstance(v, str) or not v.strip():
                    c.fail(f"{where}.{lang}", "expected a non-empty text", code="explain.empty_text", got=kind(v))
            flat[where] = value
    return flat
