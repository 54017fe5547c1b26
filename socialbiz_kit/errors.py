"""One family of errors for everything the kit refuses.

Every error the kit raises on purpose is a :class:`SocialbizError`, itself a ``ValueError`` (so code
that caught ``ValueError`` keeps working); :class:`NotFoundError` is also a ``KeyError``,
:class:`OutputExistsError` a ``FileExistsError`` and :class:`DataMissingError` a ``FileNotFoundError`` (so code
that caught those keeps working). The subclasses say what kind of input was wrong; every message names
the file, row, key or column where that applies.

Every error carries a **code** and its **params**: the code is the key of its explanation in
``data/ui.yaml`` (``"explain.missing_key"``, ``"answers.off_scale"``, ``"errors.threshold"``), the params
are the values that explanation is filled with. :func:`socialbiz_kit.explain.explain_error` reads only
these two, never the message, so a message can be reworded without losing its explanation. A code is
stable: it is never renamed, only added.

>>> from socialbiz_kit.errors import SocialbizError, ModelFileError, SettingError
>>> issubclass(ModelFileError, SocialbizError) and issubclass(SocialbizError, ValueError)
True
>>> err = SettingError("top must be at least 1 (got 0)", code="errors.at_least", name="top", low=1, value=0)
>>> err.code, err.params
('errors.at_least', {'name': 'top', 'low': 1, 'value': 0})
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "SocialbizError",
    "ModelFileError",
    "ModelTableError",
    "UIFileError",
    "AnswerFileError",
    "CrosswalkError",
    "DataFileError",
    "DataMissingError",
    "StoreError",
    "StoreDamagedError",
    "StoreRefusedError",
    "InputDataError",
    "SettingError",
    "OutputFileError",
    "OutputExistsError",
    "NotFoundError",
    "LiteratureFileError",
    "GlossaryFileError",
    "BackgroundFileError",
    "CourseFileError",
    "ReferenceProfilesError",
    "EditionError",
    "OlderAnswersWarning",
    "CaseSpellingsWarning",
]


class SocialbizError(ValueError):
    """Base of every error the kit raises on purpose.

    Parameters
    ----------
    message : str
        The technical text (``str(error)``), in English or in the learner's language.
    code : str, optional
        The key of the error's explanation in ``data/ui.yaml`` (``"section.key"``).
    **params
        The values the explanation is filled with (``{placeholder}`` names of the explanation).
    """

    def __init__(self, message: str = "", *, code: str | None = None, **params: Any):
        super().__init__(message)
        self.code = code
        self.params = params


class DataFileError(SocialbizError):
    """A data file (model, crosswalk, UI words, glossary, themes, ...) breaks its schema.

    Attributes ``file`` and ``key`` say where; the message reads ``"<file>: <key>: <problem>"``.

    Parameters
    ----------
    file : str or Path
        The data file.
    key : str
        Where in the file (``stages[2].items[0].text``, an entry's id, ...).
    problem : str
        What is wrong (English; the learner's words come from the code).
    code : str, optional
        The key of the explanation in ``data/ui.yaml``.
    **params
        The values the explanation is filled with.
    """

    def __init__(self, file: str | Path, key: str, problem: str, *, code: str | None = None, **params: Any):
        self.file = str(file)
        self.key = key
        self.problem = problem
        where = f"{self.file}: {key}" if key else self.file
        super().__init__(f"{where}: {problem}", code=code, **params)


class ModelFileError(DataFileError):
    """A model file is missing, unreadable or breaks the model schema."""


class ModelTableError(ModelFileError):
    """A model table cannot be turned into a model; ``row`` is its spreadsheet row (header = 1).

    ``code`` and ``params`` name the plain-language explanation in ``data/ui.yaml`` (section ``explain``)
    that :func:`~socialbiz_kit.explain.explain_error` shows; ``row`` and ``kind`` are among the params.
    (Raised by :mod:`socialbiz_kit.builder`, which still exports it.)

    Parameters
    ----------
    file : str or Path
        The table file.
    key : str
        The model key the problem is at (as in :class:`ModelFileError`).
    problem : str
        What is wrong.
    code : str, optional
        The key of the explanation in ``data/ui.yaml``.
    row : int, optional
        The spreadsheet row (header = 1).
    kind : str, optional
        The row's kind (``stage``, ``item``, ...).
    **params
        The values the explanation is filled with.
    """

    def __init__(self, file, key: str, problem: str, *, code: str | None = None, row: int | None = None,
                 kind: str | None = None, **params: Any):
        super().__init__(file, key, problem, code=code, **params, **({"row": row} if row is not None else {}),
                         **({"kind": kind} if kind else {}))
        self.row = row

    @property
    def ui_key(self) -> str | None:
        """The explanation's key within the ``explain`` section (the code without ``explain.``)."""
        return self.code.removeprefix("explain.") if self.code else None

    @property
    def ui_args(self) -> dict[str, Any]:
        """The explanation's params (the same as ``params``)."""
        return self.params


class UIFileError(DataFileError):
    """``data/ui.yaml`` (or a words file of your own) is incomplete or malformed."""


class LiteratureFileError(DataFileError):
    """``data/literature.yaml`` (or a model's own source) breaks the literature schema."""


class GlossaryFileError(DataFileError):
    """``data/glossary.yaml`` breaks its schema (or a pattern to avoid is not a valid regular expression)."""


class BackgroundFileError(DataFileError):
    """``data/background.yaml`` or ``data/design_principles.yaml`` breaks its schema."""


class CourseFileError(DataFileError):
    """``data/course.yaml`` breaks its schema or its sums do not add up."""


class ReferenceProfilesError(DataFileError):
    """``data/reference_profiles.yaml`` breaks its schema or does not fit the model it answers."""


class DataMissingError(SocialbizError, FileNotFoundError):
    """The kit's own data folder cannot be found: the installation is incomplete.

    Also a ``FileNotFoundError``, so code that caught it as one keeps working.
    """


class CrosswalkError(DataFileError):
    """The crosswalk file is unreadable or does not fit the models it links."""


class AnswerFileError(SocialbizError):
    """An answer file or table cannot be used; ``file``, ``row`` and ``column`` say where.

    Parameters
    ----------
    message : str
        What is wrong (English; the learner's words come from the code).
    file : str
        The answer file (or a name for a table).
    row : int, optional
        The spreadsheet row (header = 1).
    column : str, optional
        The column.
    other_model : str, optional
        The bundled model the file answers instead, when it answers another one.
    code : str, optional
        The key of the explanation in ``data/ui.yaml``.
    **params
        The values the explanation is filled with.
    """

    def __init__(self, message: str, *, file: str, row: int | None = None, column: str | None = None,
                 other_model: str | None = None, code: str | None = None, **params: Any):
        self.file, self.row, self.column, self.problem = file, row, column, message
        self.other_model = other_model  # set when the file answers another bundled model
        # a statement column's short label by language ("Planung 1"), set by the reader when the model is known
        self.column_labels: dict[str, str] = {}
        super().__init__(message, code=code, **params)


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


class EditionError(SocialbizError):
    """A notebook's tags (or a guide page's markers) break the editions' convention; the message names the
    notebook and cell (or the page and line)."""


class OutputFileError(SocialbizError):
    """The kit will not write to this path: it is a symbolic link, a folder, a device or a named pipe, or (as
    :class:`OutputExistsError`) a file that is there already."""


class OutputExistsError(OutputFileError, FileExistsError):
    """The file exists and the writer was not told to replace it (``overwrite=True``, ``--force``).

    Also a ``FileExistsError``, so code that caught it as one keeps working.

    >>> issubclass(OutputExistsError, FileExistsError) and issubclass(OutputExistsError, SocialbizError)
    True
    """


class NotFoundError(SocialbizError, KeyError):
    """A name or number that is not among the known ones (a stage, a literature entry, a glossary term, ...).

    Also a ``KeyError``, so code that looked things up with ``except KeyError`` keeps working; unlike a plain
    ``KeyError`` its text is the message itself, not the message in quotes.
    """

    __str__ = BaseException.__str__


class OlderAnswersWarning(UserWarning):
    """Answers written under an earlier version of the statements: those reworded or added since were not taken over.

    Parameters
    ----------
    message : str
        What was not taken over, in the reader's language.
    code : str
        The key of the words in ``data/ui.yaml`` (``"answers.older_version"``).
    **params
        The values the words are filled with: ``file``, ``count``, ``version``, ``current``, ``items``.
    """

    def __init__(self, message: str = "", *, code: str | None = None, **params: Any):
        super().__init__(message)
        self.code = code
        self.params = params


class CaseSpellingsWarning(UserWarning):
    """One case organisation named in several spellings (letter case, white space, Unicode form) that were counted
    as one case (:func:`socialbiz_kit.classroom.same_case`), shown under the spelling read first; or, by the same
    rule, one rater's name in several spellings counted as one person (code ``classroom.merged_raters``).

    Parameters
    ----------
    message : str
        Which spellings were merged, in the reader's language.
    code : str
        The key of the words in ``data/ui.yaml`` (``"classroom.merged_spellings"`` or ``"classroom.merged_raters"``).
    **params
        The values the words are filled with: ``case`` (or ``rater``), ``n``, ``spellings``.
    """

    def __init__(self, message: str = "", *, code: str | None = None, **params: Any):
        super().__init__(message)
        self.code = code
        self.params = params
