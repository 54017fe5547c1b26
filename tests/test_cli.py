"""The socialbiz command."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from socialbiz_kit import load_model
from socialbiz_kit.cli import main
from socialbiz_kit.datasets import data_path


def test_models(capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "altimeter" in out and "cotc" in out


def test_validate_good_and_broken(tmp_path, capsys):
    assert main(["validate", load_model("cotc").path]) == 0
    assert "OK:" in capsys.readouterr().out
    bad = tmp_path / "m.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "In „m.yaml“ fehlt die Angabe „Schemaversion“" in err  # --lang de, the default
    assert main(["validate", str(bad), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "In “m.yaml”, the entry “schema version” is missing" in err


def test_score_prints_a_table_and_writes_results(tmp_path, capsys):
    out_file = tmp_path / "res.csv"
    args = ["score", str(data_path("sample_answers_cotc.csv")), "--model", "cotc", "--lang", "en", "--out", str(out_file)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Quellwerk Software GmbH" in out and "Fully Engaged" in out and "threshold 0.75" in out
    res = pd.read_csv(out_file, index_col=0)
    # Velo Nord, the jagged profile: the default rule counts its met stage 5 over the open stage 4
    assert res.loc["quellwerk", "stage"] == 5 and res.loc["velo_nord", "stage"] == 5
    # an existing file is not overwritten silently
    assert main(args) == 2
    assert "--force" in capsys.readouterr().err
    assert main(args + ["--threshold", "0.5", "--rule", "highest", "--force"]) == 0
    assert pd.read_csv(out_file, index_col=0).loc["velo_nord", "stage"] == 5


def test_score_writes_a_workbook_that_german_excel_opens_in_columns(tmp_path, capsys):
    """A CSV with commas opens in one column in a German Excel; --out *.xlsx writes a workbook with the same table:
    numbers as numbers, an empty could_be as an empty cell, a name that looks like a formula as text."""
    import openpyxl

    from socialbiz_kit.datasets import load_dataset

    answers = load_dataset("sample_answers_cotc").reset_index()
    answers.loc[0, "organisation"] = "=HYPERLINK(\"http://x\")"
    src, out = tmp_path / "a.csv", tmp_path / "res.xlsx"
    answers.to_csv(src, index=False)
    assert main(["score", str(src), "--model", "cotc", "--out", str(out)]) == 0
    capsys.readouterr()
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    head = list(rows[0])
    assert head[:3] == ["assessment", "organisation", "stage"] and len(rows) == len(answers) + 1
    csv_twin = tmp_path / "res.csv"
    assert main(["score", str(src), "--model", "cotc", "--out", str(csv_twin)]) == 0
    capsys.readouterr()
    twin = pd.read_csv(csv_twin)
    assert [r[head.index("stage")] for r in rows[1:]] == twin["stage"].tolist()  # the same table
    assert isinstance(rows[1][head.index("index")], float)
    assert rows[1][head.index("organisation")] == "'=HYPERLINK(\"http://x\")"  # text, never a formula
    assert any(r[head.index("could_be")] is None for r in rows[1:])  # empty, not "<NA>"
    assert main(["score", str(src), "--model", "cotc", "--out", str(out)]) == 2  # not replaced silently


def test_score_german_headers(capsys):
    assert main(["score", str(data_path("sample_answers_altimeter.csv"))]) == 0
    out = capsys.readouterr().out
    assert "Stufe" in out and "keine Stufe erreicht" in out and "Konvergenz" in out


@pytest.mark.parametrize("args,words", [
    (["score", "x.csv", "--threshold", "2"], "Die Schwelle muss eine Zahl über 0 und höchstens 1 sein"),
    (["score", "x.csv", "--model", "forrester"], "Es gibt kein mitgeliefertes Modell „forrester“"),
    (["score", "x.csv", "--threshold", "2", "--lang", "en"], "The threshold must be a number above 0"),
])
def test_score_argument_errors(tmp_path, capsys, args, words):
    f = tmp_path / "x.csv"
    f.write_text("assessment,planning_1\na,4\n", encoding="utf-8")
    args = [str(f) if a == "x.csv" else a for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_installed_entry_point():
    exe = shutil.which("socialbiz") or str(Path(sys.executable).parent / "socialbiz")
    run = subprocess.run([exe, "score", "nope.csv", "--model", "altimeter"], capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.strip() == "socialbiz: nope.csv: Datei nicht gefunden"


def test_app_refuses_a_broken_model_before_starting(tmp_path, capsys):
    bad = tmp_path / "m.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    assert main(["app", "--model", str(bad)]) == 2
    assert "In „m.yaml“ fehlt die Angabe „Schemaversion“" in capsys.readouterr().err
    assert main(["app", "--model", str(bad), "--lang", "en"]) == 2
    assert "the entry “schema version” is missing" in capsys.readouterr().err


def test_template_and_class_page_explain_a_refusal_in_the_language_asked_for(tmp_path, capsys):
    """validate, template, class-page and app take --lang (de by default) as the other commands do."""
    (tmp_path / "m.yaml").write_text("schon da", encoding="utf-8")
    assert main(["template", str(tmp_path / "m.yaml")]) == 2
    german = capsys.readouterr().err
    assert main(["template", str(tmp_path / "m.yaml"), "--lang", "en"]) == 2
    english = capsys.readouterr().err
    assert german != english and german.count("\n") == english.count("\n") == 1
    assert "gibt es schon" in german and "exists already" in english
    out = tmp_path / "s.html"
    assert main(["class-page", "cotc", "--out", str(out), "--home", "https://x"]) == 2
    german = capsys.readouterr().err
    assert main(["class-page", "cotc", "--out", str(out), "--home", "https://x", "--lang", "en"]) == 2
    english = capsys.readouterr().err
    assert german != english and "https://x" in german
    assert main(["class-page", "cotc", "--out", str(out), "--lang", "en"]) == 0
    assert '<html lang="en"' in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- what --out may replace (issue 25)
def _out_args(kind, out):
    sample = str(data_path("sample_answers_altimeter.csv"))
    return {"score": ["score", sample, "--model", "altimeter", "--out", out],
            "report": ["report", sample, "--model", "altimeter", "--assessment", "lindner", "--out", out],
            "page": ["page", "altimeter", "--out", out],
            "questionnaire": ["questionnaire", "altimeter", "--out", out]}[kind] + ["--force"]


@pytest.mark.parametrize("kind", ["score", "report", "page", "questionnaire"])
def test_force_never_writes_through_a_link_or_over_a_folder_or_pipe(tmp_path, capsys, fifo, kind):
    """Defect 2: --out X --force replaces only a regular file; a symlink, folder or FIFO is refused as it is."""
    import os

    victim = tmp_path / "victim.html"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "nowhere.html")
    folder = tmp_path / "folder.html"
    folder.mkdir()
    pipe = fifo("pipe.html")
    for target in (link, dangling, folder, pipe.path):
        assert main(_out_args(kind, str(target))) == 2, target
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and ("gewöhnliche Datei" in err or "symbolische Verknüpfung" in err), err
    assert victim.read_text(encoding="utf-8") == "keep me" and os.readlink(link) == str(victim)
    assert not (tmp_path / "nowhere.html").exists() and dangling.is_symlink()
    assert folder.is_dir() and not list(folder.iterdir()) and not pipe.opened
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["victim.html", "link.html", "dangling.html",
                                                                 "folder.html", "pipe.html"])
    plain = tmp_path / "plain.html"
    plain.write_text("old", encoding="utf-8")
    assert main(_out_args(kind, str(plain))) == 0 and plain.read_text(encoding="utf-8") != "old"


def test_a_device_is_never_replaced(tmp_path):
    """Defect 2: /dev/null is refused before anything is written (the write function is never called)."""
    from socialbiz_kit._io import atomic_write
    from socialbiz_kit.errors import OutputFileError

    def never(fh):
        raise AssertionError("the kit began writing")

    with pytest.raises(OutputFileError, match="not a regular file"):
        atomic_write("/dev/null", never, overwrite=True)


@pytest.mark.parametrize("umask,expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_follow_the_umask(tmp_path, umask, expected):
    """Defect 18: files are not 0600 whatever the umask; a replaced file keeps its own permissions."""
    import os
    import stat

    old = os.umask(umask)
    try:
        assert main(["page", "altimeter", "--out", str(tmp_path / "p.html")]) == 0
        assert main(["score", str(data_path("sample_answers_altimeter.csv")), "--out", str(tmp_path / "s.csv")]) == 0
        kept = tmp_path / "kept.html"
        kept.write_text("x", encoding="utf-8")
        kept.chmod(0o640)
        assert main(["page", "altimeter", "--out", str(kept), "--force"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "p.html").stat().st_mode) == expected
    assert stat.S_IMODE((tmp_path / "s.csv").stat().st_mode) == expected
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tTab", "\rCR", "\nLF", "'=x", "=1+1", "-", "+"]


def _no_live_formula(path):
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    live = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))]
    assert not live, live
    return cells


def test_score_out_writes_no_live_formula(tmp_path, capsys):
    """Defect 3: assessment ids and organisations from a CSV or an XLSX text cell are written formula-safe."""
    import openpyxl

    from socialbiz_kit._io import restore_formula

    rows = [(f"a{i}" if i % 2 else text, text, 3) for i, text in enumerate(FORMULAS)]
    src = tmp_path / "in.csv"
    pd.DataFrame(rows, columns=["assessment", "organisation", "planning_1"]).to_csv(src, index=False,
                                                                                   lineterminator="\r\n")
    book = openpyxl.Workbook()
    book.active.append(["assessment", "organisation", "planning_1"])
    for row in rows:
        book.active.append(list(row))
    for cells in book.active.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    book.save(tmp_path / "in.xlsx")
    for name in ("in.csv", "in.xlsx"):
        out = tmp_path / f"{name}.out.csv"
        assert main(["score", str(tmp_path / name), "--model", "altimeter", "--out", str(out)]) == 0, \
            capsys.readouterr().err
        _no_live_formula(out)
        back = pd.read_csv(out, dtype=str, keep_default_na=False, index_col=0)
        want = [restore_formula(t) for t in FORMULAS]
        if name.endswith(".xlsx"):  # XML itself turns a carriage return into a line feed
            want = [w.replace("\r", "\n") for w in want]
        assert [restore_formula(v) for v in back["organisation"]] == want
        assert [restore_formula(v) for v in back.index] == [restore_formula(r[0].strip()) for r in rows]


def test_a_port_out_of_range_is_an_argument_error(capsys):
    """Defect 7: app --port 70000 (OverflowError from the socket) is refused by the argument parser."""
    with pytest.raises(SystemExit) as stop:
        main(["app", "--port", "70000", "--build-only"])
    assert stop.value.code == 2 and "not a port number" in capsys.readouterr().err


def test_a_lone_surrogate_in_an_argument_is_a_clear_error(tmp_path, capsys):
    """Defect 7: a name with a lone surrogate (as from arguments in another encoding) gives one line, exit 2."""
    out = tmp_path / "q.html"
    assert main(["questionnaire", "altimeter", "--organisation", "M\udcfcller", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("socialbiz: ") and "UTF-8" in err and err.count("\n") == 1 and not out.exists()


def test_a_folder_or_pipe_as_answer_file_is_named_as_such(tmp_path, capsys, fifo):
    """Defect 8: not "file not found", and a FIFO is never opened."""
    pipe = fifo("answers.csv")
    for target in (tmp_path, pipe.path):
        assert main(["score", str(target), "--model", "altimeter"]) == 2
        assert "keine gewöhnliche Datei" in capsys.readouterr().err
    assert not pipe.opened


def test_validate_prints_no_escape_sequence_from_the_model(tmp_path, capsys):
    """Defect 19: a model's version with ESC [2J would clear the terminal; it is shown escaped."""
    import yaml

    data = yaml.safe_load(Path(load_model("altimeter").path).read_text(encoding="utf-8"))
    data["version"] = "1\x1b[2J"
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[2J" in out


# ---------------------------------------------------------------- what the command prints from a handed file
def _sample_rows(n: int = 3) -> list[list[str]]:
    import csv

    with open(data_path("sample_answers_altimeter.csv"), encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))[:n]


def _write_rows(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_an_answer_file_cannot_send_escape_sequences_to_the_terminal(tmp_path, capsys):
    """A student's file with ESC [2J (clear screen), OSC 0 (window title) or a bidi override in a cell: the lecturer's
    terminal shows them escaped, in the error line as in the table; the no-break space of ``100 %`` stays."""
    rows = _sample_rows()
    rows[1][1] = "Evil\x1b[2J\x1b[31mRED\u202e"
    assert main(["score", str(_write_rows(tmp_path / "org.csv", rows))]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "Evil\\x1b[2J\\x1b[31mRED\\u202e" in out
    assert re.search(r"\b\d{1,3}\u00a0%", out)  # the no-break space of "97 %" survives the escaping
    rows = _sample_rows()
    rows[1][3] = "\x1b]0;pwned\x07zwei\ndrei"
    assert main(["score", str(_write_rows(tmp_path / "cell.csv", rows))]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and err.count("\n") == 1
    assert "\\x1b]0;pwned\\x07zwei\\ndrei“ ist keine Zahl" in err  # the whole cell, escaped, not cut at its line end


def test_refusals_speak_the_commands_language_not_the_technical_english(tmp_path, capsys):
    """A learner's German screen: a model name mistyped, an --out that exists, a report that needs --assessment are
    told in German (English with --lang en); an answer file's own error stays as its reader worded it."""
    sample = str(data_path("sample_answers_altimeter.csv"))
    taken = tmp_path / "taken.csv"
    taken.write_text("x", encoding="utf-8")
    cases = [(["score", sample, "--model", "altimter"], "Es gibt kein mitgeliefertes Modell „altimter“"),
             (["score", sample, "--out", str(taken)], "gibt es schon"),
             (["report", sample, "--out", str(tmp_path / "r.html")], "enthält 10 Einschätzungen"),
             (["score", sample, "--model", "altimter", "--lang", "en"], "There is no bundled model “altimter”"),
             (["score", str(tmp_path / "nope.csv")], "nope.csv: Datei nicht gefunden")]
    for args, words in cases:
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("socialbiz: ") and words in err and err.count("\n") == 1, (args, err)
        assert "no bundled model of that name" not in err and "exists;" not in err and "holds 10" not in err
    assert taken.read_text(encoding="utf-8") == "x"


def test_answers_of_an_earlier_version_are_said_in_one_line_without_python_source(tmp_path, capsys):
    """The warning that changed statements were not taken over: the learner's words, not ``cli.py:295: ...``."""
    rows = _sample_rows()
    rows[0].append("model_version")
    rows[1].append("3.0")
    rows[2].append(load_model("altimeter").version)
    assert main(["score", str(_write_rows(tmp_path / "alt.csv", rows))]) == 0
    err = capsys.readouterr().err
    assert err.startswith("socialbiz: „alt.csv“: Eine Einschätzung stammt aus Fassung 3.0") and err.count("\n") == 1
    assert "Warning" not in err and ".py:" not in err


def test_a_report_without_an_organisation_is_not_titled_none(tmp_path, capsys):
    """An empty ``organisation`` cell: the report names the assessment, never "None" or "nan"."""
    rows = _sample_rows(2)
    rows[1][1] = ""
    out = tmp_path / "r.html"
    assert main(["report", str(_write_rows(tmp_path / "a.csv", rows)), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>Selbstcheck: sonnenkorn</title>" in page and "Selbstcheck: None" not in page


def test_a_threshold_with_a_decimal_comma_is_read_as_a_german_keyboard_writes_it(capsys):
    """``--threshold 0,8`` is 0.8 (before: argparse refused it as an invalid float value)."""
    assert main(["score", str(data_path("sample_answers_altimeter.csv")), "--threshold", "0,8"]) == 0
    assert "Schwelle 0,8" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:
        main(["score", "x.csv", "--threshold", "hoch"])
    assert stop.value.code == 2 and "is not a number" in capsys.readouterr().err
