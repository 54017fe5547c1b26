"""Mokken scale analysis against R's mokken: standard errors, polytomous H, monotonicity, aisp; order
invariance of the Guttman figures; the same errors for pandas and Dask input."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialbiz_kit import mokken
from socialbiz_kit.errors import InputDataError

# ---------------------------------------------------------------------------------------------------------------
# Reference values from ../shared/reference/mokken-more.md, computed with R 4.2.2, mokken 3.1.2 and irr 0.84.1
# (values as R printed them, 10 digits).

# Section 1: coefH(X, se = TRUE) on the 16 x 6 matrix X of ../shared/reference/mokken.md.
MOKKEN_X = np.array([
    [1, 1, 1, 0, 0, 0], [1, 1, 0, 1, 0, 0], [1, 0, 1, 0, 0, 0], [1, 1, 1, 1, 1, 0],
    [0, 1, 0, 0, 0, 0], [1, 1, 1, 1, 0, 1], [1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0],
    [1, 1, 1, 1, 1, 1], [0, 0, 1, 0, 0, 0], [1, 1, 1, 0, 1, 0], [1, 1, 1, 1, 0, 0],
    [1, 0, 1, 1, 0, 0], [1, 1, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 0],
])
SE_H, SE_SE_H = 0.5532994924, 0.1383105876
SE_HI = [0.6952380952, 0.4771241830, 0.4146341463, 0.6024844720, 0.5328467153, 0.7647058824]
SE_SE_HI = [0.1277571547, 0.2017261719, 0.2277621199, 0.1807919008, 0.2308115280, 0.1669169148]
SE_SE_HIJ = {("s1", "s2"): 0.3672910923, ("s1", "s3"): 0.4029520696, ("s2", "s3"): 0.2893302611,
             ("s2", "s4"): 0.3690662712, ("s3", "s4"): 0.3131222883, ("s3", "s5"): 0.4258325179,
             ("s4", "s5"): 0.3299415919, ("s5", "s6"): 0.4810456929}  # every other pair has Hij = 1 and se 0

# Section 2: coefH(P, se = TRUE), polytomous items scored 0-4.
POLY_P = np.array([
    [4, 3, 2, 2], [4, 4, 3, 3], [4, 4, 3, 2], [2, 2, 0, 0], [1, 0, 1, 0], [3, 2, 0, 1], [4, 4, 4, 2],
    [3, 3, 3, 1], [4, 4, 4, 3], [4, 3, 3, 1], [4, 3, 2, 1], [2, 2, 0, 0], [2, 1, 0, 0], [4, 4, 4, 3],
    [4, 2, 1, 1], [4, 4, 3, 2], [2, 1, 0, 0], [3, 2, 1, 0], [2, 1, 0, 0], [3, 3, 1, 0],
])
POLY_H, POLY_SE_H = 0.9261497147, 0.02809442138
POLY_HI = [0.9214454046, 0.9473684211, 0.8980169972, 0.9428571429]
POLY_SE_HI = [0.03850741169, 0.02828063567, 0.04472599394, 0.02678776474]
POLY_HIJ = {("q1", "q2"): (0.9528301887, 0.0487536118), ("q1", "q3"): (0.8446601942, 0.0776290769),
            ("q1", "q4"): (1.0, 0.0), ("q2", "q3"): (0.9375000000, 0.0570633471),
            ("q2", "q4"): (0.9561403509, 0.0446824831), ("q3", "q4"): (0.9016393443, 0.0491118457)}

# Section 3: summary(check.monotonicity(M, minvi = 0.03)) with the default minsize, on
# ../shared/reference/mokken_monotonicity_public.csv (300 x 6, m2 generated non-monotone); printed to 2 digits
# (sum/#ac to 3, crit whole numbers).
MONO_COLUMNS = ["ItemH", "#ac", "#vi", "#vi/#ac", "maxvi", "sum", "sum/#ac", "zmax", "#zsig", "crit"]
MONO_TABLE = {
    "m1": [0.57, 3, 0, 0.00, 0.00, 0.00, 0.000, 0.00, 0, 0],
    "m2": [-0.07, 6, 4, 0.67, 0.46, 1.07, 0.178, 5.24, 4, 434],
    "m3": [0.29, 3, 0, 0.00, 0.00, 0.00, 0.000, 0.00, 0, 0],
    "m4": [0.26, 1, 0, 0.00, 0.00, 0.00, 0.000, 0.00, 0, 0],
    "m5": [0.28, 3, 0, 0.00, 0.00, 0.00, 0.000, 0.00, 0, 0],
    "m6": [0.30, 3, 0, 0.00, 0.00, 0.00, 0.000, 0.00, 0, 0],
}
MONO_SCALE_H = 0.229799655
# Section 4: aisp(M, lowerbound = 0.3)
AISP_SCALES = {"m1": 1, "m2": 0, "m3": 1, "m4": 1, "m5": 1, "m6": 1}

# The data file itself lives in ../shared/reference/ (beside the worktrees); its content is copied here as a
# compact string so the tests run in a clean clone: one respondent per block of six 0/1 digits m1..m6.
MONO_DATA = (  # 300 respondents, 12 a line
    "110100 101101 110100 111110 101100 110000 100000 100000 110110 101000 110110 111100  "
    "000000 111100 110000 101110 100101 111000 101100 101110 111110 111000 101010 111100  "
    "100000 100000 110000 100010 100000 000000 111101 111000 010000 000010 111000 111000  "
    "111111 111000 100101 101110 101010 100000 101100 111100 100011 011100 111100 000000  "
    "111010 110100 010010 101110 101110 110000 101100 101001 101110 111100 101100 101110  "
    "111010 110000 111100 000000 000000 110000 111001 111000 000000 000000 110100 110110  "
    "110001 101110 111111 101010 111110 101000 110100 110010 111100 110100 100101 101010  "
    "101110 000100 100000 101100 111010 100000 101101 110000 110000 111110 100110 100000  "
    "101111 111100 110000 111000 000000 100000 110100 010000 110000 011100 110010 110100  "
    "110100 110000 011101 101111 111000 111110 110000 101110 101000 101111 110100 100001  "
    "101110 111000 100000 000000 111001 111000 101111 101000 010000 111000 000100 011000  "
    "101111 110000 101100 010100 101100 101111 111000 111000 111100 110110 110100 101000  "
    "000000 100000 111000 110000 101000 100000 101100 111100 111100 111111 111010 000000  "
    "111000 111111 101000 110110 110100 000000 100000 111000 111010 110000 100000 111000  "
    "110010 110111 101110 101110 110110 111000 100000 111100 100100 000000 100000 101110  "
    "110000 000000 110000 101101 111010 110110 111000 111000 101101 110011 111000 101100  "
    "111101 011001 111000 111001 100000 001100 111000 011000 100100 000000 101010 101000  "
    "110000 100000 101000 111110 010000 110000 111000 111010 110000 100000 101000 101111  "
    "111101 100110 111100 111000 110000 101101 111110 110000 110000 111100 110000 101011  "
    "110100 110000 101100 100000 101010 101010 111001 110000 110100 111000 111010 000000  "
    "110000 110100 001000 000000 110100 101100 111101 101111 110000 000000 110000 101000  "
    "101010 101110 111011 101111 101111 101011 100000 111100 000000 101110 111011 101101  "
    "111000 000000 111000 101111 101110 110000 010000 110100 100000 101100 110000 101011  "
    "110000 001000 111000 110100 111100 101001 101110 110100 110000 100000 100000 101111  "
    "111100 100111 111000 111011 110000 110000 111000 111010 101101 111110 101111 111010  "
)
_REFERENCE_CSV = Path(__file__).resolve().parents[2] / "shared" / "reference" / "mokken_monotonicity_public.csv"


def mono_frame():
    rows = [[int(c) for c in block] for block in MONO_DATA.split()]
    return pd.DataFrame(rows, columns=[f"m{i}" for i in range(1, 7)])


def test_the_copied_monotonicity_data_is_the_reference_file():
    frame = mono_frame()
    assert frame.shape == (300, 6)
    if not _REFERENCE_CSV.exists():
        pytest.skip("the shared reference folder is not beside this checkout")
    pd.testing.assert_frame_equal(frame, pd.read_csv(_REFERENCE_CSV))


@pytest.fixture
def x_frame():
    return pd.DataFrame(MOKKEN_X, columns=[f"s{i}" for i in range(1, 7)])


def test_standard_errors_match_mokken_coefh(x_frame):
    h = mokken.loevinger_h(x_frame)
    assert pytest.approx(SE_H, abs=1e-9) == h.H
    assert h.se == pytest.approx(SE_SE_H, abs=1e-9)
    np.testing.assert_allclose(h.items, SE_HI, atol=1e-9)
    np.testing.assert_allclose(h.items_se, SE_SE_HI, atol=1e-9)
    cols = list(x_frame.columns)
    for a in range(6):
        for b in range(a + 1, 6):
            i, j = cols[a], cols[b]
            expected = SE_SE_HIJ.get((i, j), 0.0)
            if (i, j) not in SE_SE_HIJ:
                assert h.pairs.loc[i, j] == pytest.approx(1.0)
            assert h.pairs_se.loc[i, j] == pytest.approx(expected, abs=1e-9)
            assert h.pairs_se.loc[j, i] == h.pairs_se.loc[i, j]
    assert not h.polytomous


def test_polytomous_h_and_standard_errors_match_mokken_coefh():
    h = mokken.loevinger_h(pd.DataFrame(POLY_P, columns=["q1", "q2", "q3", "q4"]))
    assert h.polytomous
    assert pytest.approx(POLY_H, abs=1e-9) == h.H and h.se == pytest.approx(POLY_SE_H, abs=1e-9)
    np.testing.assert_allclose(h.items, POLY_HI, atol=1e-9)
    np.testing.assert_allclose(h.items_se, POLY_SE_HI, atol=1e-9)
    for (i, j), (value, se) in POLY_HIJ.items():
        assert h.pairs.loc[i, j] == pytest.approx(value, abs=1e-9)
        assert h.pairs_se.loc[i, j] == pytest.approx(se, abs=1e-9)
    # polytomous H equals Cov/Cov_max with the sorted columns (mokken's coefH(se = FALSE))
    v = POLY_P.astype(float)
    s, smax = np.cov(v, rowvar=False), np.cov(np.sort(v, axis=0), rowvar=False)
    iu = np.triu_indices(4, 1)
    assert pytest.approx(s[iu].sum() / smax[iu].sum(), abs=1e-12) == h.H
    with pytest.raises(InputDataError, match="other than 0 and 1"):
        mokken.loevinger_h(POLY_P, binary=True)


def test_confidence_intervals_are_wald_intervals(x_frame):
    h = mokken.loevinger_h(x_frame)
    ci = h.ci(confidence=0.95)
    assert ci.loc["H", "low"] == pytest.approx(SE_H - 1.959963985 * SE_SE_H, abs=1e-8)
    assert ci.loc["s6", "high"] == pytest.approx(SE_HI[5] + 1.959963985 * SE_SE_HI[5], abs=1e-8)
    pairs = h.pairs_ci(confidence=0.95).set_index(["item_i", "item_j"])
    assert pairs.loc[("s5", "s6"), "se"] == pytest.approx(0.4810456929, abs=1e-9)
    assert len(pairs) == 15
    with pytest.warns(DeprecationWarning, match="level= is now confidence="):
        assert h.ci(level=0.9).equals(h.ci(confidence=0.9))


def test_confidence_is_keyword_only_and_by_position_is_deprecated(x_frame):
    """Issue 26: ``confidence`` is keyword-only; by position it still works until 2027-06-30, with a warning that
    points at the caller (also for the default value: notebook 05 passes it by keyword)."""
    import inspect

    h = mokken.loevinger_h(x_frame)
    for method in (h.ci, h.pairs_ci):
        assert inspect.signature(method).parameters["confidence"].kind is inspect.Parameter.KEYWORD_ONLY
        for value in (0.9, 0.95):
            with pytest.warns(DeprecationWarning, match="pass confidence= as a keyword") as caught:
                assert method(value).equals(method(confidence=value))
            assert caught[0].filename == __file__
    with pytest.warns(DeprecationWarning, match="level= is now confidence=") as caught:
        h.pairs_ci(level=0.9)
    assert caught[0].filename == __file__


def test_item_level_conditions(x_frame):
    cond = mokken.loevinger_h(x_frame).conditions(lowerbound=0.3)
    assert cond["all Hi >= c"] and cond["all Hij > 0"]
    assert cond["items with Hi < c"] == [] and cond["pairs with Hij <= 0"] == []
    cond = mokken.loevinger_h(x_frame).conditions(lowerbound=0.5)
    assert cond["items with Hi < c"] == ["s2", "s3"]
    with pytest.warns(DeprecationWarning, match=r"conditions\(\): pass lowerbound= as a keyword.*2027-06-30") as caught:
        old = mokken.loevinger_h(x_frame).conditions(0.5)
    assert caught[0].filename == __file__
    pd.testing.assert_series_equal(old, cond)
    flipped = x_frame.assign(s3=1 - x_frame["s3"])
    assert not mokken.loevinger_h(flipped).conditions()["all Hij > 0"]


def test_monotonicity_matches_mokken_summary_at_its_rounding():
    table = mokken.check_monotonicity(mono_frame(), minvi=0.03)
    assert list(table.columns) == MONO_COLUMNS
    assert mokken.monotonicity_minsize(300) == 60
    for item, expected in MONO_TABLE.items():
        row = table.loc[item]
        for col, value in zip(MONO_COLUMNS, expected):
            digits = 0 if col in ("#ac", "#vi", "#zsig", "crit") else 3 if col == "sum/#ac" else 2
            assert round(float(row[col]), digits) == pytest.approx(value, abs=1e-9), (item, col)
    assert pytest.approx(MONO_SCALE_H, abs=1e-9) == mokken.loevinger_h(mono_frame()).H
    groups = mokken.monotonicity_groups(mono_frame())
    assert (groups["m2"]["n"] >= 60).all() and groups["m2"]["n"].sum() == 300
    with pytest.warns(DeprecationWarning, match="monotonicity_groups.*2027-06-30"):
        old_table, old_groups = mokken.check_monotonicity(mono_frame(), details=True)
    assert old_table.equals(table) and old_groups["m2"].equals(groups["m2"])
    assert isinstance(mokken.check_monotonicity(mono_frame()), pd.DataFrame)  # one return type without the flag


def test_aisp_leaves_the_non_monotone_item_out():
    scales = mokken.aisp(mono_frame(), lowerbound=0.3)
    assert scales.to_dict() == AISP_SCALES


def test_monotonicity_and_aisp_take_polytomous_items():
    P = pd.DataFrame(POLY_P, columns=["q1", "q2", "q3", "q4"])
    table = mokken.check_monotonicity(P, minsize=5)
    np.testing.assert_allclose(table["ItemH"], POLY_HI, atol=1e-9)
    assert (mokken.aisp(P) == 1).all()


# --------------------------------------------------------------------------- order invariance
def test_tied_popularities_do_not_depend_on_column_order():
    # the case from issue 14: the items are equally popular; before, 0.778 one way round and 0.556 the other
    tied = pd.DataFrame([[0, 0, 1], [0, 1, 0], [1, 0, 1]], columns=list("abc"))
    forward, backward = mokken.guttman(tied), mokken.guttman(tied[["c", "b", "a"]])
    assert forward.reproducibility == pytest.approx(backward.reproducibility, abs=1e-12)
    # c is the most popular (2 of 3); a and b tie (1 of 3): exact average over the orders (c, a, b) and (c, b, a)
    orders = [["c", "a", "b"], ["c", "b", "a"]]
    ge = []
    for order in orders:
        v = tied[order].to_numpy()
        ideal = (np.arange(3)[None, :] < v.sum(axis=1)[:, None]).astype(int)
        ge.append(np.abs(v - ideal).sum())
    assert forward.errors.sum() == pytest.approx(np.mean(ge))
    assert forward.tied == [["a", "b"]]


binary_matrices = st.integers(2, 6).flatmap(
    lambda k: st.lists(st.lists(st.integers(0, 1), min_size=k, max_size=k), min_size=3, max_size=25))


@settings(max_examples=60, deadline=None)
@given(rows=binary_matrices, data=st.data())
def test_permuting_columns_or_rows_changes_no_statistic(rows, data):
    x = pd.DataFrame(rows, columns=[f"i{j}" for j in range(len(rows[0]))])
    cperm = data.draw(st.permutations(list(x.columns)))
    rperm = data.draw(st.permutations(range(len(x))))
    y = x[cperm].iloc[rperm]
    g, gy = mokken.guttman(x), mokken.guttman(y)
    assert gy.reproducibility == pytest.approx(g.reproducibility, abs=1e-12)
    assert gy.mmr == pytest.approx(g.mmr, abs=1e-12)
    np.testing.assert_allclose(gy.errors.loc[x.index], g.errors, atol=1e-12)
    np.testing.assert_allclose(gy.pair_errors.loc[x.index], g.pair_errors, atol=1e-12)
    if (x.nunique() > 1).all():
        h, hy = mokken.loevinger_h(x), mokken.loevinger_h(y)
        assert pytest.approx(h.H, abs=1e-12) == hy.H and hy.se == pytest.approx(h.se, abs=1e-12)
        pd.testing.assert_series_equal(hy.items[x.columns], h.items, atol=1e-12)
        pd.testing.assert_series_equal(hy.items_se[x.columns], h.items_se, atol=1e-12)


def test_guttman_without_ties_keeps_the_mokken_gplus(x_frame):
    # mokken.md: check.errors(X)$Gplus; X has no tied popularities
    gplus = [0, 1, 1, 0, 1, 1, 0, 0, 0, 2, 1, 0, 2, 2, 0, 0]
    g = mokken.guttman(x_frame)
    assert g.tied == [] and g.pair_errors.tolist() == gplus


# --------------------------------------------------------------------------- one check for pandas and Dask
BAD_INPUTS = {
    "zero rows": (pd.DataFrame({"a": pd.Series([], dtype=float), "b": pd.Series([], dtype=float)}), "no rows"),
    "value 2": (pd.DataFrame({"a": [0, 1, 1, 0], "b": [1, 2, 0, 1]}), "column 'b' has 1 value other than 0 and 1"),
    "value 0.5": (pd.DataFrame({"a": [0, 1, 1, 0], "b": [1, 0.5, 0, 1]}), "column 'b' has 1 value "),
    "NaN": (pd.DataFrame({"a": [0, 1, 1, 0], "b": [1, np.nan, 0, 1]}), "column 'b' has 1 missing value"),
    "one item": (pd.DataFrame({"a": [0, 1, 1, 0]}), "at least 2 items"),
    "text": (pd.DataFrame({"a": [0, 1], "b": ["x", "y"]}), "column 'b' is not numeric"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
@pytest.mark.parametrize("function", [mokken.guttman, mokken.loevinger_h])
def test_dask_and_pandas_raise_the_same_error(case, function):
    dd = pytest.importorskip("dask.dataframe")
    frame, message = BAD_INPUTS[case]
    if function is mokken.loevinger_h and case == "value 2":
        frame, message = frame, None  # polytomous items are fine for H; binary=True refuses them
        function = lambda x: mokken.loevinger_h(x, binary=True)  # noqa: E731
        message = "other than 0 and 1"
    with pytest.raises(InputDataError, match=message) as from_pandas:
        function(frame)
    with pytest.raises(InputDataError) as from_dask:
        function(dd.from_pandas(frame, npartitions=2))
    assert str(from_dask.value) == str(from_pandas.value)


def test_dask_and_pandas_give_the_same_standard_errors(x_frame):
    dd = pytest.importorskip("dask.dataframe")
    h, hd = mokken.loevinger_h(x_frame), mokken.loevinger_h(dd.from_pandas(x_frame, npartitions=3))
    assert hd.se == pytest.approx(h.se, abs=1e-12)
    pd.testing.assert_frame_equal(hd.pairs_se, h.pairs_se, atol=1e-12)
    poly = pd.DataFrame(POLY_P, columns=["q1", "q2", "q3", "q4"])
    assert mokken.loevinger_h(dd.from_pandas(poly, npartitions=4)).se == pytest.approx(POLY_SE_H, abs=1e-9)
    g, gd = mokken.guttman(x_frame), mokken.guttman(dd.from_pandas(x_frame, npartitions=3))
    assert gd.reproducibility == g.reproducibility


def test_strength_is_honest_about_nan():
    assert mokken.HResult(H=float("nan"), items=None, pairs=None).strength == "undefined"
    assert mokken.HResult(H=0.45, items=None, pairs=None).strength == "medium"
