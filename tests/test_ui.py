"""Numbers and names for people (``socialbiz_kit.ui``): the APA rule for statistics and the German order of names."""
from __future__ import annotations

import math

import pytest

from socialbiz_kit import ui


@pytest.mark.parametrize("value,lang,decimals,want", [
    (0.934, "de", 2, ",93"), (0.934, "en", 2, ".93"), (-0.12, "de", 2, "-,12"), (0.05, "de", 2, ",05"),
    (1.0, "de", 2, "1,00"), (1.03, "de", 2, "1,03"), (0.0004, "en", 3, ".000"), (-1.0, "en", 2, "-1.00"),
])
def test_a_statistic_in_a_sentence_has_no_leading_zero(value, lang, decimals, want):
    assert ui.statistic(value, lang=lang, decimals=decimals) == want


def test_a_statistic_that_is_missing_is_a_dash():
    assert ui.statistic(math.nan, lang="de") == "–" and ui.statistic(None, lang="en") == "–"


@pytest.mark.parametrize("p,lang,want", [
    (0.0004, "de", "p < ,001"), (0.0004, "en", "p < .001"), (0.0312, "de", "p = ,031"), (0.05, "en", "p = .050"),
    (0.9994, "de", "p = ,999"), (0.9996, "de", "p = 1"), (math.nan, "de", "p = –"),
])
def test_pvalues_follow_the_same_rule(p, lang, want):
    assert ui.pvalue(p, lang=lang) == want


def test_fulfilment_keeps_its_leading_zero():
    assert ui.number(0.75, lang="de") == "0,75"


def test_names_sort_in_german_order():
    names = ["Bodensee Versicherung AG", "Bäckerei Sonnenkorn", "Alpenblick Reisen GmbH", "Öko AG", "Ober GmbH",
             "Straße 1", "Strasse 2", "bäckerei klein"]
    assert sorted(names, key=ui.sort_key) == ["Alpenblick Reisen GmbH", "bäckerei klein", "Bäckerei Sonnenkorn",
                                              "Bodensee Versicherung AG", "Ober GmbH", "Öko AG", "Straße 1", "Strasse 2"]
