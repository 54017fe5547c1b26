"""Model tables (socialbiz_kit.builder): a model of one's own without YAML, errors naming the row."""
import pandas as pd
import pytest

from socialbiz_kit import builder, scoring
from socialbiz_kit.builder import ModelTableError, check_table, model_from_table, read_table
from socialbiz_kit.explain import explain_error


def example():
    return pd.read_csv(builder.example_table_path(), sep=";", dtype=str, keep_default_na=False)


def test_example_builds_a_complete_model():
    m = model_from_table(builder.example_table_path())
    assert m.id == "social_intranet" and m.n_stages == 4 and len(m.items) == 12
    assert [s.name.de for s in m.stages] == ["Informieren", "Beteiligen", "Vernetzen", "Zusammenarbeiten"]
    assert m.stage(1).items[0].text.en == "New posts appear on the intranet at least once a week."
    assert m.stage(3).tagline_origin == "kit" and not m.baseline_stage
    # the same scale as the bundled models, so answers 0..4 score as everywhere else
    answers = pd.DataFrame({i: [4] for i in m.item_ids}, index=["a"])
    assert scoring.score(answers, m)["stage"].iloc[0] == 4


def test_template_is_a_valid_model_and_is_never_overwritten(tmp_path):
    path = builder.write_table_template(tmp_path / "mein_modell.csv")
    m = model_from_table(path)
    assert m.id == "mein_modell" and m.n_stages == 3
    path.write_text("geändert", encoding="utf-8")
    with pytest.raises(FileExistsError):
        builder.write_table_template(path)
    assert path.read_text(encoding="utf-8") == "geändert"


def test_english_may_stay_empty_and_then_takes_the_german_text():
    m = model_from_table(builder.table_template_path())
    assert m.stage(1).name.en == m.stage(1).name.de == "Erste Stufe"


def test_dataframe_xlsx_comma_and_windows_encoding_give_the_same_model(tmp_path):
    reference = model_from_table(builder.example_table_path())
    frame = example()
    assert model_from_table(frame, name="social_intranet.csv") == model_from_table(
        builder.example_table_path(), name="social_intranet.csv")
    frame.to_excel(tmp_path / "t.xlsx", index=False)
    frame.to_csv(tmp_path / "t.csv", index=False, sep=",", encoding="cp1252")
    for path in (tmp_path / "t.xlsx", tmp_path / "t.csv"):
        m = model_from_table(path)
        assert m.items == reference.items and m.stages == reference.stages


def test_english_column_names_and_kinds_are_accepted():
    frame = example().rename(columns={"Art": "kind", "Stufe": "stage", "Deutsch": "German", "Englisch": "English",
                                      "Kennung": "id"})
    frame["kind"] = frame["kind"].replace({"Aussage": "statement", "Empfehlung": "recommendation"})
    assert len(model_from_table(frame).items) == 12


def test_stage_one_without_statements_is_a_baseline():
    frame = example()
    frame = frame[~((frame["Art"] == "Aussage") & (frame["Stufe"] == "1"))]
    m = model_from_table(frame)
    assert m.baseline_stage and not m.stage(1).items
    assert scoring.score(pd.DataFrame({i: [0] for i in m.item_ids}), m)["stage"].iloc[0] == 1


def test_note_rows_and_empty_rows_are_skipped():
    frame = example()
    extra = pd.DataFrame([{"Art": "Hinweis", "Stufe": "", "Deutsch": "nur für mich", "Englisch": "", "Kennung": ""},
                          {"Art": "", "Stufe": "", "Deutsch": "", "Englisch": "", "Kennung": ""}])
    table = read_table(pd.concat([frame, extra], ignore_index=True))
    assert "note" not in set(table["kind"]) and len(table) == len(frame)


def broken(change):
    """The example table with one change; returns the error (which must be a ModelTableError).

    ``change`` edits the frame in place or returns a new one.
    """
    frame = example()
    out = change(frame)
    frame = out if isinstance(out, pd.DataFrame) else frame
    with pytest.raises(ModelTableError) as info:
        model_from_table(frame, name="mein_modell.csv")
    return info.value


def row_of(kind, stage=None, nth=0):
    frame = example()
    hit = frame[(frame["Art"] == kind) & ((frame["Stufe"] == str(stage)) if stage else True)]
    return int(hit.index[nth]) + 2  # spreadsheet rows: the header is row 1


def setter(kind, stage, column, value, nth=0):
    """A change that writes ``value`` into ``column`` of the nth row of ``kind`` (in ``stage``)."""
    def change(frame):
        frame.loc[row_of(kind, stage, nth) - 2, column] = value
    return change


@pytest.mark.parametrize(
    "change, needle",
    [
        (setter("Aussage", 2, "Deutsch", ""), "ist die Spalte „Deutsch“ leer"),
        (setter("Merkmal", 1, "Art", "Frage"), "„Frage“ keine bekannte Art"),
        (setter("Aussage", 3, "Stufe", "drei"), "„drei“ keine Stufennummer"),
        (setter("Aussage", 3, "Stufe", "7"), "keine Zeile der Art „Stufe“"),
        (setter("Aussage", 1, "Kennung", "Inform 1"), "„Inform 1“ keine gültige Kennung"),
        (lambda f: (setter("Aussage", 1, "Kennung", "doppelt")(f), setter("Aussage", 2, "Kennung", "doppelt")(f)),
         "Kennung „doppelt“ zweimal vor"),
        (setter("Jahr", None, "Deutsch", "zwanzig"), "keine Jahreszahl"),
        (setter("Stufe", 2, "Deutsch", ""), "ist die Spalte „Deutsch“ leer"),
    ],
)
def test_errors_name_the_row_and_explain_in_german(change, needle):
    exc = broken(change)
    assert exc.row is not None and exc.row >= 2
    text = explain_error(exc, lang="de")
    assert text.startswith(f"In „mein_modell.csv“, Zeile {exc.row}")
    assert needle in text
    english = explain_error(exc, lang="en")
    assert english.startswith(f"In “mein_modell.csv”, row {exc.row}") and "Zeile" not in english


def test_the_row_named_is_the_row_of_the_spreadsheet():
    target = row_of("Aussage", 2, nth=1)
    exc = broken(lambda f: f.__setitem__("Deutsch", f["Deutsch"].where(f.index != target - 2, "")))
    assert exc.row == target


def test_blank_lines_in_a_csv_table_do_not_shift_the_row_named(tmp_path):
    """A blank line (above the header or between rows) is a row of the spreadsheet: the row named is the one the
    spreadsheet shows, as in an XLSX file (before, a CSV file named row 12 for the wrong kind in row 16)."""
    lines = builder.example_table_path().read_text(encoding="utf-8").splitlines()
    lines[11] = "Ausage;1;x;y;"  # row 12 of the example
    plain, gaps = tmp_path / "plain.csv", tmp_path / "gaps.csv"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gaps.write_text("\n\n" + "\n".join(lines[:4] + ["", ""] + lines[4:]) + "\n", encoding="utf-8")
    for path, row in ((plain, 12), (gaps, 16)):
        with pytest.raises(ModelTableError) as caught:
            model_from_table(path)
        assert caught.value.params["row"] == row and f"row {row}:" in str(caught.value)
    ok = tmp_path / "ok.csv"
    ok.write_text("\n" + "\n\n".join(builder.example_table_path().read_text(encoding="utf-8").splitlines()) + "\n",
                  encoding="utf-8")
    assert model_from_table(ok) == model_from_table(builder.example_table_path(), name="ok.csv")


def test_missing_pieces_are_named_by_kind_and_stage():
    exc = broken(lambda f: f.drop(f.index[(f["Art"] == "Empfehlung") & (f["Stufe"] == "3")]))
    assert explain_error(exc, lang="de") == (
        "In „mein_modell.csv“ bei Stufe 3 fehlt eine Zeile der Art „Empfehlung“. Jede Stufe braucht mindestens eine.")
    exc = broken(lambda f: f.drop(f.index[f["Art"] == "Beschreibung"]))
    assert "fehlt eine Zeile der Art „Beschreibung“" in explain_error(exc, lang="de")
    exc = broken(lambda f: f.drop(f.index[f["Stufe"].isin(["2", "3", "4"])]))
    assert "mindestens zwei Stufen" in explain_error(exc, lang="de")


def test_a_gap_in_the_stage_numbers_is_explained():
    def gap(f):
        f["Stufe"] = f["Stufe"].replace("4", "5")
    message = explain_error(broken(gap), lang="de")
    assert "nicht lückenlos von 1 an nummeriert (gefunden: 1, 2, 3, 5)" in message
    # the sentence names the stages itself: no "an der Stelle „Liste der Stufen“" before it
    assert "an der Stelle" not in message and message.startswith("In „")


def test_missing_columns_and_unreadable_files(tmp_path):
    exc = broken(lambda f: f.drop(columns=["Art"]))
    assert "fehlt die Spalte „Art“" in explain_error(exc, lang="de")
    bad = tmp_path / "kaputt.xlsx"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(ModelTableError) as info:
        model_from_table(bad)
    assert "lässt sich die Tabelle nicht lesen" in explain_error(info.value, lang="de")
    with pytest.raises(ModelTableError) as info:
        model_from_table(tmp_path / "gibt_es_nicht.csv")
    assert "wurde keine Datei gefunden" in explain_error(info.value, lang="de")


def test_check_table_returns_a_sentence_instead_of_raising(tmp_path):
    assert check_table(builder.example_table_path()).startswith("Die Tabelle „model_table_example.csv“ ist in Ordnung")
    frame = example()
    frame.loc[row_of("Merkmal", 1) - 2, "Art"] = "Merkmale"
    assert check_table(frame, name="x.csv") .startswith("In „x.csv“, Zeile")
    assert check_table(frame, lang="en", name="x.csv").startswith("In “x.csv”, row")


def test_command_line_writes_and_validates_a_model_table(tmp_path, capsys):
    from socialbiz_kit.cli import main

    path = tmp_path / "mein_modell.csv"
    assert main(["template", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == builder.table_template_path().read_text(encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert "3 stages, 6 items" in capsys.readouterr().out
    assert main(["template", str(path)]) != 0  # never over an existing file


def test_infinite_stage_and_a_pipe_as_table_are_model_table_errors(tmp_path, fifo):
    """Issue 25, defects 7 and 8: "inf" as a stage number (OverflowError) and a FIFO as the table."""
    table = pd.DataFrame({"Art": ["Name", "Stufe"], "Stufe": ["", "inf"], "Deutsch": ["M", "Eins"]})
    with pytest.raises(ModelTableError, match="not a stage number"):
        read_table(table)
    pipe = fifo("modell.csv")
    with pytest.raises(ModelTableError, match="not a regular file"):
        read_table(pipe.path)
    assert not pipe.opened


def _broken_csv(tmp_path, name, change, *, blank_above=0):
    """The example table as a CSV file with one line changed (``change(lines)``), blank lines above the header."""
    lines = builder.example_table_path().read_text(encoding="utf-8").splitlines()
    change(lines)
    path = tmp_path / name
    path.write_text("\n" * blank_above + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ModelTableError) as caught:
        model_from_table(path)
    return caught.value


@pytest.mark.parametrize("blank_above", [0, 2])
def test_a_row_with_a_field_too_many_names_the_line_and_the_fields_not_pandas(tmp_path, blank_above):
    """Before, pandas' words came through: "Error tokenizing data. C error: Expected 5 fields in line 9, saw 6"."""
    def extra(lines):
        lines[8] = lines[8].replace(";", "; mit Semikolon;", 1)  # a text holding the separator
    exc = _broken_csv(tmp_path, "mein_modell.csv", extra, blank_above=blank_above)
    line = 9 + blank_above
    assert exc.code == "explain.table_fields" and (exc.row, exc.params["found"], exc.params["expected"]) == (line, 6, 5)
    assert str(exc) == f"mein_modell.csv: row {line}: 6 fields, but the header has 5 columns"
    assert "tokeniz" not in str(exc) and "C error" not in str(exc)
    de, en = explain_error(exc, lang="de"), explain_error(exc, lang="en")
    assert de.startswith(f"In „mein_modell.csv“, Zeile {line}, stehen 6 Felder, die Kopfzeile hat aber 5 Spalten.")
    assert "Trennzeichen „;“" in de
    assert en.startswith(f"In “mein_modell.csv”, row {line}, there are 6 fields, but the header has 5 columns.")
    assert check_table(tmp_path / "mein_modell.csv", lang="en") == en


def test_a_separator_at_the_end_of_every_row_is_read_as_if_it_were_not_there(tmp_path):
    """Some programs end each data row, not the header, with the separator. pandas then took the first column as an index and shifted
    every row by one column, and the learner read "„“ keine bekannte Art"; now the table reads as without it."""
    trailing = tmp_path / "mein_modell.csv"
    lines = builder.example_table_path().read_text(encoding="utf-8").splitlines()
    trailing.write_text("\n".join([lines[0]] + [line + ";" for line in lines[1:]]) + "\n", encoding="utf-8")
    want, got = model_from_table(builder.example_table_path()), model_from_table(trailing)
    assert [(s.name.de, s.tagline.en) for s in got.stages] == [(s.name.de, s.tagline.en) for s in want.stages]
    assert [(i.id, i.stage, i.text.de, i.text.en) for i in got.items] == [
        (i.id, i.stage, i.text.de, i.text.en) for i in want.items]


def test_a_first_row_with_a_value_too_many_names_its_line_instead_of_shifting_the_columns(tmp_path):
    """A value more in the first data row made pandas shift every row silently; it is named like any later row."""
    def extra(lines):
        lines[1] = lines[1] + ";zu viel"
    exc = _broken_csv(tmp_path, "mein_modell.csv", extra)
    assert exc.code == "explain.table_fields" and exc.row == 2 and exc.params["expected"] == 5


def test_a_quotation_mark_never_closed_names_the_line_where_it_opens(tmp_path):
    def quote(lines):
        lines[12] = lines[12].replace(";Alle", ';"Alle')  # the German text opens a quote that nothing closes
    exc = _broken_csv(tmp_path, "zitat.csv", quote)
    assert exc.code == "explain.table_quote" and exc.row == 13 and "EOF" not in str(exc)
    assert explain_error(exc, lang="de").startswith("In „zitat.csv“, Zeile 13, beginnt ein Text mit einem Anführungszeichen")
    assert explain_error(exc, lang="en").startswith("In “zitat.csv”, row 13, a text begins with a quotation mark")


def test_quoted_texts_may_hold_the_separator_and_line_breaks_and_the_line_is_still_right(tmp_path):
    def quoted_then_extra(lines):
        lines[8] = lines[8].replace("Das Schwarze Brett", '"Das Schwarze Brett;\nzwei Zeilen, ein ""Zitat"""')
        lines[14] = lines[14] + ";zu viel"
    exc = _broken_csv(tmp_path, "q.csv", quoted_then_extra)
    assert exc.code == "explain.table_fields" and exc.row == 16  # line 15 of the list is line 16 of the file
