"""The blind validation set (data/validation/) and what the instrument does with it.

The goals are those of the instrument's issue: on the set, at least 90 % at the intended stage, every
organisation within one stage, nobody intended at stage 2 or higher placed at "keine Stufe", one answer
moved by one point moves no organisation by more than one stage and at most 1 in 10 at all.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from socialbiz_kit import validation
from socialbiz_kit._data import data_dir
from socialbiz_kit.models import load_model
from socialbiz_kit.scoring import DEFAULT_RULE, RULES, score

MODELS = ("altimeter", "cotc")
FOLDER = data_dir() / "validation"
NON_COMPANY = {"public_body", "ngo", "hospital", "university", "small_firm"}


# ------------------------------------------------------------------ the set itself
def test_the_set_is_large_and_varied_enough():
    profiles = pd.concat([validation.load_profiles(m) for m in MODELS])
    assert len(profiles) >= 36
    assert profiles["kind"].isin(NON_COMPANY).mean() >= 1 / 3
    for m in MODELS:
        p = validation.load_profiles(m)
        model = load_model(m)
        stages = set(range(model.lowest_stage, model.n_stages + 1))
        assert stages <= set(p["intended_stage"]), f"{m}: every stage has an organisation"
        assert {"born_digital", "regressed", "between_stages"} <= set(p["hard_case"])


@pytest.mark.parametrize("name", MODELS)
def test_profiles_do_not_give_the_stage_away(name):
    model = load_model(name)
    words = {s.name.de.lower() for s in model.stages} | {s.name.en.lower() for s in model.stages}
    words -= {"engagement"}  # an ordinary German word as well as Altimeter's stage 3
    for org, text in validation.load_profiles(name)["profile"].items():
        found = [w for w in words if f" {w} " in f" {text.lower()} "]
        assert not found, f"{org} names a stage: {found}"


@pytest.mark.parametrize("name", MODELS)
def test_every_statement_is_answered_for_every_organisation(name):
    answers, intended = validation.load_validation(name)
    model = load_model(name)
    assert list(answers.columns) == list(model.item_ids)
    assert answers.index.equals(intended.index)
    # "weiß nicht" is allowed, but rare: the profiles answer most questions
    assert answers.isna().to_numpy().mean() < 0.1
    assert set(np.unique(answers.to_numpy()[~np.isnan(answers.to_numpy())])) <= {p.value for p in model.scale}


def test_the_rounds_name_only_real_statements_and_every_model():
    rounds = yaml.safe_load((FOLDER / "rounds.yaml").read_text(encoding="utf-8"))
    removed = {"experimental_training"}  # round 4 of the Journey removed it (see rounds.yaml)
    for r in rounds:
        model = load_model(r["model"])
        assert set(r["statements"]) - removed <= set(model.item_ids), r
        assert r["why"]
    for name in MODELS:  # every current statement was answered in some round
        asked = set().union(*(set(r["statements"]) for r in rounds if r["model"] == name))
        assert set(load_model(name).item_ids) <= asked


# ------------------------------------------------------------------ the instrument on the set
@pytest.fixture(scope="module", params=MODELS)
def evaluated(request):
    return request.param, validation.evaluate(request.param)


def test_goal_hit_rate_and_distance(evaluated):
    name, table = evaluated
    s = validation.summary(table)
    assert s["hit_rate"] >= 0.9, table[~table["hit"]]
    assert s["within_one"] == 1.0, table[table["distance"].abs() > 1]
    assert s["none_from_2"] == 0


def test_a_move_of_more_than_one_stage_is_announced(evaluated):
    """The goal "one answer moved by one point moves nobody by more than one stage" is missed by instrument 3.0
    for a few organisations (see the note in data/validation/README.md): where a single move shifts the stage
    by more than one, the result must at least say so - it is borderline and names a stage at least that far
    away."""
    name, table = evaluated
    far = table[table["max_shift"] > 1]
    assert far["borderline"].all(), far
    assert ((far["could_be"].astype(int) - far["placed"]).abs() >= far["max_shift"]).all(), far
    # and the miss stays small: at most one organisation in ten
    assert len(far) <= len(table) / 10, far


def test_stability_share_is_reported(evaluated):
    """The second goal (at most 1 in 10 organisations moved at all) is measured, not assumed: every fragile
    organisation is one that some single one-point move really changes."""
    name, table = evaluated
    answers, _ = validation.load_validation(name)
    for org in table.index[table["fragile"]]:
        assert validation.stability(answers.loc[[org]], name).loc[org, "changing"] > 0


def test_a_fragile_placement_is_marked_borderline(evaluated):
    """Where one answer one point away gives another stage, the result says so (the converse need not hold:
    the margin of 0.05 also marks stages whose answers move them by less)."""
    name, table = evaluated
    assert table.loc[table["fragile"], "borderline"].all()


def test_the_default_rule_is_the_best_on_the_set():
    """The default is kept only while the validation set shows it places organisations best."""
    for name in MODELS:
        rules = validation.compare_rules(name)
        best = rules["hit_rate"].max()
        assert rules.loc[DEFAULT_RULE, "hit_rate"] == best, rules
        assert set(rules.index) == set(RULES)


# ------------------------------------------------------------------ the measurements are what they say
def test_stability_counts_real_moves():
    """stability() against a hand-made case: one organisation exactly at the threshold on stage 1."""
    model = load_model("cotc")
    row = {i: 3 for i in model.item_ids}  # every stage at 0.75: the top
    frame = pd.DataFrame([row], index=["x"])
    got = validation.stability(frame, model, rule="gated")
    assert got.loc["x", "moves"] == 2 * len(model.item_ids)  # 3 can move to 2 and to 4
    # any 3 -> 2 on stage 2 drops the gated result from 5 to 1
    assert got.loc["x", "max_shift"] == 4
    assert got.loc["x", "changing"] == len(model.item_ids)  # every step down changes it, no step up does


def test_evaluate_places_with_score():
    answers, _ = validation.load_validation("altimeter")
    table = validation.evaluate("altimeter", rule="gated")
    assert (table["placed"] == score(answers, "altimeter", rule="gated")["stage"]).all()


def test_the_guide_shows_the_validation_figures_of_the_data():
    from pathlib import Path

    guide = (Path(__file__).resolve().parent.parent / "docs" / "leitfaden" / "notebooks.md").read_text(encoding="utf-8")
    assert " ".join(validation.guide_figures(lang="de").split()) in " ".join(guide.split())


def test_a_broken_validation_file_names_the_file_and_the_key(tmp_path, monkeypatch):
    """A missing key or an intended stage the model does not have stops with the file, the entry and the key."""
    import shutil

    from socialbiz_kit.errors import DataFileError

    for name in ("profiles_cotc.yaml", "intended_cotc.yaml", "answers_cotc.csv"):
        shutil.copy(FOLDER / name, tmp_path / name)
    monkeypatch.setattr(validation, "_folder", lambda: tmp_path)
    profiles = yaml.safe_load((tmp_path / "profiles_cotc.yaml").read_text(encoding="utf-8"))
    del profiles[0]["kind"]
    (tmp_path / "profiles_cotc.yaml").write_text(yaml.safe_dump(profiles, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"profiles_cotc\.yaml: \[0\]\.kind: required key is missing"):
        validation.load_profiles("cotc")
    shutil.copy(FOLDER / "profiles_cotc.yaml", tmp_path / "profiles_cotc.yaml")
    key = yaml.safe_load((tmp_path / "intended_cotc.yaml").read_text(encoding="utf-8"))
    key[0]["intended_stage"] = 9
    (tmp_path / "intended_cotc.yaml").write_text(yaml.safe_dump(key, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"intended_cotc\.yaml: {key[0]['id']}\.intended_stage: must be one of"):
        validation.evaluate("cotc")


def test_goals_say_what_the_summary_shows(evaluated):
    """goals() is read from summary(): met exactly where the issue's thresholds hold."""
    name, table = evaluated
    s, g = validation.summary(table), validation.goals(table)
    assert list(g.index) == list(validation.GOALS)
    assert g.loc["hit_rate", "met"] == (s["hit_rate"] >= 0.9)
    assert g.loc["max_shift", "met"] == (s["max_shift"] <= 1) and g.loc["fragile", "value"] == s["fragile"]
    assert (table["changing"] > 0).equals(table["fragile"]) and (table["changing"] <= table["moves"]).all()


def test_rounds_load_through_the_package():
    assert validation.load_rounds() == yaml.safe_load((FOLDER / "rounds.yaml").read_text(encoding="utf-8"))
