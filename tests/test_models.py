"""Model files: every bundled model is complete, and broken files get clear errors."""
import copy
import re
from pathlib import Path

import pytest
import yaml

from socialbiz_kit import models
from socialbiz_kit.errors import ModelFileError
from socialbiz_kit.models import list_models, load_model, read_model

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
    # the summary names every stage (Planen, Präsenz, Engagement, Formalisieren, Ernten, Social Business)
    assert [s.german_summary_name for s in alt.stages] == [
        "Planen", "Präsenz", "Engagement", "Formalisieren", "Ernten", "Social Business"]
    assert [g.stages for g in alt.groups] == [(1, 2, 3), (4, 5, 6)]
    assert all(g.reading == "german_summary" for g in alt.groups)
    assert "Dell" in alt.stage(1).examples[0].text.en and "nine months" in alt.stage(1).examples[0].text.en
    assert cotc.baseline_stage and not cotc.stage(1).items and not alt.baseline_stage


def test_stage_lookup_errors_name_the_known_stages():
    with pytest.raises(KeyError, match="planning"):
        load_model("altimeter").stage(9)


def test_stages_frame_in_both_languages():
    de = models.stages_frame("altimeter", lang="de")
    en = models.stages_frame("altimeter", lang="en")
    assert list(de["name"]) == ["Planung", "Präsenz", "Engagement", "Formalisierung", "Strategisch", "Konvergenz"]
    assert list(en["original_name"]) == list(en["name"])
    assert de.loc[4, "german_summary_name"] == "Ernten"
    with pytest.raises(ValueError, match="lang"):
        models.stages_frame("altimeter", lang="fr")


def test_load_model_by_path_and_passthrough(tmp_path):
    src = Path(load_model("cotc").path)
    own = tmp_path / "mine.yaml"
    own.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    m = load_model(own)
    assert m.id == "cotc" and m.path == str(own)
    assert load_model(m) is m


def test_unknown_name_lists_the_bundled_models():
    with pytest.raises(ModelFileError, match="bundled: altimeter, cotc"):
        load_model("forrester")


def test_the_old_name_of_the_error_still_works_with_a_warning():
    import socialbiz_kit
    from socialbiz_kit import models

    with pytest.warns(DeprecationWarning, match="ModelFileError.*2027-06-30"):
        assert models.ModelError is ModelFileError
    with pytest.warns(DeprecationWarning, match="ModelFileError"):
        assert socialbiz_kit.ModelError is ModelFileError
    assert "ModelError" not in models.__all__ and "ModelError" not in socialbiz_kit.__all__


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
    ("recommendation names an unknown item", _set(["stages", 0, "recommendations", 0, "items"], ["presence_9"]),
     "stages[0].recommendations[0].items[0]", "unknown item 'presence_9'"),
    ("effort out of range", _set(["stages", 0, "recommendations", 0, "effort"], 5),
     "stages[0].recommendations[0].effort", "must be 1, 2 or 3"),
    ("effect missing", _delete(["stages", 0, "recommendations", 0, "effect"]),
     "stages[0].recommendations[0].effect", "required key is missing"),
    ("recommendation reaches too far", _set(["start", 0, "items"], ["presence_1"]), "start[0].items[0]",
     "belongs to stage 2"),
    ("item nobody addresses", _set(["stages", 0, "recommendations", 1, "items"], ["presence_1"]), "stages[1].items[1]",
     "no recommendation addresses item 'presence_2'"),
    ("recommendation without items below the top", _set(["stages", 0, "recommendations", 0, "items"], []),
     "stages[0].recommendations[0].items", "name the item"),
    ("source origin without source", _delete(["start", 1, "source"]), "start[1].source", "required when origin is 'source'"),
    ("adapted origin without source", _delete(["start", 0, "source"]), "start[0].source",
     "required when origin is 'adapted'"),
    ("unknown origin", _set(["readings", 0, "origin"], "me"), "readings[0].origin", "must be one of source, adapted, kit"),
    ("unknown source id", _set(["readings", 0, "source"], ["nobody_2099"]), "readings[0].source", "unknown source 'nobody_2099'"),
    ("unknown literature id", _set(["sources", 0], "nobody_2099"), "sources[0]", "no literature entry 'nobody_2099'"),
    ("no start recommendations", _delete(["start"]), "start", "reaches no stage"),
    ("recommendations and next_steps", _set(["stages", 0, "next_steps"], [{"de": "Weiter.", "en": "On."}]),
     "stages[0].next_steps", "not both"),
    ("neither recommendations nor next_steps", _delete(["stages", 0, "recommendations"]),
     "stages[0].recommendations", "required key is missing"),
    ("a change names an unknown statement", _set(["changes", 0, "reworded"], ["planning_9"]),
     "changes[0].reworded[0]", "'planning_9' is not an item of this version"),
    ("a removed statement is still there", _set(["changes", 0, "removed"], ["planning_1"]),
     "changes[0].removed[0]", "'planning_1' is still an item"),
    ("a change without its version", _delete(["changes", 0, "version"]), "changes[0].version", "required key is missing"),
]


@pytest.mark.parametrize("what,change,key,problem", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_model_gets_clear_error(tmp_path, what, change, key, problem):
    data = copy.deepcopy(_raw())
    change(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ModelFileError) as err:
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
    with pytest.raises(ModelFileError, match=re.escape(problem)) as err:
        read_model(path)
    assert str(path) in str(err.value)


def test_duplicate_yaml_key_names_the_key(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("id: a\nversion: '1'\nid: b\n", encoding="utf-8")
    with pytest.raises(ModelFileError) as err:
        read_model(path)
    assert "'id'" in err.value.key and "line 3" in str(err.value)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(ModelFileError, match="file not found"):
        read_model(tmp_path / "nope.yaml")
    path = tmp_path / "latin.yaml"
    path.write_bytes("name: Übergang\n".encode("cp1252"))
    with pytest.raises(ModelFileError, match="not UTF-8"):
        read_model(path)


def test_object_tag_is_refused_and_not_executed(tmp_path):
    marker = tmp_path / "executed"
    path = tmp_path / "evil.yaml"
    path.write_text(
        f"id: evil\nname: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    with pytest.raises(ModelFileError, match="YAML tags") as err:
        read_model(path)
    assert "line 2" in str(err.value)
    assert not marker.exists()


def test_comma_inside_a_flow_text_gets_a_hint(tmp_path):
    raw = Path(load_model("altimeter").path).read_text(encoding="utf-8")
    broken = raw.replace('tagline: {de: "Zuhören, um zu lernen"', "tagline: {de: Zuhören, um zu lernen")
    assert broken != raw
    path = tmp_path / "m.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ModelFileError, match="put the text in quotes") as err:
        read_model(path)
    assert err.value.key == "stages[0].tagline.um zu lernen"


# ----------------------------------------------------------------------------- the instrument (content)
@pytest.mark.parametrize("name", BUNDLED)
def test_every_item_has_an_anchor_and_org_neutral_wording(name):
    m = load_model(name)
    for it in m.items:
        assert it.anchor is not None and it.anchor.de and it.anchor.en, it.id
        assert it.anchor.de != it.text.de
        for text in (it.text.de, it.anchor.de):  # a public body must be able to answer
            assert not re.search(r"Unternehmen|Wettbewerb|Firma", text), (it.id, text)
        for text in (it.text.en, it.anchor.en):
            assert not re.search(r"\bcompan|competitor", text, re.I), (it.id, text)


@pytest.mark.parametrize("name", BUNDLED)
def test_recommendations_cover_every_stage_and_item(name):
    m = load_model(name)
    floor = 1 if m.baseline_stage else 0
    for stage in range(floor, m.n_stages + 1):
        recs = m.recommendations_at(stage)
        assert recs, stage
        for r in recs:
            assert r.origin in ("source", "adapted", "kit") and 1 <= r.effort <= 3 and 1 <= r.effect <= 3
            assert bool(r.source) == (r.origin in ("source", "adapted")), r.id
    for it in m.items:
        assert m.recommendations_for(it.id), it.id
    assert bool(m.start) != m.baseline_stage  # "keine Stufe erreicht" has recommendations where it can occur


def test_altimeter_recommendations_use_the_sources_initiatives():
    recs = load_model("altimeter").recommendations
    assert sum(r.origin == "source" for r in recs) >= len(recs) / 2
    assert all("li_solis_2013" in r.source or "summary_altimeter_de" in r.source for r in recs if r.origin == "source")


def test_journey_measures_its_stage_five_outcome():
    stage5 = {it.id: it for it in load_model("cotc").stage(5).items}
    assert "vertrauen" in stage5["fully_engaged_trust"].text.de and "trust" in stage5["fully_engaged_trust"].text.en
    assert "Bedürfnisse" in stage5["fully_engaged_understood"].text.de


def test_model_versions_were_bumped_for_the_new_instrument():
    assert {n: load_model(n).version for n in BUNDLED} == {"altimeter": "3.3", "cotc": "3.0"}


def test_the_kits_readings_are_labelled_on_the_stage_card():
    card = models.stage_card("cotc", 5, lang="de")
    assert card.splitlines()[0] == "### 5 Voll engagiert – *Kundschaft als Partnerin* (Leitsatz des Kits)"
    assert "**Lesart des Kits:** Produkte und Leistungen gemeinsam" in card
    assert "Co-Creation" not in load_model("cotc").stage(5).summary.de  # the reading left the summary
    en = models.stage_card("altimeter", 1, lang="en")
    assert "**The kit's reading:** Planning can look slow" in en
    # the report carries the Dell example; the German summary only repeats it: no "Quelle:" (not APA), "vgl."
    assert "(Li & Solis, 2013; see also “Von Social Media zum Social Business”, n.d.)" in en
    assert "(Li & Solis, 2013; vgl. „Von Social Media zum Social Business“, o. J.)" in models.stage_card("altimeter", 1, lang="de")
    assert "(„Von Social Media zum Social Business“, o. J.)" in models.stage_card("altimeter", 6, lang="de")  # GE: only there
    assert "Name in der deutschen Zusammenfassung: Engagement" in models.stage_card("altimeter", 3, lang="de")
    assert "seed" not in en and "seed" not in models.stage_card("altimeter", 6, lang="de")


@pytest.mark.parametrize("name", BUNDLED)
def test_the_model_readings_name_the_default_rule_not_the_gated_one_as_the_kits(name):
    # A model's readings once called the gated rule "the kit's rule" after the default had moved on: whatever
    # reading speaks of a rule must name today's default by its label and call the gated rule selectable.
    from socialbiz_kit import ui
    from socialbiz_kit._checks import DEFAULT_RULE

    for lang in ("de", "en"):
        texts = [getattr(st.text, lang) for st in load_model(name).readings if st.origin == "kit"]
        ruled = [t for t in texts if "Regel" in t or "rule" in t]
        assert ruled, (name, lang)
        label = ui.text(f"common.rule_{DEFAULT_RULE}", lang=lang)
        assert any(label in t for t in ruled), (name, lang)
        gated = [t for t in ruled if "gestufte Regel" in t or "gated rule" in t]
        assert gated and all("wählbar" in t or "selectable" in t for t in gated), (name, lang)


def test_readings_and_recommendations_frames():
    r = models.readings_frame("cotc", lang="de")
    assert set(r["origin"]) == {"source", "kit"}
    assert r.loc[r.origin == "kit", "label"].eq("Lesart des Kits").all()
    assert r.loc[r.origin == "source", "source"].tolist() == ["McKee, 2010"]
    rec = models.recommendations_frame("altimeter", lang="en")
    assert rec.loc[0, "stage"] == 0 and rec.loc[0, "label"] == "Direction from the source, made concrete by the kit"
    assert rec["effort"].between(1, 3).all() and rec["effect"].between(1, 3).all()


def test_citations_follow_apa():
    alt = models.citation("altimeter", lang="de")
    assert alt[0].startswith("Li, C., & Solis, B. (2013). The evolution of social business")
    assert any(c.startswith("Solis, B., & Li, C. (2013). The state of social business 2013") for c in alt)
    cotc = load_model("cotc")
    assert cotc.authors == ("Ant's Eye View",)
    # Ant's Eye View is the model's author; the references are the two posts that presented it
    assert models.citation(cotc, lang="en")[:2] == [
        "Huba, J. (2010, December). The Social Engagement Journey. Church of the Customer. "
        "https://jackiehuba.com/2010/12/the-social-engagement-journey.html",
        "McKee, J. (2010, December). The Social Engagement Journey. communityguy.com. "
        "https://communityguy.com/the-social-engagement-journey/",
    ]
    # the blog's label appears only beside the model's real name
    assert "Social Engagement Journey" in cotc.short_name.de and "Church of the Customer" in cotc.short_name.de


def test_own_model_with_older_next_steps_still_loads():
    raw = _raw()
    del raw["start"]
    for s in raw["stages"]:
        s["next_steps"] = [r["text"] for r in s.pop("recommendations")]
    m = models.model_from_dict(raw, name="old.yaml")
    assert m.stage(1).next_steps[0].de.startswith("Offizielle Konten")
    assert m.stage(1).recommendations[0].origin == "author" and not m.start


def test_recommendations_that_the_kit_made_concrete_say_so():
    """A frequency, a count or a deadline the sources do not give makes a recommendation 'adapted' at most:
    the source named the direction, the kit the specifics (shown as such wherever the origin is shown)."""
    import re

    specifics = re.compile(r"jeden Monat|monatlich|Quartal|halbjährlich|jährlich|zwei oder drei|Antwortfrist", re.I)
    for name in BUNDLED:
        for r in load_model(name).recommendations:
            if specifics.search(r.text.de):
                assert r.origin in ("adapted", "kit"), (r.id, r.origin, r.text.de)
            if r.origin == "adapted":
                assert r.source, r.id
    adapted = [r for r in load_model("altimeter").recommendations if r.origin == "adapted"]
    assert adapted and models.origin_text(adapted[0], lang="de").startswith("Richtung aus der Quelle, vom Kit konkretisiert")


# ---------------------------------------------------------------- hostile model files (issue 25, defects 7 and 8)
@pytest.mark.parametrize("text,words", [
    ("id: " + "[" * 250 + "]" * 250, "nested more than 64 levels"),
    ("id: " + "[" * 30_000 + "]" * 30_000, "nested more than 64 levels"),   # crashed the interpreter before
    ("".join("  " * i + "a:\n" for i in range(100)) + "  " * 100 + "b: 1\n", "nested more than 64 levels"),
    ("id: x\nschema_version: " + "9" * 5_000 + "\n", "thousands of digits"),
    ("? [a, b]\n: 1\n", "a list or mapping cannot be a key"),
    ("{a: 1}: 2\n", "a list or mapping cannot be a key"),
])
def test_hostile_yaml_gets_a_model_error(tmp_path, text, words):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelFileError, match=words):
        read_model(path)


def test_a_device_or_folder_as_model_is_refused_before_reading(tmp_path, monkeypatch):
    def no_reading(self, *args, **kwargs):
        raise AssertionError(f"{self} was read")  # /dev/zero read to its end runs out of memory

    monkeypatch.setattr(Path, "read_text", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(ModelFileError, match="not a regular file"):
        read_model("/dev/zero")
    with pytest.raises(ModelFileError, match="is a folder"):
        read_model(tmp_path)


def test_a_pipe_as_model_is_refused_without_hanging(fifo):
    from socialbiz_kit.cli import main

    pipe = fifo("model.yaml")
    with pytest.raises(ModelFileError, match="not a regular file"):
        load_model(str(pipe.path))
    assert main(["validate", str(pipe.path)]) == 2
    assert main(["page", str(pipe.path), "--out", str(pipe.path.with_name("p.html"))]) == 2
    assert not pipe.opened


@pytest.mark.parametrize("values", [[0, 1, 2, 3, 300_000_000], [0, 1, 2, 3, 2**53 + 1], [-10**12, 0, 1, 2, 3]])
def test_a_scale_too_wide_to_answer_is_refused(tmp_path, values):
    """Defect 13: a scale of [0 .. 3e8] (a lookup table of 2.4 GB) or values beyond 2^53 (never matched by an
    answer) are refused when the model is read."""
    data = copy.deepcopy(_raw())
    for point, value in zip(data["scale"], values):
        point["value"] = value
    path = tmp_path / "wide.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ModelFileError, match="scale values must lie between -10000 and 10000") as err:
        read_model(path)
    assert err.value.key == "scale"


@pytest.mark.parametrize("name", BUNDLED)
def test_item_labels_name_every_item_once_by_stage_and_place(name):
    model = load_model(name)
    labels = models.item_labels(model, lang="de")
    assert list(labels) == list(model.item_ids)
    assert len(set(labels.values())) == len(labels)
    first = model.stages[-1].items[0]
    assert labels[first.id] == f"{model.stages[-1].name.de} 1"


# the names models.__all__ held before issue 26 split the module (frames, _modeltypes, _modelcheck, _modelfiles)
OLD_MODELS_ALL = [
    "Text", "Source", "Statement", "Recommendation", "ORIGINS", "Group", "Dimension", "ScalePoint", "Example", "Item",
    "Stage", "Model", "list_models", "load_model", "read_model", "model_from_dict", "template_path", "stages_frame",
    "items_frame", "item_labels", "stage_card", "citation", "catalogue", "readings_frame", "recommendations_frame",
    "origin_label",
]


@pytest.mark.parametrize("name", OLD_MODELS_ALL + ["MAX_SCALE_SPAN", "SCHEMA_VERSION", "origin_text"])
def test_every_name_of_the_old_models_module_still_imports_from_there(name):
    import importlib

    module = importlib.import_module("socialbiz_kit.models")
    exec(f"from socialbiz_kit.models import {name}", {})
    assert getattr(module, name) is not None
    if name in OLD_MODELS_ALL:
        assert name in models.__all__


def test_citation_without_addresses_is_a_keyword_and_lang_none_is_deprecated():
    plain = models.citation("cotc", lang="de", addresses=False)
    assert not any("http" in c for c in plain)
    assert any("http" in c for c in models.citation("cotc"))  # lang="de" like everywhere, with addresses
    with pytest.warns(DeprecationWarning, match="2027-06-30"):
        assert models.citation("cotc", lang=None) == plain


def test_changes_say_which_answers_carry_over_from_an_earlier_version(tmp_path):
    """Instrument 3.3 of Altimeter: five statements reworded since 3.2; since 3.1 also the seven reworded for 3.2;
    since 3.0 also the six reworded and one added for 3.1 (planning_3, presence_3 and planning_6 changed twice,
    counted once); a version the changes do not lead to carries none; a removed statement hides the old order."""
    alt = load_model("altimeter")
    assert alt.changed_since("3.2") == ("planning_3", "presence_3", "presence_4", "formalized_1", "converged_4")
    assert alt.changed_since("3.1") == ("planning_2", "planning_3", "planning_6", "presence_3", "presence_4",
                                        "formalized_1", "formalized_2", "formalized_3", "formalized_7", "strategic_5",
                                        "converged_1", "converged_4")
    assert alt.changed_since("3.0") == ("planning_2", "planning_3", "planning_6", "presence_2", "presence_3",
                                        "presence_4", "presence_5", "engagement_6", "formalized_1", "formalized_2",
                                        "formalized_3", "formalized_6", "formalized_7", "strategic_5", "converged_1",
                                        "converged_4")
    assert alt.changed_since(alt.version) == ()
    assert alt.changed_since("2.0") is None and alt.items_of("2.0") is None
    assert alt.items_of("3.2") == alt.items_of("3.1") == alt.item_ids
    assert alt.items_of("3.0") == tuple(i for i in alt.item_ids if i != "engagement_6")
    data = _raw()
    data["version"] = "3.4"
    data["changes"].insert(0, {"since": "3.3", "version": "3.4", "reworded": ["planning_1"], "removed": ["old_item"]})
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    later = read_model(path)
    assert later.changed_since("3.0")[0] == "planning_1" and len(later.changed_since("3.0")) == 17
    assert later.items_of("3.3") is None  # where old_item stood is not recorded
    data["changes"][0]["since"] = "3.1"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ModelFileError, match="since"):
        read_model(path)
