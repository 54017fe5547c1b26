"""A model of your own: template, JSON Schema, and the model working everywhere in the kit."""
import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml

from socialbiz_kit import cohort, compare, load_model, models, plotting, roadmap, scoring
from socialbiz_kit._data import data_dir
from socialbiz_kit.errors import ModelFileError
from socialbiz_kit.models import model_from_dict, read_model, template_path

SCHEMA = json.loads((data_dir() / "model.schema.json").read_text(encoding="utf-8"))


def four_stage(baseline=False, dimensions=False):
    """A small model of a user's own: four stages of a social intranet."""
    stages = []
    names = [("Informieren", "Inform"), ("Beteiligen", "Involve"), ("Vernetzen", "Connect"), ("Zusammenarbeiten", "Collaborate")]
    for k, (de, en) in enumerate(names, start=1):
        items = [] if (baseline and k == 1) else [
            {"id": f"s{k}_{j}", "text": {"de": f"Aussage {j} der Stufe {k}.", "en": f"Statement {j} of stage {k}."},
             **({"area": "tools" if j == 1 else "people"} if dimensions else {})} for j in (1, 2, 3)]
        stages.append({
            "id": en.lower(), "number": k, "name": {"de": de, "en": en},
            "tagline": {"de": f"Leitsatz {k}", "en": f"Motto {k}"}, "tagline_origin": "kit",
            "summary": {"de": f"Zusammenfassung der Stufe {k}.", "en": f"Summary of stage {k}."},
            "characteristics": [{"de": "Merkmal", "en": "Characteristic"}],
            "items": items, "next_steps": [{"de": "Weiter so.", "en": "Keep going."}]})
    raw = {
        "schema_version": 1, "id": "intranet", "version": "1", "name": {"de": "Social Intranet", "en": "Social intranet"},
        "authors": ["A. Student"], "year": 2026, "sources": [{"title": "Seminar", "publisher": "Uni", "date": "2026"}],
        "description": {"de": "Vier Stufen.", "en": "Four stages."}, "baseline_stage": baseline,
        "scale": [{"value": v, "fulfilment": f, "label": {"de": str(v), "en": str(v)}}
                  for v, f in ((0, 0.0), (1, 0.5), (2, 1.0))],
        "stages": stages}
    if dimensions:
        raw["dimensions"] = [{"id": "tools", "name": {"de": "Werkzeuge", "en": "Tools"}},
                             {"id": "people", "name": {"de": "Menschen", "en": "People"}}]
    return raw


@pytest.fixture(params=[(False, False), (True, True)], ids=["plain", "baseline+dimensions"])
def own(request, tmp_path):
    raw = four_stage(*request.param)
    path = tmp_path / "intranet.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_model(path)


def test_template_is_valid_for_the_loader_and_the_json_schema():
    m = read_model(template_path())
    assert m.id == "my_model" and m.n_stages == 2
    jsonschema.validate(yaml.safe_load(template_path().read_text(encoding="utf-8")), SCHEMA)


@pytest.mark.parametrize("name", models.list_models())
def test_bundled_models_satisfy_the_json_schema(name):
    jsonschema.validate(yaml.safe_load(Path(load_model(name).path).read_text(encoding="utf-8")), SCHEMA)


@pytest.mark.parametrize("change", [
    lambda d: d["stages"][0]["summary"].pop("en"),
    lambda d: d["stages"][0].update(colour="blue"),
    lambda d: d["stages"][0].update(number="one"),
    lambda d: d.pop("scale"),
    lambda d: d["stages"][0]["items"][0].update(id="Bad Id"),
], ids=["missing language", "unknown key", "wrong type", "missing key", "bad id"])
def test_json_schema_and_loader_refuse_the_same_files(change):
    raw = four_stage()
    change(raw)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(raw, SCHEMA)
    with pytest.raises(ModelFileError):
        model_from_dict(raw, name="mine.yaml")


def test_model_from_dict_names_its_source():
    raw = four_stage()
    raw["stages"][2]["number"] = 7
    with pytest.raises(ModelFileError, match=r"^mine\.yaml: stages: stage numbers must run"):
        model_from_dict(raw, name="mine.yaml")


def test_own_model_scores_and_gives_next_steps(own):
    answers = pd.DataFrame([{i: 2 for i in own.item_ids}, {i: 0 for i in own.item_ids}], index=["full", "none"])
    r = scoring.label(scoring.score(answers, own), own, lang="en")
    floor = 1 if own.baseline_stage else 0
    assert r["stage"].tolist() == [4, floor]
    assert r.loc["full", "index"] == 4.0
    steps = roadmap.roadmap(r, own, lang="de")
    assert (steps[steps.assessment == "full"].text == "Weiter so.").all()
    assert models.stage_card(own, 2, lang="en").startswith("### 2 Involve")
    assert len(models.items_frame(own)) == len(own.item_ids)


def test_own_model_plots(own):
    ax = plotting.ladder(own, lang="en")
    assert len(ax.patches) == 4
    answers = pd.DataFrame([{i: 1 for i in own.item_ids}])
    long = scoring.profile_long(scoring.score(answers, own), own)
    ax = plotting.stage_profile(long, model=own, threshold=0.75)
    assert len(ax.patches) >= 4


def test_own_model_cohort_tools(own):
    ok = cohort.scale_checks(cohort.simulate(own, 400, seed=3), own)
    bad = cohort.scale_checks(cohort.simulate(own, 400, seed=3, cumulative=False), own)
    assert ok["H"] > bad["H"]
    sens = cohort.sensitivity(cohort.simulate(own, 100, seed=1), own, thresholds=(0.5, 1.0))
    assert set(sens["stage"]) == set(range(1 if own.baseline_stage else 0, 5))
    assert len(cohort.reliability(cohort.simulate(own, 100, seed=1), own)) == len(own.scored_stages)


def test_own_model_in_the_comparison_tools(own):
    table = compare.side_by_side(("altimeter", own), lang="en")
    assert table.columns.tolist() == ["stage", "Altimeter", "Social intranet"]
    assert table["Social intranet"].tolist()[-2:] == ["", ""]
    assert len(compare.stage_texts((own,))) == 4


def test_own_model_in_the_widget_and_the_report(own):
    pytest.importorskip("ipywidgets")
    from socialbiz_kit.report import render_report
    from socialbiz_kit.widgets import SelfCheck

    check = SelfCheck(own, lang="en")
    assert check.model.id == "intranet" and check.company_choice.disabled   # no sample companies for it
    for item in own.item_ids:
        check.set_answer(item, 2)
    assert check.result["stage"].iloc[0] == 4 and 'data-stage="4"' in check.panel.value
    page = render_report({i: 2 for i in own.item_ids}, own, organisation="Intranet AG", lang="en")
    assert "Stage reached: 4 Collaborate" in page
