"""Reading the kit's YAML data files: strict safe loading and a checker whose errors name file and key.

Private: used by :mod:`socialbiz_kit.models`, :mod:`socialbiz_kit.crosswalk`, :mod:`socialbiz_kit.ui`
and the other loaders of ``data/``. Every problem raises the error class the caller passes (a
:class:`~socialbiz_kit.errors.DataFileError`).
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml

from ._lang import LANGS, check_lang
from .errors import DataFileError

__all__ = ["Text", "Checker", "read_yaml", "join", "kind", "unique"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Text:
    """A text in German and English; ``text["de"]`` or ``text.get("en")``."""

    de: str
    en: str

    def get(self, lang: str) -> str:
        """The text in one language (also ``text[lang]``).

        Parameters
        ----------
        lang : {"de", "en"}
            The language.

        Returns
        -------
        str
            The text in that language.

        Raises
        ------
        SettingError
            If ``lang`` is not ``"de"`` or ``"en"``.
        """
        return getattr(self, check_lang(lang))

    __getitem__ = get



# --------------------------------------------------------------------------- reading YAML
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where installed (not in Pyodide)


class _StrictLoader(_BaseLoader):
    """Safe loader (libyaml's C parser where installed) that refuses duplicate keys
    instead of keeping the last one silently."""


def _mapping_no_duplicates(loader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(
                None, None, f"a {'list' if isinstance(key, list) else 'mapping'} cannot be a key "
                f"(line {key_node.start_mark.line + 1})", key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {key_node.start_mark.line + 1})", key_node.start_mark
            )
        seen[key] = True
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_no_duplicates)


MAX_BYTES = 5_000_000
"""Size limit of a YAML data file (the bundled models are about 100 KB)."""
MAX_DEPTH = 64
"""How deep lists and mappings may nest (a model needs 6 levels; libyaml crashes at some 30,000)."""


def _read_text(path: Path, error: type[DataFileError]) -> str:
    """The file's text; a folder, a pipe, a device or a file over :data:`MAX_BYTES` is refused before reading."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise error(path, "", "file not found", code="explain.not_found") from None
    except OSError as exc:
        raise error(path, "", f"cannot be read ({exc.strerror})", code="explain.unreadable") from None
    if stat.S_ISDIR(mode):
        raise error(path, "", "is a folder, not a file", code="explain.is_folder")
    if not stat.S_ISREG(mode):
        raise error(path, "", "is not a regular file (a pipe or a device); save the data as a file",
                    code="explain.not_regular")
    if path.stat().st_size > MAX_BYTES:
        raise error(path, "", f"the file is larger than {MAX_BYTES // 1_000_000} MB; a data file is far smaller",
                    code="explain.too_large", limit=MAX_BYTES // 1_000_000)
    return path.read_text(encoding="utf-8")


def _check_depth(raw: str, path: Path, error: type[DataFileError]) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` from the event stream (libyaml's parser keeps its own
    stack; building the objects recurses, and would crash or overflow on a hostile file)."""
    depth = 0
    for event in yaml.parse(raw, Loader=_BaseLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line = mark.line + 1 if mark is not None else "?"
                raise error(path, "", f"line {line}: not valid YAML (lists and mappings nested more than {MAX_DEPTH} "
                            "levels deep)", code="explain.too_deep", line=line, limit=MAX_DEPTH)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def read_yaml(path: Path, error: type[DataFileError] = DataFileError, *,
              needs: str = "content") -> Any:
    """Parse one YAML file safely; duplicate keys, tags and bad syntax raise ``error`` naming the line."""
    try:
        raw = _read_text(path, error)
    except FileNotFoundError:
        raise error(path, "", "file not found", code="explain.not_found") from None
    except UnicodeDecodeError as exc:
        raise error(path, "", f"not UTF-8 text (byte {exc.start}); save the file as UTF-8",
                    code="explain.not_utf8", byte=exc.start) from None
    except OSError as exc:
        raise error(path, "", f"cannot be read ({exc.strerror})", code="explain.unreadable") from None
    if not raw.strip():
        raise error(path, "", f"the file is empty; it needs {needs}", code="explain.empty_file")
    try:
        _check_depth(raw, path, error)
        data = yaml.load(raw, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
        if data is None:
            raise error(path, "", f"the file is empty (only comments); it needs {needs}", code="explain.empty_file")
        return data
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        at = mark.line + 1 if mark else "?"
        line = f"line {at}: " if mark else ""
        if exc.problem and "duplicate key" in exc.problem:
            key = exc.problem.split("(")[0].strip()
            raise error(path, key, f"{line}each key may appear only once", code="explain.duplicate_key",
                        name=key.removeprefix("duplicate key ").strip("'\""), line=at) from None
        if exc.problem and ("cannot be a key" in exc.problem or "unhashable" in exc.problem):
            raise error(path, "", f"{line}a list or mapping cannot be a key; a key is a word or a number",
                        code="explain.key_not_word", line=at) from None
        raise error(
            path, "", f"{line}YAML tags such as {exc.problem.split()[-1] if exc.problem else '!!python'} are not allowed "
            "(data files are plain data)", code="explain.yaml_tag", line=at,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if mark is None:
            raise error(path, "", f"not valid YAML ({problem})", code="explain.yaml_invalid") from None
        raise error(path, "", f"line {mark.line + 1}, column {mark.column + 1}: not valid YAML ({problem})",
                    code="explain.yaml_syntax", line=mark.line + 1, column=mark.column + 1) from None
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. a number of 5,000 digits
        if isinstance(exc, DataFileError):
            raise
        if "digits" in str(exc):
            raise error(path, "", "not valid YAML (a number with thousands of digits)",
                        code="explain.yaml_invalid") from None
        raise error(path, "", f"not valid YAML ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})",
                    code="explain.yaml_invalid") from None


# --------------------------------------------------------------------------- validation
class Checker:
    """Walks the parsed YAML and builds the dataclasses; every error names file and key."""

    error: type[DataFileError] = DataFileError

    def __init__(self, path: Path | str, error: type[DataFileError] | None = None):
        self.path = path
        if error is not None:
            self.error = error

    def fail(self, key: str, problem: str, *, code: str, **params: Any) -> NoReturn:
        """Raise the checker's error: ``key`` says where, ``problem`` what (in English), ``code`` and
        ``params`` name its explanation in ``data/ui.yaml``."""
        raise self.error(self.path, key, problem, code=code, **params)

    def mapping(self, value: Any, key: str, required: dict[str, Callable], optional: dict[str, Callable]) -> dict:
        if not isinstance(value, dict):
            self.fail(key or "(top level)", f"expected a mapping of keys, got {kind(value)}", code="explain.not_mapping",
                      got=kind(value))
        unknown = [k for k in value if k not in required and k not in optional]
        if unknown:
            allowed = ", ".join(sorted(list(required) + list(optional)))
            self.fail(join(key, str(unknown[0])), f"unknown key (allowed here: {allowed})", code="explain.unknown_key",
                      name=str(unknown[0]), allowed=allowed)
        out = {}
        for name, check in required.items():
            if name not in value:
                if name in LANGS:
                    self.fail(join(key, name), "required key is missing", code="explain.missing_lang", lang_name=name)
                self.fail(join(key, name), "required key is missing", code="explain.missing_key", entry=name)
            out[name] = check(value[name], join(key, name))
        for name, check in optional.items():
            if name in value and value[name] is not None:
                out[name] = check(value[name], join(key, name))
        return out

    def string(self, value: Any, key: str) -> str:
        if isinstance(value, _dt.date):
            return value.isoformat()
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"expected a non-empty text, got {kind(value)}", code="explain.empty_text", got=kind(value))
        return value.strip()

    def identifier(self, value: Any, key: str) -> str:
        value = self.string(value, key)
        if not _ID.match(value):
            self.fail(key, f"{value!r} is not a valid id (lower-case letters, digits and '_', starting with a letter)",
                      code="explain.bad_id", value=value)
        return value

    def integer(self, value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"expected a whole number, got {kind(value)}", code="explain.not_integer", got=kind(value))
        return value

    def number(self, value: Any, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"expected a number, got {kind(value)}", code="explain.not_number", got=kind(value))
        return float(value)

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {kind(value)}", code="explain.not_boolean", got=kind(value))
        return value

    def text(self, value: Any, key: str) -> Text:
        if isinstance(value, str):
            self.fail(key, "expected a text in both languages ({de: ..., en: ...}), got a single text",
                      code="explain.single_text")
        if isinstance(value, dict):
            extra = [k for k in value if k not in LANGS]
            if extra:
                self.fail(join(key, str(extra[0])),
                          "unknown key (allowed here: de, en); if this is part of a text, a comma inside "
                          "{de: ..., en: ...} has split it: put the text in quotes", code="explain.split_text")
        if not isinstance(value, dict):
            self.fail(key, f"expected a text in both languages ({{de: ..., en: ...}}), got {kind(value)}",
                      code="explain.not_text", got=kind(value))
        fields = self.mapping(value, key, {lang: self.string for lang in LANGS}, {})
        return Text(**fields)

    def seq(self, check: Callable, *, min_len: int = 0) -> Callable:
        def run(value: Any, key: str) -> tuple:
            if not isinstance(value, list):
                self.fail(key, f"expected a list, got {kind(value)}", code="explain.not_list", got=kind(value))
            if len(value) < min_len:
                self.fail(key, f"needs at least {min_len} entr{'y' if min_len == 1 else 'ies'}, got {len(value)}",
                          code="explain.too_few", need=min_len, got=len(value))
            return tuple(check(v, f"{key}[{i}]") for i, v in enumerate(value))

        return run

    # ---- pieces of a model


def unique(checker: Checker, values: list, key: str, what: str) -> None:
    seen = set()
    for v in values:
        if v in seen:
            checker.fail(key, f"duplicate {what} {v!r}", code="explain.duplicate", what=what, value=v)
        seen.add(v)


def join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "a text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


