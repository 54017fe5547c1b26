"""Old spellings of the public API that still work for a while, each with a DeprecationWarning and a date.

Private: the decorators the public modules put on a function whose signature changed. Every old spelling
stops working after :data:`REMOVAL`; the warning says so and names the new spelling. The kit's own code
never uses an old spelling (pytest turns a DeprecationWarning raised from inside the kit into an error).

>>> @keyword_lang("lang")
... def hello(name, *, lang="de"):
...     return f"{name}/{lang}"
>>> hello("x", lang="en")
'x/en'
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     hello("x", "en")
'x/en'
>>> print(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
hello(): pass lang= as a keyword (lang='en'); passing it by position is deprecated and stops working after
2027-06-30.
"""
from __future__ import annotations

import functools
import inspect
import sys
import warnings
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar, cast

__all__ = ["REMOVAL", "deprecated", "keyword_lang", "renamed", "required"]

REMOVAL = "2027-06-30"
"""The date after which every deprecated spelling of the API is removed."""

F = TypeVar("F", bound=Callable[..., Any])


def deprecated(message: str, *, stacklevel: int = 3) -> None:
    """Warn that something is deprecated: ``message`` says what to use instead; the removal date is added."""
    warnings.warn(f"{message} is deprecated and stops working after {REMOVAL}.", DeprecationWarning,
                  stacklevel=stacklevel)


def _level() -> int:
    """The ``stacklevel`` for :func:`deprecated` called from a wrapper of this module: the caller's frame, past any
    other wrapper of this module stacked on the same function (``keyword_lang`` over ``renamed``)."""
    frame: FrameType | None = sys._getframe(2)  # 0: here, 1: the wrapper, 2: who called the wrapper
    level = 3
    while frame is not None and frame.f_code.co_filename == __file__:
        frame, level = frame.f_back, level + 1
    return level


def keyword_lang(*old: str) -> Callable[[F], F]:
    """The parameters ``old`` (``lang`` first) became keyword-only; a call that still passes them by position
    works until :data:`REMOVAL`, with a DeprecationWarning."""
    def wrap(func: F) -> F:
        params = inspect.signature(func).parameters
        n = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params.values())

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            if len(args) > n:
                extra = args[n:]
                if len(extra) > len(old):
                    raise TypeError(f"{func.__qualname__}() takes {n} positional arguments but {len(args)} were given")
                for name, value in zip(old, extra):
                    if name in kwargs:
                        raise TypeError(f"{func.__qualname__}() got multiple values for argument {name!r}")
                    kwargs[name] = value
                given = ", ".join(f"{name}={value!r}" for name, value in zip(old, extra))
                deprecated(f"{func.__name__}(): pass {', '.join(f'{o}=' for o in old[:len(extra)])} as a keyword "
                           f"({given}); passing it by position", stacklevel=_level())
                args = args[:n]
            return func(*args, **kwargs)

        return cast(F, run)

    return wrap


def renamed(**names: str) -> Callable[[F], F]:
    """Keyword arguments renamed ``old=new``: the old name works until :data:`REMOVAL`, with a DeprecationWarning."""
    def wrap(func: F) -> F:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            for old_name, new_name in names.items():
                if old_name in kwargs:
                    if new_name in kwargs:
                        raise TypeError(f"{func.__qualname__}() got both {old_name}= and {new_name}=; pass {new_name}= only")
                    deprecated(f"{func.__name__}(): {old_name}= is now {new_name}=; {old_name}=", stacklevel=_level())
                    kwargs[new_name] = kwargs.pop(old_name)
            return func(*args, **kwargs)

        return cast(F, run)

    return wrap


def required(**defaults: Any) -> Callable[[F], F]:
    """Parameters that lost their default (``name=old_default``): a call that leaves one out works until
    :data:`REMOVAL` with the old default, with a DeprecationWarning."""
    def wrap(func: F) -> F:
        order = list(inspect.signature(func).parameters)

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            for name, value in defaults.items():
                if name not in kwargs and order.index(name) >= len(args):
                    deprecated(f"{func.__name__}() without {name}: pass it ({name}={value!r}); leaving it out",
                               stacklevel=_level())
                    kwargs[name] = value
            return func(*args, **kwargs)

        return cast(F, run)

    return wrap
