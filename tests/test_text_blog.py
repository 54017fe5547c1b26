"""Pair forms count once; the shipped counts of the German blog summaries can be recomputed."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from socialbiz_kit import text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.parametrize("pair, single", [
    ("Kundinnen und Kunden", "Kunden"),
    ("Kundinnen, Kunden", "Kunden"),
    ("eine Kollegin oder ein Kollege", "eine Kollegin oder ein Kollege"),  # articles between: left as written
    ("Mitarbeiterinnen und Mitarbeitern", "Mitarbeitern"),
    ("Nutzerinnen/Nutzer", "Nutzer"),
])
def test_pair_forms_collapse_to_one_word(pair, single):
    assert text.collapse_pair_forms(pair) == single


@pytest.mark.parametrize("phrase", ["Termin und Terminplan", "Berlin und Berliner Umland", "Bäuerinnen und Bauern"])
def test_other_phrases_are_left_alone(phrase):
    assert text.collapse_pair_forms(phrase) == phrase


def test_a_pair_form_scores_like_the_single_word():
    assert text.theme_hits("Wir sprechen mit Kundinnen und Kunden.") == text.theme_hits("Wir sprechen mit Kunden.")
    assert text.tokenize("Kundinnen und Kunden", stopwords=False) == ["kunden"]


def test_pair_forms_stay_english_words_in_english():
    assert text.tokenize("Berlin and Berliners", lang="en", stopwords=False) == ["berlin", "and", "berliners"]


def test_shipped_counts_have_every_theme_and_no_text():
    stats = text.blog_summary_stats()
    themes = [t.id for t in text.load_themes()]
    assert list(stats.index) == list(text.BLOG_SUMMARIES)
    assert set(themes) <= set(stats.columns)
    assert (stats["words"] > stats["content_words"]).all()
    raw = (Path(text.__file__).resolve().parents[1] / "data" / "blog_summaries.yaml").read_text(encoding="utf-8")
    assert "Dell" not in raw and "Phase" not in raw  # counts only, never the texts' sentences


def test_recomputing_from_a_copy_uses_the_same_rules(tmp_path):
    body = "Kundinnen und Kunden vertrauen dem Team. Die Führung misst Kennzahlen."
    f = tmp_path / "copy.txt"
    f.write_text(body, encoding="utf-8")
    got = text.blog_summary_stats({"cotc": f}).loc["cotc"]
    want = text.text_counts(body)
    assert {k: int(got[k]) for k in want} == want
    assert got["customers"] == 2  # "Kunden" and "vertrauen"; the pair form counts once
    assert got["sha256"] == hashlib.sha256(body.encode("utf-8")).hexdigest()


def test_unknown_model_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no blog summary for model 'forrester'"):
        text.blog_summary_stats({"forrester": tmp_path / "x.txt"})


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the project's seeds/ folder is not beside this checkout")
def test_shipped_counts_match_the_seeds():
    shipped = text.blog_summary_stats()
    fresh = text.blog_summary_stats({m: SEEDS / f for m, f in text.BLOG_SUMMARIES.items()})
    assert shipped.astype(str).equals(fresh[shipped.columns].astype(str))


def test_comparison_shares_add_up_per_text():
    shares = text.theme_comparison(lang="de")
    assert shares.shape == (len(text.load_themes()), 4)
    assert shares.sum().round(9).eq(1).all()
    assert shares.columns.get_level_values(0).nunique() == 2
    counts = text.comparison_counts(lang="en")
    assert list(counts.index) == ["Words", "Content words", "Theme hits"]
