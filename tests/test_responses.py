"""Answer files: every accepted format reads the same; every bad file gets one clear error."""
import contextlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialbiz_kit import load_model
from socialbiz_kit.cli import main
from socialbiz_kit.datasets import data_path
from socialbiz_kit.errors import AnswerFileError
from socialbiz_kit.responses import read_responses, to_long, validate_responses, write_responses

ALT = load_model("altimeter")
SAMPLE = data_path("sample_answers_altimeter.csv")


@pytest.fixture(scope="module")
def sample():
    return read_responses(SAMPLE, "altimeter")


def header(items=ALT.item_ids[:3]):
    return "assessment," + ",".join(items)


# ------------------------------------------------------------------ formats that must work
def test_sample_reads_as_wide_answers(sample):
    assert sample.index.name == "assessment" and len(sample) == 10
    assert list(sample.columns) == ["organisation", *ALT.item_ids]
    assert sample.loc["kraemer", ["presence_2", "presence_3", "presence_4"]].isna().all()
    assert sample[list(ALT.item_ids)].dtypes.eq(float).all()


@pytest.mark.parametrize(
    "sep,encoding",
    [(",", "utf-8"), (";", "utf-8"), (";", "utf-8-sig"), (";", "cp1252"), (",", "cp1252")],
)
def test_csv_dialects_read_the_same(tmp_path, sample, sep, encoding):
    path = tmp_path / "answers.csv"
    sample.reset_index().to_csv(path, sep=sep, encoding=encoding, index=False)
    again = read_responses(path, "altimeter")
    pd.testing.assert_frame_equal(again, sample)
    assert again.loc["sonnenkorn", "organisation"] == "Bäckerei Sonnenkorn"


def test_xlsx_reads_the_same(tmp_path, sample):
    path = tmp_path / "answers.xlsx"
    sample.reset_index().to_excel(path, index=False)
    pd.testing.assert_frame_equal(read_responses(path, "altimeter"), sample)


def test_long_layout_reads_the_same(tmp_path, sample):
    path = tmp_path / "long.csv"
    to_long(sample, ALT).to_csv(path, index=False)
    again = read_responses(path, "altimeter")
    pd.testing.assert_frame_equal(again, sample[list(ALT.item_ids)])


def test_write_then_read_round_trip_and_no_silent_overwrite(tmp_path, sample):
    path = write_responses(sample, tmp_path / "saved.csv", ALT)
    pd.testing.assert_frame_equal(read_responses(path, "altimeter"), sample)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        write_responses(sample.iloc[:1], path, ALT)
    assert len(read_responses(path, "altimeter")) == 10   # untouched
    write_responses(sample.iloc[:1], path, ALT, overwrite=True)
    assert len(read_responses(path, "altimeter")) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["saved.csv"]  # no temporary file left behind


def test_model_is_guessed_from_the_item_ids():
    cotc = read_responses(data_path("sample_answers_cotc.csv"))
    assert "fully_engaged_strategy" in cotc.columns


def test_blank_cells_are_unanswered_and_decimal_comma_is_accepted(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f"{header()}\nx,4,,\"3,0\"\n", encoding="utf-8")
    r = read_responses(path, "altimeter")
    assert r.loc["x", "planning_1"] == 4 and np.isnan(r.loc["x", "planning_2"]) and r.loc["x", "planning_3"] == 3


# ------------------------------------------------------------------ bad files: one clear error each
BAD = [
    # name, file name, bytes or text, (row, column) expected, words expected (de), words expected (en)
    ("empty file", "a.csv", "", (None, None), "die Datei ist leer", "the file is empty"),
    ("only blank lines", "a.csv", "\n\n  \n", (None, None), "die Datei ist leer", "the file is empty"),
    ("header only", "a.csv", header() + "\n", (None, None), "nur eine Kopfzeile", "holds a header but no answers"),
    ("binary file", "a.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", (None, None), "keine Tabelle", "not a table"),
    ("prose, not a table", "a.csv", "Liebe Studierende,\nhier kommen meine Antworten.\n", (None, None),
     "keine Tabelle", "not a table"),
    ("no assessment column", "a.csv", "id,planning_1\nx,3\n", (None, None), "Spalte „assessment“", "column 'assessment'"),
    ("unknown item id", "a.csv", "assessment,planing_1\nx,3\n", (None, "planing_1"),
     "unbekannte Spalte", "unknown column"),
    ("answer out of range", "a.csv", f"{header()}\nx,4,3,2\ny,4,7,2\n", (3, "planning_2"),
     "7 liegt nicht auf der Antwortskala", "7 is not on the answer scale"),
    ("negative answer", "a.csv", f"{header()}\nx,-1,3,2\n", (2, "planning_1"), "Antwortskala", "answer scale"),
    ("fractional answer", "a.csv", f"{header()}\nx,2.5,3,2\n", (2, "planning_1"), "Antwortskala", "answer scale"),
    ("answer not a number", "a.csv", f"{header()}\nx,4,viel,2\n", (2, "planning_2"),
     "„viel“ ist keine Zahl", "'viel' is not a number"),
    ("duplicate assessment", "a.csv", f"{header()}\nx,4,3,2\ny,1,1,1\nx,0,0,0\n", (4, "assessment"),
     "„x“ kommt doppelt vor (zuerst in Zeile 2)", "'x' appears twice (first in row 2)"),
    ("empty assessment id", "a.csv", f"{header()}\n,4,3,2\n", (2, "assessment"), "Kennung", "id"),
    ("file of another model", "a.csv", "assessment,experimental_strategy,operational_strategy\nx,4,3\n", (None, None),
     "Antworten zum Modell cotc, nicht zu altimeter", "answers to model cotc, not to altimeter"),
    ("duplicate column", "a.csv", "assessment,planning_1,planning_1\nx,4,3\n", (None, "planning_1"),
     "doppelt", "twice"),
    ("model column disagrees", "a.csv", "assessment,model,planning_1\nx,cotc,4\n", (2, "model"),
     "„cotc“", "'cotc'"),
    ("ragged row", "a.csv", f"{header()}\nx,4,3,2,1,0\n", (2, None), "keine Tabelle", "not a table"),
    ("long: unknown item", "a.csv", "assessment,item,answer\nx,planning_1,4\nx,plannig_2,3\n", (3, "item"),
     "unbekannte Aussage „plannig_2“", "unknown item 'plannig_2'"),
    ("long: answered twice", "a.csv", "assessment,item,answer\nx,planning_1,4\nx,planning_1,3\n", (3, "item"),
     "doppelt beantwortet (zuerst in Zeile 2)", "answered twice for 'x' (first in row 2)"),
    ("long: answer off the scale", "a.csv", "assessment,item,answer\nx,planning_1,9\n", (2, "answer"),
     "Antwortskala", "answer scale"),
    ("damaged xlsx", "a.xlsx", b"PK\x03\x04 this is not really a workbook", (None, None),
     "Excel-Datei", "Excel file"),
]


@pytest.mark.parametrize("name,fname,content,where,de,en", BAD, ids=[b[0] for b in BAD])
def test_bad_file_gets_one_clear_error(tmp_path, name, fname, content, where, de, en):
    path = tmp_path / fname
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for lang, words in (("de", de), ("en", en)):
        with pytest.raises(AnswerFileError) as err:
            read_responses(path, "altimeter", lang=lang)
        msg = str(err.value)
        assert msg.startswith(fname), msg
        assert words in msg, msg
        assert (err.value.row, err.value.column) == where, msg
        if where[0] is not None:
            assert (f"Zeile {where[0]}" if lang == "de" else f"row {where[0]}") in msg
        assert "Traceback" not in msg and "\n" not in msg


@pytest.mark.parametrize("name,fname,content,where,de,en", BAD, ids=[b[0] for b in BAD])
def test_bad_file_through_the_command(tmp_path, capsys, name, fname, content, where, de, en):
    path = tmp_path / fname
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code = main(["score", str(path), "--model", "altimeter", "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"socialbiz: {fname}") and en in err


def test_missing_file(tmp_path):
    with pytest.raises(AnswerFileError, match="nope.csv: Datei nicht gefunden"):
        read_responses(tmp_path / "nope.csv", "altimeter")


def test_validate_responses_on_a_dataframe():
    frame = pd.DataFrame({"assessment": ["a"], "planning_1": [9]})
    with pytest.raises(AnswerFileError, match="<table>, row 2, column 'planning_1'"):
        validate_responses(frame, "altimeter", lang="en")


# ------------------------------------------------------------------ hostile input (issue 25)
@pytest.mark.parametrize("text,row,words", [
    ("assessment,planning_1,planning_2\na;3;4\nb;2;1\n", 2, "Kopfzeile trennt die Spalten mit „,“, diese Zeile mit „;“;"),
    ("assessment;planning_1;planning_2\na;3;4\nb,2,1\n", 3, "diese Zeile mit „,“;"),
    ("assessment,planning_1\na,3\nb\t2\n", 3, "diese Zeile mit Tabulator;"),
])
def test_mixed_separators_are_an_error_naming_the_row(tmp_path, text, row, words):
    """Defect 9: not one assessment with 0 % answered, but an error that names the row."""
    f = tmp_path / "mixed.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(AnswerFileError, match=words) as err:
        read_responses(f, ALT)
    assert err.value.row == row and f"Zeile {row}:" in str(err.value)
    assert main(["score", str(f), "--model", "altimeter"]) == 2


def test_a_row_of_one_cell_without_another_separator_is_still_read(tmp_path):
    f = tmp_path / "short.csv"
    f.write_text("assessment;planning_1;note\na;3;Muster, Beispiel\nb\n", encoding="utf-8")
    back = read_responses(f, ALT)
    assert back.index.tolist() == ["a", "b"] and back.loc["a", "note"] == "Muster, Beispiel"


def test_rows_are_counted_as_a_spreadsheet_shows_them(tmp_path):
    """Defect 17: a quoted cell over several lines is one row; the message names the spreadsheet row."""
    f = tmp_path / "multi.csv"
    f.write_text('assessment,planning_1,note\na,3,"eins\nzwei\ndrei\nvier"\nb,9,x\n', encoding="utf-8")
    with pytest.raises(AnswerFileError) as err:
        read_responses(f, ALT)
    assert err.value.row == 3 and "Zeile 3" in str(err.value)


# ------------------------------------------------------------------ XLSX within bounds (issue 25, defect 4)
def _xlsx(path, rows=(("assessment", "planning_1"), ("a", 3), ("b", 2)), sheet=None, shared=None):
    """A real workbook from openpyxl, with its sheet or shared-strings part replaced when given."""
    import io
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    buf = io.BytesIO()
    book.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml" and sheet is not None:
                data = sheet.encode("utf-8")
            out.writestr(info.filename, data)
        if shared is not None:
            out.writestr("xl/sharedStrings.xml", shared.encode("utf-8"))
    return path


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _sheet(rows_xml, dimension="A1:B3"):
    return f'<worksheet {_NS}><dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'


_TABLE = ('<row r="1"><c r="A1" t="inlineStr"><is><t>assessment</t></is></c>'
          '<c r="B1" t="inlineStr"><is><t>planning_1</t></is></c></row>'
          '<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="B2"><v>3</v></c></row>')


def _read_in_child(path, queue):
    try:
        queue.put(("ok", read_responses(path, ALT)["planning_1"].tolist()))
    except AnswerFileError as exc:
        queue.put(("refused", str(exc)))


def _read_bounded(path):
    """Read in a child process, so that a regression shows as a failure rather than a test run that hangs."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_read_in_child, args=(path, queue))
    child.start()
    try:
        return queue.get(timeout=120)
    finally:
        child.kill()
        child.join()


def test_a_declared_giant_dimension_is_not_filled_in(tmp_path):
    """A 2 KB file declaring A1:XFD1048576, with a value in the last row, reads as the rows it holds."""
    last = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>z</t></is></c></row>'
    path = _xlsx(tmp_path / "dim.xlsx", sheet=_sheet(_TABLE + last, "A1:XFD1048576"))
    assert path.stat().st_size < 10_000
    kind, values = _read_bounded(path)
    assert kind == "ok" and values[0] == 3.0 and np.isnan(values[1])


def test_a_row_numbered_beyond_any_sheet_is_refused(tmp_path):
    far = _TABLE + '<row r="100000000000000000000"><c r="A5" t="inlineStr"><is><t>b</t></is></c></row>'
    kind, message = _read_bounded(_xlsx(tmp_path / "far.xlsx", sheet=_sheet(far)))
    assert kind == "refused" and "außerhalb jeder Tabelle" in message and "Zeile 100000000000000000000" in message


@pytest.mark.parametrize("part", ["sheet", "shared"])
def test_a_part_that_unpacks_to_too_much_is_refused_before_reading(tmp_path, part):
    """A sheet or shared-strings bomb (small zip, huge XML) is refused by its declared size."""
    filler = "<si><t>x</t></si>" * 1_300_000 if part == "shared" else '<row r="9"/>' * 1_800_000
    kwargs = ({"shared": f'<sst {_NS} count="1">{filler}</sst>'} if part == "shared"
              else {"sheet": _sheet(_TABLE + filler)})
    path = _xlsx(tmp_path / "bomb.xlsx", **kwargs)
    assert path.stat().st_size < 300_000
    with pytest.raises(AnswerFileError, match="entpackt zu groß"):
        read_responses(path, ALT)


def test_a_shared_string_that_does_not_exist_is_a_damaged_file(tmp_path):
    """Defect 7: an IndexError inside openpyxl becomes the kit's message for a damaged workbook."""
    sheet = _sheet(_TABLE.replace('<c r="A2" t="inlineStr"><is><t>a</t></is></c>', '<c r="A2" t="s"><v>99</v></c>'))
    path = _xlsx(tmp_path / "sst.xlsx", sheet=sheet, shared=f'<sst {_NS} count="1"><si><t>a</t></si></sst>')
    with pytest.raises(AnswerFileError, match="sst.xlsx: .*XLSX"):
        read_responses(path, ALT, lang="en")


def test_too_many_cells_are_refused(tmp_path, monkeypatch):
    from socialbiz_kit import _xlsx as bounds

    monkeypatch.setattr(bounds, "MAX_CELLS", 5)
    rows = [("assessment", "planning_1")] + [(f"a{i}", 1) for i in range(5)]
    with pytest.raises(AnswerFileError, match="mehr als 5 gefüllte Zellen"):
        read_responses(_xlsx(tmp_path / "many.xlsx", rows=rows), ALT)


def test_a_far_cell_is_named_by_its_own_row(tmp_path):
    """Defect 17: a value right of the table in row 40 is reported as row 40 (not as the 3rd row read)."""
    far = _TABLE + '<row r="40"><c r="XFD40" t="inlineStr"><is><t>x</t></is></c></row>'
    with pytest.raises(AnswerFileError) as err:
        read_responses(_xlsx(tmp_path / "far.xlsx", sheet=_sheet(far)), ALT)
    assert err.value.row == 40


@pytest.mark.parametrize("value", ["0_4", "٤", "４", "1e0", "4 4"])
def test_only_plain_digits_are_answers(tmp_path, value):
    """Defect 19: float() reads "0_4", Arabic-Indic and full-width digits as 4; an answer file does not."""
    f = tmp_path / "a.csv"
    f.write_text(f"assessment,planning_1\na,{value}\n", encoding="utf-8")
    with pytest.raises(AnswerFileError, match="Zeile 2"):
        read_responses(f, ALT)


def test_cr_only_line_ends_are_read(tmp_path):
    """Defect 19: a file from a classic Mac (CR alone) is not "an unclosed quote"."""
    f = tmp_path / "mac.csv"
    f.write_bytes(b"assessment,planning_1\ra,3\rb,2\r")
    assert read_responses(f, ALT)["planning_1"].tolist() == [3.0, 2.0]


# ------------------------------------------------------------------ properties (hostile input, bounded)
_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=40).filter(
    lambda t: t.strip() != "")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.one_of(st.binary(max_size=3000), st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b)),
       name=st.sampled_from(["x.csv", "x.xlsx"]))
def test_any_bytes_give_answers_or_the_kits_error(raw, name):
    """Whatever the bytes, the reader returns answers or raises its own error (never IndexError, ...)."""
    with contextlib.suppress(AnswerFileError):
        read_responses(name, ALT, content=raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisation=_TEXT, note=_TEXT, answer=st.sampled_from([0, 1, 2, 3, 4, None]))
def test_any_text_goes_through_a_csv_file_and_back_unchanged(organisation, note, answer):
    """Defects 3 and 14: formula protection, quotes, separators, CR and spaces survive the kit's own CSV."""
    from socialbiz_kit.responses import answers_csv

    frame = pd.DataFrame({"organisation": [organisation], "note": [note], "planning_1": [answer]},
                         index=pd.Index(["a"], name="assessment")).astype({"planning_1": float})
    text = answers_csv(frame, ALT)
    import csv
    import io

    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells), cells
    back = read_responses("x.csv", ALT, content=text.encode("utf-8"))
    assert back["organisation"].tolist() == [organisation] and back["note"].tolist() == [note]
    assert back["planning_1"].isna().all() if answer is None else back["planning_1"].tolist() == [answer]


def test_the_old_name_of_the_error_still_works_with_a_warning():
    from socialbiz_kit import responses

    with pytest.warns(DeprecationWarning, match="AnswerFileError.*2027-06-30"):
        assert responses.ResponseError is AnswerFileError
    assert "ResponseError" not in responses.__all__


# ------------------------------------------------------------------ answers of an earlier version of the statements
def _versioned(versions, layout="wide"):
    answers = read_responses(SAMPLE, "altimeter").iloc[:len(versions)].copy()
    answers.insert(0, "model", "altimeter")
    answers.insert(1, "model_version", versions)
    if layout == "long":
        long = to_long(answers[list(ALT.item_ids)], ALT).merge(answers[["model_version"]].reset_index(), on="assessment")
        return long.to_csv(index=False).encode(), answers
    from socialbiz_kit.responses import answers_csv
    return answers_csv(answers, ALT).encode(), answers


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_answers_to_statements_changed_since_an_earlier_version_are_not_taken_over(layout):
    from socialbiz_kit.errors import OlderAnswersWarning

    content, original = _versioned(["3.0", ALT.version, "3.0", ""], layout)
    changed = list(ALT.changed_since("3.0"))
    assert ALT.version != "3.0" and 0 < len(changed) < len(ALT.item_ids)
    with pytest.warns(OlderAnswersWarning) as caught:
        got = read_responses("alt.csv", "altimeter", content=content)
    older = [v == "3.0" for v in original["model_version"]]
    kept = [i for i in ALT.item_ids if i not in changed]
    np.testing.assert_array_equal(got[kept].to_numpy(), original[kept].to_numpy())     # every other answer counts
    assert got.loc[older, changed].isna().all().all()                                  # changed: not answered
    assert got.loc[[not o for o in older], changed].equals(original.loc[[not o for o in older], changed])
    assert (got.loc[older, "model_version"] == ALT.version).all()       # written back, they are this version's answers
    message = str(caught[0].message)
    assert len(caught) == 1 and caught[0].message.code == "answers.older_version" and caught[0].message.params["count"] == 2
    assert "„alt.csv“: 2 Einschätzungen stammen aus Fassung 3.0" in message and "Planung 3" in message


def test_a_version_no_change_leads_from_is_refused_naming_row_and_column():
    content, _ = _versioned([ALT.version, "9.9"])
    with pytest.raises(AnswerFileError) as err:
        read_responses("neu.csv", "altimeter", content=content)
    assert err.value.code == "answers.version_unknown" and err.value.row == 3 and err.value.column == "model_version"
    assert "Fassung „9.9“" in str(err.value) and ALT.version in str(err.value)


def test_the_current_version_reads_without_a_warning():
    import warnings

    content, original = _versioned([ALT.version, ALT.version])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = read_responses("jetzt.csv", "altimeter", content=content)
    assert got[list(ALT.item_ids)].equals(original[list(ALT.item_ids)])


def _sheets(*sheets):
    """A workbook of named sheets, each a list of rows (the first sheet first)."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_an_empty_first_sheet_with_answers_on_a_later_one_says_so():
    raw = _sheets(("Tabelle1", []), ("Antworten", [["assessment", "planning_1"], ["a", 3]]))
    with pytest.raises(AnswerFileError) as err:
        read_responses("alt.xlsx", "altimeter", content=raw)
    assert err.value.code == "answers.first_sheet_empty" and "„Antworten“" in str(err.value)
    assert "nur das erste Blatt" in str(err.value) and "ist leer" in str(err.value)
    with pytest.raises(AnswerFileError, match="Only the first sheet is read"):
        read_responses("alt.xlsx", "altimeter", content=raw, lang="en")
    with pytest.raises(AnswerFileError) as err:  # every sheet empty: the file is empty
        read_responses("alt.xlsx", "altimeter", content=_sheets(("Tabelle1", []), ("Tabelle2", [])))
    assert err.value.code == "answers.empty"


def test_an_answer_off_the_scale_is_echoed_as_it_was_typed():
    with pytest.raises(AnswerFileError) as err:
        read_responses("alt.csv", "altimeter", content=b"assessment;planning_1\na;2,5\n")
    assert "„2,5“" in str(err.value) or " 2,5 liegt nicht" in str(err.value)
    assert "2.5" not in str(err.value)


@pytest.mark.parametrize("cell, expected", [("3,3", "3.3"), ("03. Mrz", ALT.version), ("03.03.2026", ALT.version),
                                            ("46084", ALT.version), ("2026-03-03 00:00:00", ALT.version)])
def test_a_version_a_spreadsheet_changed_is_named_as_such(cell, expected):
    content = f"assessment,model_version,planning_1\na,\"{cell}\",3\n".encode()
    with pytest.raises(AnswerFileError) as err:
        read_responses("alt.csv", "altimeter", content=content)
    assert err.value.code == "answers.version_mangled" and err.value.column == "model_version"
    assert "Tabellenprogramm" in str(err.value) and f"„{expected}“" in str(err.value)
    assert "Seite oder dem Kit der Fassung" not in str(err.value)
