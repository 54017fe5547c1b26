"""The tool that prepares and imports a blind validation round (tools/validation_round.py): the writer sees the
stage descriptions and no statement, the answerer sees the statements under neutral codes and no stage, and an
imported round lands in the set under the right statements."""
import csv
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
import yaml

from socialbiz_kit.models import load_model

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("validation_round", ROOT / "tools" / "validation_round.py")
vr = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vr)

MODELS = ("altimeter", "cotc")


def _items(model):
    return [item for stage in model.stages for item in stage.items]


def _flat(text):
    return " ".join(text.split())


@pytest.mark.parametrize("name", MODELS)
def test_the_writer_sees_every_stage_description_and_no_statement(name, tmp_path):
    model = load_model(name)
    folder = vr.make_writer(model, "zz", 12, tmp_path)
    brief = (folder / "BRIEF.md").read_text(encoding="utf-8")
    stages = _flat((folder / f"stufen_{name}.md").read_text(encoding="utf-8"))
    assert "$" not in brief and "`zz01` bis `zz12`" in brief and model.name.de in brief
    for stage in model.stages:
        assert _flat(stage.summary.de) in stages and stage.name.de in stages
        assert all(c.de in stages for c in stage.characteristics)
    for item in _items(model):
        assert item.id not in stages and _flat(item.text.de) not in stages and _flat(item.anchor.de) not in stages
    kit = [r for r in model.readings if r.origin == "kit" and "Stufe" in r.text.de and not vr._about_statements(r.text.de)]
    assert kit and all(_flat(r.text.de) in stages for r in kit)  # the kit's reading of the stages is stated
    assert "Aussage" not in stages


def _write_round(out, ids, stages, kind="ngo"):
    (out / "writer").mkdir(parents=True, exist_ok=True)
    profiles = [{"id": i, "kind": kind, "name": f"Verein {i}", "sector": "Sport, Graz, AT",
                 "profile": f"Der Verein {i} veröffentlicht Termine.\n"} for i in ids]
    intended = [{"id": i, "intended_stage": s, "hard_case": "none", "rationale": "a reason"} for i, s in zip(ids, stages)]
    (out / "writer" / "profiles.yaml").write_text(yaml.safe_dump(profiles, allow_unicode=True), encoding="utf-8")
    (out / "writer" / "intended.yaml").write_text(yaml.safe_dump(intended, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("name", MODELS)
def test_the_answerer_sees_every_statement_once_under_a_neutral_code(name, tmp_path):
    model = load_model(name)
    _write_round(tmp_path, ["zz01", "zz02"], [model.lowest_stage, model.n_stages])
    folder = vr.make_answerer(model, 5, tmp_path)
    statements = (folder / "statements.md").read_text(encoding="utf-8")
    profiles = (folder / "profiles.md").read_text(encoding="utf-8")
    codes = json.loads((tmp_path / "codes.json").read_text(encoding="utf-8"))
    assert codes["seed"] == 5 and sorted(codes["codes"].values()) == sorted(i.id for i in _items(model))
    for item in _items(model):
        assert statements.count(item.text.de) == 1 and item.id not in statements
    assert "a reason" not in profiles and "intended" not in profiles and "Verein zz02" in profiles
    assert "$" not in (folder / "BRIEF.md").read_text(encoding="utf-8")
    assert vr.statement_codes(model, 5) == codes["codes"]
    assert list(vr.statement_codes(model, 6).values()) != list(codes["codes"].values())


def test_the_answerer_gets_the_profiles_in_a_shuffled_order_in_a_folder_of_its_own(tmp_path):
    """The writer's order may follow the stages (in three earlier holdouts the ids rose with the intended stage)."""
    model = load_model("altimeter")
    ids = [f"zz{n:02d}" for n in range(1, 13)]
    _write_round(tmp_path / "round", ids, [n % 7 for n in range(12)])
    elsewhere = tmp_path / "answerer-only"
    assert vr.make_answerer(model, 3, tmp_path / "round", elsewhere) == elsewhere
    shown = [line.split(":")[0][3:] for line in (elsewhere / "profiles.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("## ")]
    assert sorted(shown) == ids and shown != ids
    assert not (tmp_path / "round" / "answerer").exists() and (tmp_path / "round" / "codes.json").is_file()
    assert sorted(p.name for p in elsewhere.iterdir()) == ["BRIEF.md", "profiles.md", "statements.md"]


def test_the_writer_brief_needs_at_least_twelve_organisations(tmp_path):
    with pytest.raises(SystemExit, match="at least 12"):
        vr.make_writer(load_model("altimeter"), "zz", 6, tmp_path)


def _copy_set(tmp_path):
    target = tmp_path / "validation"
    shutil.copytree(ROOT / "data" / "validation", target)
    return target


def _answer(tmp_path, ids, value_of):
    codes = json.loads((tmp_path / "codes.json").read_text(encoding="utf-8"))["codes"]
    with (tmp_path / "answerer" / "answers.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", *codes])
        for i in ids:
            w.writerow([i, *(value_of(i, codes[c]) for c in codes)])


def test_an_imported_round_lands_under_the_right_statements(tmp_path):
    model = load_model("altimeter")
    ids = ["zz01", "zz02"]
    _write_round(tmp_path, ids, [2, 5])
    vr.make_answerer(model, 11, tmp_path)
    order = [i.id for i in _items(model)]
    _answer(tmp_path, ids[::-1], lambda org, item: "" if item == "planning_3" else str((order.index(item) + int(org[-1])) % 5))
    validation = _copy_set(tmp_path)
    assert vr.import_round(model, tmp_path, 99, validation) == 2
    with (validation / "answers_altimeter.csv").open(encoding="utf-8") as f:
        rows = {r["assessment"]: r for r in csv.DictReader(f)}
    for org in ids:
        for item in order:
            want = "" if item == "planning_3" else str((order.index(item) + int(org[-1])) % 5)
            assert rows[org][item] == want
    intended = {e["id"]: e for e in yaml.safe_load((validation / "intended_altimeter.yaml").read_text(encoding="utf-8"))}
    assert intended["zz02"] == {"id": "zz02", "intended_stage": 5, "hard_case": "none", "rationale": "a reason",
                                "sample": "holdout", "holdout_round": 99}
    profiles = {e["id"]: e for e in yaml.safe_load((validation / "profiles_altimeter.yaml").read_text(encoding="utf-8"))}
    assert profiles["zz01"]["profile"].strip() == "Der Verein zz01 veröffentlicht Termine."
    assert list(rows)[-2:] == ids  # in the writer's order, whatever order the answerer kept
    with pytest.raises(SystemExit, match="already in the set"):
        vr.import_round(model, tmp_path, 99, validation)


def _prepared(tmp_path, kind="ngo"):
    model = load_model("altimeter")
    _write_round(tmp_path, ["zz01"], [3], kind)
    vr.make_answerer(model, 11, tmp_path)
    return model


@pytest.mark.parametrize("case, message", [
    ("off_scale", "zz01: not on the scale: {'converged_2': '7'}"),
    ("extra_column", r"not asked for \['s34'\]"),
    ("used_round", "holdout round 1 is already used"),
    ("bad_kind", "kind 'charity' is not one of"),
])
def test_a_broken_round_stops_the_import_before_anything_is_written(tmp_path, case, message):
    model = _prepared(tmp_path, kind="charity" if case == "bad_kind" else "ngo")
    _answer(tmp_path, ["zz01"], lambda org, item: "7" if case == "off_scale" and item == "converged_2" else "2")
    if case == "extra_column":
        path = tmp_path / "answerer" / "answers.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join([lines[0] + ",s34", lines[1] + ",9"]) + "\n", encoding="utf-8")
    validation = _copy_set(tmp_path)
    before = {p.name: p.read_bytes() for p in validation.iterdir() if p.is_file()}
    with pytest.raises(SystemExit, match=message):
        vr.import_round(model, tmp_path, 1 if case == "used_round" else 99, validation)
    assert before == {p.name: p.read_bytes() for p in validation.iterdir() if p.is_file()}


def test_stage_words_in_a_profile_are_named_for_the_maintainers(tmp_path):
    model = load_model("altimeter")
    profiles = [{"id": "zz01", "profile": "Der Verein lebt vom ehrenamtlichen Engagement."},
                {"id": "zz02", "profile": "Sie steht auf Stufe 4 (Formalisierung)."}, {"id": "zz03", "profile": "Termine."}]
    assert vr.stage_words(model, profiles) == {"zz01": ["engagement"], "zz02": ["formalisierung", "stufe"]}
