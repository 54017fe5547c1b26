"""Reading a themes file (private; :mod:`~socialbiz_kit.themes` loads the bundled one and re-exports :class:`Theme`):
a theme is a set of word stems in German and English, with a name.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from ._lang import LANGS
from ._yaml import Checker, Text, read_yaml

__all__ = ["Theme", "read_themes"]


@dataclass(frozen=True)
class Theme:
    id: str
    name: Text
    stems: Mapping[str, tuple[str, ...]]  # read-only: {"de": stems, "en": stems}


def read_themes(path: Path) -> tuple[Theme, ...]:
    """The themes of one file, validated (no cache: :func:`~socialbiz_kit.themes.load_themes` caches)."""
    c = Checker(path)
    raw = read_yaml(path, needs="schema_version and themes")
    top = c.mapping(raw, "", {"schema_version": c.integer, "themes": c.seq(lambda v, k: v, min_len=1)}, {})
    themes, ids = [], set()

    def stems(v, k):
        return c.mapping(v, k, {lang: c.seq(c.string, min_len=1) for lang in LANGS}, {})

    for i, t in enumerate(top["themes"]):
        f = c.mapping(t, f"themes[{i}]", {"id": c.identifier, "name": c.text, "stems": stems}, {})
        if f["id"] in ids:
            c.fail(f"themes[{i}].id", f"duplicate theme id {f['id']!r}", code="explain.duplicate", what="theme id",
                   value=f["id"])
        ids.add(f["id"])
        themes.append(Theme(f["id"], f["name"], MappingProxyType({k: tuple(s.lower() for s in v) for k, v in f["stems"].items()})))
    return tuple(themes)
