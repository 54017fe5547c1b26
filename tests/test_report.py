"""The HTML report: content, escaping, no network, and the report command."""
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from socialbiz_kit import load_model, ui
from socialbiz_kit.cli import main
from socialbiz_kit.datasets import data_path, load_dataset
from socialbiz_kit.report import profile_png, render_report, write_report
from socialbiz_kit.roadmap import plan

COTC = load_model("cotc")


class _Refs(HTMLParser):
    """Collects every URL the page would load or link to."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "action", "data", "poster") and value:
                self.urls.append(value)


def test_report_content_in_both_languages():
    row = load_dataset("sample_answers_cotc").loc[["velo_nord"]]
    de = render_report(row, COTC, generated="2026-11-22")
    en = render_report(row, COTC, lang="en", generated="2026-11-22")
    # Velo Nord, the jagged profile: stage 5 is met over an open stage 4, and the report says so
    assert "Velo Nord Manufaktur" in de and "Erreichte Stufe: 5 Voll engagiert" in de
    assert "Stage reached: 5 Fully Engaged" in en and "Roadmap" in en and "Fahrplan" in de
    assert "Noch offen unterhalb von Stufe 5: Stufe 4 „Messbar“ ist erst zu 25\u00a0% erfüllt (Schwelle 75\u00a0%)" in de
    assert "Still open below stage 5: stage 4 “Measurable” is only 25% fulfilled (threshold 75%)" in en
    # the roadmap of roadmap.plan: its steps in order (the open stage 4 first), each with its recommendations
    road = plan(row.iloc[0], COTC)
    assert road.stage == 5 and road.steps and road.steps[0].item.stage == 4
    assert re.findall(r'<li data-item="([^"]+)"', de) == [s.item.id for s in road.steps]
    for step in road.steps:
        for r in step.recommendations:
            assert ui.escape(r.text.de) in de and ui.escape(r.text.en) in en
    assert de.count("<tr>") == 1 + len(COTC.items)  # the answer table
    assert de.count('<span class="lab">') == 5  # one bar per stage, its value as text beside it
    assert "22.11.2026" in de and "22 Nov 2026" in en  # dates as each language writes them
    assert "Reifegrad-Index: <b class=\"sbk-index\">" in de and re.search(r"\d,\d\d</b>", de)  # 2,40 not 2.40
    assert "\u00a0%" in de and re.search(r"\d%", en)


def test_widget_and_report_share_one_renderer():
    from socialbiz_kit.render import result_html
    from socialbiz_kit.roadmap import plan
    from socialbiz_kit.scoring import score

    row = load_dataset("sample_answers_cotc").loc[["velo_nord"]]
    result = score(row, COTC)
    fragment = result_html(result.iloc[0], plan(row.iloc[0], COTC), COTC, heading_level=2)
    assert fragment in render_report(row, COTC, generated="2026-11-22")


def test_heading_level_was_level():
    """Issue 26: ``level`` names the level of measurement; the heading level is ``heading_level=``. The old keyword
    works until 2027-06-30, with a DeprecationWarning pointing at the caller, and gives the same HTML."""
    from socialbiz_kit.render import result_html, roadmap_html
    from socialbiz_kit.report import then_and_now_html
    from socialbiz_kit.roadmap import plan
    from socialbiz_kit.scoring import score

    row = load_dataset("sample_answers_cotc").loc[["velo_nord"]]
    road = plan(row.iloc[0], COTC)
    calls = [lambda **k: result_html(score(row, COTC).iloc[0], road, COTC, **k),
             lambda **k: roadmap_html(road, COTC, **k),
             lambda **k: then_and_now_html(row, row.iloc[0], COTC, **k)]
    for call in calls:
        with pytest.warns(DeprecationWarning, match="level= is now heading_level=") as caught:
            old = call(level=4)
        assert caught[0].filename == __file__
        assert old == call(heading_level=4) and "<h4>" in old


def test_report_is_self_contained_and_opens_without_network():
    page = render_report(load_dataset("sample_answers_altimeter").loc[["kraemer"]], "altimeter")
    parser = _Refs()
    parser.feed(page)
    assert parser.urls == []
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert not re.search(r"url\(|@import|(src|href)=[\"']?https?://", page)  # addresses as text are fine
    assert "Unsicher" in page  # kraemer's missing answers are reported


def test_user_text_is_escaped():
    evil = '<script>alert("x")</script> & <b>Co</b>'
    page = render_report({"experimental_strategy": 4}, COTC, organisation=evil, assessor="<img src=x onerror=alert(1)>",
                         note='"><script>1</script>')
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;" in page
    parser = _Refs()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags


def test_one_assessment_only_and_no_silent_overwrite(tmp_path):
    with pytest.raises(ValueError, match="one assessment"):
        render_report(load_dataset("sample_answers_cotc"), COTC, lang="en")
    path = write_report(load_dataset("sample_answers_cotc").loc[["lindner"]], tmp_path / "r.html", COTC)
    with pytest.raises(FileExistsError):
        write_report(load_dataset("sample_answers_cotc").loc[["quellwerk"]], path, COTC)
    assert "Modehaus Lindner" in path.read_text(encoding="utf-8")


def test_profile_png_is_a_picture():
    from socialbiz_kit.scoring import score

    row = score(load_dataset("sample_answers_cotc").loc[["lindner"]], COTC).iloc[0]
    assert profile_png(row, COTC)[:4] == b"\x89PNG"


def test_report_command(tmp_path, capsys):
    out = tmp_path / "bericht.html"
    src = str(data_path("sample_answers_altimeter.csv"))
    assert main(["report", src, "--model", "altimeter", "--assessment", "bodensee", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Bodensee Versicherung AG" in page and "5 Strategisch" in page
    assert main(["report", src, "--model", "altimeter", "--out", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert "enthält 10 Einschätzungen (sonnenkorn, talbach, lindner, alpenblick, berger, ...); wählen Sie eine mit " \
        "--assessment" in err and err.count("\n") == 1
    assert main(["report", src, "--assessment", "nobody", "--out", str(tmp_path / "x.html")]) == 2
    assert "„sample_answers_altimeter.csv“ enthält keine Einschätzung „nobody“ (vorhanden: sonnenkorn" in \
        capsys.readouterr().err
    assert main(["report", src, "--assessment", "bodensee", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "bericht.html“ gibt es schon" in err and "--force" in err


def test_a_borderline_result_says_so_in_plain_german_in_widget_and_report():
    """Instrument 3.0: a placement that one answer could change is called a Grenzfall, with the stage it could be,
    and the threshold line is explained under the bars."""
    from socialbiz_kit.render import result_html
    from socialbiz_kit.roadmap import plan
    from socialbiz_kit.scoring import score

    model = load_model("altimeter")
    answers = {i.id: 4 for i in model.stage(1).items} | {i.id: 3 for i in model.stage(2).items}
    answers |= {i.id: 0 for i in model.items if i.stage > 2}
    frame = pd.DataFrame([answers])
    row = score(frame, model).iloc[0]
    assert row["stage"] == 2 and row["borderline"] and row["could_be"] == 1   # stage 2 exactly at 0.75
    html = result_html(row, plan(answers, model), model, lang="de")
    assert row["border_points"] == 1  # one answer one step lower: stage 2 below the threshold
    assert ("Grenzfall: Eine Antwort einen Schritt niedriger auf der Antwortskala, und es wäre "
            "Stufe 1 „Planung“.") in html
    n3 = len(model.stage(3).items)  # every answer 0: three points each to "überwiegend"
    assert f"Bis zur nächsten Stufe 3 „Engagement“ fehlen {3 * n3} Antwortpunkte" in html
    assert "Eine Stufe gilt als erfüllt, wenn ihre Aussagen im Mittel mindestens 75" in html
    assert "die senkrechte Linie in jedem Balken zeigt diese Schwelle" in html
    safe = frame.copy()
    safe.loc[0, [i.id for i in model.stage(2).items]] = 4
    assert not score(safe, model).iloc[0]["borderline"]
    assert "Grenzfall" not in result_html(score(safe, model).iloc[0], plan(safe.iloc[0].to_dict(), model), model, lang="de")
    # the other direction: stage 3 (six statements) one point short of the threshold, so that one point more gives it
    up = answers | {i.id: 4 for i in model.stage(2).items} | {i.id: 3 for i in model.stage(3).items}
    up[model.stage(3).items[0].id] = 2
    row = score(pd.DataFrame([up]), model).iloc[0]
    assert row["stage"] == 2 and row["borderline"] and row["could_be"] == 3
    html = result_html(row, plan(up, model), model, lang="de")
    assert row["border_points"] == 1
    assert ("Grenzfall: Eine Antwort einen Schritt höher auf der Antwortskala, und es wäre "
            "Stufe 3 „Engagement“.") in html
    # stage 3 one point above the threshold: one point less still meets it (exactly at it counts), two do not
    over = up | {model.stage(3).items[0].id: 4}
    row = score(pd.DataFrame([over]), model).iloc[0]
    assert row["stage"] == 3 and row["borderline"] and row["could_be"] == 2 and row["border_points"] == 2
    html = result_html(row, plan(over, model), model, lang="de")
    assert ("Grenzfall: 2 Antwortpunkte weniger (etwa 2 Antworten je einen Schritt niedriger auf der Antwortskala), "
            "und es wäre Stufe 2 „Präsenz“.") in html
    assert "Ein oder zwei" not in html
    from socialbiz_kit.render import placement_notes  # a result saved before the column: its points counted again

    assert placement_notes(row.drop("border_points"), model, lang="de") == placement_notes(row, model, lang="de")
    english = result_html(row, plan(over, model), model, lang="en")
    assert ("Borderline: 2 answer points fewer (e.g. 2 answers one step lower each on the answer scale), and it would "
            "be stage 2") in english


def test_direction_controls_in_a_name_do_not_turn_the_title_round():
    """Issue 25, defect 19: U+202E (right-to-left override) in an organisation's name is dropped."""
    from socialbiz_kit.report import render_report

    page = render_report({"planning_1": 3}, "altimeter", organisation="Muster\u202eHbmG", lang="de")
    assert "\u202e" not in page and "MusterHbmG" in page


def test_write_report_takes_the_data_first_and_the_old_order_with_a_warning(tmp_path):
    """Issue 26 (the reviewer's finding 3): writers take the data, the file, the model; the old order still works
    until 2027-06-30 and says so."""
    answers = load_dataset("sample_answers_cotc").loc[["lindner"]]
    new = write_report(answers, tmp_path / "new.html", COTC, generated="2026-12-06")
    with pytest.warns(DeprecationWarning, match="write_report\\(answers, path, model\\)"):
        old = write_report(tmp_path / "old.html", answers, COTC, generated="2026-12-06")
    assert new.read_text(encoding="utf-8") == old.read_text(encoding="utf-8")


def test_open_below_marks_the_stages_a_placement_counts_over_and_the_note_follows_it():
    """render.open_below: known stages below the one reached that are not met (NaN is not open); the note "Noch offen
    unterhalb von Stufe …" appears exactly where it marks one, and the gated rule never has one."""
    from socialbiz_kit.render import open_below, placement_notes
    from socialbiz_kit.scoring import score, stage_from_fulfilment

    hand = pd.DataFrame({1: [0.5, float("nan"), 1.0], 2: [1.0, 1.0, 0.2], 3: [0.8, 0.8, 0.1]},
                        index=["gap", "unknown", "plain"])
    table = hand.add_prefix("fulfilment_").assign(stage=stage_from_fulfilment(hand, threshold=0.75, rule="highest"),
                                                  threshold=0.75, rule="highest")
    got = open_below(table, generated_three_stages())
    assert got.to_dict("index") == {"gap": {1: True, 2: False, 3: False}, "unknown": {1: False, 2: False, 3: False},
                                    "plain": {1: False, 2: False, 3: False}}
    alt = load_model("altimeter")
    answers = load_dataset("sample_answers_altimeter")
    result = score(answers, alt)
    marked = open_below(result, alt)
    assert marked.loc["berger"].tolist() == [False, False, True, False, False, False]
    for org, row in result.iterrows():
        has_note = any(n.startswith("Noch offen unterhalb") for n in placement_notes(row, alt))
        assert has_note == bool(marked.loc[org].any()), org
    assert not open_below(score(answers, alt, rule="gated"), alt).to_numpy().any()


def generated_three_stages():
    from test_page import generated_model
    return generated_model(3, [0, 0.25, 0.5, 0.75, 1], baseline=False)


def test_a_placement_with_point_deduction_says_where_it_comes_from():
    """Issue 23: under the rule with point deduction, a placement on a stage that is not met itself names the stage
    above it comes from and the answer points that stage lacks; one point more and it is that stage."""
    from socialbiz_kit.render import placement_notes, result_html
    from socialbiz_kit.roadmap import plan
    from socialbiz_kit.scoring import score

    model = load_model("altimeter")
    answers = {i.id: (4 if i.stage <= 4 else 3 if i.stage == 6 else 1) for i in model.items}
    first6 = model.stage(6).items[0].id
    answers[first6] = 2  # stage 6 one answer point below "überwiegend" everywhere: one point short of 0.75
    row = score(pd.DataFrame([answers]), model, rule="stepped").iloc[0]
    assert row["stage"] == 5 and row["fulfilment_5"] < 0.75 and row["borderline"]
    notes = placement_notes(row, model, lang="de", rule="stepped")
    assert notes[0] == ("Stufe 6 „Konvergenz“ ist zu 69\u00a0% erfüllt; bis zur Schwelle von 75\u00a0% fehlt ihr 1 "
                        "Antwortpunkt, also eine Antwort einen Schritt höher. Mit Punktabzug (je fehlendem Punkt eine Stufe "
                        "niedriger) zählt sie deshalb als Stufe 5 (6 − 1 = 5). Stufe 5 „Strategisch“ selbst ist noch nicht "
                        "erfüllt.")
    assert len(notes) == 2  # no "Bis zur nächsten Stufe …" beside it: the note says what is next, in answer points
    html = result_html(row, plan(answers, model), model, lang="de", rule="stepped")
    assert "Regel: höchste Stufe mit Punktabzug" in html and "fehlt ihr 1 Antwortpunkt" in html
    answers[first6] = 3
    assert int(score(pd.DataFrame([answers]), model, rule="stepped").iloc[0]["stage"]) == 6
    # under the highest rule the same answers place stage 4, with no such note
    highest = score(pd.DataFrame([answers | {first6: 2}]), model, rule="highest").iloc[0]
    assert highest["stage"] == 4 and not any("Punktabzug" in n for n in placement_notes(highest, model, lang="de",
                                                                                        rule="highest"))


def test_a_placement_by_point_deduction_alone_says_that_no_stage_is_met():
    """The default's price, said where it is paid: "teilweise" everywhere meets no stage, yet gets Altimeter stage 2;
    the result says that no stage is met on its own, what the highest rule would give, and (four points deducted)
    that answers alike on every stage give such a result. One point short: the first sentence only. A stage met on
    its own: neither."""
    from socialbiz_kit.render import placement_notes
    from socialbiz_kit.scoring import score

    model = load_model("altimeter")
    flat = score(pd.DataFrame([{i.id: 2 for i in model.items}]), model).iloc[0]
    notes = placement_notes(flat, model, lang="de")
    assert flat["stage"] == 2 and notes[1] == (
        "Keine Stufe ist für sich erfüllt: Die Einstufung beruht allein auf dem Punktabzug; nach der Regel „höchste "
        "erfüllte Stufe“ lautete sie „keine Stufe erreicht“. So ein Ergebnis entsteht etwa, wenn Ihre Antworten auf "
        "allen Stufen ähnlich sind, zum Beispiel fast überall in der Mitte der Skala. Prüfen Sie dann, ob Ihre Antworten "
        "die Stufen wirklich unterscheiden.")
    assert "under the rule “highest stage met” it would be “no stage reached”" in placement_notes(flat, model, lang="en")[1]
    assert notes[2].startswith("Grenzfall")  # where the placement comes from first, then how sure it is
    assert int(score(pd.DataFrame([{i.id: 2 for i in model.items}]), model, rule="highest").iloc[0]["stage"]) == 0
    # stage 2 one answer point short and nothing above: stage 1 by deduction, no stage met, one point: no "alike" hint
    near = {i.id: (3 if i.stage == 2 else 0) for i in model.items} | {model.stage(2).items[0].id: 2}
    row = score(pd.DataFrame([near]), model).iloc[0]
    notes = placement_notes(row, model, lang="de")
    assert row["stage"] == 1 and any(n.startswith("Keine Stufe ist für sich erfüllt") for n in notes)
    assert not any("ähnlich" in n for n in notes)
    # a stage met on its own (stage 4, stage 6 a point short): the deduction note, but not this one
    met = {i.id: (4 if i.stage <= 4 else 3 if i.stage == 6 else 1) for i in model.items} | {model.stage(6).items[0].id: 2}
    row = score(pd.DataFrame([met]), model).iloc[0]
    assert row["stage"] == 5 and not any(n.startswith("Keine Stufe") for n in placement_notes(row, model, lang="de"))
    # under the highest rule, never
    assert not any(n.startswith("Keine Stufe") for n in placement_notes(
        score(pd.DataFrame([{i.id: 2 for i in model.items}]), model, rule="highest").iloc[0], model, rule="highest"))


def test_no_stage_met_on_a_model_with_a_starting_stage_names_that_stage():
    """On a model whose lowest stage has no statements (every organisation starts there, it is always met), the note
    is about the stages above it: none is met, and the highest rule would give the starting stage."""
    from test_page import generated_model

    from socialbiz_kit.render import placement_notes
    from socialbiz_kit.scoring import score

    model = generated_model(4, [0, 0.25, 0.5, 0.75, 1], baseline=True, items_per_stage=(4, 4), seed=5)
    top = model.stages[-1]
    answers = {i.id: (2 if i.stage == top.number else 0) for i in model.items}
    answers[top.items[0].id] = answers[top.items[1].id] = 3  # the top stage two answer points short
    row = score(pd.DataFrame([answers]), model).iloc[0]
    notes = placement_notes(row, model, lang="de")
    first = model.stages[0]
    assert int(row["stage"]) == top.number - 2 > first.number, notes
    assert any(n.startswith(f"Keine Stufe über der Ausgangsstufe {first.number} „{first.name.de}“ ist für sich erfüllt")
               and f"lautete sie Stufe {first.number} „{first.name.de}“." in n and "ähnlich" in n for n in notes), notes


def test_under_the_point_deduction_the_next_stage_is_counted_in_answer_points_and_a_shorter_way_is_named():
    """A student's reading: "one or two points more, and it would be stage 5" beside "50 percentage points to stage 5"
    read as a contradiction. Under the default the next stage's note counts answer points, as the rule does, and
    names the shorter way through a higher stage that would then count as the next one where that explains an upward
    Grenzfall."""
    from socialbiz_kit.render import placement_notes
    from socialbiz_kit.scoring import score

    model = load_model("altimeter")
    answers = {i.id: (4 if i.stage <= 4 else 3 if i.stage == 6 else 1) for i in model.items}
    six = [i.id for i in model.stage(6).items]
    answers[six[0]] = answers[six[1]] = 2  # stage 6 two points short: counts as 4; one point more there gives 5
    row = score(pd.DataFrame([answers]), model).iloc[0]
    notes = placement_notes(row, model, lang="de")
    assert row["stage"] == 4 and row["could_be"] == 5
    five = len(model.stage(5).items) * 2  # each "kaum" (1) is two points below "überwiegend" (3)
    assert notes[-1] == (f"Bis zur nächsten Stufe 5 „Strategisch“ fehlen {five} Antwortpunkte (25\u00a0% statt mindestens "
                         "75\u00a0%). Mit Punktabzug genügte auch 1 Antwortpunkt mehr bei Stufe 6 „Konvergenz“ "
                         "(63\u00a0% erfüllt); sie zählte dann als Stufe 5.")
    answers[six[0]] = 3  # one point more at stage 6: stage 5, as the note said
    assert int(score(pd.DataFrame([answers]), model).iloc[0]["stage"]) == 5
    # a shorter way that explains no Grenzfall is not named (the sample law firm: 12 points, 9 via stage 6)
    far = {i.id: (4 if i.stage in (1, 2, 4) else 1) for i in model.items}
    row = score(pd.DataFrame([far]), model).iloc[0]
    assert not row["borderline"] and "Mit Punktabzug genügten" not in placement_notes(row, model, lang="de")[-1]
    # no shorter way: the direct count only; other rules keep percentage points
    direct = {i.id: (4 if i.stage <= 2 else 2 if i.stage == 3 else 0) for i in model.items}
    row = score(pd.DataFrame([direct]), model).iloc[0]
    n3 = len(model.stage(3).items)
    assert placement_notes(row, model, lang="de")[-1] == (
        f"Bis zur nächsten Stufe 3 „Engagement“ fehlen {n3} Antwortpunkte (50\u00a0% statt mindestens 75\u00a0%).")
    highest = score(pd.DataFrame([direct]), model, rule="highest").iloc[0]
    assert placement_notes(highest, model, lang="de", rule="highest")[-1].endswith(
        "fehlen 25 Prozentpunkte (50\u00a0% statt mindestens 75\u00a0%).")

