"""The socialbiz command."""
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
    assert err.count("\n") == 1 and "m.yaml: schema_version: required key is missing" in err


def test_score_prints_a_table_and_writes_results(tmp_path, capsys):
    out_file = tmp_path / "res.csv"
    args = ["score", str(data_path("sample_answers_cotc.csv")), "--model", "cotc", "--lang", "en", "--out", str(out_file)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Quellwerk Software GmbH" in out and "Fully Engaged" in out and "threshold 0.75" in out
    res = pd.read_csv(out_file, index_col=0)
    assert res.loc["quellwerk", "stage"] == 5 and res.loc["velo_nord", "stage"] == 3
    # an existing file is not overwritten silently
    assert main(args) == 2
    assert "use --force" in capsys.readouterr().err
    assert main(args + ["--threshold", "0.5", "--rule", "highest", "--force"]) == 0
    assert pd.read_csv(out_file, index_col=0).loc["velo_nord", "stage"] == 5


def test_score_german_headers(capsys):
    assert main(["score", str(data_path("sample_answers_altimeter.csv"))]) == 0
    out = capsys.readouterr().out
    assert "Stufe" in out and "keine Stufe erreicht" in out and "Konvergenz" in out


@pytest.mark.parametrize("args,words", [
    (["score", "x.csv", "--threshold", "2"], "threshold must be"),
    (["score", "x.csv", "--model", "forrester"], "no bundled model of that name"),
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
    assert "m.yaml: schema_version: required key is missing" in capsys.readouterr().err
