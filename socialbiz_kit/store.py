"""Saved self-assessments on SQLite (the standard library's ``sqlite3``).

The store is append-only: every save is a new row with time, assessor, organisation, model, model
version and the answers; nothing is updated or deleted (the database refuses it with triggers).
Every write is a transaction, and concurrent writers from several processes wait for each other
instead of losing a save. A writer killed mid-save leaves a journal that SQLite rolls back on the next
open (nothing acknowledged is lost). A file that is not a store, or is damaged, gets a clear
:class:`StoreError` and is never written to; a full or read-only disk gets a :class:`StoreError` saying so.

By default the store lives in the user's data folder (``platformdirs.user_data_dir``); pass a
path to keep it elsewhere.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> store = Store(folder / "results.sqlite")
>>> store.save({"planning_1": 3, "planning_2": 4}, model="altimeter", organisation="Muster GmbH", assessor="A. B.")
1
>>> store.history("Muster GmbH", model="altimeter")[["id", "organisation", "model", "planning_1"]]
   id organisation      model  planning_1
0   1  Muster GmbH  altimeter         3.0
"""
from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from . import ui
from ._casenames import case_key
from ._checks import read_answers
from ._compat import keyword_lang
from ._lang import check_lang
from ._store_files import FORMAT as FORMAT
from ._store_files import FORMAT_VERSION as FORMAT_VERSION
from ._store_files import XLSX_CELL_LIMIT, StoreFile, write_xlsx
from .errors import StoreDamagedError, StoreError, StoreRefusedError
from .models import Model, load_model

__all__ = ["StoreError", "StoreDamagedError", "StoreRefusedError", "Store", "default_path"]


def default_path() -> Path:
    """``results.sqlite`` in the user's data folder for socialbiz-kit.

    Returns
    -------
    Path
        The default store's path.
    """
    import platformdirs

    return Path(platformdirs.user_data_dir("socialbiz-kit", appauthor=False)) / "results.sqlite"


class Store(StoreFile):
    """An append-only store of self-assessments in one SQLite file.

    Parameters
    ----------
    path : str or Path, optional
        The store file; default: ``results.sqlite`` in the user's data folder (:func:`default_path`).
    timeout : float
        Seconds a writer waits for another process's transaction.
    lang : {"de", "en"}
        Language of the messages (errors and :meth:`where`).

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    StoreDamagedError
        If the file exists but is not a store of this kit (a folder, another format version) or is damaged; it is
        never written to.
    StoreError
        If the disk is full, the store is read-only or busy, or SQLite fails.
    """

    def __init__(self, path: str | Path | None = None, *, timeout: float = 30.0, lang: str = "de"):
        self._default = path is None
        self.path = Path(path) if path is not None else default_path()
        self.timeout = timeout
        self.lang = check_lang(lang)
        if not self._exists():
            self._create()
        self._check_existing()

    # ---------------------------------------------------------------- where saves go (opening: StoreFile)
    @keyword_lang("lang")
    def where(self, *, lang: str | None = None) -> str:
        """Where saves go, in words a learner reads (no server path): the default store or the file's name.

        Parameters
        ----------
        lang : {"de", "en"} or None, default None
            The language of the words. None (the default): the store's own language, the ``lang`` it was opened with
            – not ``"de"`` as elsewhere in the kit, so that a store opened in English answers in English.

        Returns
        -------
        str
            Where saves go, for a learner to read.

        Raises
        ------
        SettingError
            If ``lang`` is not ``"de"`` or ``"en"``.
        """
        lang = check_lang(lang or self.lang)
        if self._default:
            return ui.text("store.where_default", lang=lang)
        return ui.text("store.where_file", lang=lang, name=self.path.name)

    # ---------------------------------------------------------------- writing
    def save(self, answers, model: Model | str, *, organisation: str, assessor: str = "", note: str = "",
             saved_at: _dt.datetime | None = None) -> int:
        """Append one assessment and return its id.

        ``answers`` maps item ids to answers on the model's scale (``None`` or NaN = not answered);
        a dict, a Series, or a one-row DataFrame. Unknown items and answers off the scale are refused
        with :class:`StoreRefusedError` (nothing is written).

        Parameters
        ----------
        answers : dict, Series or DataFrame (one row)
            Item id -> answer on the model's scale (``None`` or NaN = not answered).
        model : Model or str
            A model, or the name of a bundled one or the path of a model file.
        organisation : str
            The organisation assessed (not empty).
        assessor : str, default ""
            Who assessed it.
        note : str, default ""
            A note kept with the save.
        saved_at : datetime, optional
            The time stamp of the save (default: now).

        Returns
        -------
        int
            The save's id.

        Raises
        ------
        ModelFileError
            If the model is neither a bundled model's name nor a model file that can be read and passes
            the schema check.
        StoreRefusedError
            If the answers hold more than one assessment; if the organisation's name is empty; if the
            organisation's or assessor's name is not plain text; if an answer is not on the model's scale;
            or if an answer names an item the model does not have.
        StoreError
            If the disk is full, the store is read-only or busy, or SQLite fails.
        """
        import pandas as pd

        model = load_model(model)
        if isinstance(answers, pd.DataFrame):
            if len(answers) != 1:
                raise ui.error(StoreRefusedError, code="store.one_at_a_time", lang=self.lang, n=len(answers))
            answers = answers.iloc[0]
        answers = dict(answers)
        if not str(organisation).strip():
            raise ui.error(StoreRefusedError, code="store.empty_org", lang=self.lang)
        for field, text in (("organisation", organisation), ("assessor", assessor), ("note", note)):
            try:
                str(text).encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: SQLite cannot store it
                raise ui.error(StoreRefusedError, code="store.bad_text", lang=self.lang, field=field) from None
        allowed = {p.value for p in model.scale}
        read, bad = read_answers(answers, model.item_ids, allowed)
        if bad is not None:
            raise ui.error(StoreRefusedError, code="store.off_scale", lang=self.lang, item=bad[0], value=bad[1],
                           allowed=", ".join(f"{v:g}" for v in sorted(allowed)))
        clean = {item: None if v is None else int(v) for item, v in read.items()}
        extra = [k for k in answers if k not in clean and k not in ("organisation", "assessor", "date", "model", "note")]
        if extra:
            raise ui.error(StoreRefusedError, code="store.unknown_item", lang=self.lang, item=extra[0], model=model.id)
        stamp = (saved_at or _dt.datetime.now(_dt.UTC)).isoformat(timespec="seconds")
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO assessments (saved_at, assessor, organisation, model, model_version, answers, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (stamp, str(assessor), str(organisation).strip(), model.id, model.version,
                 json.dumps(clean, sort_keys=True), str(note)),
            )
        return int(cur.lastrowid)

    # ---------------------------------------------------------------- reading
    def _rows(self, where: str = "", params: tuple = ()):
        return self._read("SELECT id, saved_at, assessor, organisation, model, model_version, note, answers "
                          f"FROM assessments {where} ORDER BY id", params)

    def __len__(self) -> int:
        return int(self._read("SELECT COUNT(*) FROM assessments")[0][0])

    def to_frame(self, model: Model | str | None = None):
        """Every save as a row: ``id``, ``saved_at``, ``assessor``, ``organisation``, ``model``,
        ``model_version``, ``note``, then one column per item (with ``model``; only that model's saves)
        or the raw ``answers`` as JSON (without).

        Parameters
        ----------
        model : Model or str, optional
            Only this model's saves, one column per item; without it every save with its answers as JSON.

        Returns
        -------
        DataFrame
            One row per save.

        Raises
        ------
        ModelFileError
            If the model is neither a bundled model's name nor a model file that can be read and passes
            the schema check.
        StoreError
            If the disk is full, the store is read-only or busy, or SQLite fails.
        """
        return self._frame(self._rows(*self._model_filter(model)), model)

    def history(self, organisation: str, model: Model | str | None = None):
        """The saves of one organisation, oldest first (same columns as :meth:`to_frame`).

        The name is matched by the kit's one rule for organisation names
        (:func:`~socialbiz_kit.classroom.same_case`): saves whose name differs only in letter case, white space or
        Unicode form (an "ä" typed on a Mac) belong to the organisation; the ``organisation`` column shows each save's
        name as it was saved.

        Parameters
        ----------
        organisation : str
            The organisation's name, in any of its spellings.
        model : Model or str, optional
            Only this model's saves, one column per item.

        Returns
        -------
        DataFrame
            One row per save, oldest first.

        Raises
        ------
        ModelFileError
            If the model is neither a bundled model's name nor a model file that can be read and passes
            the schema check.
        StoreError
            If the disk is full, the store is read-only or busy, or SQLite fails.
        """
        key = case_key(organisation)
        return self._frame([r for r in self._rows(*self._model_filter(model)) if case_key(r[3]) == key], model)

    @staticmethod
    def _model_filter(model) -> tuple[str, tuple]:
        if model is None:
            return "", ()
        return "WHERE model = ?", (load_model(model).id,)

    @staticmethod
    def _frame(rows, model):
        import pandas as pd

        cols = ["id", "saved_at", "assessor", "organisation", "model", "model_version", "note"]
        frame = pd.DataFrame([r[:7] for r in rows], columns=cols)
        answers = [json.loads(r[7]) for r in rows]
        if model is None:
            frame["answers"] = [json.dumps(a, sort_keys=True) for a in answers]
            return frame
        m = load_model(model)
        items = pd.DataFrame(answers, columns=list(m.item_ids), dtype=float)
        return pd.concat([frame, items], axis=1)

    def answers(self, model: Model | str):
        """The saved answers of one model as checked wide answers (as ``read_responses`` returns them):
        index ``assessment`` (``"s<id>"``), columns ``organisation``, ``assessor``, ``date``, ``model``,
        ``note``, items.

        Parameters
        ----------
        model : Model or str
            A model, or the name of a bundled one or the path of a model file.

        Returns
        -------
        DataFrame
            One row per save of that model, as :func:`~socialbiz_kit.responses.read_responses` returns answers.

        Raises
        ------
        ModelFileError
            If the model is neither a bundled model's name nor a model file that can be read and passes
            the schema check.
        StoreError
            If the disk is full, the store is read-only or busy, or SQLite fails.
        """
        m = load_model(model)
        frame = self.to_frame(m)
        out = frame.rename(columns={"saved_at": "date"})[["organisation", "assessor", "date", "model", "note",
                                                          *m.item_ids]]
        out.index = [f"s{i}" for i in frame["id"]]
        out.index.name = "assessment"
        return out

    def export_csv(self, path: str | Path, model: Model | str, *, overwrite: bool = False) -> Path:
        """Write one model's saves as a wide answer file (UTF-8 CSV) that ``read_responses`` reads back unchanged.

        Text cells that a spreadsheet would run as a formula (beginning with ``= + - @``, tab or carriage
        return) get a leading ``'`` (OWASP); ``read_responses`` removes it again.

        Parameters
        ----------
        path : str or Path
            The CSV file to write.
        model : Model or str
            Whose saves to write.
        overwrite : bool, default False
            Replace an existing file.

        Returns
        -------
        Path
            The file written.

        Raises
        ------
        ModelFileError
            If the model is neither a bundled model's name nor a model file that can be read and passes
            the schema check.
        StoreError
            If the disk is full, the store is read-only or busy, or SQLite fails.
        OutputFileError
            If the path is a symbolic link, a folder, a device or a named pipe.
        OutputExistsError
            If the file exists and ``overwrite`` is false (a ``FileExistsError``).
        """
        from .responses import write_responses

        return write_responses(self.answers(model), path, model, overwrite=overwrite)

    def export_xlsx(self, path: str | Path, model: Model | str, *, overwrite: bool = False) -> Path:
        """Write one model's saves as an Excel workbook (wide layout, first sheet) that ``read_responses``
        reads back unchanged; text cells are formula-safe as in :meth:`export_csv` and always stored as text.

        Two limits of the format itself: a cell holds at most 32,767 characters (a longer text is refused
        with :class:`StoreError` naming the save, nothing is written: use :meth:`export_csv`), and XML turns
        a carriage return inside a text into a line feed.

        Parameters
        ----------
        path : str or Path
            The workbook to write.
        model : Model or str
            Whose saves to write.
        overwrite : bool, default False
            Replace an existing file.

        Returns
        -------
        Path
            The file written.

        Raises
        ------
        ModelFileError
            If the model is neither a bundled model's name nor a model file that can be read and passes
            the schema check.
        StoreError
            If the disk is full, the store is read-only or busy, or SQLite fails; or if a text is longer
            than a spreadsheet cell takes.
        OutputFileError
            If the path is a symbolic link, a folder, a device or a named pipe.
        OutputExistsError
            If the file exists and ``overwrite`` is false (a ``FileExistsError``).
        """
        from ._io import atomic_write

        answers = self.answers(model)
        for column in answers.columns:
            for key, value in answers[column].items():
                if isinstance(value, str) and len(value) + 1 > XLSX_CELL_LIMIT:
                    raise ui.error(StoreError, code="store.xlsx_too_long", lang=self.lang, id=key, column=column, n=len(value),
                                             limit=XLSX_CELL_LIMIT)
        return atomic_write(path, lambda fh: write_xlsx(answers, fh), overwrite=overwrite, binary=True)
