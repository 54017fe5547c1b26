"""Class mode: reading a class's downloads (folders, Moodle and ILIAS zips), the synthetic class, agreement."""
import inspect
import unicodedata
import warnings
import zipfile
from pathlib import PurePosixPath

import numpy as np
import pandas as pd
import pytest

from socialbiz_kit import classroom, load_model
from socialbiz_kit.errors import InputDataError, NotFoundError, SettingError
from socialbiz_kit.responses import answers_csv


@pytest.fixture(scope="module")
def klasse():
    return classroom.simulate_class("altimeter", seed=2026)


def test_the_bundled_example_is_what_the_function_makes(tmp_path, klasse):
    made = classroom.write_class_zip(klasse, tmp_path / "k.zip", "altimeter")
    with zipfile.ZipFile(made) as a, zipfile.ZipFile(classroom.example_path()) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name


def test_simulated_class_follows_its_model(klasse):
    model = load_model("altimeter")
    assert len(klasse) == 24 * 5 and klasse["rater"].nunique() == 24
    assert klasse.groupby("rater")["organisation"].nunique().eq(5).all()  # five different cases each
    assert klasse["organisation"].value_counts().eq(12).all()  # balanced
    values = klasse[list(model.item_ids)].to_numpy()
    assert set(np.unique(values[~np.isnan(values)])) <= {0, 1, 2, 3, 4}
    again = classroom.simulate_class("altimeter", seed=2026)
    pd.testing.assert_frame_equal(klasse, again)
    assert not klasse.equals(classroom.simulate_class("altimeter", seed=1))
    # without noise and leniency every rater gives the true answers
    exact = classroom.simulate_class("altimeter", seed=3, leniency=0, noise=0, missing=0)
    assert classroom.stage_distribution(exact, model)["modal_share"].eq(1).all()
    with pytest.raises(SettingError, match="cases_per_rater"):
        classroom.simulate_class("altimeter", seed=1, cases_per_rater=11)


def test_simulate_class_needs_the_model_like_cohort_simulate(klasse):
    """Issue 26: the model is required, as in cohort.simulate; a call without it still makes the altimeter class
    until 2027-06-30, with a DeprecationWarning at the caller's line."""
    assert inspect.signature(classroom.simulate_class).parameters["model"].default is inspect.Parameter.empty
    with pytest.warns(DeprecationWarning, match=r"simulate_class\(\) without model.*model='altimeter'.*2027-06-30") as caught:
        old = classroom.simulate_class(seed=2026)
    assert caught[0].filename == __file__
    pd.testing.assert_frame_equal(old, klasse)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classroom.simulate_class(model="cotc", seed=1, n_raters=2, cases_per_rater=1)


def test_read_class_from_the_moodle_zip_lists_foreign_and_broken_files():
    cls = classroom.read_class(classroom.example_path(), lang="en")
    frame, problems = cls  # unpacks
    assert list(frame.columns[:5]) == ["rater", "organisation", "model", "assessment", "file"]
    assert len(frame) == 120 and frame["rater"].nunique() == 24 and set(frame["model"]) == {"altimeter"}
    assert frame["rater"].iloc[0] == "Person 01"
    assert sorted(problems["file"]) == ["einschaetzung_kaputt.csv", "reflexion.pdf"]
    assert sorted(problems["rater"]) == ["Person 98", "Person 99"] and problems["path"].str.contains("/").all()
    text = " ".join(problems["problem"])
    assert "not an answer file (file type .pdf" in text and "'planning_1'" in text and "not on the answer scale" in text
    de = classroom.read_class(classroom.example_path(), lang="de").problems
    assert "keine Antwortdatei" in " ".join(de["problem"])


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_read_class_from_an_ilias_folder_at_any_depth(tmp_path, klasse):
    model = load_model("altimeter")
    root = tmp_path / "Übung 3 Einschätzungen"
    for k, (rater, part) in enumerate(klasse.groupby("rater", sort=True)):
        if k >= 3:
            break
        table = part.set_index("assessment")[["organisation"] + list(model.item_ids)]
        depth = "abgabe/" * k  # files at any depth below the student's folder
        _write(root / "Export" / f"{rater.replace(' ', '_')}_login{k}" / depth / "fall.csv", answers_csv(table, model))
    _write(root / "Export" / "Muster_Anna_login9" / "notizen.txt", "nur Notizen")
    frame, problems = classroom.read_class(root)
    assert sorted(frame["rater"].unique()) == ["Person_01_login0", "Person_02_login1", "Person_03_login2"]
    assert len(frame) == 15
    assert problems["path"].tolist() == ["Export/Muster_Anna_login9/notizen.txt"]
    assert problems["rater"].tolist() == ["Muster_Anna_login9"]


def test_read_class_from_a_flat_folder_uses_the_assessor_column_or_the_file_name(tmp_path, klasse):
    model = load_model("altimeter")
    part = klasse[klasse["rater"] == "Person 04"].set_index("assessment")
    _write(tmp_path / "anna.csv", answers_csv(part[["organisation"] + list(model.item_ids)], model))
    _write(tmp_path / "ben.csv", answers_csv(part.assign(assessor="Ben B.")[["organisation", "assessor"]
                                                                           + list(model.item_ids)], model))
    _write(tmp_path / "leer.csv", "")
    frame, problems = classroom.read_class(tmp_path)
    assert sorted(frame["rater"].unique()) == ["Ben B.", "anna"]
    assert problems["file"].tolist() == ["leer.csv"] and "leer" in problems["problem"].iloc[0]


def test_rater_from_path():
    assert classroom.rater_from_path(PurePosixPath("Anna Muster_123456_assignsubmission_file_/a/b.csv")) == "Anna Muster"
    assert classroom.rater_from_path(PurePosixPath("x.csv")) == "x"
    # Moodle's anonymous marking: every folder starts with "Participant", the number is the person
    assert classroom.rater_from_path(PurePosixPath("Participant_1234567_assignsubmission_file_/a.csv")) == \
        "Participant 1234567"
    assert classroom.rater_from_path(PurePosixPath("Teilnehmer_in_7654321_assignsubmission_file_/a.csv")) == \
        "Teilnehmer_in 7654321"
    assert classroom.rater_from_path(PurePosixPath("Ex/Muster_Anna/b.csv"), ("Ex",)) == "Muster_Anna"


def test_read_class_refuses_what_is_no_class(tmp_path):
    with pytest.raises(InputDataError, match="not found"):
        classroom.read_class(tmp_path / "missing")
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(InputDataError, match="neither a folder nor a zip"):
        classroom.read_class(tmp_path / "a.txt")
    frame, problems = classroom.read_class(tmp_path)  # a folder with nothing usable
    assert frame.empty and len(problems) == 1


def test_stage_distribution_and_agreement(klasse):
    dist = classroom.stage_distribution(klasse, "altimeter")
    stage_cols = list(range(0, 7))
    assert (dist[stage_cols].sum(axis=1) == dist["n"]).all() and dist["n"].eq(12).all()
    alpha = classroom.stage_agreement(klasse, "altimeter")
    assert set(alpha.index) == {"nominal", "ordinal", "interval"}
    assert 0.5 < alpha["ordinal"] <= 1
    exact = classroom.simulate_class("altimeter", seed=3, leniency=0, noise=0, missing=0)
    assert classroom.stage_agreement(exact, "altimeter")["ordinal"] == pytest.approx(1.0)
    louder = classroom.simulate_class("altimeter", seed=2026, noise=1.5, leniency=1.0)
    assert classroom.stage_agreement(louder, "altimeter")["ordinal"] < alpha["ordinal"]


def test_item_agreement_and_disagreements_find_the_ambiguous_statements(klasse):
    items = classroom.item_agreement(klasse, "altimeter")
    known = items["alpha"].notna()
    assert len(items) == len(load_model("altimeter").items) and items.loc[known, "alpha"].is_monotonic_increasing
    # a statement nobody answered twice for one case (the sample answers leave planning_3 at "weiß nicht") has no
    # alpha and comes first, where a lecturer looks
    assert known.sort_values().tolist() == known.tolist() and (items.loc[~known, "pairable"] < 2).all()
    assert items["statement"].str.len().gt(20).all()
    top = classroom.disagreements(klasse, "altimeter", top=3)
    assert top.groupby("organisation").size().eq(3).all()
    assert (top.groupby("organisation")["sd"].apply(lambda s: s.is_monotonic_decreasing)).all()
    # the statements with the lowest alpha are among those disagreed on most often
    often = top["item"].value_counts().index[:3]
    assert set(often) & set(items["item"].head(4))
    with pytest.raises(InputDataError, match="rater and organisation"):
        classroom.disagreements(klasse.drop(columns="rater"), "altimeter")


def test_from_store_names_the_rater_by_the_assessor(tmp_path, klasse):
    from socialbiz_kit.store import Store

    model = load_model("altimeter")
    st = Store(tmp_path / "klasse.sqlite")
    rows = klasse.head(6)
    for k, (_, row) in enumerate(rows.iterrows()):
        st.save(row[list(model.item_ids)], model=model, organisation=row["organisation"],
                assessor=row["rater"] if k != 5 else "")
    frame, problems = classroom.from_store(st, model, lang="en")
    assert len(frame) == 5 and len(problems) == 1 and "without the name" in problems["problem"].iloc[0]
    assert list(frame.columns[:5]) == ["rater", "organisation", "model", "assessment", "file"]
    np.testing.assert_array_equal(frame[list(model.item_ids)].to_numpy(), rows.head(5)[list(model.item_ids)].to_numpy())
    assert classroom.stage_distribution(frame, model)["n"].sum() == 5


# ---------------------------------------------------------------- hostile downloads (issue 25)
GOOD = b"assessment,organisation,planning_1\na,Muster GmbH,3\n"


def _patch(raw: bytes, name: str, field: str, value: int) -> bytes:
    """Set a member's general flags or compression method in its local header and central directory entry."""
    local, central = {"flags": (6, 8), "method": (8, 10)}[field]
    out = bytearray(raw)
    first, last = raw.find(name.encode()), raw.rfind(name.encode())
    out[first - 30 + local:first - 30 + local + 2] = value.to_bytes(2, "little")
    out[last - 46 + central:last - 46 + central + 2] = value.to_bytes(2, "little")
    return bytes(out)


def _hostile_zip(path):
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Anna_1_assignsubmission_file_/gut.csv", GOOD)
        zf.writestr("Ben_2_assignsubmission_file_/crc.csv", GOOD.replace(b"a,", b"b,"))
        zf.writestr("Carl_3_assignsubmission_file_/verschluesselt.csv", GOOD)
        zf.writestr("Dora_4_assignsubmission_file_/deflate64.csv", GOOD)
        zf.writestr("Emil_5_assignsubmission_file_/" + "x" * 296 + ".csv", GOOD)
        zf.writestr("Fay_6_assignsubmission_file_/gross.csv", b"assessment,planning_1\n" + b"a,3\n" * 1_600_000,
                    compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("Gil_7_assignsubmission_file_/gepackt.csv", b"assessment,planning_1\n" + b" " * 3_000_000 +
                    b"\na,3\n", compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("Hans_8_assignsubmission_file_/arbeit.pdf", b"%PDF" + b"\0" * 9_000_000,
                    compress_type=zipfile.ZIP_DEFLATED)
    raw = buf.getvalue()
    raw = raw.replace(b"b,Muster GmbH,3", b"b,Muster GmbH,4", 1)  # the stored bytes no longer match the CRC
    raw = _patch(raw, "Carl_3_assignsubmission_file_/verschluesselt.csv", "flags", 0x1)  # encrypted
    path.write_bytes(_patch(raw, "Dora_4_assignsubmission_file_/deflate64.csv", "method", 9))
    return path


def test_a_hostile_zip_imports_the_good_files_and_lists_the_others(tmp_path, monkeypatch):
    """Defects 5 and 19: members are read one by one, within limits, in memory (no temporary folder);
    a damaged, encrypted, deflate64, too large or too packed member is a listed problem."""
    import tempfile

    path = _hostile_zip(tmp_path / "klasse.zip")
    assert path.stat().st_size < 200_000

    def no_temporary(*args, **kwargs):
        raise AssertionError("a temporary folder was made")

    monkeypatch.setattr(tempfile, "mkdtemp", no_temporary)
    frame, problems = classroom.read_class(path, "altimeter", lang="en")
    assert sorted(frame["rater"]) == ["Anna", "Emil"]
    why = dict(zip(problems["rater"], problems["problem"]))
    assert set(why) == {"Ben", "Carl", "Dora", "Fay", "Gil", "Hans"}
    assert "cannot be unpacked" in why["Ben"] and "CRC" in why["Ben"]
    assert "encrypted" in why["Carl"] and "compression method 9" in why["Dora"]
    assert "too large" in why["Fay"] and "zip bomb" in why["Gil"] and "not an answer file" in why["Hans"]


def test_a_class_folder_reads_no_link_out_of_it_and_lists_odd_entries(tmp_path, fifo):
    """Defect 15: a link to a file outside the folder is not followed; links to pipes, loops are listed."""
    import os

    outside = tmp_path / "geheim.csv"
    outside.write_bytes(GOOD)
    folder = tmp_path / "klasse"
    (folder / "Anna").mkdir(parents=True)
    (folder / "Anna" / "a.csv").write_bytes(GOOD)
    (folder / "Ben").mkdir()
    (folder / "Ben" / "b.csv").symlink_to(outside)
    (folder / "Carl").mkdir()
    (folder / "Carl" / "c.csv").symlink_to(folder / "Carl" / "c.csv")          # a loop
    (folder / "Dora").mkdir()
    (folder / "Dora" / "d.csv").symlink_to(folder / "Anna" / "a.csv")        # inside: read
    pipe = fifo("klasse/Emil.csv")
    os.symlink(pipe.path, folder / "Fay.csv")
    frame, problems = classroom.read_class(folder, "altimeter", lang="en")
    assert sorted(frame["rater"]) == ["Anna", "Dora"]
    why = dict(zip(problems["rater"], problems["problem"]))
    assert "outside the folder" in why["Ben"] and "in a circle" in why["Carl"]
    assert "not a regular file" in why["Emil"] and "not a regular file" in why["Fay"]
    assert not pipe.opened


def test_a_pipe_as_class_source_is_refused_without_hanging(fifo):
    """Defect 8."""
    pipe = fifo("klasse.zip")
    with pytest.raises(InputDataError, match="neither a folder nor a zip file"):
        classroom.read_class(pipe.path, "altimeter")
    assert not pipe.opened


def test_cases_come_in_german_order():
    """Bäckerei before Bodensee (DIN 5007): umlauts sort as their base letters, in every table of cases."""
    from socialbiz_kit import ui

    k = classroom.simulate_class("altimeter", seed=2026)
    want = sorted(set(k["organisation"]), key=ui.sort_key)
    assert want.index("Bäckerei Sonnenkorn") < want.index("Bodensee Versicherung AG")
    assert list(classroom.stage_distribution(k, "altimeter").index) == want
    assert list(classroom.case_agreement(k, "altimeter")["organisation"]) == want
    assert list(dict.fromkeys(classroom.disagreements(k, "altimeter", top=2)["organisation"])) == want


def test_the_columns_can_have_other_names_as_in_pingouin(tmp_path, klasse):
    """raters= and targets= (pingouin's names) in every function that takes the class table; the defaults are
    read_class's columns, so a renamed table gives the same numbers under its own names."""
    other = klasse.rename(columns={"rater": "student", "organisation": "case"})
    names = {"raters": "student", "targets": "case"}
    back = {"case": "organisation"}
    dist = classroom.stage_distribution(other, "altimeter", **names)
    assert dist.index.name == "case"
    pd.testing.assert_frame_equal(dist.rename_axis("organisation"), classroom.stage_distribution(klasse, "altimeter"))
    pd.testing.assert_series_equal(classroom.stage_agreement(other, "altimeter", **names),
                                   classroom.stage_agreement(klasse, "altimeter"))
    pd.testing.assert_frame_equal(classroom.case_agreement(other, "altimeter", **names).rename(columns=back),
                                  classroom.case_agreement(klasse, "altimeter"))
    pd.testing.assert_frame_equal(classroom.item_agreement(other, "altimeter", **names),
                                  classroom.item_agreement(klasse, "altimeter"))
    pd.testing.assert_frame_equal(classroom.disagreements(other, "altimeter", **names).rename(columns=back),
                                  classroom.disagreements(klasse, "altimeter"))
    data = classroom.stage_data(other, "altimeter", **names)
    assert (data.index.name, data.columns.name) == ("student", "case")
    item = load_model("altimeter").item_ids[0]
    np.testing.assert_array_equal(classroom.reliability_data(other, "altimeter", values=item, **names).to_numpy(),
                                  classroom.reliability_data(klasse, "altimeter", values=item).to_numpy())
    a = classroom.write_class_zip(other, tmp_path / "a.zip", "altimeter", **names)
    b = classroom.write_class_zip(klasse, tmp_path / "b.zip", "altimeter")
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(InputDataError, match="student and case"):
        classroom.stage_distribution(klasse, "altimeter", **names)
    for func in (classroom.reliability_data, classroom.stage_data, classroom.stage_distribution, classroom.stage_agreement,
                 classroom.case_agreement, classroom.item_agreement, classroom.disagreements, classroom.write_class_zip):
        params = inspect.signature(func).parameters
        assert params["raters"].kind is params["raters"].KEYWORD_ONLY and params["raters"].default == "rater"
        assert params["targets"].kind is params["targets"].KEYWORD_ONLY and params["targets"].default == "organisation"


def test_reliability_data_and_stage_data_take_the_class_and_the_model(klasse):
    """Issue 26: the data first, then the model, then keyword-only options. reliability_data tabulates one
    statement's answers (values=<item id>), stage_data the stages; no flag picks between the two tables."""
    item = load_model("altimeter").item_ids[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        answers = classroom.reliability_data(klasse, "altimeter", values=item)
        stages = classroom.stage_data(klasse, "altimeter")
        assert classroom.reliability_data(klasse, model="altimeter", values=item).equals(answers)
    assert isinstance(answers, pd.DataFrame) and isinstance(stages, pd.DataFrame)
    assert (answers.index.name, answers.columns.name) == (stages.index.name, stages.columns.name) == ("rater", "organisation")
    row = klasse.drop_duplicates(["rater", "organisation"], keep="last").iloc[0]
    assert answers.loc[row["rater"], row["organisation"]] == row[item]
    for func in (classroom.reliability_data, classroom.stage_data):
        params = list(inspect.signature(func).parameters.values())
        assert [p.name for p in params[:2]] == ["frame", "model"] and params[1].default is params[1].empty
        assert all(p.kind is p.KEYWORD_ONLY for p in params[2:])
    assert inspect.signature(classroom.reliability_data).parameters["values"].default is inspect.Parameter.empty
    with pytest.raises(NotFoundError, match="no statement 'no_such_item'"):
        classroom.reliability_data(klasse, "altimeter", values="no_such_item")
    with pytest.raises(InputDataError, match="no answers to model cotc"):
        classroom.stage_data(klasse, "cotc")


def test_the_old_spellings_of_reliability_data_still_work_with_a_warning(klasse):
    """Until 2027-06-30: the item id second and the model third (or none), values="stage" and stages=True (with
    threshold= and rule=) for the stages; each warns at the caller's line and gives the same table as before."""
    item = load_model("altimeter").item_ids[0]
    answers = classroom.reliability_data(klasse, "altimeter", values=item)
    stages = classroom.stage_data(klasse, "altimeter")
    old_items = [lambda: classroom.reliability_data(klasse, item, "altimeter"),
                 lambda: classroom.reliability_data(klasse, item),
                 lambda: classroom.reliability_data(klasse, values=item),
                 lambda: classroom.reliability_data(klasse, item, model="altimeter")]
    for call in old_items:
        with pytest.warns(DeprecationWarning, match=r"reliability_data\(frame, model, values=item\).*2027-06-30") as caught:
            pd.testing.assert_frame_equal(call(), answers)
        assert caught[0].filename == __file__
    old_stages = [lambda: classroom.reliability_data(klasse, "stage", "altimeter"),
                  lambda: classroom.reliability_data(klasse, values="stage", model="altimeter"),
                  lambda: classroom.reliability_data(klasse, model="altimeter", stages=True),
                  lambda: classroom.reliability_data(klasse, None, "altimeter", stages=True)]
    for call in old_stages:
        with pytest.warns(DeprecationWarning, match=r"stage_data\(frame, model\).*2027-06-30") as caught:
            pd.testing.assert_frame_equal(call(), stages)
        assert caught[0].filename == __file__
    with pytest.warns(DeprecationWarning, match="stage_data"):
        strict = classroom.reliability_data(klasse, model="altimeter", stages=True, threshold=0.9, rule="gated")
    pd.testing.assert_frame_equal(strict, classroom.stage_data(klasse, "altimeter", threshold=0.9, rule="gated"))
    with pytest.warns(DeprecationWarning), pytest.raises(SettingError, match="stage_data"):
        classroom.reliability_data(klasse, item, "altimeter", stages=True)
    with pytest.warns(DeprecationWarning), pytest.raises(SettingError, match="need the model"):
        classroom.reliability_data(klasse, stages=True)
    with pytest.warns(DeprecationWarning), pytest.raises(NotFoundError, match="no column"):
        classroom.reliability_data(klasse, values="no_such_item")
    with pytest.warns(DeprecationWarning), pytest.raises(NotFoundError, match="no column"):
        classroom.reliability_data(klasse)


def test_the_old_import_paths_still_work():
    from socialbiz_kit import classroom_display, classroom_files, classroom_simulation
    from socialbiz_kit.classroom import ClassAssessments, plot_item_agreement, simulate_class, write_class_zip

    assert simulate_class is classroom_simulation.simulate_class and write_class_zip is classroom_simulation.write_class_zip
    assert ClassAssessments is classroom_files.ClassAssessments and plot_item_agreement is classroom_display.plot_item_agreement


def _two_assessments_zip(path, *, draft_date="", final_date=""):
    """A Moodle zip where Anna handed in a draft and a final file of the same case: the draft answers planning_1 and
    planning_2, the final one leaves planning_1 empty (she was not sure any more). Bert handed in one file."""
    head = "assessment,organisation,date,planning_1,planning_2\n"
    folder = "Anna_11_assignsubmission_file_/"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(folder + "a_entwurf.csv", head + f"e1,Tafel,{draft_date},4,4\n")
        zf.writestr(folder + "b_final.csv", head + f"f1,Tafel,{final_date},,1\n")
        zf.writestr("Bert_12_assignsubmission_file_/x.csv", head + "b1,Tafel,,2,2\n")
    return path


def test_two_assessments_of_one_case_by_one_student_are_never_mixed(tmp_path):
    """Issue: the class pivot took the last answer per statement, so the draft's answer filled the final file's
    gap. Now the later assessment counts whole (the later file in the zip: no dates) and the draft is named."""
    cls = classroom.read_class(_two_assessments_zip(tmp_path / "k.zip"), "altimeter")
    anna = cls.frame[cls.frame["rater"] == "Anna"]
    assert anna["assessment"].tolist() == ["f1"] and pd.isna(anna["planning_1"].iloc[0])
    assert anna["planning_2"].iloc[0] == 1
    data = classroom.reliability_data(cls.frame, "altimeter", values="planning_1")
    assert pd.isna(data.loc["Anna", "Tafel"])  # not the draft's 4
    aside = cls.set_aside
    assert aside[["rater", "organisation", "assessment", "file", "kept"]].values.tolist() == [
        ["Anna", "Tafel", "e1", "Anna_11_assignsubmission_file_/a_entwurf.csv",
         "Anna_11_assignsubmission_file_/b_final.csv"]]
    assert "beiseitegelegt" in aside["problem"].iloc[0] and "b_final.csv" in aside["problem"].iloc[0]
    frame, problems = cls  # still two things to unpack
    assert problems.empty


def test_the_later_date_decides_before_the_order_of_the_files(tmp_path):
    zpath = _two_assessments_zip(tmp_path / "k.zip", draft_date="2026-05-20", final_date="2026-05-02")
    cls = classroom.read_class(zpath, "altimeter", lang="en")
    assert cls.frame.loc[cls.frame["rater"] == "Anna", "assessment"].tolist() == ["e1"]
    assert cls.set_aside["assessment"].tolist() == ["f1"]
    assert "2026-05-20" in cls.set_aside["problem"].iloc[0] and "set aside" in cls.set_aside["problem"].iloc[0]
    # a date that is no real day does not count: the order decides
    zpath = _two_assessments_zip(tmp_path / "m.zip", draft_date="2026-05-20", final_date="2026-02-30")
    assert classroom.read_class(zpath, "altimeter").set_aside["assessment"].tolist() == ["e1"]


def test_a_class_table_with_two_assessments_counts_the_later_one_whole(klasse):
    model = load_model("altimeter")
    one = klasse.iloc[[0]].copy()
    draft = one.copy()
    draft[list(model.item_ids)] = 4.0
    one[model.item_ids[0]] = np.nan
    twice = pd.concat([draft, one, klasse.iloc[1:]], ignore_index=True)
    rater, case = one["rater"].iloc[0], one["organisation"].iloc[0]
    assert pd.isna(classroom.reliability_data(twice, model, values=model.item_ids[0]).loc[rater, case])
    pd.testing.assert_frame_equal(classroom.stage_distribution(twice, model),
                                  classroom.stage_distribution(pd.concat([one, klasse.iloc[1:]]), model))
    pd.testing.assert_frame_equal(classroom.case_agreement(twice, model), classroom.case_agreement(klasse.iloc[1:].pipe(
        lambda rest: pd.concat([one, rest])), model))


# ------------------------------------------------------------------ one case, however its name is typed
NFD_SUED = unicodedata.normalize("NFD", "Bäckerei Süd")
SPELLINGS = ["Bäckerei Süd", "bäckerei süd", NFD_SUED + " ", "Bäckerei\u00a0 Süd", "  BÄCKEREI\tSÜD"]


def _spellings_zip(path):
    """A Moodle zip where five students name one case five ways (case, spaces, a no-break space, NFD as a Mac types
    it), Anna hands in "Tafel" in a draft and "TAFEL " in the final file, "Gärtnerei Straße" comes as "GÄRTNEREI
    STRAẞE" too (one case) and as "Gärtnerei Strasse" (another: the rule lowers, it does not fold ß into ss)."""
    head = "assessment,organisation,planning_1,planning_2,presence_1\n"
    with zipfile.ZipFile(path, "w") as zf:
        for k, (rater, name) in enumerate(zip(["Anna", "Bert", "Cara", "Dora", "Emil"], SPELLINGS)):
            folder = f"{rater}_{k + 11}_assignsubmission_file_/"
            body = f'a{k},"{name}",{k % 5},{(k + 1) % 5},{(k * 3) % 5}\n'
            if rater == "Anna":
                body += "t0,Tafel,4,4,4\ng0,Gärtnerei Straße,1,2,3\n"
            if rater == "Bert":
                body += "g1,GÄRTNEREI STRAẞE,2,2,2\ng2,Gärtnerei Strasse,3,3,3\nt1,tafel,0,1,2\n"
            zf.writestr(folder + "a.csv", head + body)
        zf.writestr("Anna_11_assignsubmission_file_/b_final.csv", head + "t9,TAFEL ,,1,1\n")
    return path


def test_case_key_is_nfc_collapsed_white_space_and_lower_case():
    from socialbiz_kit.classroom import case_key, same_case

    assert {case_key(s) for s in SPELLINGS} == {"bäckerei süd"}
    assert same_case("STRAẞE", "straße") and not same_case("Straße", "Strasse")  # lower(), not casefold()
    assert not same_case("Bäckerei Süd", "Baeckerei Sued") and not same_case("Bäckerei Süd", "BäckereiSüd")
    assert case_key("\ufeffA\x1c\x85b\u3000") == "a b"  # the white space of Python and of JavaScript alike


def test_read_class_counts_one_case_however_typed_and_names_the_spellings(tmp_path):
    with pytest.warns(UserWarning) as caught:
        cls = classroom.read_class(_spellings_zip(tmp_path / "k.zip"), "altimeter", lang="en")
    assert sorted(cls.frame["organisation"].unique()) == ["Bäckerei Süd", "Gärtnerei Strasse", "Gärtnerei Straße", "Tafel"]
    merged = cls.merged.set_index("organisation")
    assert merged.loc["Bäckerei Süd", "spellings"] == tuple(SPELLINGS)  # in the order first read
    assert merged.loc["Tafel", "spellings"] == ("Tafel", "TAFEL ", "tafel")  # Anna's two files, then Bert's
    assert merged.loc["Gärtnerei Straße", "spellings"] == ("Gärtnerei Straße", "GÄRTNEREI STRAẞE")
    assert "comes in 5 spellings" in merged.loc["Bäckerei Süd", "note"] and len(merged) == 3
    assert sorted(str(w.message) for w in caught) == sorted(merged["note"])
    # Anna's draft "Tafel" and her final "TAFEL " are one case: the final one counts, the draft is set aside
    assert cls.set_aside[["rater", "organisation", "assessment"]].values.tolist() == [["Anna", "Tafel", "t0"]]
    dist = classroom.stage_distribution(cls.frame, "altimeter")
    assert dist.loc["Bäckerei Süd", "n"] == 5 and dist.loc["Tafel", "n"] == 2 and len(dist) == 4
    assert classroom.stage_data(cls.frame, "altimeter").shape == (5, 4)
    with zipfile.ZipFile(tmp_path / "k.zip") as zf:
        assert any(NFD_SUED in zf.read(n).decode() for n in zf.namelist())


def same_figures(respelled, plain, match):
    """Every class figure of ``respelled`` (names typed several ways) is that of ``plain``, and a warning says so."""
    from socialbiz_kit.errors import CaseSpellingsWarning

    for func in (classroom.stage_distribution, classroom.stage_agreement, classroom.case_agreement,
                 classroom.disagreements, classroom.item_agreement, classroom.stage_data):
        with pytest.warns(CaseSpellingsWarning, match=match):
            got = func(respelled, "altimeter")
        want = func(plain, "altimeter")
        if isinstance(got, pd.Series):
            pd.testing.assert_series_equal(got, want)
        else:
            pd.testing.assert_frame_equal(got, want)


def test_every_figure_counts_respelled_names_as_one_case_and_says_so(klasse):
    from socialbiz_kit.errors import CaseSpellingsWarning

    rng = np.random.default_rng(5)
    forms = [str.upper, str.lower, lambda s: unicodedata.normalize("NFD", s), lambda s: f"  {s}\u00a0",
             lambda s: s.replace(" ", "  ")]
    first = ~klasse.duplicated("organisation")
    respelled = klasse.assign(organisation=[name if keep else forms[rng.integers(len(forms))](name)
                                            for name, keep in zip(klasse["organisation"], first)])
    assert respelled["organisation"].nunique() > klasse["organisation"].nunique()
    same_figures(respelled, klasse, "kommt in .* Schreibweisen vor")
    with warnings.catch_warnings():
        warnings.simplefilter("error", CaseSpellingsWarning)  # one spelling each: nothing to say
        classroom.stage_distribution(klasse, "altimeter")
