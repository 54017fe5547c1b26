"""One family of errors for everything the kit refuses.

Every error the kit raises on purpose is a :class:`SocialbizError`, itself a ``ValueError`` (so code
that caught ``ValueError`` keeps working). The subclasses say what kind of input was wrong; every
message names the file, row, key or column where that applies.

>>> from socialbiz_kit.errors import SocialbizError, ModelFileError
>>> issubclass(ModelFileError, SocialbizError) and issubclass(SocialbizError, ValueError)
True
"""
from __future__ import annotations

from pathlib import Path

__all__ = [
    "SocialbizError",
    "ModelFileError",
    "AnswerFileError",
    "CrosswalkError",
    "DataFileError",
    "StoreError",
    "StoreDamagedError",
    "StoreRefusedError",
    "InputDataError",
    "SettingError",
    "OutputFileError",
]


class SocialbizError(ValueError):
    """Base of every error the kit raises on purpose."""


class DataFileError(SocialbizError):
    """A data file (model, crosswalk, UI words, glossary, themes, ...) breaks its schema.

    Attributes ``file`` and ``key`` say where; the message reads ``"<file>: <key>: <problem>"``.
    """

    def __init__(self, file: str | Path, key: str, problem: str):
        self.file = str(file)
        self.key = key
        self.problem = problem
        where = f"{self.file}: {key}" if key else self.file
        super().__init__(f"{where}: {problem}")


class ModelFileError(DataFileError):
    """A model file is missing, unreadable or breaks the model schema."""


class CrosswalkError(DataFileError):
    """The crosswalk file is unreadable or does not fit the models it links."""


class AnswerFileError(SocialbizError):
    """An answer file or table cannot be used; ``file``, ``row`` and ``column`` say where."""

    def __init__(self, message: str, *, file: str, row: int | None = None, column: str | None = None,
                 other_model: str | None = None):
        self.file, self.row, self.column, self.problem = file, row, column, message
        self.other_model = other_model  # set when the file answers another bundled model
        super().__init__(message)


class StoreError(SocialbizError):
    """A results store cannot be used."""


class StoreDamagedError(StoreError):
    """The store file exists but is damaged or is not a store (it is left untouched)."""


class StoreRefusedError(StoreError):
    """A save was refused (bad answers, missing organisation, ...); nothing was written."""


class InputDataError(SocialbizError):
    """Data passed to a function (a matrix, a table of ratings, ...) cannot be used as it is."""


class SettingError(SocialbizError):
    """An argument is out of range (threshold, rule, language, seed, ...)."""


class OutputFileError(SocialbizError):
    """The kit will not write to this path: it is a symbolic link, a folder, a device or a named pipe."""
