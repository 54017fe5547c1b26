"""The results store: append-only, transactional across processes, refuses foreign or damaged files."""
import multiprocessing as mp
import sqlite3

import numpy as np
import pandas as pd
import pytest

from socialbiz_kit import load_model
from socialbiz_kit.datasets import load_dataset
from socialbiz_kit.responses import read_responses
from socialbiz_kit.store import Store, StoreDamagedError, StoreError, StoreRefusedError, default_path

ALT = load_model("altimeter")


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "results.sqlite")


def sample_row(org="lindner"):
    answers = load_dataset("sample_answers_altimeter")
    return answers.loc[org, list(ALT.item_ids)]


def test_save_history_and_frame(store):
    first = store.save(sample_row("lindner"), model=ALT, organisation="Modehaus Lindner", assessor="Anna")
    second = store.save(sample_row("bodensee"), model="altimeter", organisation="Bodensee AG", assessor="Ben")
    third = store.save(sample_row("quellwerk"), model=ALT, organisation="Modehaus Lindner", assessor="Anna", note="Q4")
    assert (first, second, third) == (1, 2, 3) and len(store) == 3
    hist = store.history("Modehaus Lindner", model=ALT)
    assert hist["id"].tolist() == [1, 3] and hist["note"].tolist() == ["", "Q4"]
    np.testing.assert_array_equal(hist.loc[0, list(ALT.item_ids)].to_numpy(float), sample_row("lindner").to_numpy(float))
    frame = store.to_frame()
    assert frame["model_version"].unique().tolist() == [ALT.version] and "answers" in frame.columns
    assert pd.to_datetime(frame["saved_at"]).notna().all()


def test_missing_answers_are_kept_as_missing(store):
    row = sample_row("kraemer")
    assert row.isna().any()
    store.save(row, model=ALT, organisation="Spedition Krämer")
    back = store.to_frame(ALT).loc[0, list(ALT.item_ids)]
    assert back.isna().tolist() == row.isna().tolist()


@pytest.mark.parametrize("answers,org,match", [
    ({"planning_1": 7}, "X", "not on the answer scale"),
    ({"planning_1": "viel"}, "X", "not on the answer scale"),
    ({"plannig_1": 3}, "X", "not a statement of the model altimeter"),
    ({"planning_1": 3}, "   ", "organisation's name is empty"),
])
def test_bad_saves_are_refused_and_nothing_is_written(store, answers, org, match):
    store.lang = "en"
    with pytest.raises(StoreRefusedError, match=match):
        store.save(answers, model=ALT, organisation=org)
    assert len(store) == 0


def test_the_database_itself_refuses_updates_and_deletes(store):
    store.save({"planning_1": 3}, model=ALT, organisation="X")
    conn = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE assessments SET organisation = 'Y'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM assessments")
    conn.close()
    assert store.to_frame()["organisation"].tolist() == ["X"]


def _writer(path, who, n, start, times):
    import time

    s = Store(path)
    start.wait()
    began = time.monotonic()
    for i in range(n):
        s.save({"planning_1": i % 5}, model="altimeter", organisation=f"{who}-{i}", assessor=who)
    times.put((who, began, time.monotonic()))


def test_two_processes_saving_at_the_same_time_lose_nothing(tmp_path):
    path = tmp_path / "shared.sqlite"
    Store(path)
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(2)  # both writers are ready before either saves
    times = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(path, who, 60, start, times)) for who in ("a", "b")]
    for p in procs:
        p.start()
    windows = [times.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    frame = Store(path).to_frame()
    assert len(frame) == 120 and frame["id"].is_unique
    assert sorted(frame["organisation"]) == sorted([f"{w}-{i}" for w in "ab" for i in range(60)])
    # the two saving loops really ran at the same time
    assert max(w[1] for w in windows) < min(w[2] for w in windows)


def test_a_file_that_is_not_a_store_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"my thesis notes, not a database" * 10)
    before = path.read_bytes()
    with pytest.raises(StoreDamagedError, match="not a socialbiz-kit store"):
        Store(path, lang="en")
    with pytest.raises(StoreDamagedError, match="keine Ergebnisdatei des Kits"):
        Store(path)
    assert path.read_bytes() == before


def test_another_sqlite_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreDamagedError, match="SQLite database but not a socialbiz-kit store"):
        Store(path, lang="en")
    assert path.read_bytes() == before


def test_a_damaged_store_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "results.sqlite"
    s = Store(path)
    for i in range(200):
        s.save({"planning_1": 3}, model=ALT, organisation=f"org {i}", note="x" * 200)
    raw = bytearray(path.read_bytes())
    raw[4096:12288] = b"\xff" * 8192   # overwrite database pages behind the header
    path.write_bytes(bytes(raw))
    before = path.read_bytes()
    with pytest.raises(StoreDamagedError, match="damaged|not a socialbiz-kit store"):
        Store(path, lang="en")
    assert path.read_bytes() == before


def test_export_round_trip_csv_and_xlsx(store, tmp_path):
    for org in ("lindner", "kraemer", "quellwerk"):
        store.save(sample_row(org), model=ALT, organisation=org, assessor="T")
    csv_path = store.export_csv(tmp_path / "export.csv", ALT)
    back = read_responses(csv_path, "altimeter")
    pd.testing.assert_frame_equal(back[list(ALT.item_ids)],
                                  store.answers(ALT)[list(ALT.item_ids)], check_names=False)
    np.testing.assert_array_equal(back[list(ALT.item_ids)].to_numpy(),
                                  load_dataset("sample_answers_altimeter").loc[["lindner", "kraemer", "quellwerk"],
                                                                               list(ALT.item_ids)].to_numpy())
    xlsx_path = store.export_xlsx(tmp_path / "export.xlsx", ALT)
    pd.testing.assert_frame_equal(read_responses(xlsx_path, "altimeter")[list(ALT.item_ids)], back[list(ALT.item_ids)])
    with pytest.raises(FileExistsError):
        store.export_csv(csv_path, ALT)


def test_default_path_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_path() == tmp_path / "xdg" / "socialbiz-kit" / "results.sqlite"
    s = Store()
    assert s.path == default_path() and s.path.exists()


EVIL = ['=HYPERLINK("x")', "+1", "-2", "@x", "\tTab", "\rCR", "'=schon geschützt", "'s-Hertogenbosch"]


def test_exports_neutralise_formulas_and_read_back_unchanged(tmp_path):
    import openpyxl

    from socialbiz_kit.responses import read_responses

    assert issubclass(StoreRefusedError, StoreError) and issubclass(StoreDamagedError, StoreError)
    store = Store(tmp_path / "r.sqlite")
    for i, text in enumerate(EVIL):
        store.save({"planning_1": i % 5}, model=ALT, organisation=text, assessor=EVIL[-1 - i], note=EVIL[i - 1])
    expected = store.answers(ALT)
    csv_path = store.export_csv(tmp_path / "out.csv", ALT)
    raw = csv_path.read_text(encoding="utf-8")
    assert ",\"'=HYPERLINK(\"\"x\"\")\"," in raw and ",'+1," in raw and ",'-2," in raw and ",'@x," in raw
    xlsx_path = store.export_xlsx(tmp_path / "out.xlsx", ALT)
    sheet = openpyxl.load_workbook(xlsx_path).active
    header = [c.value for c in sheet[1]]
    texts = [sheet.cell(row=r, column=header.index(col) + 1) for r in range(2, sheet.max_row + 1)
             for col in ("organisation", "assessor", "note")]
    assert all(c.data_type == "s" for c in texts)                 # never a live formula
    assert not any(str(c.value).startswith(("=", "+", "-", "@", "\t", "\r")) for c in texts)
    for path in (csv_path, xlsx_path):
        back = read_responses(path, ALT)
        for col in ("organisation", "assessor", "note", "model"):
            want = expected[col].tolist()
            if path.suffix == ".xlsx":  # XML itself turns a carriage return inside a text into a line feed
                want = [w.replace("\r", "\n") for w in want]
            assert back[col].tolist() == want, (path.suffix, col)
        assert back["planning_1"].tolist() == expected["planning_1"].tolist()
        assert back.index.tolist() == expected.index.tolist()


def test_the_widgets_csv_neutralises_formulas_too(tmp_path):
    from socialbiz_kit.responses import read_responses
    from socialbiz_kit.session import Session

    for text in EVIL:
        s = Session("altimeter", organisation=text, assessor=text)
        s.set_answer("planning_1", 2)
        raw = s.csv_bytes().decode("utf-8")
        assert f",{text}," not in raw or not text.startswith(("=", "+", "-", "@"))
        path = tmp_path / "a.csv"
        path.write_bytes(s.csv_bytes())
        back = read_responses(path, ALT)
        assert back["organisation"].iloc[0] == text.strip() and back["assessor"].iloc[0] == text.strip()


# ---------------------------------------------------------------- hostile input and crashes (issue 25)
_SPILL = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 2")   # the transaction spills pages into the file before it commits
conn.execute("BEGIN IMMEDIATE")
for i in range(200):
    conn.execute("INSERT INTO assessments (saved_at, assessor, organisation, model, model_version, answers, note)"
                 " VALUES ('t', 'a', 'half', 'altimeter', '1', '{}', ?)", ("x" * 2000,))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_writer_killed_mid_transaction_leaves_a_store_that_recovers(tmp_path):
    """Defect 1: the journal of a killed writer is rolled back by SQLite; the store is not "damaged"."""
    import subprocess
    import sys

    path = tmp_path / "results.sqlite"
    store = Store(path, lang="en")
    store.save({"planning_1": 3}, model=ALT, organisation="kept")
    done = subprocess.run([sys.executable, "-c", _SPILL, str(path)], check=False)
    assert done.returncode < 0                                     # killed, as planned
    assert (tmp_path / "results.sqlite-journal").stat().st_size > 0  # a hot journal is left behind
    assert len(store) == 1                                         # the open store reads on
    again = Store(path, lang="en")                                 # and a new one opens
    assert again.to_frame()["organisation"].tolist() == ["kept"]
    assert again.save({"planning_1": 1}, model=ALT, organisation="after") == 2


_LOOP = """
import sys
from socialbiz_kit.store import Store
store = Store(sys.argv[1])
for i in range(10_000):
    n = store.save({"planning_1": i % 5}, model="altimeter", organisation=f"o{i}", note="x" * (i % 7 * 900))
    print(n, flush=True)
"""


def test_kill_9_during_saves_loses_no_acknowledged_save(tmp_path):
    """Defect 1: a writer killed with SIGKILL at random points; every save it reported is kept and the
    store keeps saving. Bounded: a fixed number of kills, no timing."""
    import os
    import random
    import signal
    import subprocess
    import sys

    path = tmp_path / "results.sqlite"
    Store(path)
    rng = random.Random(25)
    acknowledged: set[int] = set()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, "-c", _LOOP, str(path)], stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None
        for _ in range(rng.randint(1, 15)):
            acknowledged.add(int(proc.stdout.readline()))
        for _ in range(rng.randint(0, 3000)):  # a little more work, so the kill falls anywhere in a save
            pass
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        store = Store(path)
        assert acknowledged <= set(store.to_frame()["id"])
    assert store.save({"planning_1": 2}, model=ALT, organisation="after") > max(acknowledged)


def test_a_foreign_database_with_a_journal_or_wal_is_left_untouched(tmp_path):
    """Defects 1 and 19: the first look at a file touches nothing: no -wal or -shm file appears."""
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreDamagedError, match="not a socialbiz-kit store"):
        Store(path, lang="en")
    assert sorted(p.name for p in tmp_path.iterdir()) == before == ["other.sqlite"]


def _create(path, start, out):
    start.wait()
    try:
        Store(path).save({"planning_1": 1}, model="altimeter", organisation="x")
        out.put("ok")
    except Exception as exc:  # reported to the test
        out.put(repr(exc))


def test_processes_creating_one_store_at_once_all_succeed(tmp_path):
    """Defect 6: no process sees a half-made store ("not an SQLite file")."""
    ctx = mp.get_context("spawn")
    for round_ in range(3):
        path = tmp_path / f"new{round_}.sqlite"
        start, out = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_create, args=(path, start, out)) for _ in range(4)]
        for p in procs:
            p.start()
        results = [out.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(60)
        assert results == ["ok"] * 4
        assert len(Store(path)) == 4
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_empty_file_left_by_a_crash_during_creation_becomes_a_store(tmp_path):
    """Defect 6: a 0-byte file (creation killed, disk full) is not refused forever."""
    path = tmp_path / "results.sqlite"
    path.touch()
    assert Store(path).save({"planning_1": 1}, model=ALT, organisation="x") == 1


def test_numpy_numbers_are_saved(store):
    """Defect 12: answers from numpy or pandas (int64, float32, NA) are accepted as their values."""
    store.save({"planning_1": np.int64(3), "planning_2": np.float32(2), "planning_3": np.float64("nan"),
                "planning_4": pd.NA, "planning_5": np.int8(0)}, model=ALT, organisation="x")
    back = store.to_frame(ALT).loc[0]
    assert back["planning_1"] == 3 and back["planning_2"] == 2 and back["planning_5"] == 0
    assert pd.isna(back["planning_3"]) and pd.isna(back["planning_4"])
    with pytest.raises(StoreRefusedError):
        store.save({"planning_1": np.bool_(True)}, model=ALT, organisation="x")


@pytest.mark.parametrize("pragma,match", [
    ("PRAGMA max_page_count = 1", "Datenträger ist voll"),   # SQLITE_FULL as on a full disk
    ("PRAGMA query_only = 1", "nicht öffnen oder schreiben|schreibgeschützt"),
])
def test_a_full_or_read_only_disk_gives_a_kit_error(store, monkeypatch, pragma, match):
    """Defect 7: sqlite3.OperationalError becomes a StoreError that says what is wrong, in German."""
    store.save({"planning_1": 1}, model=ALT, organisation="before")
    connect = Store._connect

    def limited(self, mode="rw"):
        conn = connect(self, mode)
        conn.execute(pragma)
        return conn

    monkeypatch.setattr(Store, "_connect", limited)
    with pytest.raises(StoreError, match=match):
        store.save({"planning_1": 2}, model=ALT, organisation="x" * 20000, note="y" * 20000)
    monkeypatch.undo()
    assert store.to_frame()["organisation"].tolist() == ["before"]


def test_a_store_in_a_read_only_place_gives_a_kit_error(tmp_path):
    """Defect 7: a store that cannot be created (the folder is a file) is a StoreError, not an OSError."""
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError):
        Store(tmp_path / "file" / "results.sqlite")


def test_a_fifo_as_store_is_refused_without_hanging(fifo):
    """Defect 8: a named pipe is refused before it is opened (opening it would wait for a writer)."""
    pipe = fifo("pipe.sqlite")
    with pytest.raises(StoreDamagedError):
        Store(pipe.path)
    assert not pipe.opened


def test_a_lone_surrogate_is_refused_and_nothing_is_written(store):
    """Defect 7: UnicodeEncodeError from sqlite3 becomes a StoreRefusedError naming the field."""
    with pytest.raises(StoreRefusedError, match="„organisation“"):
        store.save({"planning_1": 1}, model=ALT, organisation="M\udcfcller")
    assert len(store) == 0


def test_round_trips_keep_long_notes_and_leading_spaces_or_say_why_not(store, tmp_path):
    """Defect 14: a 200 KB note goes through CSV and back; " =1+1" keeps its space; XLSX refuses a text
    longer than a cell instead of cutting it."""
    store.save({"planning_1": 1}, model=ALT, organisation="X", assessor=" =1+1", note="n" * 200_000)
    back = read_responses(store.export_csv(tmp_path / "a.csv", ALT), ALT)
    assert back["assessor"].tolist() == [" =1+1"] and back["note"].tolist() == ["n" * 200_000]
    with pytest.raises(StoreError, match="eine Excel-Zelle fasst höchstens 32767"):
        store.export_xlsx(tmp_path / "a.xlsx", ALT)
    assert not (tmp_path / "a.xlsx").exists()


def test_history_finds_an_organisation_however_its_name_was_typed(store, tmp_path):
    """Saves of "Bäckerei Süd" typed in other letter case, with other spaces or on a Mac (NFD) are the same
    organisation's (classroom.same_case); the column keeps each save's own spelling. "Bäckerei Nord" is another."""
    import unicodedata
    import warnings

    from socialbiz_kit import classroom
    from socialbiz_kit.errors import CaseSpellingsWarning

    names = ["Bäckerei Süd", "bäckerei  süd", unicodedata.normalize("NFD", "Bäckerei Süd"), "Bäckerei Nord",
             "BÄCKEREI\u00a0SÜD"]
    for k, name in enumerate(names):
        store.save(sample_row("lindner"), model=ALT, organisation=name, assessor=f"P{k}")
    for asked in ("Bäckerei Süd", "  BÄCKEREI SÜD ", unicodedata.normalize("NFD", "bäckerei süd")):
        hist = store.history(asked, model=ALT)
        assert hist["id"].tolist() == [1, 2, 3, 5], asked
        assert hist["organisation"].tolist() == [names[0], names[1], names[2], names[4]]
    assert store.history("bäckerei nord")["id"].tolist() == [4] and store.history("Bäckerei").empty
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cls = classroom.from_store(store, ALT)
    assert sorted(cls.frame["organisation"].unique()) == ["Bäckerei Nord", "Bäckerei Süd"]
    assert cls.merged["spellings"].tolist() == [(names[0], names[1], names[2], names[4])]
    assert [w.category for w in caught] == [CaseSpellingsWarning]
