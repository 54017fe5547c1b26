"""Bundled data sets: registry, documentation, and the spread the teaching needs."""
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
    gated = score(answers, m, rule="gated")["stage"]
    highest = score(answers, m, rule="highest")["stage"]
    floor = 1 if m.baseline_stage else 0
    assert set(gated) == set(range(floor, m.n_stages + 1))
    assert (gated != highest).any()


ITEM_IDS = set(load_model("altimeter").item_ids) | set(load_model("cotc").item_ids)


def test_data_readme_documents_every_column_of_every_file():
    readme = (Path(data_path("sample_companies")).parent / "README.md").read_text(encoding="utf-8")
    for name in list_datasets():
        path = data_path(name)
        assert f"`{path.name}`" in readme
        for col in pd.read_csv(path, nrows=0).columns:
            if col in ITEM_IDS:
                continue  # item columns are documented by the model files
            assert f"`{col}`" in readme, (path.name, col)


JAGGED = {"altimeter": ("berger", 3), "cotc": ("velo_nord", 4)}  # the jagged profile and the stage it lacks


@pytest.mark.parametrize("model", ["altimeter", "cotc"])
def test_every_sample_organisation_scores_to_the_stage_its_profile_describes(model):
    """The profiles are written stage by stage: the gated rule gives each the stage it describes. The default rule
    (highest stage met) agrees everywhere but on the model's one jagged profile, which it places higher, and there
    the result's notes name the stage below that is not met."""
    from socialbiz_kit.render import placement_notes

    companies = load_dataset("sample_companies")
    answers = load_dataset(f"sample_answers_{model}")
    gated = score(answers, model, rule="gated")["stage"]
    expected = companies.loc[gated.index, f"stage_{model}"]
    assert gated.tolist() == expected.tolist(), (gated - expected)[gated != expected].to_dict()
    result = score(answers, model)
    differ = result.index[result["stage"] != expected]
    jagged, lacking = JAGGED[model]
    assert differ.tolist() == [jagged] and result.loc[jagged, "stage"] > expected[jagged]
    name = load_model(model).stage(lacking).name.de
    assert any(f"Stufe {lacking} „{name}“" in note and note.startswith("Noch offen unterhalb von Stufe")
               for note in placement_notes(result.loc[jagged], model))


def test_sample_profiles_say_what_their_answers_say():
    """Spot checks of the statements the profiles make (the places where profile and answers used to disagree)."""
    c = load_dataset("sample_companies")
    alt, cotc = load_dataset("sample_answers_altimeter"), load_dataset("sample_answers_cotc")
    # Velo Nord: planning and monthly figures are in place; no annual plan, no report on business results
    assert "monatliche Kennzahlen" in c.loc["velo_nord", "profile_de"]
    assert alt.loc["velo_nord", [f"planning_{i}" for i in range(1, 7)]].min() >= 3
    assert cotc.loc["velo_nord", "operational_insights"] >= 3
    assert cotc.loc["velo_nord", ["measurable_strategy", "measurable_insights"]].max() <= 1
    # Lindner: questions are answered within a working day, complaints go to the hotline, no community
    assert alt.loc["lindner", "presence_4"] == 4 and alt.loc["lindner", "engagement_1"] == 0
    # Medtech: reach is reported, not effects on business goals
    assert "nicht die Wirkung" in c.loc["medtech_rhein", "profile_de"] and alt.loc["medtech_rhein", "strategic_1"] <= 1
    # Quellwerk: no separate social media plan, yet the goals are written down (in the corporate strategy)
    assert alt.loc["quellwerk", ["planning_2", "converged_1"]].tolist() == [4, 4]
    assert cotc.loc["quellwerk", "fully_engaged_trust"] == 4
    # Berger: rules without dialogue (the jagged profile)
    assert alt.loc["berger", "formalized_6"] == 4 and alt.loc["berger", "engagement_1"] == 0
