"""Reference profiles: an honest organisation at each stage of each model reaches its stage with a margin."""
import numpy as np
import pytest

from socialbiz_kit import load_model
from socialbiz_kit.datasets import ReferenceProfilesError, load_reference_profiles
from socialbiz_kit.scoring import fulfilment_columns, score

THRESHOLD = 0.75


@pytest.mark.parametrize("name", ["altimeter", "cotc"])
def test_one_profile_per_stage(name):
    m = load_model(name)
    ref = load_reference_profiles(m)
    floor = 1 if m.baseline_stage else 0
    assert sorted(ref["stage"]) == list(range(floor, m.n_stages + 1))
    assert ref["rationale_de"].str.len().between(40, 200).all() and ref["rationale_en"].str.len().between(40, 200).all()
    assert ref["organisation"].is_unique


@pytest.mark.parametrize("name", ["altimeter", "cotc"])
def test_each_profile_reaches_its_stage_under_the_gated_rule_with_a_margin(name):
    m = load_model(name)
    ref = load_reference_profiles(m)
    margin = ref.attrs["margin"]
    assert margin >= 0.05
    result = score(ref, m, threshold=THRESHOLD, rule="gated")
    assert result["stage"].tolist() == ref["stage"].tolist()
    fulfil = result[fulfilment_columns(m)].to_numpy()
    for row, stage in zip(fulfil, ref["stage"]):
        reached, above = row[:stage], row[stage:stage + 1]
        # no stage met only at exactly the threshold; the next stage is clearly not met
        assert (reached >= THRESHOLD + margin).all(), (stage, row)
        assert (above <= THRESHOLD - margin).all(), (stage, row)
    # and the margin holds: every profile keeps its stage at thresholds a margin either side
    for t in (THRESHOLD - margin + 1e-9, THRESHOLD + margin - 1e-9):
        assert score(ref, m, threshold=t)["stage"].tolist() == ref["stage"].tolist()


@pytest.mark.parametrize("name", ["altimeter", "cotc"])
def test_the_index_ranks_the_profiles_by_stage(name):
    """The stage-6 organisations used to score below the stage-5 ones on the index; no more."""
    ref = load_reference_profiles(name)
    index = score(ref, name)["index"].to_numpy()
    assert (np.diff(index[np.argsort(ref["stage"].to_numpy())]) > 0).all()


def test_broken_reference_file_names_the_key(tmp_path):
    path = tmp_path / "ref.yaml"
    path.write_text(
        "schema_version: 1\nmargin: 0.05\nprofiles:\n  - id: x\n    model: cotc\n    stage: 2\n    organisation: X\n"
        "    sector: {de: A, en: A}\n    rationale: {de: B, en: B}\n    answers:\n      experimental: [4, 4]\n"
        "      operational: [0, 0, 0, 0, 0, 0, 0]\n      measurable: [0, 0, 0, 0, 0, 0, 0]\n"
        "      fully_engaged: [0, 0, 0, 0, 0, 0]\n", encoding="utf-8")
    with pytest.raises(ReferenceProfilesError, match=r"profiles\[0\]\.answers\.experimental: needs 4 answers"):
        load_reference_profiles("cotc", path)
