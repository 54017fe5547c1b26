"""Word and theme statistics of the stage summaries (socialbiz_kit.text), tested directly on small texts with
known answers; pair forms count once; the shipped counts of the German blog summaries can be recomputed."""
import hashlib
import math
from pathlib import Path

import numpy as np
import pytest

from socialbiz_kit import load_model, text
from socialbiz_kit.errors import DataFileError, SettingError

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


# ------------------------------------------------------------------ text statistics
def test_tokenize_counts_and_stopwords():
    sentence = "Das Team hört der Kundschaft zu, und die Kundschaft antwortet dem Team."
    assert len(text.tokenize(sentence, stopwords=False)) == 12
    assert text.tokenize(sentence) == ["team", "hört", "kundschaft", "kundschaft", "antwortet", "team"]
    assert text.tokenize("Social-Media-Management im Haus", stopwords=False) == ["social-media-management", "im", "haus"]
    assert text.tokenize("The team listens to the customers", lang="en") == ["team", "listens", "customers"]
    assert text.tokenize("customers listening", lang="en", stem=True) == ["custom", "listen"]
    assert "und" in text.load_stopwords("de") and "the" in text.load_stopwords("en")


def test_word_counts_add_up():
    wc = text.word_counts()
    assert len(wc) == 11
    assert (wc["words"] > wc["content_words"]).all() and (wc["content_words"] >= wc["distinct_terms"]).all()
    s = load_model("altimeter").stage(1).summary.de
    assert wc.loc[0, "words"] == len(text.tokenize(s, stopwords=False))


def test_similarity_is_one_for_identical_and_zero_for_disjoint_texts():
    a = ["Kunden sprechen mit dem Team", "Kennzahlen im Bericht"]
    b = ["Kunden sprechen mit dem Team", "Strategie der Führung"]
    sim = text.text_similarity(a, b, stem=False)
    assert sim[0, 0] == pytest.approx(1.0)
    assert sim[1, 1] == pytest.approx(0.0) and sim[1, 0] == pytest.approx(0.0)


def test_similarity_matches_the_tfidf_formula_by_hand():
    docs_a, docs_b = ["apfel birne birne"], ["birne kirsche"]
    sim = text.text_similarity(docs_a, docs_b, lang="de", stem=False)[0, 0]
    # scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1, n = 2 documents; tf = raw counts; l2 norm
    idf = {"apfel": math.log(3 / 2) + 1, "birne": math.log(3 / 3) + 1, "kirsche": math.log(3 / 2) + 1}
    va = np.array([1 * idf["apfel"], 2 * idf["birne"], 0])
    vb = np.array([0, 1 * idf["birne"], 1 * idf["kirsche"]])
    expected = va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb))
    assert sim == pytest.approx(expected, abs=1e-12)


def test_similarity_matrix_shape_and_range():
    m = text.similarity_matrix()
    assert m.shape == (6, 5) and ((m.to_numpy() >= 0) & (m.to_numpy() <= 1)).all()


def test_distinctive_terms_come_from_their_stage():
    terms = text.distinctive_terms(top=3)
    assert len(terms) == 11 * 3 and terms["rank"].tolist()[:3] == [1, 2, 3]
    texts = text.stage_texts()
    for rec in terms.itertuples():
        summary = texts[(texts.model == rec.model) & (texts.number == rec.number)]["text"].iloc[0].lower()
        assert rec.term in summary
        assert rec.term not in text.load_stopwords("de")


def test_theme_hits_on_known_text():
    hits = text.theme_hits("Die Geschäftsleitung hört zu. Kennzahlen im Bericht; Schulung und Richtlinien.")
    assert hits["leadership"] == 1 and hits["listening"] == 1
    assert hits["measurement"] == 2 and hits["training"] == 2 and hits["customers"] == 0
    en = text.theme_hits("Customers trust the business goals of the board.", lang="en")
    assert en["customers"] == 2 and en["strategy"] == 2 and en["leadership"] == 1


def test_theme_matrix_covers_both_models():
    m = text.theme_matrix()
    assert m.shape == (11, len(text.load_themes()))
    assert m.loc["Altimeter 4 Formalisierung", "Organisation und Steuerung"] > 0
    assert m.loc[f"{load_model('cotc').short_name.de} 5 Voll engagiert", "Einbindung der Kundschaft"] > 0


def test_broken_theme_file(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("schema_version: 1\nthemes:\n  - id: a\n    name: {de: A, en: A}\n    stems: {de: [x]}\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"themes\[0\]\.stems\.en: required key is missing"):
        text.load_themes(path)


def test_theme_totals_sum_the_matrix():
    totals = text.theme_totals()
    m = text.theme_matrix()
    assert totals["Altimeter"].sum() == m.iloc[:6].to_numpy().sum()
    assert totals[load_model("cotc").short_name.de].sum() == m.iloc[6:].to_numpy().sum()
    assert totals["share Altimeter"].sum() == pytest.approx(1.0)


def test_stage_texts_pick_the_field_and_refuse_another():
    summaries = text.stage_texts(("cotc",), lang="en")
    assert len(summaries) == 5 and summaries["text"].iloc[0] == load_model("cotc").stage(1).summary.en
    both = text.stage_texts(("cotc",), field="both")
    assert (both["text"].str.len() > summaries["text"].str.len()).all()
    with pytest.raises(SettingError) as info:
        text.stage_texts(field="tagline")
    assert info.value.code == "errors.choice"


def test_text_counts_of_a_known_sentence():
    counts = text.text_counts("Die Kundschaft spricht mit der Kundschaft über Kennzahlen.")
    assert counts["words"] == 8 and counts["content_words"] == 4 and counts["distinct_terms"] == 3  # "über" a stopword
    assert counts["customers"] == 2 and counts["measurement"] == 1


def test_a_duplicate_theme_id_is_refused_with_its_code(tmp_path):
    path = tmp_path / "t.yaml"
    theme = "  - id: a\n    name: {de: A, en: A}\n    stems: {de: [x], en: [x]}\n"
    path.write_text("schema_version: 1\nthemes:\n" + theme + theme, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        text.load_themes(path)
    assert info.value.code == "explain.duplicate" and info.value.key == "themes[1].id"


def test_write_blog_summary_stats_is_a_deprecated_alias_of_the_maintainers_tool(tmp_path, monkeypatch):
    """Issue 26: it was public (text.__all__) before it moved to tools/blog_summary_stats.py."""
    import socialbiz_kit.text as text_module

    calls = []
    monkeypatch.setattr(text_module, "_write_blog_summary_stats", lambda *a: calls.append(a) or tmp_path)
    with pytest.warns(DeprecationWarning, match="2027-06-30"):
        write = text_module.write_blog_summary_stats
    assert write("seeds") == tmp_path and calls == [("seeds",)]
    assert "write_blog_summary_stats" not in text_module.__all__


@pytest.mark.parametrize("value,got", [(None, "NoneType"), (3, "int"), (["ein", "Satz"], "list")])
def test_tokenize_refuses_what_is_not_a_text_with_a_coded_error(value, got):
    from socialbiz_kit.errors import InputDataError
    from socialbiz_kit.wordstats import tokenize

    with pytest.raises(InputDataError) as info:
        tokenize(value)
    assert info.value.code == "errors.not_text" and info.value.params == {"what": "text", "got": got}
