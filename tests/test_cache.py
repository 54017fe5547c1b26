"""Cached loaders hand out read-only values and see an edited file (socialbiz_kit._cache and its users).

Issue 26: the loaders of ``data/`` returned shared dicts (a caller who changed one changed it for everyone) and
cached by path only, so a learner who edited a YAML file in JupyterLab never saw the edit without a restart.
"""
import shutil

import pytest

from socialbiz_kit import _modelfiles, course, glossary, literature, load_model, text, themes, ui
from socialbiz_kit._cache import by_file, frozen
from socialbiz_kit._data import data_dir


def test_frozen_freezes_all_the_way_down():
    value = frozen({"a": [1, {"b": [2]}], "c": "x"})
    with pytest.raises(TypeError):
        value["a"][1]["b"] = 3
    assert value["a"][1]["b"] == (2,)


@pytest.mark.parametrize("mutate", [
    lambda: ui.load_ui().__setitem__("common.stage", {"de": "Etappe", "en": "leg"}),
    lambda: ui.load_ui()["common.stage"].__setitem__("de", "Etappe"),
    lambda: ui.load_ui()["common.n_statements"]["de"].__setitem__("one", "x"),
    lambda: literature.load_literature().pop("li_solis_2013"),
    lambda: glossary.load_glossary().clear(),
    lambda: text.load_themes()[0].stems.__setitem__("de", ("x",)),
    lambda: themes.shipped_blog_stats()["altimeter"].__setitem__("words", 0),
    lambda: text.load_stopwords("de").add("social"),
], ids=["ui", "ui entry", "ui plural", "literature", "glossary", "theme stems", "blog stats", "stopwords"])
def test_a_cached_value_cannot_be_changed_by_a_caller(mutate):
    with pytest.raises((TypeError, AttributeError)):
        mutate()
    assert ui.text("common.stage", lang="de") == "Stufe"


def test_what_a_caller_may_change_is_a_copy():
    plans = course.load_course()
    plans.pop("00")
    assert "00" in course.load_course()
    words = ui.words("common", lang="de")
    words["stage"] = "Etappe"
    assert ui.words("common", lang="de")["stage"] == "Stufe"


def _edit(path, old, new):
    body = path.read_text(encoding="utf-8")
    assert old in body
    path.write_text(body.replace(old, new, 1), encoding="utf-8")  # another length: seen even within one clock tick


def test_an_edited_words_file_is_read_again(tmp_path):
    path = tmp_path / "ui.yaml"
    shutil.copy(data_dir() / "ui.yaml", path)
    assert ui.load_ui(path)["common.stage"]["de"] == "Stufe"
    _edit(path, "de: Stufe\n", "de: Reifestufe\n")
    assert ui.load_ui(path)["common.stage"]["de"] == "Reifestufe"


def test_an_edited_literature_or_glossary_file_is_read_again(tmp_path):
    lit = tmp_path / "literature.yaml"
    shutil.copy(data_dir() / "literature.yaml", lit)
    before = literature.load_literature(lit)["solis_2013_gap"].title
    _edit(lit, "title: The gap between", "title: Das Gefälle zwischen")
    assert literature.load_literature(lit)["solis_2013_gap"].title != before
    terms = tmp_path / "glossary.yaml"
    shutil.copy(data_dir() / "glossary.yaml", terms)
    assert glossary.load_glossary(terms)["stage"].de == "Stufe"
    _edit(terms, "    de: Stufe\n", "    de: Reifestufe\n")
    assert glossary.load_glossary(terms)["stage"].de == "Reifestufe"


def test_an_edited_bundled_model_and_theme_file_are_read_again(tmp_path, monkeypatch):
    shutil.copytree(data_dir() / "models", tmp_path / "models")
    shutil.copy(data_dir() / "themes.yaml", tmp_path / "themes.yaml")
    monkeypatch.setattr(_modelfiles, "data_dir", lambda: tmp_path)
    monkeypatch.setattr(themes, "data_dir", lambda: tmp_path)
    assert load_model("altimeter").stage(1).name.en == "Planning"
    _edit(tmp_path / "models" / "altimeter.yaml", "en: Planning", "en: Planning ahead")
    assert load_model("altimeter").stage(1).name.en == "Planning ahead"
    assert "zuhör" in text.load_themes()[0].stems["de"]
    _edit(tmp_path / "themes.yaml", "de: [zuhör,", "de: [zuhören, zuhör,")
    assert text.load_themes()[0].stems["de"][0] == "zuhören"


def test_an_unchanged_file_is_read_once(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("a", encoding="utf-8")
    reads = []

    @by_file
    def load(p):
        reads.append(p)
        return open(p, encoding="utf-8").read()

    assert load(str(path)) == load(str(path)) == "a"
    assert len(reads) == 1
    path.write_text("ab", encoding="utf-8")
    assert load(str(path)) == "ab" and len(reads) == 2


def test_the_crosswalk_sees_an_edited_model_file(tmp_path, monkeypatch):
    """Issue 26: the crosswalk's cache kept the models it was first read with."""
    from socialbiz_kit import _modelfiles, crosswalk

    shutil.copytree(data_dir() / "models", tmp_path / "models")
    shutil.copy(data_dir() / "crosswalk.yaml", tmp_path / "crosswalk.yaml")
    monkeypatch.setattr(_modelfiles, "data_dir", lambda: tmp_path)
    monkeypatch.setattr(crosswalk, "data_dir", lambda: tmp_path)
    before = crosswalk.crosswalk(lang="en")
    assert "Planning" in set(before["altimeter_stage"])
    _edit(tmp_path / "models" / "altimeter.yaml", "en: Planning", "en: Planning ahead")
    after = crosswalk.crosswalk(lang="en")
    assert "Planning ahead" in set(after["altimeter_stage"]) and "Planning" not in set(after["altimeter_stage"])
    assert crosswalk.load_crosswalk().source is load_model("altimeter")
    _edit(tmp_path / "crosswalk.yaml", "strength: strong", "strength: partial")  # its own file, as before
    assert crosswalk.crosswalk(lang="en")["strength"].tolist() != after["strength"].tolist()
