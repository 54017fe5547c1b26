"""The crosswalk between the models (socialbiz_kit.crosswalk), tested directly: its file, the mapping of stages,
the classification of the sample companies in both models."""
import copy

import pandas as pd
import pytest
import yaml

from socialbiz_kit import crosswalk, datasets, load_model
from socialbiz_kit._data import data_dir
from socialbiz_kit.errors import CrosswalkError, SettingError


# ------------------------------------------------------------------ crosswalk
def test_crosswalk_covers_every_pair_and_every_stage():
    cw = crosswalk.crosswalk(lang="en")
    assert len(cw) == 6 * 5
    assert set(cw["strength"]) == {"none", "partial", "strong"}
    linked = cw[cw["strength"] != "none"]
    assert set(linked["altimeter"]) == set(range(1, 7)) and set(linked["cotc"]) == set(range(1, 6))
    assert (linked["rationale"].str.len() > 40).all()
    assert (cw.loc[cw["strength"] == "none", "rationale"] == "").all()
    de = crosswalk.crosswalk(lang="de")
    assert (de.loc[de["strength"] != "none", "rationale"] != linked["rationale"]).all()


def test_crosswalk_matrix():
    m = crosswalk.crosswalk_matrix(lang="en")
    assert m.shape == (6, 5)
    assert m.loc["6 Converged", "5 Fully Engaged"] == 2
    assert m.loc["1 Planning", "5 Fully Engaged"] == 0
    assert m.to_numpy().sum() == crosswalk.crosswalk()["strength_value"].sum()


@pytest.mark.parametrize("stage,expected", [(0, (1, 1)), (1, (1, 2)), (3, (2, 3)), (5, (4, 5)), (6, (4, 5))])
def test_map_altimeter_to_cotc(stage, expected):
    assert crosswalk.map_stage(stage) == expected


@pytest.mark.parametrize("stage,expected", [(1, (0, 1)), (3, (2, 4)), (5, (5, 6))])
def test_map_cotc_to_altimeter(stage, expected):
    assert crosswalk.map_stage(stage, source="cotc", target="altimeter") == expected


def test_source_and_target_come_by_position_or_by_keyword():
    """Issue 26: the two models compared follow the data, positional or keyword, in every function that compares
    them (as crosswalk_mapping and wordstats.similarity_matrix always did)."""
    assert crosswalk.map_stage(3, "cotc", "altimeter") == crosswalk.map_stage(3, source="cotc", target="altimeter")
    stages = pd.Series([1, 3, 5])
    pd.testing.assert_frame_equal(crosswalk.predicted_range(stages, "cotc", "altimeter"),
                                  crosswalk.predicted_range(stages, source="cotc", target="altimeter"))
    alt, cotc = datasets.load_dataset("sample_answers_altimeter"), datasets.load_dataset("sample_answers_cotc")
    pd.testing.assert_frame_equal(crosswalk.classify_both(cotc, alt, "cotc", "altimeter"),
                                  crosswalk.classify_both(cotc, alt, source="cotc", target="altimeter"))


def test_map_strong_links_only_and_errors():
    assert crosswalk.map_stage(3, min_strength="strong") == (3, 3)
    with pytest.raises(ValueError, match="no link of strength 'strong'"):
        crosswalk.map_stage(2, min_strength="strong")
    with pytest.raises(ValueError, match="no stage 7"):
        crosswalk.map_stage(7)
    with pytest.raises(ValueError, match="no stage 0"):
        crosswalk.map_stage(0, source="cotc", target="altimeter")
    with pytest.raises(ValueError, match="links altimeter and cotc"):
        crosswalk.map_stage(1, source="forrester", target="cotc")


def _raw():
    return yaml.safe_load((data_dir() / "crosswalk.yaml").read_text(encoding="utf-8"))


def _without_converged(d):
    d["links"] = [lk for lk in d["links"] if lk["altimeter"] != "converged"]


def _dup(d):
    d["links"].append(copy.deepcopy(d["links"][0]))


BROKEN = [
    ("missing rationale", lambda d: d["links"][0].pop("rationale"), "links[0].rationale", "required for a link"),
    ("rationale in one language", lambda d: d["links"][1]["rationale"].pop("en"), "links[1].rationale.en", "missing"),
    ("unknown stage", lambda d: d["links"][0].update(altimeter="harvest"), "links[0].altimeter", "no stage 'harvest'"),
    ("bad strength", lambda d: d["links"][2].update(strength="medium"), "links[2].strength", "must be one of"),
    ("stage without link", _without_converged, "links", "stage 'converged' of model 'altimeter' has no link"),
    ("duplicate pair", _dup, "links[12]", "already given in links[0]"),
    ("unknown key", lambda d: d["links"][0].update(weight=3), "links[0].weight", "unknown key"),
    ("unknown model", lambda d: d.update(models=["altimeter", "forrester"]), "models", "no bundled model"),
]


@pytest.mark.parametrize("name,change,key,problem", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_crosswalk(tmp_path, name, change, key, problem):
    data = _raw()
    change(data)
    path = tmp_path / "cw.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CrosswalkError) as err:
        crosswalk.load_crosswalk(path)
    assert err.value.key == key and problem in str(err.value) and str(path) in str(err.value)


def test_crosswalk_that_is_not_yaml(tmp_path):
    path = tmp_path / "cw.yaml"
    path.write_text("links: [unclosed\n", encoding="utf-8")
    with pytest.raises(CrosswalkError, match="not valid YAML"):
        crosswalk.load_crosswalk(path)


def test_classify_both_on_the_sample_companies():
    both = crosswalk.classify_both(datasets.load_dataset("sample_answers_altimeter"),
                                 datasets.load_dataset("sample_answers_cotc"))
    assert len(both) == 10
    assert both.loc["quellwerk", ["altimeter_stage", "cotc_stage"]].tolist() == [6, 5]
    assert both["agrees"].dtype == bool
    assert (both["agrees"] == (both["direction"] == "as predicted")).all()
    row = both.loc["berger"]  # Altimeter 4 (met over an open stage 3) predicts Church of the Customer 3..4; it is at 3
    assert (row["predicted_low"], row["predicted_high"], row["cotc_stage"], row["agrees"]) == (3, 4, 3, True)
    gated = crosswalk.classify_both(datasets.load_dataset("sample_answers_altimeter"),
                                    datasets.load_dataset("sample_answers_cotc"), rule="gated").loc["berger"]
    assert (gated["altimeter_stage"], gated["predicted_low"], gated["predicted_high"]) == (2, 2, 3)

def test_crosswalk_mapping_both_ways():
    assert crosswalk.crosswalk_mapping() == {0: 1, 1: 1, 2: 2, 3: 3, 4: 3, 5: 4, 6: 5}
    assert crosswalk.crosswalk_mapping("cotc", "altimeter") == {1: 1, 2: 1, 3: 3, 4: 5, 5: 6}


def test_side_by_side_names_each_stage_in_each_model():
    alt, cotc = load_model("altimeter"), load_model("cotc")
    de = crosswalk.side_by_side(lang="de")
    assert list(de.columns) == ["stage", alt.short_name.de, cotc.short_name.de] and len(de) == 6
    assert de.loc[de.stage == 5, alt.short_name.de].item() == alt.stage(5).name.de
    assert de.loc[de.stage == 6, cotc.short_name.de].item() == ""  # the Journey has five stages
    en = crosswalk.side_by_side(lang="en", field="tagline")
    assert en.loc[en.stage == 1, alt.short_name.en].item() == alt.stage(1).tagline.en
    with pytest.raises(SettingError) as info:
        crosswalk.side_by_side(field="summmary")
    assert info.value.code == "errors.choice" and info.value.params["value"] == "summmary"


def test_predicted_range_is_map_stage_per_organisation():
    stages = pd.Series([0, 1, 3, 6], index=list("abcd"))
    got = crosswalk.predicted_range(stages)
    assert [tuple(r) for r in got.to_numpy()] == [crosswalk.map_stage(s) for s in stages]


def test_errors_of_the_mapping_carry_their_codes():
    with pytest.raises(SettingError) as info:
        crosswalk.map_stage(2, min_strength="strong")
    assert info.value.code == "errors.no_link" and info.value.params["stage"] == 2
    with pytest.raises(SettingError) as info:
        crosswalk.map_stage(1, source="forrester", target="cotc")
    assert info.value.code == "errors.crosswalk_pair"


def test_a_crosswalk_of_your_own_is_read_from_its_path(tmp_path):
    path = tmp_path / "cw.yaml"
    data = _raw()
    for link in data["links"]:
        if link["strength"] == "partial":
            link["strength"] = "strong"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    own = crosswalk.load_crosswalk(path)
    assert {lk.strength for lk in own.links} == {"strong"}
    assert {lk.strength for lk in crosswalk.load_crosswalk().links} == {"partial", "strong"}  # the bundled file unchanged
