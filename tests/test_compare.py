"""Comparison: crosswalk (validated), mapping, text statistics on small texts with known answers."""
import copy
import math

import numpy as np
import pandas as pd
import pytest
import yaml

from socialbiz_kit import compare, datasets, load_model
from socialbiz_kit._data import data_dir
from socialbiz_kit.compare import CrosswalkError


# ------------------------------------------------------------------ crosswalk
def test_crosswalk_covers_every_pair_and_every_stage():
    cw = compare.crosswalk(lang="en")
    assert len(cw) == 6 * 5
    assert set(cw["strength"]) == {"none", "partial", "strong"}
    linked = cw[cw["strength"] != "none"]
    assert set(linked["altimeter"]) == set(range(1, 7)) and set(linked["cotc"]) == set(range(1, 6))
    assert (linked["rationale"].str.len() > 40).all()
    assert (cw.loc[cw["strength"] == "none", "rationale"] == "").all()
    de = compare.crosswalk(lang="de")
    assert (de.loc[de["strength"] != "none", "rationale"] != linked["rationale"]).all()


def test_crosswalk_matrix():
    m = compare.crosswalk_matrix(lang="en")
    assert m.shape == (6, 5)
    assert m.loc["6 Converged", "5 Fully Engaged"] == 2
    assert m.loc["1 Planning", "5 Fully Engaged"] == 0
    assert m.to_numpy().sum() == compare.crosswalk()["strength_value"].sum()


@pytest.mark.parametrize("stage,expected", [(0, (1, 1)), (1, (1, 2)), (3, (2, 3)), (5, (4, 5)), (6, (4, 5))])
def test_map_altimeter_to_cotc(stage, expected):
    assert compare.map_stage(stage) == expected


@pytest.mark.parametrize("stage,expected", [(1, (0, 1)), (3, (2, 4)), (5, (5, 6))])
def test_map_cotc_to_altimeter(stage, expected):
    assert compare.map_stage(stage, source="cotc", target="altimeter") == expected


def test_map_strong_links_only_and_errors():
    assert compare.map_stage(3, min_strength="strong") == (3, 3)
    with pytest.raises(ValueError, match="no link of strength 'strong'"):
        compare.map_stage(2, min_strength="strong")
    with pytest.raises(ValueError, match="no stage 7"):
        compare.map_stage(7)
    with pytest.raises(ValueError, match="no stage 0"):
        compare.map_stage(0, source="cotc", target="altimeter")
    with pytest.raises(ValueError, match="links altimeter and cotc"):
        compare.map_stage(1, source="forrester", target="cotc")


def _raw():
    return yaml.safe_load((data_dir() / "crosswalk.yaml").read_text(encoding="utf-8"))


def _without_converged(d):
    d["links"] = [lk for lk in d["links"] if lk["altimeter"] != "converged"]


def _dup(d):
    d["links"].append(copy.deepcopy(d["links"][0]))


BROKEN = [
    ("missing rationale", lambda d: d["links"][0].pop("rationale"), "links[0].rationale", "required for a link"),
    ("rationale in one language", lambda d: d["links"][1]["rationale"].pop("en"), "links[1].rationale.en", "missing"),
    ("unknown stage", lambda d: d["links"][0].update(altimeter="harvest"), "links[0].altimeter", "no stage 'harvest'"),
    ("bad strength", lambda d: d["links"][2].update(strength="medium"), "links[2].strength", "must be one of"),
    ("stage without link", _without_converged, "links", "stage 'converged' of model 'altimeter' has no link"),
    ("duplicate pair", _dup, "links[12]", "already given in links[0]"),
    ("unknown key", lambda d: d["links"][0].update(weight=3), "links[0].weight", "unknown key"),
    ("unknown model", lambda d: d.update(models=["altimeter", "forrester"]), "models", "no bundled model"),
]


@pytest.mark.parametrize("name,change,key,problem", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_crosswalk(tmp_path, name, change, key, problem):
    data = _raw()
    change(data)
    path = tmp_path / "cw.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CrosswalkError) as err:
        compare.load_crosswalk(path)
    assert err.value.key == key and problem in str(err.value) and str(path) in str(err.value)


def test_crosswalk_that_is_not_yaml(tmp_path):
    path = tmp_path / "cw.yaml"
    path.write_text("links: [unclosed\n", encoding="utf-8")
    with pytest.raises(CrosswalkError, match="not valid YAML"):
        compare.load_crosswalk(path)


def test_classify_both_on_the_sample_companies():
    both = compare.classify_both(datasets.load_dataset("sample_answers_altimeter"),
                                 datasets.load_dataset("sample_answers_cotc"))
    assert len(both) == 10
    assert both.loc["quellwerk", ["altimeter_stage", "cotc_stage"]].tolist() == [6, 5]
    assert both["agrees"].dtype == bool
    assert (both["agrees"] == (both["direction"] == "as predicted")).all()
    row = both.loc["berger"]  # Altimeter 2 predicts Church of the Customer 2..3; it is at 3
    assert (row["predicted_low"], row["predicted_high"], row["cotc_stage"], row["agrees"]) == (2, 3, 3, True)


# ------------------------------------------------------------------ text statistics
def test_tokenize_counts_and_stopwords():
    text = "Das Team hört der Kundschaft zu, und die Kundschaft antwortet dem Team."
    assert len(compare.tokenize(text, stopwords=False)) == 12
    assert compare.tokenize(text) == ["team", "hört", "kundschaft", "kundschaft", "antwortet", "team"]
    assert compare.tokenize("Social-Media-Management im Haus", stopwords=False) == ["social-media-management", "im", "haus"]
    assert compare.tokenize("The team listens to the customers", lang="en") == ["team", "listens", "customers"]
    assert compare.tokenize("customers listening", lang="en", stem=True) == ["custom", "listen"]
    assert "und" in compare.load_stopwords("de") and "the" in compare.load_stopwords("en")


def test_word_counts_add_up():
    wc = compare.word_counts()
    assert len(wc) == 11
    assert (wc["words"] > wc["content_words"]).all() and (wc["content_words"] >= wc["distinct_terms"]).all()
    s = load_model("altimeter").stage(1).summary.de
    assert wc.loc[0, "words"] == len(compare.tokenize(s, stopwords=False))


def test_similarity_is_one_for_identical_and_zero_for_disjoint_texts():
    a = ["Kunden sprechen mit dem Team", "Kennzahlen im Bericht"]
    b = ["Kunden sprechen mit dem Team", "Strategie der Führung"]
    sim = compare.text_similarity(a, b, stem=False)
    assert sim[0, 0] == pytest.approx(1.0)
    assert sim[1, 1] == pytest.approx(0.0) and sim[1, 0] == pytest.approx(0.0)


def test_similarity_matches_the_tfidf_formula_by_hand():
    docs_a, docs_b = ["apfel birne birne"], ["birne kirsche"]
    sim = compare.text_similarity(docs_a, docs_b, lang="de", stem=False)[0, 0]
    # scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1, n = 2 documents; tf = raw counts; l2 norm
    idf = {"apfel": math.log(3 / 2) + 1, "birne": math.log(3 / 3) + 1, "kirsche": math.log(3 / 2) + 1}
    va = np.array([1 * idf["apfel"], 2 * idf["birne"], 0])
    vb = np.array([0, 1 * idf["birne"], 1 * idf["kirsche"]])
    expected = va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb))
    assert sim == pytest.approx(expected, abs=1e-12)


def test_similarity_matrix_shape_and_range():
    m = compare.similarity_matrix()
    assert m.shape == (6, 5) and ((m.to_numpy() >= 0) & (m.to_numpy() <= 1)).all()


def test_distinctive_terms_come_from_their_stage():
    terms = compare.distinctive_terms(top=3)
    assert len(terms) == 11 * 3 and terms["rank"].tolist()[:3] == [1, 2, 3]
    texts = compare.stage_texts()
    for rec in terms.itertuples():
        text = texts[(texts.model == rec.model) & (texts.number == rec.number)]["text"].iloc[0].lower()
        assert rec.term in text
        assert rec.term not in compare.load_stopwords("de")


def test_theme_hits_on_known_text():
    hits = compare.theme_hits("Die Geschäftsleitung hört zu. Kennzahlen im Bericht; Schulung und Richtlinien.")
    assert hits["leadership"] == 1 and hits["listening"] == 1
    assert hits["measurement"] == 2 and hits["training"] == 2 and hits["customers"] == 0
    en = compare.theme_hits("Customers trust the business goals of the board.", lang="en")
    assert en["customers"] == 2 and en["strategy"] == 2 and en["leadership"] == 1


def test_theme_matrix_covers_both_models():
    m = compare.theme_matrix()
    assert m.shape == (11, len(compare.load_themes()))
    assert m.loc["Altimeter 4 Formalisierung", "Organisation und Steuerung"] > 0
    assert m.loc[f"{load_model('cotc').short_name.de} 5 Voll engagiert", "Einbindung der Kundschaft"] > 0


def test_broken_theme_file(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("schema_version: 1\nthemes:\n  - id: a\n    name: {de: A, en: A}\n    stems: {de: [x]}\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"themes\[0\]\.stems\.en: required key is missing"):
        compare.load_themes(path)


def test_theme_totals_sum_the_matrix():
    totals = compare.theme_totals()
    m = compare.theme_matrix()
    assert totals["Altimeter"].sum() == m.iloc[:6].to_numpy().sum()
    assert totals[load_model("cotc").short_name.de].sum() == m.iloc[6:].to_numpy().sum()
    assert totals["share Altimeter"].sum() == pytest.approx(1.0)


# ------------------------------------------------------------------ agreement of two classifications
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


def test_crosswalk_mapping_both_ways():
    assert compare.crosswalk_mapping() == {0: 1, 1: 1, 2: 2, 3: 3, 4: 3, 5: 4, 6: 5}
    assert compare.crosswalk_mapping("cotc", "altimeter") == {1: 1, 2: 1, 3: 3, 4: 5, 5: 6}


def test_agreement_matches_independent_formulas():
    a = pd.Series([0, 1, 2, 3, 4, 5, 6, 3, 2, 5, 1, 6], index=[f"o{i}" for i in range(12)])
    b = pd.Series([1, 2, 2, 3, 3, 4, 5, 2, 3, 5, 1, 4], index=[f"o{i}" for i in range(12)])
    res = compare.agreement(a, b)
    mapped = a.map(compare.crosswalk_mapping())
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
    res = compare.agreement(a, b)
    mapped = a.map(compare.crosswalk_mapping())
    full = _kappa_by_hand(mapped, b, [1, 2, 3, 4, 5], "quadratic")
    assert res.kappa_quadratic == pytest.approx(full, abs=1e-6)
    assert res.labels == [1, 2, 3, 4, 5]


def test_agreement_aligns_on_the_index_and_checks_input():
    a = pd.Series([1, 3, 5], index=["x", "y", "z"])
    b = pd.Series([1, 3], index=["x", "y"])
    assert compare.agreement(a, pd.Series([3, 1, 9], index=["y", "x", "w"])).n == 2
    with pytest.raises(ValueError, match="at least two"):
        compare.agreement(a, b.iloc[:1])
    with pytest.raises(ValueError, match="cotc has no stage 9"):
        compare.agreement(a, pd.Series([1, 9, 2], index=["x", "y", "z"]))
    with pytest.raises(ValueError, match="no place on the common scale"):
        compare.agreement(a, b.reindex(a.index).fillna(1), mapping={1: 1, 3: 3})
