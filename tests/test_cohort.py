"""Cohort tools: simulation, Guttman, Loevinger's H (against R's mokken), alpha, sensitivity, Dask."""
import numpy as np
import pandas as pd
import pytest

from socialbiz_kit import cohort, load_model, scoring
from socialbiz_kit.errors import InputDataError, SettingError
from socialbiz_kit.scoring import DEFAULT_RULE

# Reference data and values from ../shared/reference/mokken.md, computed with R 4.2.2 and the R package
# mokken 3.1.2: coefH(X, se = FALSE) and check.errors(X)$Gplus. Rows respondents, columns items s1..s6.
MOKKEN_X = np.array([
    [1, 1, 1, 0, 0, 0], [1, 1, 0, 1, 0, 0], [1, 0, 1, 0, 0, 0], [1, 1, 1, 1, 1, 0],
    [0, 1, 0, 0, 0, 0], [1, 1, 1, 1, 0, 1], [1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0],
    [1, 1, 1, 1, 1, 1], [0, 0, 1, 0, 0, 0], [1, 1, 1, 0, 1, 0], [1, 1, 1, 1, 0, 0],
    [1, 0, 1, 1, 0, 0], [1, 1, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 0],
])
MOKKEN_H = 0.5532995
MOKKEN_HI = [0.6952381, 0.4771242, 0.4146341, 0.6024845, 0.5328467, 0.7647059]
MOKKEN_HIJ = {
    ("s1", "s2"): 0.5151515, ("s1", "s3"): 0.4666667, ("s1", "s4"): 1, ("s1", "s5"): 1, ("s1", "s6"): 1,
    ("s2", "s3"): 0.0400000, ("s2", "s4"): 0.5428571, ("s2", "s5"): 1, ("s2", "s6"): 1,
    ("s3", "s4"): 0.6190476, ("s3", "s5"): 0.4666667, ("s3", "s6"): 1,
    ("s4", "s5"): 0.2888889, ("s4", "s6"): 1,
    ("s5", "s6"): 0.2727273,
}
MOKKEN_GPLUS = [0, 1, 1, 0, 1, 1, 0, 0, 0, 2, 1, 0, 2, 2, 0, 0]


@pytest.fixture
def mokken_frame():
    return pd.DataFrame(MOKKEN_X, columns=[f"s{i}" for i in range(1, 7)])


def test_loevinger_h_matches_r_mokken(mokken_frame):
    h = cohort.loevinger_h(mokken_frame)
    assert pytest.approx(MOKKEN_H, abs=1e-6) == h.H
    np.testing.assert_allclose(h.items.to_numpy(), MOKKEN_HI, atol=1e-6)
    for (i, j), value in MOKKEN_HIJ.items():
        assert h.pairs.loc[i, j] == pytest.approx(value, abs=1e-6)
        assert h.pairs.loc[j, i] == pytest.approx(value, abs=1e-6)
    assert h.strength == "strong" and h.n == 16


def test_guttman_pair_errors_match_r_mokken(mokken_frame):
    g = cohort.guttman(mokken_frame)
    assert g.pair_errors.astype(int).tolist() == MOKKEN_GPLUS


def test_guttman_goodenough_edwards_by_hand():
    x = pd.DataFrame([[1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 0, 0], [0, 0, 0]], columns=list("abc"))
    g = cohort.guttman(x)
    # popularity a .6, b .4, c .4: a first, b and c tied. Ideal patterns by total: 0:000, 1:100, 2: 110 or 101
    # (each half of the orderings), so 110 has 0 or 2 errors -> 1 on average, 101 likewise, 011 has 2.
    assert g.order == ["a", "b", "c"] and g.tied == [["b", "c"]]
    assert g.errors.tolist() == [1, 1, 2, 0, 0]
    assert g.reproducibility == pytest.approx(1 - 4 / 15)
    assert g.mmr == pytest.approx(np.mean([0.6, 0.6, 0.6]))
    assert not g.passes


def test_perfect_scale_and_bad_input():
    perfect = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]])
    assert cohort.guttman(perfect).reproducibility == 1.0 and cohort.loevinger_h(perfect).H == 1.0
    with pytest.raises(InputDataError, match="other than 0 and 1"):
        cohort.guttman(pd.DataFrame([[0, 2], [1, 1]]))
    with pytest.raises(InputDataError, match="missing value"):
        cohort.loevinger_h(pd.DataFrame([[0, np.nan], [1, 1]]))
    with pytest.raises(InputDataError, match="same value for every respondent"):
        cohort.loevinger_h(pd.DataFrame({"a": [1, 1, 1], "b": [0, 1, 0]}))
    with pytest.raises(InputDataError, match="at least 2 items"):
        cohort.guttman(pd.DataFrame({"a": [1, 0]}))


def test_alpha_matches_the_formula_and_pingouin_interval():
    from scipy.stats import f

    answers = cohort.simulate("altimeter", 250, seed=4, noise=1.5, jaggedness=1.0)
    rel = cohort.reliability(answers, "altimeter")
    assert rel["name"].iloc[0] == load_model("altimeter").stage(1).name.de  # lang="de" as everywhere
    narrow = cohort.reliability(answers, "altimeter", confidence=0.5, lang="en")
    with pytest.warns(DeprecationWarning, match="ci= is now confidence="):
        assert cohort.reliability(answers, "altimeter", ci=0.5, lang="en").equals(narrow)
    assert (narrow["ci_high"] - narrow["ci_low"] < rel["ci_high"] - rel["ci_low"]).all()
    for stage in load_model("altimeter").scored_stages:
        x = answers[[it.id for it in stage.items]].to_numpy()
        n, k = x.shape
        var_items = x.var(axis=0, ddof=1).sum()
        var_total = x.sum(axis=1).var(ddof=1)
        alpha = k / (k - 1) * (1 - var_items / var_total)
        row = rel[rel.stage == stage.number].iloc[0]
        assert row["alpha"] == pytest.approx(alpha, abs=1e-6)
        low = 1 - (1 - alpha) * f.isf(0.025, n - 1, (n - 1) * (k - 1))
        high = 1 - (1 - alpha) * f.isf(0.975, n - 1, (n - 1) * (k - 1))
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((round(low, 3), round(high, 3)), abs=1e-9)
        assert row["n"] == n


def test_item_total_is_the_corrected_correlation():
    answers = cohort.simulate("cotc", 200, seed=8, noise=1.5)
    it = cohort.item_total(answers, "cotc")
    stage2 = [i.id for i in load_model("cotc").stage(2).items]
    rest = answers[stage2[1:]].sum(axis=1)
    expected = np.corrcoef(answers[stage2[0]], rest)[0, 1]
    assert it.loc[it.item == stage2[0], "r_item_rest"].iloc[0] == pytest.approx(expected, abs=1e-12)
    assert len(it) == len(load_model("cotc").items)


@pytest.mark.parametrize("model", ["altimeter", "cotc"])
def test_simulate_is_seeded_and_within_the_scale(model):
    a = cohort.simulate(model, 50, seed=1)
    b = cohort.simulate(model, 50, seed=1)
    c = cohort.simulate(model, 50, seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert a.shape == (50, len(load_model(model).item_ids))
    assert set(np.unique(a.to_numpy())) <= {0.0, 1.0, 2.0, 3.0, 4.0}
    assert a.index[0] == "org00001"


def test_simulate_latent_drives_the_stage_and_missing_share():
    answers, latent = cohort.simulate_with_latent("altimeter", 2000, seed=3)
    assert answers.equals(cohort.simulate("altimeter", 2000, seed=3))
    with pytest.warns(DeprecationWarning, match="simulate_with_latent.*2027-06-30"):
        old_answers, old_latent = cohort.simulate("altimeter", 2000, seed=3, return_latent=True)
    assert old_answers.equals(answers) and old_latent.equals(latent)
    stage = scoring.score(answers, "altimeter")["stage"]
    assert np.corrcoef(latent, stage)[0, 1] > 0.9
    holes = cohort.simulate("altimeter", 2000, seed=3, missing=0.1)
    assert holes.isna().mean().mean() == pytest.approx(0.1, abs=0.01)
    with pytest.raises(ValueError, match="positive whole number"):
        cohort.simulate("altimeter", 0, seed=1)


# the seeds used in notebook 05
@pytest.mark.parametrize("model", ["altimeter", "cotc"])
@pytest.mark.parametrize("n,seed", [(30, 2025), (5000, 11)])
def test_cumulative_cohort_passes_and_independent_one_fails(model, n, seed):
    ok = cohort.scale_checks(cohort.simulate(model, n, seed=seed), model)
    assert ok["reproducibility"] >= 0.90 and ok["H"] >= 0.5
    bad = cohort.scale_checks(cohort.simulate(model, n, seed=seed, cumulative=False), model)
    assert bad["reproducibility"] < 0.90 and bad["H"] < 0.3
    assert ok[cohort.VERDICT] and not bad[cohort.VERDICT]
    assert ok["every Hi >= 0.3"] and ok["every Hij > 0"] and 0 < ok["se(H)"] < 0.2


def test_sensitivity_table():
    answers = cohort.simulate("altimeter", 300, seed=5)
    sens = cohort.sensitivity(answers, "altimeter", thresholds=(0.5, 0.75, 1.0))
    assert len(sens) == 4 * 3 * 7  # the default rules: gated, supported, highest and stepped (the kit's default)
    assert list(sens["rule"].unique()) == ["gated", "supported", "highest", "stepped"] and DEFAULT_RULE in sens["rule"].unique()
    shares = sens.groupby(["rule", "threshold"])["share"].sum()
    np.testing.assert_allclose(shares, 1.0)
    mean_stage = sens.assign(w=sens.stage * sens.share).groupby(["rule", "threshold"])["w"].sum()
    assert mean_stage["gated", 0.5] >= mean_stage["gated", 0.75] >= mean_stage["gated", 1.0]
    assert (mean_stage["highest"] >= mean_stage["gated"]).all()


# ------------------------------------------------------------------ Dask: the same numbers, partition by partition
@pytest.fixture(scope="module")
def partitioned(tmp_path_factory):
    dd = pytest.importorskip("dask.dataframe")
    answers = cohort.simulate("altimeter", 3000, seed=9, missing=0.03)
    folder = tmp_path_factory.mktemp("parquet")
    answers.to_parquet(folder / "cohort.parquet")
    ddf = dd.read_parquet(folder / "cohort.parquet").repartition(npartitions=5)
    return answers, ddf


def test_dask_score_equals_pandas(partitioned):
    answers, ddf = partitioned
    assert ddf.npartitions == 5
    lazy = scoring.score(ddf, "altimeter")
    result = lazy.compute()
    pd.testing.assert_frame_equal(result, scoring.score(answers, "altimeter"), check_dtype=False, check_index_type=False)


def test_dask_scale_checks_equal_pandas(partitioned):
    answers, ddf = partitioned
    met = cohort.stages_met(answers, "altimeter")
    dmet = ddf.map_partitions(cohort.stages_met, "altimeter", meta=met.iloc[:0])
    assert pytest.approx(cohort.loevinger_h(met).H, abs=1e-12) == cohort.loevinger_h(dmet).H
    g, dg = cohort.guttman(met), cohort.guttman(dmet)
    assert dg.reproducibility == pytest.approx(g.reproducibility, abs=1e-12) and dg.mmr == pytest.approx(g.mmr)
    assert dg.errors.sum() == g.errors.sum()
    pd.testing.assert_frame_equal(cohort.reliability(ddf, "altimeter"), cohort.reliability(answers, "altimeter"),
                                  atol=1e-9, check_dtype=False)


def test_same_positions_simulate_the_same_organisations_in_both_models():
    from socialbiz_kit import compare

    pos = np.random.default_rng(0).uniform(size=400)
    alt = scoring.score(cohort.simulate("altimeter", 400, seed=1, position=pos), "altimeter")["stage"]
    cotc = scoring.score(cohort.simulate("cotc", 400, seed=2, position=pos), "cotc")["stage"]
    independent = scoring.score(cohort.simulate("cotc", 400, seed=2), "cotc")["stage"]
    assert compare.agreement(alt, cotc).kappa_quadratic > 0.7
    assert abs(compare.agreement(alt, independent).kappa_quadratic) < 0.2
    with pytest.raises(SettingError, match="between 0 and 1"):
        cohort.simulate("cotc", 3, seed=1, position=[0.1, 2.0, 0.3])
    with pytest.raises(SettingError, match="needs cumulative=True"):
        cohort.simulate("cotc", 400, seed=2, position=pos, cumulative=False)


def test_reliability_refuses_a_stage_with_too_few_rows_the_same_for_dask():
    dd = pytest.importorskip("dask.dataframe")
    answers = cohort.simulate("altimeter", 40, seed=1)
    stage2 = [it.id for it in load_model("altimeter").stage(2).items]
    answers.loc[answers.index[1:], stage2[0]] = np.nan  # one complete row left for stage 2
    with pytest.raises(InputDataError, match="stage 2: only 1 row") as from_pandas:
        cohort.reliability(answers, "altimeter")
    with pytest.raises(InputDataError) as from_dask:
        cohort.reliability(dd.from_pandas(answers, npartitions=3), "altimeter")
    assert str(from_dask.value) == str(from_pandas.value)


def test_negative_alpha_warns():
    answers = cohort.simulate("altimeter", 200, seed=2)
    stage2 = [it.id for it in load_model("altimeter").stage(2).items]
    answers[stage2[0]] = 4 - answers[stage2[1]]
    answers[stage2[2]] = 4 - answers[stage2[3]]  # two reversed pairs among the five statements
    with pytest.warns(UserWarning, match="alpha is negative"):
        cohort.reliability(answers, "altimeter")


def test_simulate_fits_a_scale_that_is_not_0_to_4():
    import dataclasses

    model = load_model("altimeter")
    small = dataclasses.replace(model, scale=tuple(p for p in model.scale if p.value <= 2))
    answers = cohort.simulate(small, 2000, seed=1)
    assert set(np.unique(answers)) <= {0.0, 1.0, 2.0}
    shares = [(answers == v).mean().mean() for v in (0, 1, 2)]
    assert min(shares) > 0.1 and max(shares) < 0.6  # the whole small scale is used, not only its top


@pytest.mark.parametrize("confidence", [1.5, 0, 1, -0.2, float("nan"), True, "0.95"])
def test_reliability_refuses_a_confidence_outside_0_and_1(confidence):
    """Issue 26: reliability(confidence=1.5) gave NaN intervals and no error; it checks with _checks.check_confidence
    now, like agreement and the Mokken intervals."""
    with pytest.raises(SettingError, match="confidence must lie between 0 and 1") as caught:
        cohort.reliability(cohort.simulate("altimeter", 40, seed=1), "altimeter", confidence=confidence)
    assert caught.value.code == "errors.confidence"
