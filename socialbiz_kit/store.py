"""Saved self-assessments on SQLite (the standard library's ``sqlite3``).

The store is append-only: every save is a new row with time, assessor, organisation, model, model
version and the answers; nothing is updated or deleted (the database refuses it with triggers).
Every write is a transaction, and concurrent writers from several processes wait for each other
instead of losing a save. A file that is not a store, or is damaged, gets a clear
:class:`StoreError` and is never written to.

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
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from .errors import StoreError
from .models import Model, load_model

__all__ = ["StoreError", "Store", "default_path"]

FORMAT = "socialbiz-kit-store"
FORMAT_VERSION = "1"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    saved_at TEXT NOT NULL,
    assessor TEXT NOT NULL,
    organisation TEXT NOT NULL,
    model TEXT NOT NULL,
    model_version TEXT NOT NULL,
    answers TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX assessments_organisation ON assessments (organisation);
CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments
    BEGIN SELECT RAISE(ABORT, 'the store is append-only'); END;
CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments
    BEGIN SELECT RAISE(ABORT, 'the store is append-only'); END;
"""


# StoreError (the store cannot be used: damaged, not a store, or a bad save) is the kit's error family's.


def default_path() -> Path:
    """``results.sqlite`` in the user's data folder for socialbiz-kit."""
    import platformdirs

    return Path(platformdirs.user_data_dir("socialbiz-kit", appauthor=False)) / "results.sqlite"


class Store:
    """An append-only store of self-assessments in one SQLite file."""

    def __init__(self, path: str | Path | None = None, *, timeout: float = 30.0):
        self.path = Path(path) if path is not None else default_path()
        self.timeout = timeout
        if self.path.exists():
            self._check_existing()
        else:
            self._create()

    # ---------------------------------------------------------------- opening
    def _connect(self, mode: str = "rw") -> sqlite3.Connection:
        uri = f"{self.path.resolve().as_uri()}?mode={mode}"
        conn = sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        return conn

    def _check_existing(self) -> None:
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a store file")
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise StoreError(f"{self.path} cannot be read ({exc.strerror})") from None
        if head != b"SQLite format 3\x00":
            raise StoreError(f"{self.path} is not a socialbiz-kit store (not an SQLite file); it was left untouched")
        try:
            conn = self._connect("ro")
            try:
                ok = conn.execute("PRAGMA quick_check").fetchone()[0]
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                meta = dict(conn.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is damaged ({exc}); it was left untouched - restore a backup") from None
        if ok != "ok":
            raise StoreError(f"{self.path} is damaged (integrity check: {ok}); it was left untouched - restore a backup")
        if meta.get("format") != FORMAT or "assessments" not in tables:
            raise StoreError(f"{self.path} is an SQLite database but not a socialbiz-kit store; it was left untouched")
        if meta.get("version") != FORMAT_VERSION:
            raise StoreError(f"{self.path} is a store of format version {meta.get('version')}; this kit reads {FORMAT_VERSION}")

    @contextmanager
    def _transaction(self, mode: str = "rw"):
        """One write transaction (BEGIN IMMEDIATE ... COMMIT); rolled back on any error."""
        conn = self._connect(mode)
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def _create(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._transaction("rwc") as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:  # another process may have created it a moment ago
                for statement in _SCHEMA.strip().split(";\n"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT INTO meta VALUES ('format', ?), ('version', ?)", (FORMAT, FORMAT_VERSION))
        self._check_existing()

    # ---------------------------------------------------------------- writing
    def save(self, answers, *, model: Model | str, organisation: str, assessor: str = "", note: str = "",
             saved_at: _dt.datetime | None = None) -> int:
        """Append one assessment and return its id.

        ``answers`` maps item ids to answers on the model's scale (``None`` or NaN = not answered);
        a dict, a Series, or a one-row DataFrame. Unknown items and answers off the scale are refused.
        """
        import math

        import pandas as pd

        model = load_model(model)
        if isinstance(answers, pd.DataFrame):
            if len(answers) != 1:
                raise StoreError(f"save one assessment at a time (got {len(answers)} rows)")
            answers = answers.iloc[0]
        answers = dict(answers)
        if not str(organisation).strip():
            raise StoreError("the organisation's name is empty")
        allowed = {p.value for p in model.scale}
        clean: dict[str, int | None] = {}
        for item in model.item_ids:
            value = answers.get(item)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                clean[item] = None
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or float(value) not in allowed:
                raise StoreError(f"item {item!r}: {value!r} is not on the answer scale {sorted(allowed)}")
            clean[item] = int(value)
        extra = [k for k in answers if k not in clean and k not in ("organisation", "assessor", "date", "model", "note")]
        if extra:
            raise StoreError(f"{extra[0]!r} is not an item of model {model.id!r}")
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
        conn = self._connect("ro")
        try:
            return conn.execute(
                "SELECT id, saved_at, assessor, organisation, model, model_version, note, answers FROM assessments "
                f"{where} ORDER BY id", params).fetchall()
        finally:
            conn.close()

    def __len__(self) -> int:
        conn = self._connect("ro")
        try:
            return conn.execute("SELECT COUNT(*) FROM assessments").fetchone()[0]
        finally:
            conn.close()

    def to_frame(self, model: Model | str | None = None):
        """Every save as a row: ``id``, ``saved_at``, ``assessor``, ``organisation``, ``model``,
        ``model_version``, ``note``, then one column per item (with ``model``; only that model's saves)
        or the raw ``answers`` as JSON (without)."""
        return self._frame(self._rows(*self._model_filter(model)), model)

    def history(self, organisation: str, model: Model | str | None = None):
        """The saves of one organisation, oldest first (same columns as :meth:`to_frame`)."""
        where, params = self._model_filter(model)
        where = (where + " AND" if where else "WHERE") + " organisation = ?"
        return self._frame(self._rows(where, params + (organisation,)), model)

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
        index ``assessment`` (``"s<id>"``), columns ``organisation``, ``assessor``, ``date``, ``model``, items."""
        m = load_model(model)
        frame = self.to_frame(m)
        out = frame.rename(columns={"saved_at": "date"})[["organisation", "assessor", "date", "model", *m.item_ids]]
        out.index = [f"s{i}" for i in frame["id"]]
        out.index.name = "assessment"
        return out

    def export_csv(self, path: str | Path, model: Model | str, *, overwrite: bool = False) -> Path:
        """Write one model's saves as a wide answer file (UTF-8 CSV) that ``read_responses`` reads back."""
        from .responses import write_responses

        return write_responses(self.answers(model), path, model, overwrite=overwrite)

    def export_xlsx(self, path: str | Path, model: Model | str, *, overwrite: bool = False) -> Path:
        """Write one model's saves as an Excel workbook (wide layout, first sheet)."""
        from ._io import atomic_write

        frame = self.answers(model).reset_index()
        return atomic_write(path, lambda fh: frame.to_excel(fh, index=False, engine="openpyxl"), overwrite=overwrite,
                            binary=True)
