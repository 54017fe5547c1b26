"""Model files: every bundled model is complete, and broken files get clear errors."""
import copy
import re
from pathlib import Path

import pytest
import yaml

from socialbiz_kit import models
from socialbiz_kit.models import ModelError, list_models, load_model, read_model

BUNDLED = list_models()


def test_both_models_are_bundled():
    assert BUNDLED == ["altimeter", "cotc"]


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_model_is_complete(name):
    m = load_model(name)
    assert [s.number for s in m.stages] == list(range(1, m.n_stages + 1))
    ids = [s.id for s in m.stages] + list(m.item_ids)
    assert len(ids) == len(set(ids))
    for s in m.stages:
        for lang in ("de", "en"):
            words = len(s.summary.get(lang).split())
            assert 60 <= words <= 150, (s.id, lang, words)
            assert s.name.get(lang) and s.tagline.get(lang)
            assert all(c.get(lang) for c in s.characteristics)
            assert all(n.get(lang) for n in s.next_steps)
            assert all(it.text.get(lang) for it in s.items)
        assert 3 <= len(s.characteristics) <= 6
    # German and English texts differ (nothing left untranslated by accident)
    assert all(s.summary.de != s.summary.en for s in m.stages)


def test_official_english_names_and_german_summary_names():
    alt, cotc = load_model("altimeter"), load_model("cotc")
    assert [s.name.en for s in alt.stages] == ["Planning", "Presence", "Engagement", "Formalized", "Strategic", "Converged"]
    assert [s.name.en for s in cotc.stages] == ["Traditional", "Experimental", "Operational", "Measurable", "Fully Engaged"]
    assert alt.stage("strategic").german_summary_name == "Ernten"
    assert [g.stages for g in alt.groups] == [(1, 2, 3), (4, 5, 6)]
    assert all(g.reading == "german_summary" for g in alt.groups)
    assert "Dell" in alt.stage(1).examples[0].text.en and "nine months" in alt.stage(1).examples[0].text.en
    assert cotc.baseline_stage and not cotc.stage(1).items and not alt.baseline_stage


def test_stage_lookup_errors_name_the_known_stages():
    with pytest.raises(KeyError, match="planning"):
        load_model("altimeter").stage(9)


def test_stages_frame_in_both_languages():
    de = models.stages_frame("altimeter", "de")
    en = models.stages_frame("altimeter", "en")
    assert list(de["name"]) == ["Planung", "Präsenz", "Engagement", "Formalisierung", "Strategisch", "Konvergenz"]
    assert list(en["original_name"]) == list(en["name"])
    assert de.loc[4, "german_summary_name"] == "Ernten"
    with pytest.raises(ValueError, match="lang"):
        models.stages_frame("altimeter", "fr")


def test_load_model_by_path_and_passthrough(tmp_path):
    src = Path(load_model("cotc").path)
    own = tmp_path / "mine.yaml"
    own.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    m = load_model(own)
    assert m.id == "cotc" and m.path == str(own)
    assert load_model(m) is m


def test_unknown_name_lists_the_bundled_models():
    with pytest.raises(ModelError, match="bundled: altimeter, cotc"):
        load_model("forrester")


# ----------------------------------------------------------------------------- broken files
def _raw():
    return yaml.safe_load(Path(load_model("altimeter").path).read_text(encoding="utf-8"))


def _set(path, value):
    def change(d):
        *head, last = path
        for k in head:
            d = d[k]
        d[last] = value
    return change


def _delete(path):
    def change(d):
        *head, last = path
        for k in head:
            d = d[k]
        del d[last]
    return change


def _gap(d):
    d["stages"][3]["number"] = 5
    d["stages"][4]["number"] = 6
    d["stages"][5]["number"] = 7


def _dup_stage(d):
    d["stages"][1]["id"] = "planning"


def _dup_item(d):
    d["stages"][1]["items"][0]["id"] = "planning_1"


BROKEN = [
    # (what, change to the parsed file, key named, problem named)
    ("missing language", _delete(["stages", 2, "summary", "en"]), "stages[2].summary.en", "required key is missing"),
    ("single-language text", _set(["stages", 0, "tagline"], "Listen"), "stages[0].tagline", "both languages"),
    ("duplicate stage id", _dup_stage, "stages", "duplicate stage id 'planning'"),
    ("duplicate item id", _dup_item, "stages", "duplicate item id 'planning_1'"),
    ("gap in stage numbers", _gap, "stages", "without gaps"),
    ("wrong type", _set(["stages", 0, "number"], "one"), "stages[0].number", "whole number"),
    ("wrong type bool", _set(["baseline_stage"], "yes please"), "baseline_stage", "true or false"),
    ("unknown key", _set(["stages", 1, "colour"], "blue"), "stages[1].colour", "unknown key"),
    ("unknown top-level key", _set(["lisence"], "MIT"), "lisence", "unknown key"),
    ("missing required key", _delete(["stages", 0, "summary"]), "stages[0].summary", "required key is missing"),
    ("fulfilment out of range", _set(["scale", 4, "fulfilment"], 1.5), "scale[4].fulfilment", "between 0 and 1"),
    ("unknown group", _set(["stages", 0, "group"], "nowhere"), "stages[0].group", "unknown group"),
    ("group names a missing stage", _set(["groups", 0, "stages"], [1, 2, 9]), "groups[0].stages", "stage 9 does not exist"),
    ("bad id", _set(["stages", 0, "id"], "Plan ning"), "stages[0].id", "not a valid id"),
    ("stage without items", _set(["stages", 3, "items"], []), "stages[3].items", "at least one item"),
    ("stages not a list", _set(["stages"], {"a": 1}), "stages", "expected a list"),
    ("unknown item area", _set(["stages", 0, "items", 0, "area"], "nowhere"), "stages[0].items[0].area", "unknown area"),
]


@pytest.mark.parametrize("what,change,key,problem", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_model_gets_clear_error(tmp_path, what, change, key, problem):
    data = copy.deepcopy(_raw())
    change(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ModelError) as err:
        read_model(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}: "), msg
    assert err.value.key == key, msg
    assert problem in msg, msg
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    "content,problem",
    [
        ("", "the file is empty"),
        ("   \n# only a comment\n", "the file is empty"),
        ("id: [unclosed\nname: x\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ("id: a\nid: b\n", "each key may appear only once"),
        ("This is a plain sentence, not a model.\n", "expected a mapping"),
    ],
    ids=["empty", "comment only", "syntax error", "top-level list", "duplicate yaml key", "plain text"],
)
def test_unreadable_files(tmp_path, content, problem):
    path = tmp_path / "model.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=re.escape(problem)) as err:
        read_model(path)
    assert str(path) in str(err.value)


def test_duplicate_yaml_key_names_the_key(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("id: a\nversion: '1'\nid: b\n", encoding="utf-8")
    with pytest.raises(ModelError) as err:
        read_model(path)
    assert "'id'" in err.value.key and "line 3" in str(err.value)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(ModelError, match="file not found"):
        read_model(tmp_path / "nope.yaml")
    path = tmp_path / "latin.yaml"
    path.write_bytes("name: Übergang\n".encode("cp1252"))
    with pytest.raises(ModelError, match="not UTF-8"):
        read_model(path)


def test_object_tag_is_refused_and_not_executed(tmp_path):
    marker = tmp_path / "executed"
    path = tmp_path / "evil.yaml"
    path.write_text(
        f"id: evil\nname: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    with pytest.raises(ModelError, match="YAML tags") as err:
        read_model(path)
    assert "line 2" in str(err.value)
    assert not marker.exists()


def test_comma_inside_a_flow_text_gets_a_hint(tmp_path):
    raw = Path(load_model("altimeter").path).read_text(encoding="utf-8")
    broken = raw.replace('tagline: {de: "Zuhören, um zu lernen"', "tagline: {de: Zuhören, um zu lernen")
    assert broken != raw
    path = tmp_path / "m.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ModelError, match="put the text in quotes") as err:
        read_model(path)
    assert err.value.key == "stages[0].tagline.um zu lernen"
