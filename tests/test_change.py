"""Then and now (socialbiz_kit.change) and its report section."""
from __future__ import annotations

from html import unescape

import numpy as np
import pytest

from socialbiz_kit import load_model, ui
from socialbiz_kit.change import assessment_date, compare_assessments
from socialbiz_kit.cli import main
from socialbiz_kit.datasets import load_dataset
from socialbiz_kit.errors import InputDataError, SettingError
from socialbiz_kit.report import render_report
from socialbiz_kit.scoring import score

ALT = load_model("altimeter")
ANSWERS = load_dataset("sample_answers_altimeter")


def test_counts_and_stages_follow_the_answers():
    before, after = ANSWERS.loc["lindner"].copy(), ANSWERS.loc["lindner"].copy()
    items = list(ALT.item_ids)
    after[items[0]] = min(4, after[items[0]] + 1) if after[items[0]] < 4 else 3
    up = after[items[0]] > before[items[0]]
    after[items[1]] = np.nan                       # "weiß nicht" now: not comparable
    change = compare_assessments(before, after, ALT, previous_date="2026-10-12")
    assert (items[0] in change.better) == up and (items[0] in change.worse) == (not up)
    assert items[1] in change.not_comparable and items[1] not in change.better + change.worse
    assert len(change.better) + len(change.worse) == 1
    assert change.stage_before == int(score(ANSWERS.loc[["lindner"]], ALT)["stage"].iloc[0])
    assert change.sentence(lang="de").startswith("Seit dem 12.10.2026: vorher Stufe 2, jetzt Stufe ")


def test_the_sentence_in_plain_german():
    change = compare_assessments(ANSWERS.loc["lindner"], ANSWERS.loc["alpenblick"], ALT)
    better = sum(ANSWERS.loc["alpenblick", list(ALT.item_ids)] > ANSWERS.loc["lindner", list(ALT.item_ids)])
    worse = sum(ANSWERS.loc["alpenblick", list(ALT.item_ids)] < ANSWERS.loc["lindner", list(ALT.item_ids)])
    assert change.sentence(lang="de") == (f"Seit der letzten Einschätzung: vorher Stufe 2, jetzt Stufe 3; {better} Aussagen besser, "
                                     f"{worse} schlechter.")
    assert change.sentence(lang="en").startswith("Since the last assessment: before stage 2, now stage 3;")
    table = change.table(lang="de")
    assert list(table.columns) == ["vorher", "jetzt"] and table.index.name == "Stufe"


def test_no_stage_reached_is_named_not_numbered():
    """Stage 0 is "keine Stufe erreicht": the sentence says so instead of "Stufe 0"."""
    nothing = ANSWERS.loc["lindner"].copy()
    nothing[list(ALT.item_ids)] = 0
    lindner = ANSWERS.loc["lindner"]
    up = compare_assessments(nothing, lindner, ALT, previous_date="2026-10-12")
    assert up.stage_before == 0 and up.stage_after == 2
    assert up.sentence(lang="de").startswith("Seit dem 12.10.2026: vorher keine Stufe, jetzt Stufe 2;")
    assert up.sentence(lang="en").startswith("Since 12 Oct 2026: before no stage, now stage 2;")
    down = compare_assessments(lindner, nothing, ALT)
    assert down.sentence(lang="de").startswith("Seit der letzten Einschätzung: vorher Stufe 2, jetzt keine Stufe;")
    assert "Stufe 0" not in up.sentence(lang="de") + down.sentence(lang="de")


def test_bad_input_is_named():
    with pytest.raises(InputDataError, match="earlier"):
        compare_assessments([1, 2], ANSWERS.loc["lindner"], ALT)
    with pytest.raises(SettingError):
        compare_assessments(ANSWERS.loc["lindner"], ANSWERS.loc["lindner"], ALT, rule="best")


def test_report_with_previous_shows_then_and_now(tmp_path):
    html = render_report(ANSWERS.loc[["alpenblick"]], ALT, previous=ANSWERS.loc[["lindner"]],
                         previous_date="2026-10-12", generated="2026-12-06")
    assert "Damals und heute" in html and "Seit dem 12.10.2026: vorher Stufe 2, jetzt Stufe 3;" in html
    assert "Geänderte Antworten" in html
    (tmp_path / "a.csv").write_text(ANSWERS.loc[["alpenblick"]].reset_index().to_csv(index=False), encoding="utf-8")
    (tmp_path / "b.csv").write_text(ANSWERS.loc[["lindner"]].reset_index().to_csv(index=False), encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(tmp_path / "a.csv"), "--previous", str(tmp_path / "b.csv"), "--out", str(out)]) == 0
    assert "Seit der letzten Einschätzung: vorher Stufe 2, jetzt Stufe 3;" in out.read_text(encoding="utf-8")


def test_the_report_lists_each_changed_statement_old_to_new():
    before, after = ANSWERS.loc["lindner"].copy(), ANSWERS.loc["alpenblick"].copy()
    items = list(ALT.item_ids)
    after[items[-1]] = np.nan                       # answered then, "weiß nicht" now: not comparable
    html = render_report(after.to_frame().T, ALT, previous=before, generated="2026-12-06")
    change = compare_assessments(before, after, ALT)
    labels = {p.value: p.label.de for p in ALT.scale}
    worse = next(i for i in ALT.items if i.id == change.worse[0])
    assert (f"{worse.text.de} (schlechter: vorher {labels[int(before[worse.id])]}, jetzt {labels[int(after[worse.id])]})"
            in unescape(html))
    last = ALT.items[-1]
    assert f"{last.text.de} (nicht vergleichbar: vorher {labels[int(before[last.id])]}, jetzt keine Antwort)" in unescape(html)
    assert f"Reifegrad-Index</th><td class=\"num\">{ui.number(change.index_before, lang='de')}</td>" in html
    same = render_report(before.to_frame().T, ALT, previous=before, generated="2026-12-06")
    assert "Keine Antwort hat sich geändert." in same and "0 Aussagen besser, 0 schlechter." in same


def test_a_date_that_is_not_iso_gives_the_sentence_without_one(tmp_path):
    assert assessment_date({"date": "2026-10-12T09:30"}) == "2026-10-12"
    assert assessment_date({"date": "2026-13-45"}) is None and assessment_date(ANSWERS.loc["lindner"]) is None
    earlier = ANSWERS.loc[["lindner"]].assign(date="12.10.2026").reset_index()
    (tmp_path / "a.csv").write_text(ANSWERS.loc[["alpenblick"]].reset_index().to_csv(index=False), encoding="utf-8")
    (tmp_path / "b.csv").write_text(earlier.to_csv(index=False), encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(tmp_path / "a.csv"), "--previous", str(tmp_path / "b.csv"), "--out", str(out)]) == 0
    assert "Seit der letzten Einschätzung: vorher Stufe 2, jetzt Stufe 3;" in out.read_text(encoding="utf-8")
