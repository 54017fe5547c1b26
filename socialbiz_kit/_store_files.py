"""The file side of :mod:`socialbiz_kit.store` (private): the SQLite file (its format, opening, checking,
creating it, one transaction, what a failure means), placing a new store file, and the Excel export.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager, suppress
from pathlib import Path

from . import ui
from .errors import StoreDamagedError, StoreError

__all__ = ["FORMAT", "FORMAT_VERSION", "XLSX_CELL_LIMIT", "StoreFile", "is_damage", "place_new", "write_xlsx"]

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


XLSX_CELL_LIMIT = 32_767
"""Characters an Excel cell holds (one is kept for the ``'`` that makes a text formula-safe)."""


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite says the file itself is damaged (rather than full, read-only, locked, ...)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in str(exc)


def place_new(tmp: Path, path: Path) -> None:
    """Move the finished new store ``tmp`` to ``path`` unless another process has put one there first
    (then that one is kept); a 0-byte file left by an earlier crash is replaced."""
    import os

    try:
        os.link(tmp, path)  # fails if path exists: never replaces another process's store
    except FileExistsError:
        if path.is_file() and path.stat().st_size == 0:
            os.replace(tmp, path)
    except OSError:  # a file system without hard links
        if not path.exists() or (path.is_file() and path.stat().st_size == 0):
            os.replace(tmp, path)


def write_xlsx(answers, fh) -> None:
    """Wide answers as a workbook: text cells typed as text (never a formula), answers as numbers."""
    import math

    import openpyxl

    from ._io import neutralise_formula

    book = openpyxl.Workbook()
    sheet = book.active
    frame = answers.reset_index()
    sheet.append([str(c) for c in frame.columns])
    for record in frame.itertuples(index=False):
        row: list[int | float | str | None] = []
        for value in record:
            if isinstance(value, float) and math.isnan(value):
                row.append(None)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                row.append(int(value) if float(value).is_integer() else float(value))
            else:
                row.append(None if value is None else neutralise_formula(str(value)))
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text cell, whatever it begins with
    book.save(fh)


class StoreFile:
    """The SQLite file under a :class:`~socialbiz_kit.store.Store`: opening and checking it, creating it, one write
    transaction, reading rows, and a kit error for what SQLite or the OS raised."""

    path: Path
    timeout: float
    lang: str

    def _connect(self, mode: str = "rw") -> sqlite3.Connection:
        uri = f"{self.path.resolve().as_uri()}?mode={mode}"
        conn = sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        return conn

    def _exists(self) -> bool:
        """Whether the store file is there; a 0-byte file (a creation that never finished) counts as absent."""
        try:
            return self.path.stat().st_size > 0 or not self.path.is_file()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise self._failed(exc) from None

    def _check_existing(self) -> None:
        import stat

        try:
            mode = self.path.stat().st_mode
        except OSError:
            raise ui.error(StoreDamagedError, code="store.unreadable", lang=self.lang, path=self.path) from None
        if stat.S_ISDIR(mode):
            raise ui.error(StoreDamagedError, code="store.is_folder", lang=self.lang, path=self.path)
        if not stat.S_ISREG(mode):  # a FIFO or a device would hang or be read without end
            raise ui.error(StoreDamagedError, code="store.not_sqlite", lang=self.lang, path=self.path)
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(100)
        except OSError:
            raise ui.error(StoreDamagedError, code="store.unreadable", lang=self.lang, path=self.path) from None
        if head[:16] != b"SQLite format 3\x00":
            raise ui.error(StoreDamagedError, code="store.not_sqlite", lang=self.lang, path=self.path)
        # First look without touching anything (no journal rollback, no -wal/-shm files): a foreign
        # database is refused here and stays exactly as it was.
        if self._identity("ro&immutable=1") is False:
            raise ui.error(StoreDamagedError, code="store.not_store", lang=self.lang, path=self.path)
        # Then open for writing: SQLite rolls back the journal a killed writer left behind (a "hot
        # journal"), which a read-only connection cannot do. Only what is still wrong after that is damage.
        try:
            conn = self._connect("rw")
            try:
                ok = conn.execute("PRAGMA quick_check").fetchone()[0]
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                meta = dict(conn.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            raise self._failed(exc) from None
        except sqlite3.DatabaseError as exc:
            raise ui.error(StoreDamagedError, code="store.damaged", lang=self.lang, path=self.path, detail=exc) from None
        if ok != "ok":
            raise ui.error(StoreDamagedError, code="store.damaged", lang=self.lang, path=self.path, detail=ok)
        if meta.get("format") != FORMAT or "assessments" not in tables:
            raise ui.error(StoreDamagedError, code="store.not_store", lang=self.lang, path=self.path)
        if meta.get("version") != FORMAT_VERSION:
            raise ui.error(StoreDamagedError, code="store.version", lang=self.lang, path=self.path, found=meta.get("version"),
                                            expected=FORMAT_VERSION)

    def _identity(self, mode: str) -> bool | None:
        """False: a readable database of something else; True: the file says it is a store of this kit;
        None: it cannot tell without SQLite's rollback of a journal left behind (or it is damaged)."""
        if self.path.with_name(self.path.name + "-journal").exists():
            return None
        try:
            conn = self._connect(mode)
            try:
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                meta = dict(conn.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
            finally:
                conn.close()
        except sqlite3.Error:
            return None
        if meta.get("format") == FORMAT:
            return True
        return False if tables else None

    def _failed(self, exc: BaseException) -> StoreError:
        """A kit error for what SQLite or the OS raised while using the store (full disk, read-only, ...)."""
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(exc, sqlite3.Error) and is_damage(exc):
            return ui.error(StoreDamagedError, code="store.damaged", lang=self.lang, path=self.path, detail=exc)
        base = getattr(sqlite3, "SQLITE_FULL", 13), getattr(sqlite3, "SQLITE_READONLY", 8), 5  # 5 = SQLITE_BUSY
        reason = {base[0]: "full", base[1]: "readonly", base[2]: "busy"}.get((code or 0) & 0xFF)
        if reason is None and isinstance(exc, OSError):
            import errno

            reason = {errno.ENOSPC: "full", errno.EROFS: "readonly", errno.EACCES: "readonly"}.get(exc.errno or 0)
        detail = getattr(exc, "strerror", None) or str(exc)
        return ui.error(StoreError, code="store.os_full" if reason == "full" else "store.os_readonly" if reason == "readonly"
                        else "store.os_busy" if reason == "busy" else "store.os_other", lang=self.lang, path=self.path,
                        detail=detail)

    @contextmanager
    def _transaction(self, mode: str = "rw"):
        """One write transaction (BEGIN IMMEDIATE ... COMMIT); rolled back on any error.

        A full disk, a read-only folder and the like become a :class:`StoreError` that says so."""
        try:
            conn = self._connect(mode)
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
        try:
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                raise self._failed(exc) from None
        except BaseException:
            if conn.in_transaction:
                with suppress(sqlite3.Error):  # SQLite rolls back by itself when the connection closes
                    conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def _create(self) -> None:
        """Build the store in a file of its own beside ``path`` and link it into place in one step: another
        process never sees a half-made store, and a crash leaves no empty file behind."""
        import uuid

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._failed(exc) from None
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.tmp")
        try:
            conn = sqlite3.connect(f"{tmp.resolve().as_uri()}?mode=rwc", uri=True, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA.strip().split(";\n"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT INTO meta VALUES ('format', ?), ('version', ?)", (FORMAT, FORMAT_VERSION))
                conn.execute("COMMIT")
            finally:
                conn.close()
            place_new(tmp, self.path)
        except (sqlite3.Error, OSError) as exc:
            raise self._failed(exc) from None
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
                leftover.unlink(missing_ok=True)

    def _read(self, sql: str, params: tuple = ()) -> list:
        """Rows of one query. Opened read-write (nothing is written): SQLite can then roll back the journal
        of a writer that was killed meanwhile, which a read-only connection cannot."""
        try:
            conn = self._connect("rw")
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
