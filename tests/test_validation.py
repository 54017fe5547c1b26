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

from socialbiz_kit import ui, validation, validation_set
from socialbiz_kit._data import data_dir
from socialbiz_kit.models import load_model
from socialbiz_kit.scoring import DEFAULT_RULE, DEFAULT_THRESHOLD, RULES, score, stage_fulfilment

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


# Under the highest rule (the default until the rule with point deduction replaced it) instrument 3.3 misses one goal
# on the development set of Altimeter: for hd01, he11 and hg03 one answer one point lower moves the stage by two,
# because each meets its stage exactly at the threshold over an open stage below (data/validation/README.md). Named
# here, so that the test fails both when another organisation joins them and when they pass.
FAR_ON_DEVELOPMENT = {"altimeter": {"hd01", "he11", "hg03"}, "cotc": set()}
# A miss of the development set that is not a near miss: hf03, a parish written as between no stage and stage 1,
# whose stage 1 reaches 0.29 (the second holdout of 3.2, development data since 3.3).
UNANNOUNCED_MISSES = {"altimeter": {"hf03"}, "cotc": set()}


@pytest.mark.parametrize("name", ["altimeter", "cotc"])
def test_goal_hit_rate_and_distance_on_the_development_set(name):
    """The goals hold on the development set, on which the statements were improved. The holdout set measures
    what the instrument does on organisations it was not tuned on; its figures are published, not asserted (a
    goal missed there is reported in notebook 05 and the guide, and mended only before the next holdout)."""
    table = validation.evaluate(name)
    s = validation.summary(table[table["sample"] == "development"])
    assert s["hit_rate"] >= 0.9, table[~table["hit"]]
    assert s["within_one"] == 1.0, table[table["distance"].abs() > 1]
    assert s["none_from_2"] == 0
    dev = table[table["sample"] == "development"]
    assert (dev["max_shift"] <= 1).all(), dev[dev["max_shift"] > 1]  # the default: one answer, at most one stage
    highest = validation.evaluate(name, rule="highest", sample="development")
    far = highest[highest["max_shift"] > 1]  # the highest rule: two stages for the named organisations
    assert set(far.index) == FAR_ON_DEVELOPMENT[name], far
    assert (far["max_shift"] == 2).all() and far["borderline"].all(), far


def test_every_miss_of_the_development_set_is_announced(evaluated):
    """Where the default rule misses the intended stage on the development set, the result at least says how sure
    it is: the placement is borderline and names the intended stage as the stage it could be."""
    name, table = evaluated
    dev = table[table["sample"] == "development"]
    missed = dev[~dev["hit"] & ~dev.index.isin(UNANNOUNCED_MISSES[name])]
    assert set(UNANNOUNCED_MISSES[name]) <= set(dev.index[~dev["hit"] & ~dev["borderline"]])
    assert missed["borderline"].all(), missed
    assert (missed["could_be"].astype(int) == missed["intended"]).all(), missed


def test_a_move_of_more_than_one_stage_is_announced(evaluated):
    """The goal "one answer moved by one point moves nobody by more than one stage" is missed by instrument 3.0
    for a few organisations (see the note in data/validation/README.md): where a single move shifts the stage
    by more than one, the result must at least say so - it is borderline and names a stage at least that far
    away."""
    name, table = evaluated
    far = table[table["max_shift"] > 1]
    assert far["borderline"].all(), far
    assert ((far["could_be"].astype(int) - far["placed"]).abs() >= far["max_shift"]).all(), far
    # on the development set the miss stays small: at most one organisation in ten
    dev = table[table["sample"] == "development"]
    assert (dev["max_shift"] > 1).sum() <= len(dev) / 10, dev[dev["max_shift"] > 1]


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


def test_the_default_rule_is_the_best_on_the_development_set_and_not_worse_anywhere():
    """The default is kept only while the evidence supports it: best hit rate on the development set, and on the
    whole set (development and holdout) no rule places significantly more organisations at their intended stage
    (exact McNemar test on the organisations the two rules disagree on, two-sided, 5 %)."""
    from scipy.stats import binomtest

    for name in MODELS:
        rules = validation.compare_rules(name, sample="development")
        assert rules.loc[DEFAULT_RULE, "hit_rate"] == rules["hit_rate"].max(), rules
        assert set(rules.index) == set(RULES)
        default = validation.evaluate(name)["hit"]
        for rule in RULES:
            other = validation.evaluate(name, rule=rule)["hit"]
            better, worse = int((other & ~default).sum()), int((default & ~other).sum())
            if better > worse:
                assert binomtest(better, better + worse).pvalue >= 0.05, (name, rule, better, worse)


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
    monkeypatch.setattr(validation_set, "_folder", lambda: tmp_path)
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
    # a hard case or a kind the README does not document is refused, not loaded silently
    key[0]["intended_stage"], key[0]["hard_case"] = 1, "merged"
    (tmp_path / "intended_cotc.yaml").write_text(yaml.safe_dump(key, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"intended_cotc\.yaml: {key[0]['id']}\.hard_case: must be one of .*'merged'"):
        validation.load_profiles("cotc")
    shutil.copy(FOLDER / "intended_cotc.yaml", tmp_path / "intended_cotc.yaml")
    profiles[0]["kind"] = "church"
    (tmp_path / "profiles_cotc.yaml").write_text(yaml.safe_dump(profiles, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"profiles_cotc\.yaml: {profiles[0]['id']}\.kind: must be one of"):
        validation.load_profiles("cotc")


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


# ------------------------------------------------------------------ samples and the scale score
def test_every_organisation_belongs_to_a_sample_and_the_holdout_was_answered_after_the_freeze():
    """The holdout is a separate sample; rounds.yaml records it as answered once, on the current version, and as
    the model's last round. An earlier version's holdout became development data the moment statements were
    changed because of it: its organisations say so (holdout_of) and its round names that version."""
    rounds = validation.load_rounds()
    for name in MODELS:
        p = validation.load_profiles(name)
        version = load_model(name).version
        assert set(p["sample"]) <= set(validation.SAMPLES)
        held = [r for r in rounds if r["model"] == name and str(r["round"]) == "holdout"]
        current = [r for r in held if str(r["instrument"]) == version]
        if (p["sample"] == "holdout").any():
            # each holdout of the current version is answered once and recorded as its own round, numbered 1, 2, …
            numbers = [int(r.get("holdout_round", 1)) for r in current]
            assert numbers == list(range(1, len(current) + 1)), numbers
            assert set(p.loc[p["sample"] == "holdout", "holdout_round"]) == set(numbers)
            assert all(set(r["statements"]) == set(load_model(name).item_ids) for r in current), "every statement"
            # no statement was changed after the first holdout: only holdout rounds of that model follow it
            first = rounds.index(current[0])
            assert all(str(r["round"]) == "holdout" for r in rounds[first:] if r["model"] == name)
        else:
            assert not current, "a holdout round of the current version needs its organisations"
        for old in (r for r in held if str(r["instrument"]) != version):
            former = p[p["holdout_of"] == str(old["instrument"])]
            assert len(former) and (former["sample"] == "development").all(), (name, old["instrument"])
            later = [r for r in rounds[rounds.index(old) + 1:] if r["model"] == name]
            assert later, "an old holdout is followed by the rounds that changed the instrument"
        assert set(p.loc[p["holdout_of"] != "", "sample"]) <= {"development"}


@pytest.mark.parametrize("sample", validation.SAMPLES)
def test_evaluate_keeps_only_the_sample_asked_for(sample):
    p = validation.load_profiles("altimeter")
    table = validation.evaluate("altimeter", sample=sample)
    assert set(table.index) == set(p.index[p["sample"] == sample])
    assert (table["sample"] == sample).all()


def test_an_unknown_sample_or_rule_is_refused():
    from socialbiz_kit.errors import SettingError

    with pytest.raises(SettingError, match="sample"):
        validation.evaluate("cotc", sample="test")
    with pytest.raises(SettingError, match="rule"):
        validation.evaluate("cotc", rule="median")


def test_the_scale_score_counts_stages_met_and_never_jumps():
    """The yardstick of stability: the number of stages met moves by at most one stage for any single move."""
    model = load_model("altimeter")
    rng = np.random.default_rng(23)
    frame = pd.DataFrame(rng.integers(0, 5, size=(40, len(model.item_ids))), columns=list(model.item_ids),
                         index=[f"r{i}" for i in range(40)])
    got = validation.stability(frame, model, rule=validation.SCALE_SCORE)
    assert (got["max_shift"] <= 1).all() and got["changing"].sum() > 0
    fulfil = stage_fulfilment(frame, model)
    counted = validation._decide(fulfil.to_numpy(), model, 0.75, validation.SCALE_SCORE)
    assert (counted == (fulfil >= 0.75).sum(axis=1).to_numpy()).all()
    table = validation.compare_rules("cotc", scale_score=True)
    assert validation.SCALE_SCORE in table.index and set(RULES) < set(table.index)



def test_the_candidate_rule_moves_nobody_by_more_than_one_stage():
    """"höchste Stufe mit Punktabzug" (validation.STEPPED): a stage counts one lower per answer point it lacks, so a
    single one-point move shifts the placement by at most one stage, with unanswered statements too; the highest rule
    does not have that property (a hand-made organisation whose stage 6 is met exactly over open stages 4 and 5)."""
    for name in MODELS:
        model = load_model(name)
        rng = np.random.default_rng(7)
        frame = pd.DataFrame(rng.integers(0, 5, size=(30, len(model.item_ids))).astype(float),
                             columns=list(model.item_ids), index=[f"r{i}" for i in range(30)])
        frame = frame.mask(rng.random(frame.shape) < 0.15)  # some "weiß nicht"
        got = validation.stability(frame, model, rule=validation.STEPPED)
        assert (got["max_shift"] <= 1).all() and got["changing"].sum() > 0, name
    alt = load_model("altimeter")
    answers = {i.id: {1: 4, 2: 4, 3: 4, 4: 1, 5: 1, 6: 3}[i.stage] for i in alt.items}
    row = pd.DataFrame([answers], index=["x"])
    shift = {rule: int(validation.stability(row, alt, rule=rule).loc["x", "max_shift"]) for rule in ("highest", "stepped")}
    assert shift == {"highest": 3, "stepped": 1}  # 6 -> 3 when one stage-6 answer drops, 6 -> 5 under the candidate
    lower = dict(answers, converged_1=2)
    f = stage_fulfilment(pd.DataFrame([lower]), alt).to_numpy()
    counts = validation.answered_per_stage(pd.DataFrame([lower]), alt)
    assert validation._decide(f, alt, 0.75, "highest")[0] == 3
    assert validation._decide(f, alt, 0.75, validation.STEPPED, counts)[0] == 5


def test_the_default_places_the_validation_set_as_the_highest_rule_does_and_meets_the_stability_goal():
    """Measured, not assumed: on every organisation of both sets but one the default (the rule with point deduction,
    frozen as a candidate before the second 3.2 holdout) gives the highest rule's stage, so its hit rate is the same;
    the one is hi07 (first 3.3 holdout, no stage met, stage 3 at 0.71), which the default places on stage 2, nearer its
    intended stage 3 than the highest rule's "keine Stufe". Unlike the highest rule it meets the stability goal (at
    most one stage) on every sample."""
    assert DEFAULT_RULE == validation.STEPPED
    for name in MODELS:
        default, candidate = validation.evaluate(name, rule="highest"), validation.evaluate(name)
        differ = candidate.index[candidate["placed"] != default["placed"]]
        assert set(differ) == ({"hi07"} if name == "altimeter" else set()), (name, list(differ))
        assert (candidate.loc[differ, "distance"].abs() < default.loc[differ, "distance"].abs()).all()
        for sample in validation.SAMPLES:
            s = validation.summary(candidate[candidate["sample"] == sample])
            d = validation.summary(default[default["sample"] == sample])
            assert s["max_shift"] <= 1 and s["hits"] == d["hits"], (name, sample)
            assert s["within_one"] >= d["within_one"] and s["none_from_2"] <= d["none_from_2"], (name, sample)
    table = validation.compare_rules("altimeter", sample="holdout")
    assert validation.STEPPED in table.index and table.loc["highest", "max_shift"] > table.loc["stepped", "max_shift"]


def test_the_default_is_lenient_where_answers_are_flat_the_price_of_bounded_moves():
    """The price of bounded moves (data/validation/README.md): an organisation that answers "trifft teilweise zu"
    everywhere is placed on Altimeter stage 2 by the default, because stage 6 (four statements) lacks only four
    answer points; the highest and the gated rule give no stage. On random answers it places many higher."""
    alt = load_model("altimeter")
    flat = pd.DataFrame([{i: 2 for i in alt.item_ids}])
    got = {rule: int(validation.placements(flat, alt, rule=rule)[0]) for rule in ("gated", "highest", "stepped")}
    assert got == {"gated": 0, "highest": 0, "stepped": 2}
    rng = np.random.default_rng(1)
    noise = pd.DataFrame(rng.integers(0, 5, size=(500, len(alt.item_ids))), columns=list(alt.item_ids))
    higher = validation.placements(noise, alt, rule="stepped") - validation.placements(noise, alt, rule="highest")
    assert (higher >= 0).all() and (higher > 0).mean() > 0.5  # never lower, for most random rows higher
    # placements() places as score() does for the self-check's rules
    assert validation.placements(noise, alt).equals(score(noise, alt, keep_answers=False)["stage"].astype(int))


def test_the_margin_counts_the_support_line_as_an_edge():
    """Under the supported rule a stage just above the support line decides as much as one at the threshold."""
    model = load_model("altimeter")
    # stage 3 clearly met (0.90), stage 2 just above the support line (0.40), nothing else
    fulfil = np.array([0.25, 0.40, 0.90, 0.0, 0.10, 0.06])
    placed = int(validation._decide(fulfil[None, :], model, 0.75, "supported")[0])
    assert placed == 3
    assert validation._margin(fulfil, model, 0.75, "supported", placed) == pytest.approx(0.025)
    # the highest rule has no support line: only stage 3's distance to the threshold counts
    assert validation._margin(fulfil, model, 0.75, "highest", 3) == pytest.approx(0.15)


def test_the_hit_rate_interval_is_the_exact_one_r_gives():
    """Clopper-Pearson, as R's binom.test(8, 10)$conf.int: 0.4439045 0.9747893; 24 of 24: 0.8575 1."""
    table = pd.DataFrame({"hit": [True] * 8 + [False] * 2, "intended": 3, "placed": 3, "distance": 0,
                          "fragile": False, "max_shift": 0, "margin": 0.1, "borderline": False})
    s = validation.summary(table)
    assert s["hit_low"] == pytest.approx(0.4439045, abs=1e-7) and s["hit_high"] == pytest.approx(0.9747893, abs=1e-7)
    every = validation.summary(table.assign(hit=True).iloc[:8].reindex(range(24), method="ffill"))
    assert every["hit_low"] == pytest.approx(0.8575, abs=1e-4) and every["hit_high"] == 1.0


# The holdout's misses by more than one stage, named so that the test fails when another joins them or when they pass
# (data/validation/README.md): four uneven profiles of the first three 3.3 holdouts, which their writers placed by a
# cumulative reading, two stages below where the default places them (hi03, hj04, hj12, and hk05 of the third, the
# first holdout of the default, where the result is borderline: one or two points fewer and it would be stage 3). The
# fifth uneven miss, hi07 (no stage met, stage 3 at 0.71), the default places on stage 2, one below the intended 3 (the
# highest rule: "keine Stufe", three below); the sixth uneven profile, hk11, is a hit. The fourth to seventh 3.3
# holdouts, whose writers had the kit's reading (told it, or read it in the model), have no far miss (tests below).
# The Journey's one far miss is hp09 of its third holdout, an uneven profile whose stage-3 gap runs on into stage 4
# along the same areas of change (test below). With rounds 6 and 7 the pooled 3.3 holdouts reach 90 % by the point
# estimate (77 of 84, asserted below; the exact interval reaches down to 84 %, and the pooled figure mixes rounds whose
# writers did and did not have the kit's reading); the goal "every organisation within one stage" stays missed by the
# four, which is why issue 23 stays open.
FAR_OFF_ON_HOLDOUT = {"altimeter": {"hi03", "hj04", "hj12", "hk05"}, "cotc": {"hp09"}}
BORDERLINE_FAR_OFF: set[str] = {"hk05", "hp09"}


@pytest.mark.parametrize("name", MODELS)
def test_the_holdout_misses_by_more_than_one_stage_are_the_documented_ones(name):
    table = validation.evaluate(name, sample="holdout")
    far = table[table["distance"].abs() > 1]
    assert set(far.index) == FAR_OFF_ON_HOLDOUT[name], far
    assert set(far.index[far["borderline"]]) == BORDERLINE_FAR_OFF & set(far.index), far
    uneven = validation.load_profiles(name).loc[table.index, "hard_case"] == "uneven"
    assert uneven[far.index].all()  # each far miss is an uneven profile
    # the rest of the holdout places at least 90 % where intended (a point estimate)
    assert table.loc[~uneven, "hit"].mean() >= 0.9, table[~uneven & ~table["hit"]]


def test_the_holdout_whose_writer_was_told_the_kits_reading_places_its_uneven_profiles_as_intended():
    """Holdout round 4 of Altimeter 3.3 (rounds.yaml): the profile writer was given the kit's reading of an uneven
    organisation, which the model's readings state (data/models/altimeter.yaml), where the three rounds before had
    left it to the writer and all six uneven profiles there were read cumulatively. Its uneven profiles are placed
    where intended by the default, and the round has no miss by two stages; the rule that follows the cumulative
    reading more closely (supported) gains nothing there."""
    profiles = validation.load_profiles("altimeter")
    fourth = profiles.index[(profiles["sample"] == "holdout") & (profiles["holdout_round"] == 4)]
    assert len(fourth) == 12
    entry = next(r for r in validation.load_rounds()
                 if r["model"] == "altimeter" and r["round"] == "holdout" and r.get("holdout_round") == 4)
    assert "told the kit's reading" in entry["why"]
    assert any("höchsten Stufe, deren Merkmale" in r.text.de for r in load_model("altimeter").readings)
    default = validation.evaluate("altimeter", sample="holdout").loc[fourth]
    supported = validation.evaluate("altimeter", sample="holdout", rule="supported").loc[fourth]
    uneven = profiles.loc[fourth, "hard_case"] == "uneven"
    assert uneven.sum() == 2 and default.loc[uneven, "hit"].all(), default[uneven]
    assert default["distance"].abs().max() <= 1
    assert default["hit"].sum() >= supported["hit"].sum()


@pytest.mark.parametrize("k", [5, 6, 7])
def test_the_holdouts_prepared_with_the_repositorys_protocol_place_every_organisation_within_one_stage(k):
    """Holdout rounds 5, 6 and 7 of Altimeter 3.3 (rounds.yaml), prepared with tools/validation_round.py, whose
    writers read the model's readings as the model file holds them (data/validation/protocol), not as an extra
    instruction; 6 and 7 were frozen together with the decision to report both whatever they showed. Their uneven
    profiles are placed where intended by the default, no organisation is two stages off, and the results that one
    answer moves are borderline ones."""
    profiles = validation.load_profiles("altimeter")
    ids = profiles.index[(profiles["sample"] == "holdout") & (profiles["holdout_round"] == k)]
    assert len(ids) == 12 and (profiles.loc[ids, "kind"] != "company").sum() >= 8
    entry = next(r for r in validation.load_rounds()
                 if r["model"] == "altimeter" and r["round"] == "holdout" and r.get("holdout_round") == k)
    assert ("tools/validation_round.py" in entry["why"] or "prepared with the repository's protocol" in entry["why"])
    assert (FOLDER / "protocol" / "README.md").is_file() and (FOLDER / "material" / f"altimeter_holdout_3.3_{k}").is_dir()
    default = validation.evaluate("altimeter", sample="holdout").loc[ids]
    uneven = profiles.loc[ids, "hard_case"] == "uneven"
    assert uneven.sum() == 2 and default.loc[uneven, "hit"].all(), default[uneven]
    assert default["distance"].abs().max() <= 1 and default["max_shift"].max() <= 1
    assert set(default.index[default["fragile"]]) <= set(default.index[default["borderline"]])


def test_the_seven_holdouts_of_instrument_3_3_reach_90_percent_by_the_point_estimate_but_not_within_one_stage():
    """Issue 23's goals on the 84 holdout organisations of Altimeter 3.3, pooled (data/validation/README.md, "Goals
    missed, said plainly"): the share placed where intended is at least 90 % (77 of 84; after five rounds it was 53 of
    60, and rounds 6 and 7 were added after that miss), but the exact interval reaches below 90 %, so the data do not
    show a true rate of 90 %; nobody intended at stage 2 or higher is at "keine Stufe"; and the four far misses remain,
    so "every organisation within one stage" is missed. The pooled figure is descriptive: rounds 1-3, whose writers
    did not have the kit's reading, place 29 of 36, rounds 4 to 7, whose writers had it, 48 of 48."""
    table = validation.evaluate("altimeter", sample="holdout")
    assert len(table) == 84
    assert table["hit"].mean() >= 0.9, table["hit"].sum()
    assert validation.summary(table)["hit_low"] < 0.9  # the point estimate, not the interval, reaches the goal
    rounds = validation.load_profiles("altimeter").loc[table.index, "holdout_round"]
    assert (int(table.loc[rounds <= 3, "hit"].sum()), int(table.loc[rounds >= 4, "hit"].sum())) == (29, 48)
    assert not ((table["intended"] >= 2) & (table["placed"] == 0)).any()
    assert (table["distance"].abs() > 1).sum() == len(FAR_OFF_ON_HOLDOUT["altimeter"])


def test_the_journeys_far_miss_lacks_one_area_of_change_at_two_stages():
    """hp09 (the Journey's third holdout, rounds.yaml): uneven, intended 4 with the stage-3 foundations of guidelines,
    training and a shared platform missing; placed 2, because the stage-4 statements on the same areas (channels,
    training) are denied too. The Journey's stages run through the same five areas, so a gap in an area shows at two
    stages. The other side (data/validation/README.md): the stage-4 description itself asks for employees "prepared" to
    talk to customers, so denying the training statement follows from it and the intended 4 is debatable; the channels
    statement has no counterpart in the stage-4 description; the writer expected a lower stage under a stepwise rule.
    A finding kept for the next version, not mended (the round was frozen)."""
    model = load_model("cotc")
    answers, _ = validation.answers_and_profiles(model)
    row = validation.evaluate(model, sample="holdout").loc["hp09"]
    assert (row["intended"], row["placed"], bool(row["borderline"])) == (4, 2, True)
    denied = {i.id for i in model.items if i.stage in (3, 4) and answers.loc["hp09", i.id] <= 1}  # 0 or 1
    area = {i.id: i.area for i in model.items}
    assert {area[i] for i in denied if i.startswith("measurable_")} <= {area[i] for i in denied if i.startswith("operational_")}
    assert {"measurable_channels", "measurable_training"} <= denied
    assert all(answers.loc["hp09", i.id] >= 3 for i in model.items if i.stage == 4 and i.id not in denied)


def test_a_threshold_of_two_thirds_won_on_the_development_set_but_not_on_the_holdout_that_tested_it():
    """The threshold experiment of holdout round 3 of instrument 3.2 (rounds.yaml), recomputed from the answers
    archived for 3.2: two thirds was chosen on the development sample of 3.2, where it places more where intended and
    leaves fewer movable, and frozen before round 3 was written; on round 3 it places no more where intended and
    moves more by one answer, so the default stays 0.75. The experiment ran under the highest rule, the default then."""
    assert DEFAULT_THRESHOLD == 0.75
    dev = {t: validation.summary(validation.evaluate("altimeter", threshold=t, sample="development", version="3.2",
                                                     rule="highest"))
           for t in (0.75, 2 / 3)}
    assert dev[2 / 3]["hits"] > dev[0.75]["hits"] and dev[2 / 3]["fragile"] < dev[0.75]["fragile"]
    profiles = validation.answers_and_profiles("altimeter", version="3.2")[1]
    third = profiles.index[(profiles["sample"] == "holdout") & (profiles["holdout_round"] == 3)]
    assert len(third) == 12
    fresh = {}
    for t in (0.75, 2 / 3):
        table = validation.evaluate("altimeter", threshold=t, sample="holdout", version="3.2", rule="highest")
        fresh[t] = validation.summary(table.loc[third])
    assert fresh[2 / 3]["hits"] == fresh[0.75]["hits"]
    assert fresh[2 / 3]["fragile"] > fresh[0.75]["fragile"] and fresh[2 / 3]["max_shift"] > fresh[0.75]["max_shift"]


def test_an_earlier_version_is_recomputed_from_its_archived_answers():
    """The published figures of Altimeter 3.2 (rounds.yaml: three holdouts, 11 of 12 each, hg03 two stages below
    at "keine Stufe") come back from answers_altimeter_3.2.csv; the archive differs from the current answers only in
    the statements reworded for 3.3, and only for organisations known then. A version without archive is refused."""
    from socialbiz_kit.errors import SettingError

    old, _ = validation.load_validation("altimeter", version="3.2")
    now, _ = validation.load_validation("altimeter")
    assert set(old.index) < set(now.index)
    changed = set(load_model("altimeter").changed_since("3.2"))
    same = [c for c in now.columns if c not in changed]
    assert old[same].equals(now.loc[old.index, same])
    assert not old[sorted(changed)].equals(now.loc[old.index, sorted(changed)])
    table = validation.evaluate("altimeter", sample="holdout", version="3.2", rule="highest")  # the default then
    profiles = validation.answers_and_profiles("altimeter", version="3.2")[1]
    assert sorted(profiles.loc[table.index, "holdout_round"].value_counts().items()) == [(1, 12), (2, 12), (3, 12)]
    assert table.groupby(profiles.loc[table.index, "holdout_round"])["hit"].sum().tolist() == [11, 11, 11]
    assert set(table.index[table["distance"].abs() > 1]) == {"hg03"} and table.loc["hg03", "placed"] == 0
    with pytest.raises(SettingError, match="archived"):
        validation.evaluate("altimeter", version="3.0")


def test_the_second_test_of_two_thirds_did_not_meet_the_rule_fixed_in_advance():
    """The pre-registered test of holdout round 2 of instrument 3.3 (rounds.yaml; commit 36104ec): two thirds would
    have become the default only with more organisations at the intended stage, no more movable by one answer and
    none moved by two stages where 0.75 moves none. It places the same number and moves one more, so 0.75 stays.
    The test ran under the highest rule, the default then."""
    assert DEFAULT_THRESHOLD == 0.75
    profiles = validation.load_profiles("altimeter")
    second = profiles.index[(profiles["sample"] == "holdout") & (profiles["holdout_round"] == 2)]
    assert len(second) == 12
    got = {t: validation.summary(validation.evaluate("altimeter", threshold=t, sample="holdout", rule="highest").loc[second])
           for t in (0.75, 2 / 3)}
    adopt = (got[2 / 3]["hits"] > got[0.75]["hits"] and got[2 / 3]["fragile"] <= got[0.75]["fragile"]
             and not (got[2 / 3]["max_shift"] >= 2 > got[0.75]["max_shift"]))
    assert not adopt
    assert got[2 / 3]["hits"] == got[0.75]["hits"] and got[2 / 3]["fragile"] > got[0.75]["fragile"]


def test_an_archived_answer_without_a_profile_names_the_archive_and_the_organisation(tmp_path, monkeypatch):
    """An archive row whose organisation has no profile is refused, not dropped: the error names the file and the id."""
    import shutil

    from socialbiz_kit.errors import DataFileError

    for name in ("profiles_altimeter.yaml", "intended_altimeter.yaml", "answers_altimeter.csv",
                 "answers_altimeter_3.2.csv", "rounds.yaml"):
        shutil.copy(FOLDER / name, tmp_path / name)
    archive = tmp_path / "answers_altimeter_3.2.csv"
    lines = archive.read_text(encoding="utf-8").splitlines()
    lines.append("zz99" + lines[-1][lines[-1].index(","):])
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(validation_set, "_folder", lambda: tmp_path)
    with pytest.raises(DataFileError, match=r"answers_altimeter_3\.2\.csv: zz99: answers and profiles disagree"):
        validation.evaluate("altimeter", version="3.2")


def test_the_far_misses_are_a_shape_that_writers_read_two_ways():
    """data/validation/README.md, "Why no change of statements mends the four": the Altimeter organisations whose
    answers meet stage 4 or 5 over a stage directly below it under 0.35 (nothing met above) were intended at the met
    stage by nine writers (seven of instruments 3.0-3.2, and the writers of holdouts 6 and 7 of 3.3, who read the kit's
    reading in the model) and two stages lower by four; the four are exactly the far misses on the holdouts."""
    answers, profiles = validation.answers_and_profiles("altimeter")
    fulfil = stage_fulfilment(answers, "altimeter")
    shape = {}
    for org, row in fulfil.iterrows():
        met = [k for k in fulfil.columns if row[k] >= 0.75]
        if met and max(met) in (4, 5) and row[max(met) - 1] < 0.35:
            shape[org] = max(met)
    intended = profiles.loc[list(shape), "intended_stage"]
    at_met = {o for o in shape if intended[o] == shape[o]}
    two_lower = {o for o in shape if intended[o] == shape[o] - 2}
    assert at_met == {"hd06", "he09", "hf09", "hg10", "hd01", "he11", "hf11", "hn03", "ho11"}
    assert two_lower == {"hi03", "hj04", "hk05", "hj12"} == FAR_OFF_ON_HOLDOUT["altimeter"]
    assert at_met | two_lower == set(shape)
    assert (profiles.loc[list(shape), "hard_case"] == "uneven").all()


def test_a_round_frozen_together_with_the_one_before_is_not_said_to_follow_its_scores():
    """Holdouts 6 and 7 of Altimeter 3.3 were frozen as a pair before either was written (rounds.yaml: frozen_with):
    the guide's figures must not say that 7 was written after 6 had been scored, as they say of every other round."""
    entry = next(r for r in validation.load_rounds()
                 if r["model"] == "altimeter" and r["round"] == "holdout" and r.get("holdout_round") == 7)
    assert entry["frozen_with"] == 6 and entry["instrument"] == load_model("altimeter").version
    for lang in ("de", "en"):
        text = " ".join(validation.guide_figures(lang=lang).split())
        paired = ui.text("validation.holdout_pair", lang=lang, n=12, k=7, previous=6)
        later = ui.text("validation.holdout_later", lang=lang, n=12, k=7, previous=6)
        assert paired in text and later not in text
        assert ui.text("validation.holdout_later", lang=lang, n=12, k=6, previous=5) in text  # 6 did follow 5
