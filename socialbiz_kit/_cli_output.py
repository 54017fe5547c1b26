"""What the ``socialbiz`` command prints, and the result file ``score --out`` writes (private; a room of
:mod:`socialbiz_kit.cli`).

Two rules for every line the command prints from a file it was handed:

* **Nothing from a file reaches the terminal as a control sequence.** An answer file is anybody's file (a
  student's submission): a cell holding ``ESC [2J`` would clear the lecturer's screen, ``ESC ]0;...`` set the
  window's title, a bidi override reorder the line. Control characters and bidi controls are shown escaped
  (``\\x1b``); letters, umlauts and the no-break space of ``100 %`` stay as they are.
* **A refusal speaks the language the command was asked for.** An answer file's error is already worded in it;
  any other error of the kit is explained from its code (:func:`socialbiz_kit.explain.explain_error`), never shown
  as the technical English text on a German screen. A warning of the kit (answers of an earlier version) is one
  line ``socialbiz: ...``, without Python's file name and source line.

>>> printable("Evil\\x1b[2J GmbH")
'Evil\\\\x1b[2J GmbH'
>>> printable("100\\u00a0%") == "100\\u00a0%"
True
"""
from __future__ import annotations

import unicodedata
from typing import Any

__all__ = ["printable", "printable_frame", "refusal", "warning_line", "write_result"]

# bidi embeddings, overrides and isolates ("Trojan Source"): they reorder what the terminal shows
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def printable(text: Any) -> str:
    """``text`` for a terminal: control characters (escape sequences, line ends) and bidi controls shown as
    ``\\x1b``, ``\\n``, ``\\u202e``, never run."""
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) == "Cc" or c in _BIDI else c
                   for c in str(text))


def printable_frame(frame):
    """A copy of a table to print: every text cell, index label and column name through :func:`printable`."""
    out = frame.copy()
    for col in out.columns:
        out[col] = out[col].map(lambda v: printable(v) if isinstance(v, str) else v)
    out.index = out.index.map(lambda v: printable(v) if isinstance(v, str) else v)
    out.columns = [printable(c) if isinstance(c, str) else c for c in out.columns]
    return out


def refusal(exc: BaseException, lang: str | None) -> str:
    """The one line a refusal prints (without the ``socialbiz:`` in front).

    ``lang`` is the command's ``--lang`` (None for a command without one: the technical text). An answer file's
    error is worded in ``lang`` by its reader; another error of the kit with a known code is explained in ``lang``.
    """
    from .errors import AnswerFileError, SocialbizError
    from .explain import explain_error, explanation_key

    if lang is not None and isinstance(exc, SocialbizError) and not isinstance(exc, AnswerFileError) \
            and explanation_key(exc.code) is not None:
        return " ".join(printable(line).strip() for line in explain_error(exc, lang=lang).splitlines() if line.strip())
    text = str(exc)
    if isinstance(exc, AnswerFileError):  # one line by construction; a line end in it is a cell's, shown escaped
        return printable(text) if text else type(exc).__name__
    return printable(text.splitlines()[0]) if text.strip() else type(exc).__name__


def warning_line(message: Any) -> str:
    """A warning of the kit (its message, worded in the command's language by the code that warned) as one line,
    without Python's file name and source line."""
    text = str(message)
    return printable(" ".join(line.strip() for line in text.splitlines() if line.strip()) or type(message).__name__)


def write_result(frame, path: str, *, force: bool) -> None:
    """The full result as CSV, or as a workbook when ``path`` ends in ``.xlsx`` (a German Excel opens a CSV with
    commas in one column); both formula-safe."""
    from ._io import atomic_write, csv_text

    if path.lower().endswith(".xlsx"):
        from ._store_files import write_xlsx

        cells = frame.astype(object).where(frame.notna(), None)  # an empty could_be is an empty cell, not "<NA>"
        atomic_write(path, lambda fh: write_xlsx(cells, fh), overwrite=force, binary=True,
                     hint="use --force to replace it", option="--force")
        return
    text = csv_text(frame, index=True)
    atomic_write(path, lambda fh: fh.write(text), overwrite=force, hint="use --force to replace it", option="--force")
