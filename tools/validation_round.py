"""Prepare and import one blind validation round (``data/validation/protocol/README.md``).

The three steps, each run by the maintainers; the two roles between them are played by people (or helpers) who
see only the folder made for them::

    python tools/validation_round.py writer altimeter --prefix hm --count 12 --out ROUND
    #   the profile writer works in ROUND/writer (stage descriptions only, no statement)
    python tools/validation_round.py answerer altimeter --seed 71209 --out ROUND --answerer-dir ELSEWHERE
    #   the answerer works in ELSEWHERE, away from ROUND (profiles in shuffled order without intended stage,
    #   statements under neutral codes); the answers come back to ELSEWHERE/answers.csv
    python tools/validation_round.py import altimeter --out ROUND --answerer-dir ELSEWHERE --holdout-round 5

``import`` appends the round to ``data/validation`` (profiles, intended stages as holdout, answers mapped back
from the codes); the entry in ``rounds.yaml`` (why, the answerers' notes) is written by hand.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import textwrap
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from the repository
    sys.path.insert(0, str(ROOT))

from socialbiz_kit._origins import origin_label  # noqa: E402
from socialbiz_kit._yaml import read_yaml  # noqa: E402
from socialbiz_kit.models import Model, load_model  # noqa: E402
from socialbiz_kit.validation_set import HARD_CASES, KINDS  # noqa: E402

PROTOCOL = ROOT / "data" / "validation" / "protocol"
MIN_COUNT = 12
"""The writer's brief asks for every stage, seven hard cases and two thirds non-companies: at least 12."""


def _about_statements(text: str) -> bool:
    """A reading about the self-check's statements, which the profile writer must not see."""
    return "Aussage" in text


def stage_descriptions(model: Model) -> str:
    """The writer's material: every stage's summary and characteristics as the kit shows them, what "no stage"
    means, and the model's readings except those about the statements (German, Markdown). Not
    :func:`socialbiz_kit.frames.stage_card`, which adds examples and stage readings that earlier rounds' writers did
    not see: the material stays comparable across rounds."""
    out = [f"# {model.name.de}\n", "Stufenbeschreibungen, wie das Kit sie zeigt (Zusammenfassung und Merkmale je Stufe).\n"]
    for stage in model.stages:
        out.append(f"## Stufe {stage.number}: {stage.name.de} – „{stage.tagline.de}“\n")
        out.append(" ".join(stage.summary.de.split()) + "\n")
        out.append("Merkmale:\n")
        out.extend(f"- {c.de}" for c in stage.characteristics)
        out.append("")
    if model.baseline_stage:
        out.append(f"## Ausgangspunkt\nJede Organisation steht mindestens auf Stufe {model.lowest_stage}.\n")
    else:
        out.append("## Keine Stufe\nEine Organisation, die auch die Merkmale von Stufe 1 noch nicht im Ganzen zeigt, "
                   "hat „keine Stufe“ erreicht (im Folgenden: Stufe 0).\n")
    readings = [r for r in model.readings if not _about_statements(r.text.de)]
    if readings:
        out.append("## Wie die Stufen zu lesen sind\n")
        out.extend(f"- {origin_label(r.origin)}: {' '.join(r.text.de.split())}" for r in readings)
        out.append("")
    return "\n".join(out)


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{n:02d}" for n in range(1, count + 1)]


def make_writer(model: Model, prefix: str, count: int, out: Path) -> Path:
    """Write the profile writer's folder ``out/writer``: ``BRIEF.md`` and the stage descriptions."""
    if count < MIN_COUNT:
        raise SystemExit(f"--count must be at least {MIN_COUNT}: the brief asks for every stage and seven hard cases")
    folder = out / "writer"
    folder.mkdir(parents=True, exist_ok=True)
    stage_file = f"stufen_{model.id}.md"
    ids = _ids(prefix, count)
    brief = Template((PROTOCOL / "writer_brief.md").read_text(encoding="utf-8")).substitute(
        count=count, model_name=model.name.de, stage_file=stage_file, first=ids[0], last=ids[-1],
        lowest=model.lowest_stage, highest=model.n_stages)
    (folder / "BRIEF.md").write_text(brief, encoding="utf-8")
    (folder / stage_file).write_text(stage_descriptions(model), encoding="utf-8")
    return folder


def statement_codes(model: Model, seed: int) -> dict[str, str]:
    """Neutral code (``s01`` …) → statement id, in an order shuffled with ``seed``."""
    ids = list(model.item_ids)
    random.Random(seed).shuffle(ids)
    return {f"s{n:02d}": item_id for n, item_id in enumerate(ids, start=1)}


def _read_written(out: Path) -> tuple[list[dict], list[dict]]:
    profiles = read_yaml(out / "writer" / "profiles.yaml")
    intended = read_yaml(out / "writer" / "intended.yaml")
    if [p["id"] for p in profiles] != [i["id"] for i in intended]:
        raise SystemExit("profiles.yaml and intended.yaml must list the same ids in the same order")
    return profiles, intended


def make_answerer(model: Model, seed: int, out: Path, folder: Path | None = None) -> Path:
    """Write the answerer's folder (``folder``, by default ``out/answerer``; hand it over away from ``out``): the
    brief, the profiles without intended stage in an order shuffled with ``seed`` (the writer's order may follow the
    stages), the statements shuffled under neutral codes; and ``out/codes.json`` (kept from the answerer)."""
    profiles, _ = _read_written(out)
    random.Random(seed + 1).shuffle(profiles)
    folder = out / "answerer" if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    codes = statement_codes(model, seed)
    (out / "codes.json").write_text(json.dumps({"seed": seed, "codes": codes}, indent=1), encoding="utf-8")
    items = {item.id: item for item in model.items}
    scale = " · ".join(f"{p.value} = {p.label.de}" for p in model.scale)
    lines = ["# Aussagen (neutral codiert)\n", " ".join(model.instructions.de.split()) + "\n",
             f"Skala: {scale}; leer lassen = „weiß nicht“.\n"]
    for code, item_id in codes.items():
        item = items[item_id]
        lines.append(f"**{code}.** {item.text.de}  \n*Erläuterung („trifft voll zu“):* {item.anchor.de}\n")
    (folder / "statements.md").write_text("\n".join(lines), encoding="utf-8")
    prof = ["# Die Organisationen\n"]
    for p in profiles:
        prof.append(f"## {p['id']}: {p['name']}\n\n*{p['sector']}*\n\n{p['profile'].strip()}\n")
    (folder / "profiles.md").write_text("\n".join(prof), encoding="utf-8")
    first, last = next(iter(codes)), list(codes)[-1]
    brief = Template((PROTOCOL / "answerer_brief.md").read_text(encoding="utf-8")).substitute(
        count=len(profiles), first_code=first, last_code=last, first=profiles[0]["id"])
    (folder / "BRIEF.md").write_text(brief, encoding="utf-8")
    return folder


def _answers(model: Model, out: Path, ids: list[str], folder: Path) -> list[list[str]]:
    """The answerer's ``answers.csv`` mapped back to statement ids, in the writer's order, checked: every id once,
    exactly the codes as columns, values on the model's scale or empty."""
    codes = json.loads((out / "codes.json").read_text(encoding="utf-8"))["codes"]
    order = list(model.item_ids)
    allowed = {str(p.value) for p in model.scale} | {""}
    path = folder / "answers.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)
    if columns[:1] != ["id"] or sorted(columns[1:]) != sorted(codes):
        raise SystemExit(f"{path}: the columns must be id and exactly the codes {next(iter(codes))} … {list(codes)[-1]}"
                         f" (missing {sorted(set(codes) - set(columns))}, not asked for {sorted(set(columns[1:]) - set(codes))})")
    if sorted(r["id"] for r in rows) != sorted(ids) or len(rows) != len(ids):
        raise SystemExit(f"{path}: one row for each of {', '.join(ids)}")
    rows.sort(key=lambda r: ids.index(r["id"]))
    result = []
    for row in rows:
        by_id = {codes[c]: (row[c] or "").strip() for c in codes}
        bad = {k: v for k, v in by_id.items() if v not in allowed}
        if bad:
            raise SystemExit(f"{path}, {row['id']}: not on the scale: {bad}")
        result.append([row["id"]] + [by_id[i] for i in order])
    return result


def _check_written(model: Model, profiles: list[dict], intended: list[dict], holdout_round: int, validation: Path) -> None:
    """Stop before anything is written: ids new to the set, a holdout round not yet used, keys and values allowed."""
    entries = read_yaml(validation / f"intended_{model.id}.yaml")
    known = {e["id"] for e in entries} & {p["id"] for p in profiles}
    if known:
        raise SystemExit(f"already in the set: {sorted(known)}")
    used = {e.get("holdout_round", 1) for e in entries if e.get("sample") == "holdout"}
    if holdout_round in used:
        raise SystemExit(f"holdout round {holdout_round} is already used (used: {sorted(used)})")
    for p, i in zip(profiles, intended):
        if p.get("kind") not in KINDS:
            raise SystemExit(f"profiles.yaml, {p['id']}: kind {p.get('kind')!r} is not one of {', '.join(KINDS)}")
        if i["intended_stage"] not in range(model.lowest_stage, model.n_stages + 1) or i["hard_case"] not in HARD_CASES:
            raise SystemExit(f"intended.yaml, {i['id']}: stage {i['intended_stage']!r} or hard case {i['hard_case']!r}")


FIELD_WORDS = {"social", "media"}  # words of a model's name that every profile of the field uses ("Social Media")


def _token(word: str) -> str:
    return word.strip(".,;:!?()„“\"'").lower()


def stage_words(model: Model, profiles: list[dict]) -> dict[str, list[str]]:
    """Words of the model's stage names (and "Stufe", the words of four letters or more of the model's short name
    but "Social" and "Media") found in each profile, for the
    maintainers to read before importing: an ordinary use ("ehrenamtliches Engagement") is allowed, a label is not."""
    name = {w for w in map(_token, model.short_name.de.split()) if len(w) >= 4} - FIELD_WORDS
    words = {"stufe", *name, *(s.name.de.lower() for s in model.stages)}
    found = {}
    for p in profiles:
        tokens = set(map(_token, str(p["profile"]).split()))
        hits = sorted(w for w in words if any(t.startswith(w) for t in tokens))
        if hits:
            found[p["id"]] = hits
    return found


def import_round(model: Model, out: Path, holdout_round: int, validation: Path, folder: Path | None = None) -> int:
    """Append the round in ``out`` (answers in ``folder``, by default ``out/answerer``) to the validation set in
    ``validation`` as holdout round ``holdout_round``; returns the number of organisations. Nothing is written if a
    check fails."""
    profiles, intended = _read_written(out)
    ids = [p["id"] for p in profiles]
    _check_written(model, profiles, intended, holdout_round, validation)
    for org, hits in stage_words(model, profiles).items():
        print(f"note: {org} uses {', '.join(hits)}; check that it is not a stage label", file=sys.stderr)
    rows = _answers(model, out, ids, out / "answerer" if folder is None else folder)
    header = (validation / f"answers_{model.id}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    if header[1:] != list(model.item_ids):
        raise SystemExit(f"answers_{model.id}.csv: its columns are not the model's statements in order")
    with (validation / f"profiles_{model.id}.yaml").open("a", encoding="utf-8") as f:
        for p in profiles:
            body = textwrap.indent(p["profile"].strip() + "\n", "    ")
            f.write(f"- id: {p['id']}\n  kind: {p['kind']}\n  name: {json.dumps(p['name'], ensure_ascii=False)}\n"
                    f"  sector: {json.dumps(p['sector'], ensure_ascii=False)}\n  profile: |\n{body}")
    with (validation / f"intended_{model.id}.yaml").open("a", encoding="utf-8") as f:
        for i in intended:
            why = json.dumps(" ".join(str(i["rationale"]).split()), ensure_ascii=False)
            f.write(f"- id: {i['id']}\n  intended_stage: {i['intended_stage']}\n  hard_case: {i['hard_case']}\n"
                    f"  rationale: {why}\n  sample: holdout\n  holdout_round: {holdout_round}\n")
    with (validation / f"answers_{model.id}.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=("writer", "answerer", "import"))
    parser.add_argument("model", help="a bundled model's id, e.g. altimeter or cotc")
    parser.add_argument("--out", required=True, type=Path, help="the round's folder (outside the repository)")
    parser.add_argument("--prefix", help="writer: the ids' prefix, two letters not yet used (e.g. hm)")
    parser.add_argument("--count", type=int, default=12, help="writer: how many organisations (default 12)")
    parser.add_argument("--seed", type=int, help="answerer: the seed that shuffles the statements")
    parser.add_argument("--answerer-dir", type=Path, help="answerer, import: the answerer's folder, away from --out "
                        "(default: OUT/answerer)")
    parser.add_argument("--holdout-round", type=int, help="import: the holdout round of the current version")
    parser.add_argument("--validation", type=Path, default=ROOT / "data" / "validation",
                        help="import: the validation set to append to (default: the repository's data/validation; "
                             "a copy for a dry run)")
    args = parser.parse_args(argv)
    model = load_model(args.model)
    if args.step == "writer":
        if not args.prefix:
            parser.error("writer needs --prefix")
        print(make_writer(model, args.prefix, args.count, args.out))
    elif args.step == "answerer":
        if args.seed is None:
            parser.error("answerer needs --seed")
        print(make_answerer(model, args.seed, args.out, args.answerer_dir))
    else:
        if not args.holdout_round:
            parser.error("import needs --holdout-round")
        print("appended", import_round(model, args.out, args.holdout_round, args.validation, args.answerer_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
