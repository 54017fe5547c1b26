"""Bundled data sets: registry, documentation, and the spread the teaching needs."""
import re
from pathlib import Path

import pandas as pd
import pytest

from socialbiz_kit import load_model
from socialbiz_kit.datasets import data_path, describe_datasets, list_datasets, load_dataset
from socialbiz_kit.scoring import score


def test_registry_and_unknown_name():
    assert list_datasets() == ["sample_answers_altimeter", "sample_answers_cotc", "sample_companies"]
    assert describe_datasets()["name"].tolist() == list_datasets()
    with pytest.raises(ValueError, match="unknown data set 'samples'; available: sample_answers_altimeter"):
        load_dataset("samples")


def test_sample_companies_profiles():
    c = load_dataset("sample_companies")
    assert len(c) >= 8 and c.index.is_unique
    assert c["sector_en"].nunique() >= 8 and c["country"].isin(["DE", "AT", "CH"]).all()
    assert c["employees"].min() < 50 and c["employees"].max() > 1000
    assert c["profile_de"].str.len().gt(60).all() and c["profile_en"].str.len().gt(60).all()


@pytest.mark.parametrize("model", ["altimeter", "cotc"])
def test_sample_answers_cover_every_stage_and_a_jagged_profile(model):
    m = load_model(model)
    answers = load_dataset(f"sample_answers_{model}")
    assert set(answers.index) == set(load_dataset("sample_companies").index)
    gated = score(answers, m)["stage"]
    highest = score(answers, m, rule="highest")["stage"]
    floor = 1 if m.baseline_stage else 0
    assert set(gated) == set(range(floor, m.n_stages + 1))
    assert (gated != highest).any()


def test_data_readme_documents_every_column_of_every_file():
    readme = (Path(data_path("sample_companies")).parent / "README.md").read_text(encoding="utf-8")
    for name in list_datasets():
        path = data_path(name)
        assert f"`{path.name}`" in readme
        for col in pd.read_csv(path, nrows=0).columns:
            if re.fullmatch(r"[a-z_]+_\d|[a-z_]+_(strategy|insights|advocacy|channels|training)", col):
                continue  # item columns are documented by the model files
            assert f"`{col}`" in readme, (path.name, col)
