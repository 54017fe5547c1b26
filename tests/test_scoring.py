"""Scoring: rules on hand-made tables, properties on generated answers, agreement with a plain loop."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from socialbiz_kit import datasets, load_model, scoring
from socialbiz_kit._checks import is_met
from socialbiz_kit._reference import score_reference
from socialbiz_kit.errors import InputDataError, SettingError
from socialbiz_kit.explain import explain_error
from socialbiz_kit.scoring import (
    RULES,
    fulfilment_columns,
    profile_long,
    score,
    stage_from_fulfilment,
    stage_fulfilment,
)

ALT = load_model("altimeter")
COTC = load_model("cotc")


def answers_of(model, rows):
    """Wide answers from a list of per-stage answer lists ({stage number: value})."""
    data = []
    for row in rows:
        data.append({it.id: row.get(it.stage, np.nan) for it in model.items})
    return pd.DataFrame(data, columns=list(model.item_ids))


# ------------------------------------------------------------------ rules on hand-made fulfilment tables
def table(rows, start=1):
    return pd.DataFrame(rows, columns=list(range(start, start + len(rows[0]))), dtype=float)


@pytest.mark.parametrize(
    "row,gated,highest",
    [
        ([1.0, 1.0, 1.0], 3, 3),
        ([0.75, 0.75, 0.75], 3, 3),          # exactly at the threshold counts as met
        ([0.7499, 1.0, 1.0], 0, 3),          # just below blocks the gate
        ([1.0, 0.5, 1.0], 1, 3),             # jagged profile
        ([0.0, 0.0, 0.0], 0, 0),
        ([1.0, 1.0, 0.74], 2, 2),
        ([0.2, 0.9, 0.1], 0, 2),
    ],
)
def test_rules_on_hand_made_rows(row, gated, highest):
    t = table([row])
    assert stage_from_fulfilment(t, threshold=0.75, rule="gated").iloc[0] == gated
    assert stage_from_fulfilment(t, threshold=0.75, rule="highest").iloc[0] == highest


def test_threshold_is_a_parameter():
    t = table([[0.6, 0.6, 0.3]])
    assert stage_from_fulfilment(t, threshold=0.5, rule="highest").iloc[0] == 2
    assert stage_from_fulfilment(t, threshold=0.6, rule="highest").iloc[0] == 2
    assert stage_from_fulfilment(t, threshold=0.61, rule="highest").iloc[0] == 0
    assert stage_from_fulfilment(t, threshold=0.3, rule="highest").iloc[0] == 3


def test_the_default_rule_counts_answer_points_and_needs_the_model_for_it():
    """The default (stepped) counts what a stage lacks in answer points of the model's scale: without the model it
    says so instead of guessing; with it, a stage one point short counts one stage lower."""
    t = table([[1.0, 1.0, 1.0, 1.0, 0.25, 0.6875]])  # Altimeter: stage 6 (four statements) one point short
    with pytest.raises(SettingError, match="needs the model"):
        stage_from_fulfilment(t)
    assert stage_from_fulfilment(t, model=ALT).iloc[0] == 5
    half = table([[1.0, 1.0, 1.0, 0.25, 0.25, 0.5]])  # stage 6 at "teilweise": 4 points short if all four answered
    assert stage_from_fulfilment(half, model=ALT).iloc[0] == 3  # 6 - 4 = 2 < stage 3, met
    assert stage_from_fulfilment(half, model=ALT, answered=np.array([[6, 5, 6, 7, 5, 2]])).iloc[0] == 4  # 6 - 2
    assert stage_from_fulfilment(t, rule="highest").iloc[0] == 4
    # a bare table (a worked example without a model): the items answered per stage and the fulfilment of one point
    bare = table([[0.875, 0.5, 0.875], [0.875, 0.5, 0.625]])  # two items per stage; stage 3 one point short below
    assert stage_from_fulfilment(bare, answered=[[2, 2, 2]] * 2, step=0.25).tolist() == [3, 2]
    assert stage_from_fulfilment(bare, rule="highest").tolist() == [3, 1]
    with pytest.raises(SettingError, match="answered=... and step="):
        stage_from_fulfilment(bare, step=0.25)
    with pytest.raises(InputDataError, match=r"shape of the fulfilment table \(2, 3\) \(got \(1, 3\)\)") as err:
        stage_from_fulfilment(bare, answered=[[2, 2, 2]], step=0.25)
    assert explain_error(err.value, lang="de") == ("Die beantworteten Aussagen je Stufe (answered) brauchen die Form der "
                                              "Erfüllungstabelle, 2 × 3 (angegeben: 1 × 3).")


def test_baseline_and_columns_starting_above_one():
    t = table([[0.2, 0.9, 0.9, 0.9], [0.9, 0.9, 0.1, 0.9]], start=2)  # Church of the Customer: stages 2..5
    assert stage_from_fulfilment(t, baseline=1, rule="gated").tolist() == [1, 3]
    assert stage_from_fulfilment(t, baseline=1, rule="highest").tolist() == [5, 5]
    # supported: stage 3 (0.9) stands on a stage 2 of 0.2 < 0.375 and does not count; stage 5 on 0.1 neither
    assert stage_from_fulfilment(t, baseline=1, rule="supported").tolist() == [5, 3]
    assert stage_from_fulfilment(t, rule="gated").tolist() == [0, 3]


def test_unknown_stage_is_never_counted_as_met():
    t = table([[1.0, np.nan, 1.0]])
    assert stage_from_fulfilment(t, rule="gated").iloc[0] == 1
    assert stage_from_fulfilment(t, rule="supported").iloc[0] == 1  # an unknown stage supports nothing
    assert stage_from_fulfilment(t, rule="highest").iloc[0] == 3


@pytest.mark.parametrize(
    "kwargs,match",
    [({"rule": "best"}, "rule must be"), ({"threshold": 0}, "threshold"), ({"threshold": 1.2}, "threshold"),
     ({"threshold": "0.7"}, "threshold")],
)
def test_bad_rule_or_threshold(kwargs, match):
    with pytest.raises(ValueError, match=match):
        stage_from_fulfilment(table([[1.0, 1.0]]), **kwargs)


def test_columns_must_be_contiguous_stage_numbers():
    with pytest.raises(ValueError, match="without gaps"):
        stage_from_fulfilment(pd.DataFrame({1: [1.0], 3: [1.0]}))
    with pytest.raises(ValueError, match="between 0 and 1"):
        stage_from_fulfilment(pd.DataFrame({1: [1.5]}))


# ------------------------------------------------------------------ score on answers
def test_score_columns_and_values():
    ans = answers_of(ALT, [{1: 4, 2: 3, 3: 2, 4: 4, 5: 0, 6: 0}])
    r = scoring.label(score(ans, ALT, rule="gated"), ALT, lang="en")
    assert r.loc[0, "stage"] == 2 and r.loc[0, "stage_id"] == "presence" and r.loc[0, "stage_name"] == "Presence"
    assert r.loc[0, fulfilment_columns(ALT)].tolist() == [1.0, 0.75, 0.5, 1.0, 0.0, 0.0]
    assert r.loc[0, "index"] == pytest.approx(3.25)
    assert r.loc[0, "index_pct"] == pytest.approx(3.25 / 6 * 100)
    assert r.loc[0, "answered"] == 1.0 and not r.loc[0, "uncertain"]
    assert score(ans, ALT, rule="highest").loc[0, "stage"] == 4
    assert score(ans, ALT).loc[0, "stage"] == 4  # the default (stepped): stage 4 is met, over a stage 3 of 0.5
    assert r.loc[0, "threshold"] == 0.75 and r.loc[0, "rule"] == "gated"
    assert score(ans, ALT).loc[0, "rule"] == "stepped"
    assert "stage_name" not in score(ans, ALT).columns  # numbers and ids only; label() adds the words


def test_score_lang_is_deprecated_and_still_labels():
    """Issue 26: a numbers-only function switched to adding labels by a lang flag; label() does that now."""
    ans = answers_of(ALT, [{1: 4, 2: 3, 3: 2, 4: 4, 5: 0, 6: 0}])
    with pytest.warns(DeprecationWarning, match=r"label\(score.*2027-06-30"):
        old = score(ans, ALT, lang="en")
    pd.testing.assert_frame_equal(old, scoring.label(score(ans, ALT), ALT, lang="en"))


def test_baseline_model_places_everyone_at_least_on_stage_one():
    ans = answers_of(COTC, [{2: 0, 3: 0, 4: 0, 5: 0}, {2: 4, 3: 4, 4: 4, 5: 4}])
    r = scoring.label(score(ans, COTC), COTC, lang="de")
    assert r["stage"].tolist() == [1, 5]
    assert r["stage_name"].tolist() == ["Traditionell", "Voll engagiert"]
    assert r["fulfilment_1"].tolist() == [1.0, 1.0]
    assert r["index"].tolist() == [1.0, 5.0]
    assert r["index_pct"].tolist() == [0.0, 100.0]


def test_missing_answers_make_a_stage_unknown_not_zero():
    ans = answers_of(ALT, [{1: 4, 2: 4, 3: 4, 4: 4, 5: 4, 6: 4}])
    ans.loc[0, ["presence_1", "presence_2", "presence_3"]] = np.nan   # 2 of 5 answered -> unknown
    ans.loc[0, "engagement_1"] = np.nan                               # 4 of 5 answered -> known
    r = score(ans, ALT, rule="gated")
    assert np.isnan(r.loc[0, "fulfilment_2"]) and r.loc[0, "fulfilment_3"] == 1.0
    assert r.loc[0, "stage"] == 1 and r.loc[0, "uncertain"] and r.loc[0, "unknown_stages"] == "2"
    assert np.isnan(r.loc[0, "index"])
    assert r.loc[0, "answered"] == pytest.approx((len(ALT.items) - 4) / len(ALT.items))
    # half or more answered is enough (3 of 5)
    ans.loc[0, "presence_2"] = 4
    assert score(ans, ALT, rule="gated").loc[0, "stage"] == 6


def test_uncertain_only_when_the_unknown_stage_matters():
    ans = answers_of(ALT, [{1: 4, 2: 0, 3: 4, 4: 4, 5: 4, 6: 4}])
    ans.loc[0, ["converged_1", "converged_2", "converged_3"]] = np.nan
    r = score(ans, ALT, rule="gated")
    assert r.loc[0, "stage"] == 1 and not r.loc[0, "uncertain"]        # gate closed at stage 2 anyway
    s = score(ans, ALT, rule="supported")
    assert s.loc[0, "stage"] == 5 and s.loc[0, "uncertain"]             # stage 6 would stand on stage 5
    assert score(ans, ALT, rule="highest").loc[0, "uncertain"]          # stage 6 could be the highest


def test_no_answers_at_all():
    ans = pd.DataFrame({"planning_1": [np.nan]})
    r = score(ans, ALT)
    assert r.loc[0, "stage"] == 0 and r.loc[0, "uncertain"] and r.loc[0, "answered"] == 0


def test_score_rejects_answers_off_the_scale_naming_row_and_column():
    ans = answers_of(ALT, [{1: 4}, {1: 2}])
    ans.index = ["x", "y"]
    ans.loc["y", "planning_3"] = 5
    with pytest.raises(ValueError, match=r"row 'y', column 'planning_3': answer 5 is not on the scale"):
        score(ans, ALT)
    with pytest.raises(ValueError, match="none of the columns is an item"):
        score(pd.DataFrame({"foo": [1]}), ALT)
    text = answers_of(ALT, [{1: 4}]).astype(object)
    text.loc[0, "planning_1"] = "viel"
    with pytest.raises(ValueError, match="'viel' is not a number"):
        score(text, ALT)


def next_steps(*args, **kwargs):
    """scoring.next_steps is deprecated (removed after 2027-06-30): every call warns; its tests stay until then."""
    with pytest.warns(DeprecationWarning, match=r"roadmap\.roadmap.*2027-06-30"):
        return scoring.next_steps(*args, **kwargs)


def test_next_steps_give_recommendations_and_open_items():
    ans = answers_of(ALT, [{1: 4, 2: 3, 3: 1, 4: 0, 5: 0, 6: 0}])
    ans.loc[0, "planning_2"] = 2
    r = score(ans, ALT)
    steps = next_steps(r, ALT, lang="en")
    rec = steps[steps.kind == "recommendation"]
    assert rec["text"].tolist() == [t.en for t in ALT.stage(2).next_steps]
    open_items = steps[steps.kind == "open_item"]
    assert open_items["item"].tolist() == ["planning_2", *[i.id for i in ALT.stage(3).items]]
    assert set(open_items["stage"]) == {1, 3}
    with pytest.raises(ValueError, match="keep_answers"):
        next_steps(score(ans, ALT, keep_answers=False), ALT)


def test_next_steps_at_stage_zero_and_at_the_top():
    ans = answers_of(ALT, [{1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0}, {1: 4, 2: 4, 3: 4, 4: 4, 5: 4, 6: 4}])
    steps = next_steps(score(ans, ALT), ALT)
    first = steps[steps.assessment == 0]
    # no stage reached: the start recommendations, then the open items of stage 1
    assert first[first.kind == "recommendation"]["text"].tolist() == [r.text.de for r in ALT.start]
    assert set(first[first.kind == "open_item"].stage) == {1}
    top = steps[steps.assessment == 1]
    assert (top.kind == "recommendation").all() and len(top) == len(ALT.stage(6).next_steps)


def test_profile_long():
    ans = answers_of(COTC, [{2: 4, 3: 2, 4: 0, 5: 0}])
    long = profile_long(score(ans, COTC), COTC)
    assert long["stage"].tolist() == [1, 2, 3, 4, 5]
    assert long["fulfilment"].tolist() == [1.0, 1.0, 0.5, 0.0, 0.0]


def test_profile_long_of_answers_names_the_missing_column_instead_of_a_keyerror():
    from socialbiz_kit.errors import InputDataError

    ans = answers_of(COTC, [{2: 4, 3: 2, 4: 0, 5: 0}])
    with pytest.raises(InputDataError) as info:
        profile_long(ans, COTC)  # the answers, not score(ans, COTC)
    assert info.value.code == "errors.no_fulfilment"
    assert info.value.params == {"column": "fulfilment_1", "model": "cotc"}
    with pytest.raises(InputDataError, match="expected a pandas DataFrame, got dict"):
        profile_long({"fulfilment_1": [1.0]}, COTC)


@pytest.mark.parametrize("responses,got", [([[1, 2]], "list"), (np.array([[4, 2]]), "ndarray"), (None, "NoneType")])
def test_score_needs_a_dataframe_and_says_so_with_a_code(responses, got):
    from socialbiz_kit.errors import InputDataError

    with pytest.raises(InputDataError) as info:
        score(responses, "altimeter")
    assert info.value.code == "errors.not_frame" and info.value.params == {"what": "responses", "got": got}


def test_stage_fulfilment_table():
    ans = answers_of(COTC, [{2: 4, 3: 2, 4: 0, 5: 0}])
    assert stage_fulfilment(ans, COTC).columns.tolist() == [1, 2, 3, 4, 5]


# ------------------------------------------------------------------ properties
def answer_arrays(model, max_rows=12):
    return arrays(
        dtype=float,
        shape=st.tuples(st.integers(1, max_rows), st.just(len(model.item_ids))),
        elements=st.sampled_from([0.0, 1.0, 2.0, 3.0, 4.0, np.nan]),
    )


def frame(model, values):
    return pd.DataFrame(values, columns=list(model.item_ids))


@pytest.mark.parametrize("model", [ALT, COTC], ids=["altimeter", "cotc"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_vectorised_score_equals_the_plain_loop(model, data):
    values = data.draw(answer_arrays(model))
    rule = data.draw(st.sampled_from(list(RULES)))
    threshold = data.draw(st.sampled_from([0.5, 0.6, 0.75, 1.0]))
    ans = frame(model, values)
    fast = score(ans, model, threshold=threshold, rule=rule)
    slow = score_reference(ans, model, threshold=threshold, rule=rule)
    assert fast["stage"].tolist() == slow["stage"].tolist()
    assert fast["uncertain"].tolist() == slow["uncertain"].tolist()
    assert fast["borderline"].tolist() == slow["borderline"].tolist()
    assert fast["could_be"].fillna(fast["stage"]).astype(int).tolist() == slow["could_be"].tolist()
    assert [None if pd.isna(p) else int(p) for p in fast["border_points"]] == [
        None if pd.isna(p) else int(p) for p in slow["border_points"]]
    np.testing.assert_allclose(fast["index"], slow["index"], equal_nan=True)


@pytest.mark.parametrize("model", [ALT, COTC], ids=["altimeter", "cotc"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_raising_an_answer_never_lowers_anything(model, data):
    values = data.draw(answer_arrays(model, max_rows=4))
    answered = np.argwhere(~np.isnan(values) & (values < 4))
    if len(answered) == 0:
        return
    r, c = answered[data.draw(st.integers(0, len(answered) - 1))]
    raised = values.copy()
    raised[r, c] += data.draw(st.integers(1, int(4 - values[r, c])))
    threshold = data.draw(st.sampled_from([0.5, 0.75, 1.0]))
    before = score(frame(model, values), model, threshold=threshold)
    after = score(frame(model, raised), model, threshold=threshold)
    cols = fulfilment_columns(model)
    b, a = before[cols].to_numpy(), after[cols].to_numpy()
    known = ~np.isnan(b)
    assert (a[known] >= b[known] - 1e-12).all()
    assert (np.isnan(a) == np.isnan(b)).all()          # raising never changes what is answered
    assert (after["stage"] >= before["stage"]).all()
    both = ~np.isnan(before["index"].to_numpy())
    assert (after["index"].to_numpy()[both] >= before["index"].to_numpy()[both] - 1e-12).all()
    for rule in RULES:  # every rule is monotone: more fulfilment never gives a lower stage
        hb = score(frame(model, values), model, threshold=threshold, rule=rule)["stage"]
        ha = score(frame(model, raised), model, threshold=threshold, rule=rule)["stage"]
        assert (ha >= hb).all(), rule


@pytest.mark.parametrize("model", [ALT, COTC], ids=["altimeter", "cotc"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_results_lie_in_their_bounds(model, data):
    values = data.draw(answer_arrays(model))
    rule = data.draw(st.sampled_from(list(RULES)))
    r = score(frame(model, values), model, rule=rule)
    floor = 1 if model.baseline_stage else 0
    assert r["stage"].between(floor, model.n_stages).all()
    f = r[fulfilment_columns(model)].to_numpy()
    assert ((f[~np.isnan(f)] >= 0) & (f[~np.isnan(f)] <= 1)).all()
    idx = r["index"].dropna()
    assert idx.between(floor, model.n_stages).all()
    assert r["index_pct"].dropna().between(0, 100).all()
    assert r["answered"].between(0, 1).all()
    # gated <= highest <= stepped (the default): a stage counted on its own, then also one short by some points
    g, h = (score(frame(model, values), model, rule=r)["stage"] for r in ("gated", "highest"))
    assert (g <= h).all() and (score(frame(model, values), model)["stage"] >= h).all()


@pytest.mark.parametrize("model", [ALT, COTC], ids=["altimeter", "cotc"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_reordering_rows_or_columns_changes_nothing(model, data):
    values = data.draw(answer_arrays(model))
    ans = frame(model, values)
    ans.index = [f"org{i}" for i in range(len(ans))]
    rows = data.draw(st.permutations(list(ans.index)))
    cols = data.draw(st.permutations(list(ans.columns)))
    base = score(ans, model)
    shuffled = score(ans.loc[rows, cols], model).loc[base.index]
    pd.testing.assert_frame_equal(base, shuffled)


def test_a_scale_that_is_not_affine_uses_the_lookup_table():
    import copy

    import yaml

    from socialbiz_kit.models import model_from_dict

    raw = yaml.safe_load(Path(ALT.path).read_text(encoding="utf-8"))
    raw = copy.deepcopy(raw)
    for point, f in zip(raw["scale"], (0.0, 0.1, 0.5, 0.9, 1.0)):
        point["fulfilment"] = f
    skewed = model_from_dict(raw, name="skewed.yaml")
    values = np.random.default_rng(5).integers(0, 5, size=(200, len(ALT.items))).astype(float)
    values[np.random.default_rng(6).random(values.shape) < 0.1] = np.nan
    ans = pd.DataFrame(values, columns=list(skewed.item_ids))
    fast = score(ans, skewed)
    slow = score_reference(ans, skewed)
    assert fast["stage"].tolist() == slow["stage"].tolist()
    np.testing.assert_allclose(fast["index"], slow["index"], equal_nan=True)
    one = answers_of(skewed, [{1: 1, 2: 3}])
    assert score(one, skewed).loc[0, ["fulfilment_1", "fulfilment_2"]].tolist() == pytest.approx([0.1, 0.9])


# ------------------------------------------------------------------ settings travel with the rows
def test_threshold_survives_merge_and_next_steps_uses_it():
    """Regression: next_steps read the threshold from DataFrame.attrs, which merge drops (0.5 became 0.75)."""
    ans = datasets.load_dataset("sample_answers_altimeter")
    r = score(ans, ALT, threshold=0.5)
    direct = next_steps(r, ALT)
    merged = r.reset_index().merge(datasets.load_dataset("sample_companies").reset_index()[["assessment"]],
                                   on="assessment").set_index("assessment")
    after = next_steps(merged, ALT)
    assert merged.attrs == {}  # pandas drops attrs here; the rows still carry their settings
    assert len(after) == len(direct)
    assert (after["kind"] == "open_item").sum() < (next_steps(score(ans, ALT), ALT)["kind"] == "open_item").sum()


def test_conflicting_or_missing_settings_are_refused():
    from socialbiz_kit.errors import SettingError
    from socialbiz_kit.scoring import settings_of

    ans = datasets.load_dataset("sample_answers_altimeter")
    r = score(ans, ALT, threshold=0.5)
    with pytest.raises(SettingError, match="scored with threshold=0.5"):
        next_steps(r, ALT, threshold=0.75)
    mixed = pd.concat([r, score(ans, ALT)])
    with pytest.raises(SettingError, match="mixes"):
        settings_of(mixed)
    with pytest.raises(SettingError, match="pass threshold="):
        settings_of(r.drop(columns=["threshold"]))
    assert settings_of(r) == (0.5, "stepped")


def test_label_adds_words_and_leaves_numbers():
    from socialbiz_kit.scoring import label

    ans = datasets.load_dataset("sample_answers_cotc")
    numbers = score(ans, COTC)
    de, en = label(numbers, COTC, lang="de"), label(numbers, COTC, lang="en")
    assert de.drop(columns="stage_name").equals(numbers) and en.drop(columns="stage_name").equals(numbers)
    assert set(de["stage_name"]) <= {s.name.de for s in COTC.stages}
    assert set(en["stage_name"]) <= {s.name.en for s in COTC.stages}
    assert list(de.columns).index("stage_name") == list(de.columns).index("stage_id") + 1


def test_the_result_shares_no_mutable_state_with_the_answers():
    # score() hands the checked answers to the result without a copy; pandas' copy-on-write must keep both apart
    model = load_model("altimeter")
    answers = pd.DataFrame({i: [4.0, 2.0, np.nan] for i in model.item_ids}, index=["a", "b", "c"])
    before = answers.copy()
    result = score(answers, model)
    result.loc["a", model.item_ids[0]] = 0.0
    pd.testing.assert_frame_equal(answers, before)
    answers.loc["b", model.item_ids[1]] = 4.0
    assert result.loc["b", model.item_ids[1]] == 2.0


def test_score_reference_moved_to_a_private_module():
    """Issue 26: the slow reference loop is for the tests and the benchmarks; the old public name still works."""
    from socialbiz_kit import _reference

    with pytest.warns(DeprecationWarning, match="2027-06-30"):
        assert scoring.score_reference is _reference.score_reference
    assert "score_reference" not in scoring.__all__


def test_border_points_say_how_many_answer_points_move_the_placement():
    """``border_points``: the fewest answer points that give ``could_be``. Altimeter's stage 1 has six statements, so
    one point moves its fulfilment by 1/24 (less than the margin of 0.05): at the threshold one point less is enough
    (exactly at it counts as met), one point above it two are needed; stage 2 has five (one point = the margin)."""
    model = load_model("altimeter")
    one, two = ([i.id for i in model.stage(k).items] for k in (1, 2))
    assert len(one) == 6 and len(two) == 5
    rows = [{i: 3 for i in one},                          # stage 1 at 0.75: one point less, and no stage
            {**{i: 3 for i in one}, one[0]: 4},           # 19/24: one point less still meets it, two do not
            {**{i: 4 for i in one}, **{i: 3 for i in two}},  # stage 2 at 0.75: one point less gives stage 1
            {i: 4 for i in one}]                          # stage 1 fully met, stage 2 empty: not borderline
    got = score(pd.DataFrame(rows, columns=list(model.item_ids)), model, rule="gated")
    assert got["stage"].tolist() == [1, 1, 2, 1]
    assert got["borderline"].tolist() == [True, True, True, False]
    assert got["could_be"].tolist()[:3] == [0, 0, 1] and got["border_points"].dtype == "Int64"
    assert got["border_points"].tolist()[:3] == [1, 2, 1] and pd.isna(got["border_points"].iloc[3])
    # fewer points than the margin rounded up count only where they give the stage: one point less at 19/24 meets
    # stage 1 still, so the row is not "one answer" away
    lower = got.iloc[1].copy()
    assert not is_met(lower["fulfilment_1"] - 2 * 0.25 / 6, 0.75) and is_met(lower["fulfilment_1"] - 0.25 / 6, 0.75)
