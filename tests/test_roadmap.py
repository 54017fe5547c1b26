"""The roadmap: the documented decision rule, its parameters, and a roadmap for every result."""
import math

import numpy as np
import pandas as pd
import pytest

from socialbiz_kit import load_model
from socialbiz_kit.datasets import load_dataset, load_reference_profiles
from socialbiz_kit.errors import InputDataError, SettingError
from socialbiz_kit.roadmap import check_weights, plan, roadmap
from socialbiz_kit.scoring import score

ALT, COTC = load_model("altimeter"), load_model("cotc")


def _all(model, value):
    return {i: value for i in model.item_ids}


def test_no_stage_reached_gets_a_roadmap_to_stage_one():
    road = plan(_all(ALT, 0), ALT)
    assert road.stage == 0 and road.target == 1
    assert {s.stage for s in road.steps} == {1} and len(road.steps) == len(ALT.stage(1).items)
    assert all(s.gap == 0.75 and s.recommendations for s in road.steps)
    # priority = effect x gap / effort; ties in model order
    expected = sorted(ALT.stage(1).items, key=lambda it: -max(r.effect / r.effort for r in ALT.recommendations_for(it.id)))
    assert [s.item.id for s in road.steps] == [it.id for it in expected]
    assert road.steps[0].priority == pytest.approx(3 * 0.75 / 1)
    assert all(r.stage == 0 for s in road.steps for r in s.recommendations)  # the model's start


def test_unanswered_items_have_the_full_gap():
    answers = _all(ALT, 4)
    answers["planning_3"] = None
    answers["planning_4"] = float("nan")
    road = plan(answers, ALT, stage=6)
    # equal priority (1 x 0.75 / 1 and 2 x 0.75 / 2): model order decides
    assert [(s.item.id, s.gap) for s in road.steps] == [("planning_3", 0.75), ("planning_4", 0.75)]


def test_lowest_stage_first_then_priority():
    answers = _all(ALT, 4)
    answers.update(planning_3=2, presence_1=0, presence_3=3, engagement_1=0, engagement_2=2)
    answers.update({i.id: 0 for i in ALT.stage(3).items})
    road = plan(answers, ALT, rule="gated")
    assert road.stage == 2 and road.target == 3
    stages = [s.stage for s in road.steps]
    assert stages == sorted(stages)
    assert road.steps[0].item.id == "planning_3" and road.steps[0].gap == pytest.approx(0.25)
    assert "presence_1" in [s.item.id for s in road.steps] and "presence_3" not in [s.item.id for s in road.steps]
    within = [s.priority for s in road.steps if s.stage == 3]
    assert within == sorted(within, reverse=True)
    assert not any(s.stage > 3 for s in road.steps)  # nothing beyond the target


def test_hand_computed_order_within_a_stage():
    """Stage 3 of Altimeter, all unanswered: effect x 0.75 / effort per item, ties in model order."""
    answers = _all(ALT, 4)
    answers.update({i.id: None for i in ALT.stage(3).items})
    road = plan(answers, ALT, stage=2)
    # engagement_1 (3/3), _2 (2/2), _3 (3/2), _4 (2/2), _5 (2/2), _6 (2/2, instrument 3.1)
    assert [s.item.id for s in road.steps] == ["engagement_3", "engagement_1", "engagement_2", "engagement_4",
                                               "engagement_5", "engagement_6"]
    assert [round(s.priority, 4) for s in road.steps] == [1.125, 0.75, 0.75, 0.75, 0.75, 0.75]


def test_the_top_stage_with_nothing_open_gets_upkeep():
    road = plan(_all(ALT, 4), ALT)
    assert road.stage == road.target == 6 and road.steps == ()
    assert [r.id for r in road.upkeep] == [r.id for r in ALT.stage(6).recommendations if not r.items]


def test_an_unmet_item_on_a_met_stage_still_appears():
    answers = _all(COTC, 4)
    answers["operational_channels"] = 1  # stage 3 stays met on average
    road = plan(answers, COTC)
    assert road.stage == 5 and [s.item.id for s in road.steps] == ["operational_channels"]


@pytest.mark.parametrize("weights,first", [
    ({"effort": 0}, "engagement_1"),      # effect x gap only: the community (effect 3) comes first
    ({"effort": 2}, "engagement_3"),      # quick wins
    ({"effect": 0, "gap": 0}, "engagement_2"),  # cheapest first; ties in model order
])
def test_weights_change_the_order_within_a_stage(weights, first):
    answers = _all(ALT, 4)
    answers.update({i.id: 0 for i in ALT.stage(3).items})
    assert plan(answers, ALT, stage=2, weights=weights).steps[0].item.id == first


def test_top_and_bad_settings():
    assert len(plan(_all(ALT, 0), ALT, top=2).steps) == 2
    with pytest.raises(SettingError, match="unknown weight 'cost'"):
        check_weights({"cost": 1})
    with pytest.raises(SettingError, match="at least 0"):
        plan(_all(ALT, 0), ALT, weights={"gap": -1})
    with pytest.raises(SettingError, match="top must be"):
        plan(_all(ALT, 0), ALT, top=0)
    with pytest.raises(SettingError, match="stage must lie between 1 and 5"):
        plan(_all(COTC, 0), COTC, stage=0)
    with pytest.raises(InputDataError, match="'planning_1': answer 7 is not on the scale"):
        plan({"planning_1": 7}, ALT)


@pytest.mark.parametrize("model", ["altimeter", "cotc"])
def test_every_sample_and_reference_result_gets_a_roadmap(model):
    m = load_model(model)
    for answers in (load_dataset(f"sample_answers_{model}"), load_reference_profiles(m)):
        result = score(answers, m)
        frame = roadmap(result, m, lang="de")
        assert set(frame["assessment"]) == set(result.index)
        steps = frame[frame.kind == "step"]
        assert steps["recommendation"].ne("").all()  # every step has a measure
        assert steps["label"].isin(["Aus der Quelle", "Richtung aus der Quelle, vom Kit konkretisiert",
                                    "Lesart des Kits"]).all()
        for _, one in steps.groupby("assessment"):
            ranks = one.drop_duplicates("rank")
            assert ranks["stage"].is_monotonic_increasing
            assert ranks["rank"].tolist() == list(range(1, len(ranks) + 1))


def test_roadmap_frame_columns_and_threshold_from_the_result():
    result = score(load_dataset("sample_answers_altimeter"), ALT, threshold=0.5)
    frame = roadmap(result, ALT, lang="en")
    assert list(frame.columns[:4]) == ["assessment", "kind", "rank", "stage"]
    lindner = frame[frame.assessment == "lindner"]
    assert (lindner["gap"] <= 0.5 + 1e-9).all()
    with pytest.raises(SettingError):
        roadmap(result, ALT, threshold=0.75)
    with pytest.raises(InputDataError, match="keep_answers"):
        roadmap(score(load_dataset("sample_answers_altimeter"), ALT, keep_answers=False), ALT)


def test_roadmap_takes_the_rule_like_the_threshold():
    """Issue 26: ``rule=`` as everywhere; it must agree with the result's rule, and gives the same table."""
    result = score(load_dataset("sample_answers_altimeter"), ALT, rule="gated")
    assert roadmap(result, ALT, rule="gated").equals(roadmap(result, ALT))
    with pytest.raises(SettingError, match="rule"):
        roadmap(result, ALT, rule="supported")
    bare = result.drop(columns="rule")
    assert roadmap(bare, ALT, rule="gated").equals(roadmap(result, ALT))


def test_roadmap_agrees_with_a_plain_reimplementation_on_random_answers():
    """The rule written out once more, naively, on 300 seeded random answer sets (with gaps)."""
    rng = np.random.default_rng(11)
    for model in (ALT, COTC):
        values = rng.integers(0, 5, size=(150, len(model.items))).astype(float)
        values[rng.random(values.shape) < 0.15] = np.nan
        answers = pd.DataFrame(values, columns=list(model.item_ids))
        result = score(answers, model)
        scale = model.scale_map()
        for _, row in result.iterrows():
            stage = int(row["stage"])
            target = min(stage + 1, model.n_stages)
            cand = []
            for pos, it in enumerate(model.items):
                a = row[it.id]
                f = None if math.isnan(a) else scale[int(a)]
                if it.stage <= target and (f is None or f < 0.75):
                    gap = 0.75 - (f or 0.0)
                    best = max(r.effect * gap / r.effort for r in model.recommendations_for(it.id))
                    cand.append((it.stage, -best, pos, it.id))
            expected = [c[-1] for c in sorted(cand)]
            assert [s.item.id for s in plan(row, model, stage=stage).steps] == expected


def test_plan_refuses_what_is_not_a_mapping_and_checks_the_rule():
    """Issue 26: a list read as "nothing answered", and the rule was never checked when the stage was given."""
    from socialbiz_kit.errors import InputDataError, SettingError

    with pytest.raises(InputDataError, match="mapping"):
        plan([4] * 32, ALT)
    with pytest.raises(SettingError, match="rule"):
        plan({}, ALT, stage=2, rule="best")


def test_every_public_module_is_an_attribute_of_the_package():
    import socialbiz_kit as sbk

    assert sbk.roadmap.plan is plan
    assert callable(sbk.validation.evaluate) and callable(sbk.session.Session)
    for name in sbk._SUBMODULES:  # every public submodule, not only the ones imported so far
        assert getattr(sbk, name).__name__ == f"socialbiz_kit.{name}"
        assert name in dir(sbk)


def test_one_answer_check_for_plan_session_and_store(tmp_path):
    """Issue 26: roadmap, session and store each had their own "is this on the scale"; numpy numbers were taken by
    one and refused by another. socialbiz_kit._checks decides for all: numbers on the scale (numpy's too), never a
    bool or a text; None, NaN and pandas' NA are not answered."""
    import numpy as np
    import pandas as pd

    from socialbiz_kit.errors import InputDataError, StoreRefusedError
    from socialbiz_kit.session import Session
    from socialbiz_kit.store import Store

    item = ALT.item_ids[0]
    store = Store(tmp_path / "s.sqlite")
    session = Session(ALT)
    for value in (np.int64(4), np.float32(4.0), 4, 4.0):
        assert plan({item: value}, ALT, stage=0).steps[0].item.id != item
        session.set_answer(item, value)
        assert session.answers[item] == 4
        store.save({item: value}, model=ALT, organisation="x")
    for value in (None, float("nan"), np.float64("nan"), pd.NA):
        assert plan({item: value}, ALT, stage=0).steps[0].answer is None
        session.set_answer(item, value)
        assert session.answers[item] is None
    for value in (True, "4", 5, np.int64(7), 2.5):
        with pytest.raises(InputDataError, match="scale"):
            plan({item: value}, ALT)
        with pytest.raises(InputDataError):
            session.set_answer(item, value)
        with pytest.raises(StoreRefusedError):
            store.save({item: value}, model=ALT, organisation="x")
