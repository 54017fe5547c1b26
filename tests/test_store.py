"""The results store: append-only, transactional across processes, refuses foreign or damaged files."""
import multiprocessing as mp
import sqlite3

import numpy as np
import pandas as pd
import pytest

from socialbiz_kit import load_model
from socialbiz_kit.datasets import load_dataset
from socialbiz_kit.responses import read_responses
from socialbiz_kit.store import Store, StoreError, default_path

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
    assert hist.loc[0, list(ALT.item_ids)].tolist() == sample_row("lindner").tolist()
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
    ({"plannig_1": 3}, "X", "not an item of model 'altimeter'"),
    ({"planning_1": 3}, "   ", "organisation's name is empty"),
])
def test_bad_saves_are_refused_and_nothing_is_written(store, answers, org, match):
    with pytest.raises(StoreError, match=match):
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
    with pytest.raises(StoreError, match="not a socialbiz-kit store"):
        Store(path)
    assert path.read_bytes() == before


def test_another_sqlite_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="SQLite database but not a socialbiz-kit store"):
        Store(path)
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
    with pytest.raises(StoreError, match="damaged|not a socialbiz-kit store"):
        Store(path)
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
