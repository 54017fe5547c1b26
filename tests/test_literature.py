"""Literature list (APA 7), background data and the design-principles table."""
import pytest
import yaml

from socialbiz_kit import background, literature
from socialbiz_kit.background import BackgroundFileError, design_principles_frame
from socialbiz_kit.literature import LiteratureFileError, cite, literature_frame, render


def test_authorship_of_the_two_models():
    # the Journey has no entry of its own (no retrievable address): it is cited through the two posts
    with pytest.raises(KeyError):
        render("ants_eye_view_2010")
    assert render("mckee_2010", lang="de", fmt="text").startswith("McKee, J. (2010, Dezember). The Social Engagement Journey.")
    huba = render("huba_2010", lang="en", fmt="markdown")
    assert huba == ("Huba, J. (2010, December). The Social Engagement Journey. *Church of the Customer*. "
                    "https://jackiehuba.com/2010/12/the-social-engagement-journey.html")
    assert cite("solis_li_2013_state", lang="de") == "Solis & Li, 2013"  # not "Altimeter Group"
    assert render("li_solis_2013", lang="en", fmt="html").startswith(
        "Li, C., &amp; Solis, B. (2013). <i>The evolution of social business: Six stages")


def test_apa_forms():
    assert render("becker_et_al_2009", lang="en", fmt="text") == (
        "Becker, J., Knackstedt, R., & Pöppelbuß, J. (2009). Developing maturity models for IT management: "
        "A procedure model and its application. Business & Information Systems Engineering, 1(3), 213–222. "
        "https://doi.org/10.1007/s12599-009-0044-5")
    assert render("summary_altimeter_de", lang="de", fmt="text") == (
        "Von Social Media zum Social Business [deutsche Blog-Zusammenfassung]. (o. J.).")
    assert cite("summary_altimeter_de", lang="en") == "“Von Social Media zum Social Business”, n.d."
    # the Journey's German summary: a bracketed description, not its heading (the kit uses its own words)
    assert render("summary_cotc_de", lang="en", fmt="markdown") == (
        "[Deutsche Blog-Zusammenfassung der Social Engagement Journey]. (n.d.).")
    assert cite("summary_cotc_de", lang="de") == "[Deutsche Blog-Zusammenfassung der Social Engagement Journey], o. J."
    # a work whose title is not known for certain: APA's description in square brackets
    assert cite("forrester_2011", lang="de") == "Forrester Research, 2011"
    assert render("forrester_2011", lang="de") == "Forrester Research. (2011). [Social-Maturity-Modell mit fünf Stufen]."
    assert render("poeppelbuss_roeglinger_2011", lang="en", fmt="text").startswith(
        "Pöppelbuß, J., & Röglinger, M. (2011). What makes a useful maturity model?")
    assert "In Proceedings of the 19th European Conference" in render("poeppelbuss_roeglinger_2011", lang="en", fmt="text")
    with pytest.raises(KeyError, match="known:"):
        render("nobody_2099")


def test_statistical_sources_chapter_and_edition():
    assert render("guttman_1950", lang="en", fmt="text") == (
        "Guttman, L. (1950). The basis for scalogram analysis. In S. A. Stouffer, L. Guttman, E. A. Suchman, "
        "P. F. Lazarsfeld, S. A. Star, & J. A. Clausen, Measurement and prediction (pp. 60–90). "
        "Princeton University Press.")
    assert "(S. 60–90)" in render("guttman_1950", lang="de")
    assert render("krippendorff_2004", lang="de", fmt="text").endswith("methodology (2. Aufl.). Sage.")
    assert render("krippendorff_2004", lang="en", fmt="text").endswith("methodology (2nd ed.). Sage.")
    assert cite("clopper_pearson_1934", lang="de", narrative=True) == "Clopper und Pearson (1934)"
    assert render("cohen_1968", lang="de").endswith("https://doi.org/10.1037/h0026256")


def test_unchecked_entries_say_so():
    lit = literature.load_literature()
    for i in ("solis_2013_gap", "solis_li_2013_state", "forrester_2011", "solis_szymanski_2016"):
        assert lit[i].note.get("de").startswith("Ungeprüft") and lit[i].note.get("en").startswith("Unverified")
    assert not lit["solis_2013_gap"].url  # no longer the website's home page as if it were the post


def test_every_entry_has_title_and_the_list_is_sorted():
    frame = literature_frame(lang="de")
    assert frame["reference"].str.len().gt(30).all()
    firsts = frame["reference"].str.lstrip("„“").str.casefold().tolist()
    assert firsts == sorted(firsts)
    shown = literature_frame(lang="de", labels=True)
    assert shown.columns.tolist() == ["Quelle (APA 7)", "Anmerkung des Kits"]


def test_broken_literature_file_names_the_key(tmp_path):
    path = tmp_path / "lit.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, "entries": [
        {"id": "x", "type": "report", "title": "T", "year": 2010, "date": "2011-01"}]}), encoding="utf-8")
    with pytest.raises(LiteratureFileError, match=r"entries\[0\]\.date: the date '2011-01' does not lie in the year 2010"):
        literature.load_literature(path)
    path.write_text(yaml.safe_dump({"schema_version": 1, "entries": [
        {"id": "x", "type": "podcast", "title": "T"}]}), encoding="utf-8")
    with pytest.raises(LiteratureFileError, match=r"entries\[0\]\.type: unknown type 'podcast'"):
        literature.load_literature(path)


def test_definitions_and_neighbours():
    d = background.definitions_frame(lang="de")
    assert d.columns.tolist() == ["Begriff", "Bedeutung", "Quelle"]
    assert d.loc[0, "Begriff"] == "Social Business" and "Geschäftszielen" in d.loc[0, "Bedeutung"]
    n = background.neighbours_frame(lang="en")
    assert "Dormant → Testing → Coordinating → Scaling & Optimizing → Empowering" in n["Stages (original names)"].tolist()
    assert n.loc[3, "Kind"] == "Organisational forms, not stages"


def test_design_principles_table():
    de, en = design_principles_frame(lang="de"), design_principles_frame(lang="en")
    assert len(de) == len(en) == 9
    assert set(de["Einschätzung des Kits"]) <= {"erfüllt", "teilweise", "nicht erfüllt"}
    assert de["Wo nicht"].str.len().gt(20).all()  # where the kit falls short, for every principle
    assert en.loc[en.DP == "3.2", "Where the kit meets it"].iloc[0].startswith("The roadmap orders")


def test_broken_design_principles_file(tmp_path):
    path = tmp_path / "dp.yaml"
    path.write_text("schema_version: 1\nsource: poeppelbuss_roeglinger_2011\nprinciples: []\n", encoding="utf-8")
    with pytest.raises(BackgroundFileError, match="needs at least 1"):
        background.load_design_principles(path)
