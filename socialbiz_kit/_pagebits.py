"""What the self-check page, the seminar page and the SCORM package share (private; no import of any of them).

The templates and static files, the compacted scripts, the data island and the Content-Security-Policy hashes, the
check of a ``home`` link, the model's words both pages show, and the SCORM part of the page's data
(:func:`scorm_settings`, with the limits :mod:`socialbiz_kit.scorm` documents).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import SettingError
from .models import Model, load_model

__all__ = ["HERE", "static_text", "template_env", "model_words", "compact", "json_for_script", "csp_hash",
           "check_home", "SCORES", "DEFAULT_SCORE", "NOTES_LIMIT", "SUSPEND_LIMIT", "MAX_ITEMS", "MAX_HEADER",
           "header", "check_model", "scorm_settings"]

HERE = Path(__file__).resolve().parent


@cache
def static_text(name: str) -> str:
    """A file of ``socialbiz_kit/static`` (read once)."""
    return (HERE / "static" / name).read_text(encoding="utf-8")


def template_env():
    """The Jinja2 environment of ``socialbiz_kit/templates`` (autoescaped, strict)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def model_words(model: Model, lang: str) -> dict[str, str]:
    """The model's words both pages show: stage names, scale labels and statements (``stage.N.name`` ...)."""
    out = {f"stage.{s.number}.name": s.name.get(lang) for s in model.stages}
    out.update({f"scale.{p.value}": p.label.get(lang) for p in model.scale})
    out.update({f"item.{i.id}": i.text.get(lang) for i in model.items})
    return out


def changed_items(model: Model) -> dict[str, list[str]]:
    """Per earlier version the model's changes lead from: the statements changed since (their answers stay open when a
    page reads answers of that version, from the browser's storage or from a file; ``Model.changed_since``)."""
    return {c.since: list(open_) for c in model.changes if (open_ := model.changed_since(c.since)) is not None}


def compact(source: str) -> str:
    """The shipped scripts without their indentation and whole-line comments (the files keep both).

    Safe for these two files: they are written without template literals and without multi-line strings, and their
    comments are ``//`` lines and ``/* ... */`` blocks that begin a line.
    """
    out, in_comment = [], False
    for line in source.splitlines():
        text = line.strip()
        if in_comment:
            in_comment = "*/" not in text
            continue
        if text.startswith("/*"):
            in_comment = "*/" not in text
            continue
        if text and not text.startswith("//"):
            out.append(text)
    return "\n".join(out)


def json_for_script(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def csp_hash(source: str) -> str:
    """The Content-Security-Policy source of an inline script or style (its SHA-256)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


NOT_IN_HOME = re.compile(r"[\x00-\x1f\x7f\\]|^//|^\s|\s$|^[a-z][a-z0-9+.-]*:", re.I)
r"""What a browser could read as another host: a scheme, ``//``, a backslash anywhere (``/\host`` is ``//host``
to a browser), control characters (tab and line ends are dropped from a link) and spaces at either end."""


def check_home(home: str | None) -> None:
    r"""``home`` must be a relative link on the page's own host (the page works from any folder and asks no other
    origin for anything).

    >>> check_home("../index.html")
    >>> check_home("/\\127.0.0.2:9/x")
    Traceback (most recent call last):
    ...
    socialbiz_kit.errors.SettingError: home must be a relative link such as '../index.html', not '/\\127.0.0.2:9/x'
    """
    if home is not None and (not home.strip() or NOT_IN_HOME.search(home)):
        raise SettingError(f"home must be a relative link such as '../index.html', not {home!r}", code="errors.home",
                           value=home)


# ---------------------------------------------------------------- the SCORM part of the page's data
SCORES = ("none", "index", "stage")
DEFAULT_SCORE = "stage"
SUSPEND_LIMIT = 4096
"""SCORM 1.2's limit of ``cmi.suspend_data`` (CMIString4096)."""
NOTES_LIMIT = 4000
"""The notes are sent only while the whole text stays within this (a margin below :data:`SUSPEND_LIMIT`)."""
MAX_ITEMS = 500
"""The most statements a SCORM package takes (the model schema sets no number; the bundled models have 24 and 32)."""
MAX_HEADER = 72
"""The longest ``sbk1;<id>;<version>;`` a SCORM package takes (model id and URL-encoded version together)."""


def header(model: Model | str) -> str:
    """The start of the model's ``suspend_data``: format, model id and version.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.

    Returns
    -------
    str
        ``sbk1;<model id>;<version>;``.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.

    Examples
    --------

    >>> header("altimeter")
    'sbk1;altimeter;3.3;'
    """
    model = load_model(model)
    return f"sbk1;{model.id};{quote(model.version, safe='')};"


def check_model(model: Model) -> None:
    """Refuse a model whose ``suspend_data`` could outgrow the limits documented in :mod:`socialbiz_kit.scorm`."""
    if len(model.items) > MAX_ITEMS:
        raise SettingError(f"a SCORM package takes at most {MAX_ITEMS} statements; {model.id!r} has "
                           f"{len(model.items)}", code="errors.scorm_items", limit=MAX_ITEMS, model=model.id, n=len(model.items))
    if len(header(model)) > MAX_HEADER:
        raise SettingError(f"a SCORM package needs a model id and version of at most {MAX_HEADER - 7} characters "
                           f"together; {model.id!r} {model.version!r} is longer",
                           code="errors.scorm_header", limit=MAX_HEADER - 7, model=model.id)


def scorm_settings(model: Model, score: str) -> dict[str, Any]:
    """What ``static/scorm.js`` reads from the page's data."""
    if score not in SCORES:
        raise SettingError(f"the SCORM score must be one of {', '.join(SCORES)} (got {score!r})",
                           code="errors.choice", name="score", value=score, allowed=", ".join(SCORES))
    check_model(model)
    # suspend_data written by an earlier version of the package: read with that version's items (Model.items_of);
    # answers to statements changed since stay open (Model.changed_since), notes of statements that still exist stay
    older = {quote(c.since, safe=""): {"items": list(model.items_of(c.since) or ()),
                                       "open": list(model.changed_since(c.since) or ())}
             for c in model.changes if model.items_of(c.since) is not None}
    return {"score": score, "header": header(model), "limit": NOTES_LIMIT, "older": older}
