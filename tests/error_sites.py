"""Where the package makes its errors, read from the source (tests/test_errors.py and tests/test_explain.py).

A *site* is a call that makes an error of the kit: a class of the family (``SettingError(...)``), the helper
:func:`socialbiz_kit.ui.error`, or a checker's or reporter's ``fail``/``err``/``error``. Every site must pass
``code=`` as a literal (or a choice between literals), or hand on a code it was given (``code=code``,
``code=exc.code``). The codes found here are the codes "raised anywhere in the package".
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import string
from dataclasses import dataclass
from pathlib import Path

import socialbiz_kit
from socialbiz_kit.errors import SocialbizError

PACKAGE = Path(socialbiz_kit.__file__).parent
HELPERS = {"fail", "err", "error"}
# names a helper fills in itself, so a call of it need not pass them
IMPLICIT = {("_edition_notebooks.py", "fail"): {"notebook", "cell"}}


def family() -> set[str]:
    """Names of every class of the error family, including the older aliases."""
    for info in pkgutil.iter_modules([str(PACKAGE)]):
        importlib.import_module(f"socialbiz_kit.{info.name}")
    names, todo = set(), [SocialbizError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names | {"ModelError", "ResponseError"}


@dataclass
class Site:
    file: str
    line: int
    call: str           # the name called: a class or a helper
    codes: tuple[str, ...]   # the literal codes (empty when the site hands a code on)
    handed_on: bool     # code=code or code=exc.code
    keywords: frozenset[str]
    splat: bool         # passes **params, so its keywords are not all visible
    bad: str = ""       # why the site breaks the rule ("" when it keeps it)


def _literals(node: ast.expr) -> tuple[str, ...] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    if isinstance(node, ast.IfExp):
        a, b = _literals(node.body), _literals(node.orelse)
        return a + b if a is not None and b is not None else None
    return None


def _handed_on(node: ast.expr) -> bool:
    """``code=code`` (a helper's own argument), ``code=exc.code`` (a caught error's), or ``exc.code or "..."``."""
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        return _handed_on(node.values[0]) and all(_literals(v) is not None for v in node.values[1:])
    return (isinstance(node, ast.Name) and node.id == "code") or (isinstance(node, ast.Attribute) and node.attr == "code")


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def sites() -> list[Site]:
    """Every site in the package's modules."""
    names = family()
    out = []
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _called(node.func)
            if name not in names and name not in HELPERS:
                continue
            kw = {k.arg: k.value for k in node.keywords if k.arg}
            splat = any(k.arg is None for k in node.keywords)
            site = Site(path.name, node.lineno, name, (), False, frozenset(kw), splat)
            value = kw.get("code")
            if value is None:
                site.bad = "no code="
            elif (lit := _literals(value)) is not None:
                site.codes = lit
            elif _handed_on(value):
                site.handed_on = True
                if isinstance(value, ast.BoolOp):  # code=exc.code or "errors.unknown"
                    site.codes = tuple(c for v in value.values[1:] for c in (_literals(v) or ()))
            else:
                site.bad = f"code= is not a literal: {ast.unparse(value)}"
            out.append(site)
    return out


def placeholders(text: str | dict) -> set[str]:
    """The ``{names}`` a word of data/ui.yaml is filled with (both forms of a plural entry)."""
    texts = text.values() if isinstance(text, dict) else [text]
    return {f for t in texts for _, f, _, _ in string.Formatter().parse(t) if f}
