"""Issue 26, "one rule, one place": the rules written once in socialbiz_kit._checks and their array forms."""
import numpy as np
import pandas as pd
import pytest

from socialbiz_kit import _checks
from socialbiz_kit._checks import (
    EPS,
    SUPPORT_SHARE,
    all_on_scale,
    check_confidence,
    is_met,
    is_supported,
    off_scale,
    on_scale,
    reaches,
    support_line,
    unanswered,
)
from socialbiz_kit.errors import SettingError


def _values(rng: np.random.Generator, n: int) -> np.ndarray:
    """Fulfilments around the threshold and the support line: exact hits, hits within EPS, NaN, 0 and 1."""
    pool = np.array([0.0, 1.0, np.nan, 0.75, 0.75 - EPS / 2, 0.75 - 2 * EPS, 0.375, 0.375 - EPS / 2, 0.375 - 2 * EPS,
                     0.5, 0.6, 0.25, 0.8])
    return np.where(rng.random(n) < 0.5, rng.choice(pool, n), rng.random(n))


@pytest.mark.parametrize("threshold", [0.75, 0.5, 0.6, 1.0, 1e-3])
def test_met_and_supported_are_the_old_comparisons_for_floats_arrays_and_frames(threshold):
    rng = np.random.default_rng(26)
    values = _values(rng, 500)
    met = values >= threshold - EPS  # the comparison written out in eight places before
    supported = values >= SUPPORT_SHARE * threshold - EPS
    assert np.array_equal(is_met(values, threshold), met)
    assert np.array_equal(is_supported(values, threshold), supported)
    assert [bool(is_met(float(v), threshold)) for v in values] == met.tolist()
    assert [bool(is_supported(float(v), threshold)) for v in values] == supported.tolist()
    frame = pd.DataFrame(values.reshape(50, 10))
    assert is_met(frame, threshold).equals(pd.DataFrame(met.reshape(50, 10)))
    assert support_line(threshold) == SUPPORT_SHARE * threshold
    assert np.array_equal(reaches(values, support_line(threshold)), supported)


def test_unknown_is_neither_met_nor_supported():
    nan = float("nan")
    assert not is_met(nan, 0.75) and not is_supported(nan, 0.75)
    assert not is_met(np.array([np.nan]), 0.75).any() and not is_supported(np.array([np.nan]), 0.75).any()
    assert is_met(0.75, 0.75) and is_met(0.75 - EPS / 2, 0.75) and not is_met(0.75 - 2 * EPS, 0.75)


@pytest.mark.parametrize("confidence", [0.5, 0.9, 0.95, 0.99, np.float64(0.95)])
def test_check_confidence_takes_a_level_between_0_and_1(confidence):
    assert check_confidence(confidence) is None


@pytest.mark.parametrize("confidence", [0, 1, 1.5, 95, -0.1, float("nan"), True, np.bool_(True), "0.95", None])
def test_check_confidence_refuses_the_rest_with_one_code(confidence):
    with pytest.raises(SettingError) as caught:
        check_confidence(confidence)
    assert caught.value.code == "errors.confidence"


SCALES = {"0..4": [0, 1, 2, 3, 4], "1..5": [1, 2, 3, 4, 5], "gaps": [0, 2, 5], "halves": [0.5, 1.5, 2.5],
          "one": [3], "negative": [-2, -1, 0, 1, 2]}


def _answers(rng: np.random.Generator, n: int) -> list:
    """Answers as they come: Python and numpy numbers on and off the scale, NaN, None, bools, texts."""
    pool = [0, 1, 2, 3, 4, 5, -1, 7, 3.0, 3.5, 2.5, 0.5, -0.0, float("nan"), np.nan, np.float64(4.0), np.float32(2.0),
            np.float32(2.5), np.int64(4), np.int32(7), np.uint8(1), np.int64(-2), float("inf"), -float("inf"),
            True, False, np.bool_(True), np.bool_(False), "3", "x", "", None, pd.NA, 1e300, 2.0000000001]
    return [pool[i] for i in rng.integers(0, len(pool), n)]


@pytest.mark.parametrize("name", SCALES)
def test_the_array_checks_agree_with_the_scalar_rule(name):
    """on_scale is the rule for one answer; off_scale (any array) and all_on_scale (float arrays, with a shortcut for
    whole numbers without gaps) give the same answer cell for cell."""
    allowed = SCALES[name]
    rng = np.random.default_rng(len(name))
    for _ in range(30):
        answers = _answers(rng, 12)
        want = [not unanswered(v) and not on_scale(v, allowed) for v in answers]
        assert off_scale(np.array(answers, dtype=object), allowed).tolist() == want
        numbers = [v for v in answers if _checks._is_number(v)]
        want_numbers = [not on_scale(v, allowed) and not np.isnan(v) for v in numbers]
        floats = np.array(numbers, dtype=float)
        assert off_scale(floats, allowed).tolist() == want_numbers
        assert off_scale(floats, np.array(allowed)).tolist() == want_numbers
        ints = [v for v in numbers if float(v).is_integer() and abs(v) < 1e6]
        assert off_scale(np.array(ints, dtype=np.int64), allowed).tolist() == [not on_scale(v, allowed) for v in ints]
        assert all_on_scale(floats, np.array(allowed)) == (not any(want_numbers))
        assert all_on_scale(floats.reshape(1, -1), np.array(allowed[::-1])) == (not any(want_numbers))
    bools = np.array([True, False])
    assert off_scale(bools, allowed).tolist() == [True, True]  # a bool is no answer, even where 0 and 1 are allowed
    assert off_scale(np.array(["3", "x"]), allowed).tolist() == [True, True]
    assert all_on_scale(np.full((2, 3), np.nan), np.array(allowed)) and all_on_scale(np.empty((3, 0)), np.array(allowed))
