"""Agreement: kappa with confidence intervals (statsmodels), Krippendorff's alpha (against R's irr), bad input."""
import numpy as np
import pandas as pd
import pytest

from socialbiz_kit import agreement
from socialbiz_kit.crosswalk import crosswalk_mapping
from socialbiz_kit.errors import InputDataError, SettingError

nan = np.nan
# Reference data and values from ../shared/reference/mokken-more.md section 5, computed with R 4.2.2 and
# irr 0.84.1: irr::kripp.alpha(R, method = ...). Rows are raters (6), columns units (12), stages 0..6, nan = not rated.
KRIPP_R = np.array([
    [4.0, 5.0, 0.0, 4.0, 2.0, 2.0, nan, 3.0, nan, 0.0, 2.0, 1.0],
    [3.0, 5.0, 0.0, 6.0, 2.0, 4.0, 5.0, 3.0, 5.0, 0.0, 1.0, 2.0],
    [4.0, 6.0, 0.0, 4.0, 4.0, 3.0, 5.0, 1.0, 6.0, 1.0, 0.0, 1.0],
    [4.0, 6.0, 0.0, 6.0, 3.0, 2.0, 4.0, 3.0, 6.0, 1.0, nan, 1.0],
    [5.0, 6.0, 1.0, 4.0, 2.0, 3.0, 4.0, 2.0, 6.0, nan, 1.0, 1.0],
    [3.0, 6.0, 0.0, 4.0, 2.0, 2.0, 3.0, 3.0, 6.0, nan, nan, 3.0],
])
KRIPP_ALPHA = {"nominal": 0.2999461497, "ordinal": 0.8520793353, "interval": 0.8504692964}


@pytest.mark.parametrize("level", sorted(KRIPP_ALPHA))
def test_krippendorff_alpha_matches_irr(level):
    res = agreement.krippendorff_alpha(KRIPP_R, level=level)
    assert res.alpha == pytest.approx(KRIPP_ALPHA[level], abs=1e-9)
    assert (res.raters, res.units, res.pairable, res.dropped) == (6, 12, 66, 0)
    frame = pd.DataFrame(KRIPP_R, index=[f"r{i}" for i in range(6)])
    assert agreement.krippendorff_alpha(frame, level=level).alpha == pytest.approx(KRIPP_ALPHA[level], abs=1e-9)


def test_krippendorff_alpha_leaves_out_units_rated_once_and_says_so():
    extra = np.column_stack([KRIPP_R, [2.0, nan, nan, nan, nan, nan]])
    res = agreement.krippendorff_alpha(extra, level="ordinal")
    assert res.dropped == 1 and res.pairable == 66
    assert res.alpha == pytest.approx(KRIPP_ALPHA["ordinal"], abs=1e-9)
    assert np.isnan(agreement.krippendorff_alpha([[1, 1], [1, 1]]).alpha)  # no variation: undefined
    with pytest.raises(SettingError, match="level must be one of"):
        agreement.krippendorff_alpha(KRIPP_R, level="cardinal")
    with pytest.raises(InputDataError, match="numbers or empty"):
        agreement.krippendorff_alpha([["a", 1], [2, 3]])


def _pairs(n_rep=1):
    a = pd.Series([0, 1, 2, 3, 4, 5, 6, 3, 2, 5, 1, 6, 2, 4, 5, 3] * n_rep)
    b = pd.Series([1, 2, 2, 3, 3, 4, 5, 2, 3, 5, 1, 4, 2, 3, 3, 3] * n_rep)
    return a, b


def test_kappa_intervals_come_from_statsmodels_and_fit_sklearn():
    from statsmodels.stats.inter_rater import cohens_kappa

    a, b = _pairs()
    res = agreement.agreement(a, b)
    table = pd.crosstab(res.mapped, b).reindex(index=res.labels, columns=res.labels, fill_value=0).to_numpy()
    for wt, kappa, ci in ((None, res.kappa, res.kappa_ci), ("linear", res.kappa_linear, res.kappa_linear_ci),
                          ("quadratic", res.kappa_quadratic, res.kappa_quadratic_ci)):
        sm = cohens_kappa(table, wt=wt)
        assert sm.kappa == pytest.approx(kappa, abs=1e-12)  # the two implementations agree on kappa itself
        assert ci == pytest.approx((sm.kappa_low, sm.kappa_upp), abs=1e-9)  # statsmodels' 95 % Wald interval
        assert ci[0] < kappa < ci[1] and (ci[1] - kappa) == pytest.approx(kappa - ci[0])
    narrow = agreement.agreement(*_pairs(4))
    assert narrow.kappa == pytest.approx(res.kappa)
    assert (narrow.kappa_ci[1] - narrow.kappa_ci[0]) == pytest.approx((res.kappa_ci[1] - res.kappa_ci[0]) / 2, rel=0.05)
    wide = agreement.agreement(a, b, confidence=0.99)
    assert wide.kappa_ci[0] < res.kappa_ci[0] and wide.confidence == 0.99
    with pytest.warns(DeprecationWarning, match="level= is now confidence=.*2027-06-30"):
        old = agreement.agreement(a, b, level=0.99)
    assert old.kappa_ci == wide.kappa_ci
    with pytest.warns(DeprecationWarning, match="Agreement.confidence"):
        assert old.level == 0.99


def test_non_integer_stages_are_refused_and_missing_pairs_counted():
    a, b = _pairs()
    with pytest.raises(InputDataError, match=r"2\.5 .*not a whole stage number"):
        agreement.agreement(a.replace(2, 2.5), b)
    with pytest.raises(InputDataError, match="not a stage number"):
        agreement.agreement(a.astype(object).replace(6, "sechs"), b)
    res = agreement.agreement(a.where(a.index != 3), b.iloc[:-1])  # one missing stage, one organisation absent in b
    assert res.n == len(a) - 2 and res.dropped == 2 and res.summary()["left out (missing in one)"] == 2
    with pytest.raises(SettingError, match="confidence"):
        agreement.agreement(a, b, confidence=95)


# ------------------------------------------------------------------ agreement of two classifications (was in test_compare.py)
def _kappa_by_hand(x, y, labels, weights=None):
    """Cohen's (weighted) kappa from the textbook formula: 1 - sum(w*O) / sum(w*E)."""
    k = len(labels)
    pos = {lab: i for i, lab in enumerate(labels)}
    obs = np.zeros((k, k))
    for a, b in zip(x, y):
        obs[pos[a], pos[b]] += 1
    obs /= obs.sum()
    exp = np.outer(obs.sum(axis=1), obs.sum(axis=0))
    i, j = np.indices((k, k))
    w = {None: (i != j).astype(float), "linear": np.abs(i - j), "quadratic": (i - j) ** 2}[weights]
    return 1 - (w * obs).sum() / (w * exp).sum()




def test_agreement_matches_independent_formulas():
    a = pd.Series([0, 1, 2, 3, 4, 5, 6, 3, 2, 5, 1, 6], index=[f"o{i}" for i in range(12)])
    b = pd.Series([1, 2, 2, 3, 3, 4, 5, 2, 3, 5, 1, 4], index=[f"o{i}" for i in range(12)])
    res = agreement.agreement(a, b)
    mapped = a.map(crosswalk_mapping())
    for weights, value in ((None, res.kappa), ("linear", res.kappa_linear), ("quadratic", res.kappa_quadratic)):
        assert value == pytest.approx(_kappa_by_hand(mapped, b, [1, 2, 3, 4, 5], weights), abs=1e-6)
    pair = pd.DataFrame({"a": a, "b": b})
    assert res.spearman == pytest.approx(pair.corr(method="spearman").iloc[0, 1], abs=1e-6)
    assert res.kendall == pytest.approx(pair.corr(method="kendall").iloc[0, 1], abs=1e-6)
    assert res.confusion.shape == (7, 5) and res.confusion.to_numpy().sum() == 12
    assert res.exact_share == pytest.approx((mapped == b).mean())
    assert res.summary()["n"] == 12


def test_agreement_uses_every_stage_as_a_label():
    # nobody is on stage 4 or 5 of the common scale; the weights must still follow the full scale
    a = pd.Series([1, 2, 3, 3, 2, 1])
    b = pd.Series([1, 3, 3, 2, 2, 1])
    res = agreement.agreement(a, b)
    mapped = a.map(crosswalk_mapping())
    full = _kappa_by_hand(mapped, b, [1, 2, 3, 4, 5], "quadratic")
    assert res.kappa_quadratic == pytest.approx(full, abs=1e-6)
    assert res.labels == [1, 2, 3, 4, 5]


def test_agreement_aligns_on_the_index_and_checks_input():
    a = pd.Series([1, 3, 5], index=["x", "y", "z"])
    b = pd.Series([1, 3], index=["x", "y"])
    assert agreement.agreement(a, pd.Series([3, 1, 9], index=["y", "x", "w"])).n == 2
    with pytest.raises(ValueError, match="at least two"):
        agreement.agreement(a, b.iloc[:1])
    with pytest.raises(ValueError, match="cotc has no stage 9"):
        agreement.agreement(a, pd.Series([1, 9, 2], index=["x", "y", "z"]))
    with pytest.raises(ValueError, match="no place on the common scale"):
        agreement.agreement(a, b.reindex(a.index).fillna(1), mapping={1: 1, 3: 3})


def test_the_two_models_come_by_position_or_by_keyword():
    """agreement(a, b, source, target): the models after the data, as in crosswalk.map_stage."""
    a, b = _pairs()
    by_keyword = agreement.agreement(b, a, source="cotc", target="altimeter")
    by_position = agreement.agreement(b, a, "cotc", "altimeter")
    assert (by_position.kappa_quadratic, by_position.spearman, by_position.n) == (
        by_keyword.kappa_quadratic, by_keyword.spearman, by_keyword.n)
    pd.testing.assert_frame_equal(by_position.confusion, by_keyword.confusion)
