"""The self-check page as HTML (no browser): structure, words, data, the CLI, the answer format it writes."""
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from socialbiz_kit import ui
from socialbiz_kit._reference import score_reference
from socialbiz_kit.cli import main
from socialbiz_kit.models import citation, list_models, load_model, model_from_dict
from socialbiz_kit.page import (
    MAX_UPLOAD,
    _texts,  # noqa: PLC2701 - the page's own words, for the check
    build_pages,
    page_html,
    page_model,
    storage_key,
    write_page,
)
from socialbiz_kit.responses import answers_csv, formula_safe, read_responses
from socialbiz_kit.scoring import score
from socialbiz_kit.ui import escape


def generated_model(n_stages: int, scale: list[float], *, baseline: bool, items_per_stage=(2, 5), seed=0, text=""):
    """A valid model with ``n_stages`` stages and the given fulfilment per scale point (values 0, 1, ...);
    ``text`` is added to every statement."""
    rng = np.random.default_rng(seed)
    word = {"de": "Wort", "en": "word"}
    stages = []
    for n in range(1, n_stages + 1):
        k = 0 if baseline and n == 1 else int(rng.integers(items_per_stage[0], items_per_stage[1] + 1))
        stages.append({
            "id": f"s{n}", "number": n, "name": {"de": f"Stufe{n}", "en": f"Stage{n}"}, "tagline": word,
            "summary": word, "characteristics": [word], "next_steps": [{"de": f"Schritt {n}", "en": f"Step {n}"}],
            "items": [{"id": f"s{n}_{j}", "text": {"de": f"Aussage {n}.{j}{text}", "en": f"Statement {n}.{j}{text}"}}
                      for j in range(k)],
        })
    return model_from_dict({
        "schema_version": 1, "id": f"gen{n_stages}", "version": "0.1", "name": {"de": "Testmodell", "en": "Test model"},
        "authors": ["A Person"], "year": 2026, "sources": [{"title": "T", "publisher": "P", "date": "2026"}],
        "description": word, "baseline_stage": baseline,
        "scale": [{"value": v, "fulfilment": f, "label": {"de": f"Punkt {v}", "en": f"point {v}"}} for v, f in enumerate(scale)],
        "stages": stages,
    }, name=f"gen{n_stages}")


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.legends, self.in_legend = [], [], [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "legend" and "question__legend" in a.get("class", ""):
            self.in_legend = True
            self.legends.append("")

    def handle_endtag(self, tag):
        if tag == "legend":
            self.in_legend = False

    def handle_data(self, data):
        if self.in_legend:
            self.legends[-1] += data


@pytest.mark.parametrize("name", list_models())
def test_page_is_one_german_form_with_a_fieldset_per_statement(name):
    model = load_model(name)
    html = page_html(name)
    outline = _Outline()
    outline.feed(html)
    tags = [t for t, _ in outline.tags]
    assert tags.count("h1") == 1 and tags.count("main") == 1 and tags.count("title") == 1
    assert len(outline.ids) == len(set(outline.ids)), "ids must be unique"
    assert [s.strip() for s in outline.legends] == [i.text.de for i in model.items]
    radios = [a for t, a in outline.tags if t == "input" and a.get("type") == "radio"]
    assert len(radios) == len(model.items) * (len(model.scale) + 1)
    assert ui.text("page.dont_know", lang="de") in html and ui.text("page.progress", lang="de", done=0, total=len(model.items)) in html
    # nothing claims "no stage reached" before the first answer (the scripts' texts may name it: a note quotes it)
    markup = html.split("<script")[0]
    assert ui.text("common.no_stage", lang="de") not in markup and ui.text("page.result_none", lang="de") not in markup


@pytest.mark.parametrize("name", list_models())
def test_page_needs_nothing_from_the_network(name):
    html = page_html(name)
    markup = html.split('<script type="application/json"')[0]
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#|data:)""", markup), "no external resource"
    assert "@import" not in html and "url(" not in html.split("<script")[0]
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert csp.startswith("default-src 'none'") and "unsafe-inline" not in csp and "connect-src" not in csp


def test_the_bundled_pages_stay_small():
    # a budget, not a measurement: both languages, the model's texts, scorer, roadmap and placement notes
    # (instrument 3.0 added the borderline and gap sentences), then and now (issue 28: about 17 KB, 4 KB gzipped),
    # instrument 3.1's added statement and carrying over answers saved by an earlier version (about 9 KB together);
    # a phone on a slow line loads it in seconds (about 40 KB gzipped); the file buttons in the page's language
    # (about 1 KB); the rule with point deduction (issue 23: its scorer, its placement note and its explanation in
    # both languages, about 4 KB, under 1 KB gzipped); after a screen-reader pass and a student's reading (issue 23:
    # the note for a placement by point deduction alone, the Grenzfall's direction, the headline of a deducted
    # placement, the bars' "nicht erfüllt", the note marker; about 3.6 KB, under 1 KB gzipped: 43.3 KB in all); the
    # "Meinten Sie …?" of an unknown column in an uploaded file (near.js: difflib's ratio ported and the names a
    # column may mean, built from the model already on the page; about 3.3 KB, 1 KB gzipped); the same for a file
    # without the column "assessment" (about 0.8 KB, 0.2 KB gzipped: 206.3 KB, 44.96 KB gzipped); and for a file
    # in the long layout but for the name of "item" or "answer" ("itme", "Aussage"; near.js's nearLong and its
    # message in both languages: about 1.3 KB, 0.36 KB gzipped); the status bar that scrolls away on a short window
    # and earlier assessments named by their stage as the result names it (about 0.3 KB, under 0.1 KB gzipped);
    # "weiß nicht" kept in the answer file's column dont_know, written and read back, and its error in both languages
    # (about 0.9 KB, 0.2 KB gzipped): 208.8 KB, 45.62 KB gzipped; every note's toggle and field described by its
    # statement, so that a screen reader's list of fields tells the 33 apart (about 3.2 KB, 0.4 KB gzipped: 212.0 KB,
    # 46.02 KB gzipped); the Grenzfall saying how many answer points move the placement (one/other in both languages
    # for its three sentences, and its count in score.js: about 1.6 KB, 0.3 KB gzipped: 213.7 KB, 46.33 KB gzipped),
    # the budget the least round amount above that
    html = page_html("altimeter").encode("utf-8")
    assert len(html) < 214_000
    import gzip
    assert len(gzip.compress(html)) < 46_500  # what a phone on a slow line actually loads


def test_page_data_carries_both_languages_and_every_item():
    html = page_html("cotc", threshold=0.6, rule="highest")
    raw = re.search(r'<script type="application/json" id="sbk-data">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    model = load_model("cotc")
    assert data["model"]["threshold"] == 0.6 and data["model"]["rule"] == "highest" and data["model"]["baseline"] is True
    assert data["itemIds"] == list(model.item_ids)
    assert data["storageKey"] == storage_key("cotc") == f"socialbiz-selfcheck:cotc:{model.version}"
    assert data["maxUpload"] == MAX_UPLOAD
    for lang in ("de", "en"):
        texts = data["texts"][lang]
        assert all(texts[f"item.{i.id}"] == i.text.get(lang) for i in model.items)
        assert all(texts[f"page.{k}"] == v for k, v in ui.words("page", lang=lang).items())


def test_german_page_shows_no_english_ui_word_and_vice_versa():
    for lang, other in (("de", "en"), ("en", "de")):
        html = page_html("altimeter", lang=lang)
        for source in citation("altimeter", lang="de", addresses=False):  # the sources' own titles are cited as they are
            html = html.replace(escape(source), "")
        visible = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", visible)}
        own = {w.lower() for t in _texts(load_model("altimeter"), lang).values() if isinstance(t, str)
               for w in re.findall(r"[^\W\d_]+", t)}
        foreign = (ui.vocabulary(other) - ui.vocabulary(lang) - own) & words
        # the language switch names the other language in that language, marked with its lang attribute
        foreign -= {ui.text("page.switch_to", lang=lang).lower()}
        assert not foreign, f"{lang} page shows {sorted(foreign)}"


def test_page_refuses_bad_settings():
    with pytest.raises(ValueError, match="threshold"):
        page_html("altimeter", threshold=1.5)
    with pytest.raises(ValueError, match="rule"):
        page_html("altimeter", rule="best")


def test_page_links_home_only_when_asked_and_only_relatively(capsys, tmp_path):
    alone = page_html("altimeter")
    assert 'class="header__home"' not in alone
    linked = page_html("altimeter", home="../index.html")
    link = re.search(r'<p class="header__home"><a href="([^"]+)" data-i18n="page.home">([^<]+)</a>', linked)
    assert link and link.groups() == ("../index.html", ui.text("page.home", lang="de"))
    data = json.loads(re.search(r'<script type="application/json" id="sbk-data">(.*?)</script>', linked, re.S)[1])
    assert data["texts"]["en"]["page.home"] == ui.text("page.home", lang="en")     # the language switch has it
    # defect 16 (issue 25): a backslash is a slash to a browser, tab and line ends are dropped from a link
    for bad in ("https://example.org/", "//example.org/x", "javascript:alert(1)", " ", "\\\\server\\x",
                "/\\127.0.0.2:9/x", "\\/127.0.0.2/x", "/\t/127.0.0.2/x", "/\n/x.org", " //x.org", "../a\\b"):
        with pytest.raises(ValueError, match="relative link"):
            page_html("altimeter", home=bad)
    assert main(["page", "altimeter", "--out", str(tmp_path / "p.html"), "--home", "/\\127.0.0.2:9/x"]) == 2
    assert "relativer Link" in capsys.readouterr().err and not (tmp_path / "p.html").exists()


def test_page_model_describes_the_rules():
    m = page_model(generated_model(4, [0, 0.3, 1], baseline=True))
    assert m["baseline"] is True and m["minAnswered"] == 0.5 and [s["number"] for s in m["stages"]] == [1, 2, 3, 4]
    assert m["stages"][0]["items"] == [] and m["scale"][1] == {"value": 1, "fulfilment": 0.3}


def test_page_model_carries_the_recommendations_the_roadmap_ranks():
    model = load_model("altimeter")
    recs = page_model(model)["recommendations"]
    assert [r["id"] for r in recs] == [r.id for r in model.recommendations]
    two = [r["id"] for r in recs if "strategic_2" in r["items"]]
    assert two == ["formalized_functions", "formalized_enable"]
    first = next(r for r in recs if r["id"] == "start_listening")
    assert first == {"id": "start_listening", "stage": 0, "items": ["planning_1"], "effect": 3, "effort": 1}
    # every recommendation's words are in the page, with its origin visible
    raw = re.search(r'<script type="application/json" id="sbk-data">(.*?)</script>', page_html(model), re.S).group(1)
    texts = json.loads(raw)["texts"]
    assert texts["de"]["rec.start_listening.origin"] == "Richtung aus der Quelle, vom Kit konkretisiert (Li & Solis, 2013)"
    assert texts["de"]["rec.start_goals.origin"] == "Aus der Quelle (Li & Solis, 2013)"
    assert texts["de"]["rec.planning_owners.origin"] == "Lesart des Kits"
    assert texts["en"]["rec.start_listening"] == model.recommendations[0].text.en


def test_write_page_is_atomic_and_does_not_replace(tmp_path):
    path = write_page("cotc", tmp_path / "p.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(FileExistsError):
        write_page("cotc", path)
    write_page("cotc", path, overwrite=True, lang="en")
    assert '<html lang="en"' in path.read_text(encoding="utf-8")


def test_build_pages_writes_one_page_per_model_and_an_index(tmp_path):
    paths = build_pages(tmp_path / "site")
    names = sorted(p.name for p in paths)
    assert names == ["index.html"] + sorted(f"selbstcheck_{m}.html" for m in list_models())
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="selbstcheck_{m}.html"' in index for m in list_models())


def test_cli_page(tmp_path, capsys):
    out = tmp_path / "alt.html"
    assert main(["page", "altimeter", "--out", str(out)]) == 0
    assert out.exists() and "written" in capsys.readouterr().out
    assert main(["page", "altimeter", "--out", str(out)]) == 2  # exists: refused
    assert "gibt es schon" in capsys.readouterr().err
    assert main(["page", "altimeter", "--out", str(out), "--force", "--lang", "en"]) == 0
    assert main(["page", str(tmp_path / "missing.yaml")]) == 2


def test_cli_app_builds_the_pages(tmp_path, capsys):
    assert main(["app", "--folder", str(tmp_path / "app"), "--build-only"]) == 0
    assert (tmp_path / "app" / "index.html").exists() and (tmp_path / "app" / "selbstcheck_cotc.html").exists()


def test_score_is_the_reference_loop_digit_for_digit():
    """score adds item by item in model order, so it equals score_reference exactly, also on odd scales."""
    for model, rule in ((generated_model(8, [0, 1 / 6, 2 / 6, 0.5, 4 / 6, 5 / 6, 1], baseline=False), "highest"),
                        (generated_model(4, [0, 0.1, 0.7, 1], baseline=True, seed=3), "gated")):
        rng = np.random.default_rng(7)
        values = rng.integers(0, len(model.scale), size=(400, len(model.item_ids))).astype(float)
        values[rng.random(values.shape) < rng.random((400, 1)) * 0.7] = np.nan
        frame = pd.DataFrame(values, columns=list(model.item_ids))
        fast = score(frame, model, rule=rule, threshold=0.6, keep_answers=False)
        slow = score_reference(frame, model, rule=rule, threshold=0.6)
        assert fast["stage"].tolist() == slow["stage"].tolist()
        assert fast["uncertain"].tolist() == slow["uncertain"].tolist()
        same = (fast["index"] == slow["index"]) | (fast["index"].isna() & slow["index"].isna())
        assert same.all()


def test_notes_and_formula_like_text_round_trip(tmp_path):
    model = load_model("cotc")
    tricky = ["=SUM(A1)", "+49 30 1234", "-5 %", "@home", "\tTab", "'quoted'", "''=x", "normal; with, commas \"and\" quotes"]
    answers = pd.DataFrame({"organisation": tricky, "assessor": tricky[::-1],
                            **{i: [2.0] * len(tricky) for i in model.item_ids},
                            "note:experimental_strategy": tricky},
                           index=pd.Index([f"a{k}" for k in range(len(tricky))], name="assessment"))
    text = answers_csv(answers, model)
    assert "'=SUM(A1)" in text and "\n=SUM" not in text and ",=SUM" not in text
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8")
    back = read_responses(path, model)
    assert back["organisation"].tolist() == tricky and back["assessor"].tolist() == tricky[::-1]
    assert back["note:experimental_strategy"].tolist() == tricky
    assert formula_safe("=1") == "'=1" and formula_safe("a=1") == "a=1" and formula_safe(3) == 3


def test_an_unknown_note_column_is_still_refused(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("assessment,experimental_strategy,note:nope\na,2,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="note:nope"):
        read_responses(path, "cotc")


def test_the_page_scripts_use_the_python_constants():
    """Issue 26: the rules' constants live in socialbiz_kit._checks; score.js holds copies (the page's data carries
    the threshold, the rule and MIN_ANSWERED) and must equal them; page.js and class.js take them from score.js."""
    from socialbiz_kit import _checks

    static = Path(__file__).resolve().parent.parent / "socialbiz_kit" / "static"
    score_js = (static / "score.js").read_text(encoding="utf-8")
    found = {name: float(value) for name, value in re.findall(r"^\s*var ([A-Z_]+) = ([0-9.e-]+);", score_js, re.M)}
    assert found == {"EPS": _checks.EPS, "BORDER_MARGIN": _checks.BORDER_MARGIN,
                     "SUPPORT_SHARE": _checks.SUPPORT_SHARE}
    assert re.search(r"EPS: EPS, SUPPORT_SHARE: SUPPORT_SHARE", score_js)
    for name in ("page.js", "class.js", "scorm.js"):
        source = (static / name).read_text(encoding="utf-8")
        assert not re.search(r"1e-9|\b0\.375\b", source), f"{name} repeats a constant of score.js"
    data = page_model("altimeter")
    assert data["minAnswered"] == _checks.MIN_ANSWERED
    assert (data["threshold"], data["rule"]) == (_checks.DEFAULT_THRESHOLD, _checks.DEFAULT_RULE)


def test_the_page_carries_answers_over_only_where_the_changes_lead_to_this_version(tmp_path):
    """A version from which no chain of changes leads to the model's own is left out of the page's data, so the
    page takes no answer over from it (only the notes): an empty list there would have carried every answer."""
    import yaml

    data = yaml.safe_load(Path(load_model("altimeter").path).read_text(encoding="utf-8"))
    data["version"] = "3.5"
    data["changes"].insert(0, {"since": "3.4", "version": "3.5", "reworded": ["planning_1"]})  # 3.3 -> 3.4 unrecorded
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="sbk-data">(.*?)</script>', page_html(str(path)), re.S).group(1)
    carry = json.loads(raw)["carry"]
    assert carry == {"3.4": ["planning_1"]}
    raw = re.search(r'<script type="application/json" id="sbk-data">(.*?)</script>', page_html("altimeter"), re.S).group(1)
    alt = load_model("altimeter")
    assert json.loads(raw)["carry"] == {v: list(alt.changed_since(v)) for v in ("3.2", "3.1", "3.0")}


def test_a_model_whose_first_stage_is_a_baseline_says_so_where_the_statements_begin():
    """The Journey's statements begin at stage 2; a student took the missing stage 1 for missing questions (fresh
    review): the page says why before the first statement, not only in "So wird gerechnet"."""
    from socialbiz_kit import ui
    from socialbiz_kit.models import load_model

    journey, altimeter = page_html("cotc"), page_html("altimeter")
    said = ui.text("page.rule_baseline", lang="de", name=load_model("cotc").stages[0].name.de)
    assert "Traditionell" in said
    first = journey.index('<section class="stage"')
    assert journey.index(said) < first
    assert 'data-i18n="page.rule_baseline"' not in altimeter[:altimeter.index('<section class="stage"')]


def test_every_note_is_described_by_its_statement():
    """33 toggles "Beleg oder Quelle (freiwillig)" and 33 fields "Beleg oder Quelle zu dieser Aussage" were alike in a
    screen reader's list of fields (a screen-reader user's review, WCAG 2.4.6): each is described by its statement."""
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.legends, self.described = {}, []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "legend" and a.get("id"):
                self.legends[a["id"]] = a.get("data-i18n")
            if tag in ("summary", "textarea") and (a.get("data-i18n") == "page.note_summary" or a.get("data-note")):
                self.described.append((tag, a.get("data-note"), a.get("aria-describedby")))

    for name in ("altimeter", "cotc"):
        parser = Fields()
        parser.feed(page_html(name))
        items = load_model(name).item_ids
        assert len(parser.described) == 2 * len(items)
        for tag, note, by in parser.described:
            assert by in parser.legends, (tag, note, by)
            assert note is None or parser.legends[by] == f"item.{note}"
