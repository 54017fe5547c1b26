"""Then and now in the self-check page (issue 28, part 1), in a real browser: the history's entries open again, an
earlier assessment (from the history or a CSV the kit wrote) is set beside the current one, and the page's
comparison equals socialbiz_kit.change's, field by field and word for word (a parity test on seeded random pairs)."""
import math

import numpy as np
import pytest
from test_page import generated_model
from test_page_browser import (  # noqa: F401 - browser, pages, server and sealed are fixtures
    _answer,
    _axe,
    _random_sets,
    browser,
    pages,
    sealed,
    server,
)

from socialbiz_kit import ui
from socialbiz_kit.change import compare_assessments
from socialbiz_kit.models import load_model
from socialbiz_kit.page import page_html
from socialbiz_kit.responses import answers_csv

PAIRS = 1000

CHANGE_MODELS = {
    "altimeter": lambda: (load_model("altimeter"), 0.75, "supported"),
    "cotc": lambda: (load_model("cotc"), 0.75, "supported"),  # a baseline stage without statements
    "cotc-gated-0.6": lambda: (load_model("cotc"), 0.6, "gated"),
    # a user's own models: a three-point scale with a baseline stage, and an uneven (not affine) scale
    "own-3point-baseline": lambda: (generated_model(3, [0, 0.5, 1], baseline=True, seed=1), 0.75, "closest"),
    "own-nonaffine": lambda: (generated_model(4, [0, 0.1, 0.7, 1], baseline=False, items_per_stage=(1, 7), seed=3),
                              2 / 3, "highest"),
}


def _pairs(model, n, seed):
    """n pairs (earlier, current, date of the earlier or None): a third are one assessment again a little later
    (a few answers one point up or down, newly answered, or now "weiß nicht"), the rest independent."""
    rng = np.random.default_rng(seed)
    before, after = _random_sets(model, n, seed), _random_sets(model, n, seed + 100)
    values = sorted(p.value for p in model.scale)
    for row in range(n // 3):
        answers = before.iloc[row].to_numpy().copy()
        for col in rng.choice(len(answers), size=int(rng.integers(0, 4)), replace=False):
            if np.isnan(answers[col]):
                answers[col] = rng.choice(values)
            elif rng.random() < 0.2:
                answers[col] = np.nan
            else:
                answers[col] = min(values[-1], max(values[0], answers[col] + rng.choice([-1, 1])))
        after.iloc[row] = answers

    def as_dict(row):
        return {k: (None if np.isnan(v) else int(v)) for k, v in row.items()}

    dates = [None if rng.random() < 0.2 else
             f"{rng.integers(1990, 2040)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}" for _ in range(n)]
    return [(as_dict(b), as_dict(a), d) for b, a, d in zip(before.to_dict("records"), after.to_dict("records"), dates)]


def _same(x, y):
    if x is None or y is None or (isinstance(y, float) and math.isnan(y)):
        return x is None and (y is None or math.isnan(y))
    return abs(x - y) <= 1e-9


@pytest.mark.parametrize("case", list(CHANGE_MODELS))
def test_the_page_compares_exactly_as_change_py(case, browser, tmp_path):  # noqa: F811 - the fixtures imported above
    model, threshold, rule = CHANGE_MODELS[case]()
    path = tmp_path / "p.html"
    path.write_text(page_html(model, threshold=threshold, rule=rule), encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready=true]")
    pairs = _pairs(model, PAIRS, seed=len(case))
    got = page.evaluate("""(pairs) => pairs.map(([a, b, d]) => {
        const c = window.socialbizSelfcheck.compare(a, b, d, 'de');
        return [c, window.socialbizSelfcheck.compare(a, b, d, 'en').sentence];
    })""", pairs)
    page.close()
    mismatches, seen = [], {"up": 0, "down": 0, "one": 0, "none": 0, "undated": 0, "other": 0}
    for k, ((before, after, date), (js, english)) in enumerate(zip(pairs, got)):
        py = compare_assessments(before, after, model, previous_date=date, threshold=threshold, rule=rule)
        numbers = [js["stageBefore"] == py.stage_before, js["stageAfter"] == py.stage_after,
                   _same(js["indexBefore"], py.index_before), _same(js["indexAfter"], py.index_after),
                   len(js["fulfilmentBefore"]) == len(py.fulfilment_before) == model.n_stages,
                   all(_same(a, b) for a, b in zip(js["fulfilmentBefore"], py.fulfilment_before)),
                   all(_same(a, b) for a, b in zip(js["fulfilmentAfter"], py.fulfilment_after))]
        lists = [tuple(js["better"]) == py.better, tuple(js["worse"]) == py.worse,
                 tuple(js["notComparable"]) == py.not_comparable]
        words = [js["sentence"] == py.sentence(lang="de"), english == py.sentence(lang="en")]
        if not all(numbers + lists + words):
            mismatches.append((k, js, english, py, py.sentence(lang="de"), py.sentence(lang="en")))
        seen["up"] += py.stage_after > py.stage_before
        seen["down"] += py.stage_after < py.stage_before
        seen["one"] += len(py.better) == 1 or len(py.worse) == 1
        seen["none"] += not py.better and not py.worse
        seen["undated"] += date is None
        seen["other"] += bool(py.not_comparable)
    assert len(got) == PAIRS
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:2]}"
    # both directions, the singular, no change at all, the sentence without a date, statements not comparable
    assert all(v > 10 for v in seen.values()), seen


# ------------------------------------------------------------------ a person using it
def _history_of_two(page, model):
    """An earlier assessment (Erste GmbH, 12.10.2026) in the history and a current one (Zweite GmbH) in the form."""
    page.fill("#organisation", "Erste GmbH")
    page.fill("#date", "2026-10-12")
    for k, item in enumerate(model.item_ids):
        _answer(page, item, [1, 2, 3, 1][k % 4])
    page.click("#new")
    page.click("#confirm-yes")
    page.fill("#organisation", "Zweite GmbH")
    for k, item in enumerate(model.item_ids[:-2]):
        _answer(page, item, [2, 1, 3, 4][k % 4])
    page.check(f"#{model.item_ids[-2]}-none")


def _first(model):
    return {i: [1, 2, 3, 1][k % 4] for k, i in enumerate(model.item_ids)}


def _second(model):
    out = {i: [2, 1, 3, 4][k % 4] for k, i in enumerate(model.item_ids[:-2])}
    return {**out, model.item_ids[-2]: None, model.item_ids[-1]: None}


def test_an_entry_of_the_history_opens_again_and_nothing_is_lost(sealed):  # noqa: F811 - the fixtures imported above
    model = load_model("altimeter")
    s = sealed()
    page = s.open()
    _history_of_two(page, model)
    first_item = model.item_ids[0]
    entries = page.locator("#previous .history__item")
    assert entries.count() == 1 and "Erste GmbH" in entries.inner_text()
    button = entries.get_by_role("button", name="Öffnen: 12.10.2026, Erste GmbH", exact=False)
    button.click()
    # the current answers hold something: asked first, next to the history; cancelling changes nothing
    assert page.is_visible("#confirm") and page.evaluate("() => document.activeElement.id") == "confirm-text"
    assert "Erste GmbH (12.10.2026)" in page.inner_text("#confirm-text")
    assert page.evaluate("() => document.getElementById('previous').nextElementSibling.id") == "confirm"
    page.click("#confirm-no")
    assert page.input_value("#organisation") == "Zweite GmbH" and page.is_checked(f"#{first_item}-2")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')").startswith("Öffnen: 12.10.2026")
    button.click()
    page.click("#confirm-yes")
    # the earlier one is back in the form; the current one went into the history, not lost
    assert page.input_value("#organisation") == "Erste GmbH" and page.is_checked(f"#{first_item}-1")
    assert page.input_value("#date") == "2026-10-12"
    assert "Ihre vorigen Antworten liegen im Verlauf" in page.inner_text("#banner-text")
    assert entries.count() == 1 and "Zweite GmbH" in entries.inner_text()
    # a change in the opened one, then undo: the second is current again, the first back in the history with it
    _answer(page, model.item_ids[1], 4)
    page.click("#undo")
    assert page.input_value("#organisation") == "Zweite GmbH" and page.is_checked(f"#{first_item}-2")
    assert page.is_checked(f"#{model.item_ids[-2]}-none")
    assert entries.count() == 1 and "Erste GmbH" in entries.inner_text()
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    assert page.input_value("#organisation") == "Zweite GmbH"
    entries.get_by_role("button", name="Öffnen: 12.10.2026, Erste GmbH", exact=False).click()
    page.click("#confirm-yes")
    assert page.is_checked(f"#{model.item_ids[1]}-4")  # the change made before the undo was kept
    # an empty form is replaced without a question
    page.click("#new")
    page.click("#confirm-yes")
    assert entries.count() == 2
    entries.nth(1).get_by_role("button", name="Öffnen", exact=False).click()
    assert page.is_hidden("#confirm") and page.input_value("#organisation") == "Zweite GmbH"
    assert "Ihre vorigen Antworten" not in page.inner_text("#banner-text") and entries.count() == 1


def test_compare_with_a_loaded_csv_shows_then_and_now(sealed, tmp_path):  # noqa: F811 - the fixtures imported above
    import pandas as pd

    model = load_model("altimeter")
    s = sealed()
    page = s.open()
    page.fill("#organisation", "Zweite GmbH")
    now = _second(model)
    for item, value in now.items():
        if value is not None:
            _answer(page, item, value)
    page.check(f"#{model.item_ids[-2]}-none")
    then = _first(model)
    frame = pd.DataFrame([then], index=pd.Index(["erste"], name="assessment"), dtype=float)
    frame.insert(0, "organisation", "Erste GmbH")
    frame.insert(1, "date", "2026-10-12")
    page.set_input_files("#compare-upload", files=[{"name": "erste.csv", "mimeType": "text/csv",
                                                    "buffer": answers_csv(frame, model).encode("utf-8")}])
    page.wait_for_selector("#compare:not([hidden])")
    assert page.evaluate("() => document.activeElement.id") == "compare"
    change = compare_assessments(then, now, model, previous_date="2026-10-12")
    assert page.inner_text("#compare-sentence") == change.sentence(lang="de")
    assert change.sentence(lang="de").startswith("Seit dem 12.10.2026: ") and ", jetzt " in change.sentence(lang="de")
    assert "„erste.csv“" in page.inner_text("#compare-source") and "Erste GmbH (12.10.2026)" in page.inner_text("#compare-source")
    rows = page.eval_on_selector_all("#compare-body tr", "trs => trs.map(r => [...r.cells].map(c => c.textContent))")
    names = {s.number: s.name.de for s in model.stages}

    def stage(n):
        return f"Stufe {n} „{names[n]}“" if n else "keine Stufe"

    index = [f"Reifegrad-Index {ui.number(x, lang='de')}" for x in (change.index_before, change.index_after)]
    assert rows == [[stage(change.stage_before), stage(change.stage_after)], index]
    # each stage: two bars, each with its words (then and now), the share as text
    bars = page.locator("#compare-bars .cbars__row")
    assert bars.count() == model.n_stages
    for k, stage in enumerate(model.stages):
        text = bars.nth(k).inner_text()
        assert f"Stufe {stage.number}: {stage.name.de}" in text and "vorher" in text and "jetzt" in text
        assert _pct(change.fulfilment_before[k]) in text and _pct(change.fulfilment_after[k]) in text
    assert bars.locator(".bars__track[aria-hidden=true]").count() == 2 * model.n_stages
    # the statements whose answer changed: text, old -> new answer
    shown = page.eval_on_selector_all("#compare-changed li", "els => els.map(e => e.dataset.item)")
    assert shown == list(change.better + change.worse + change.not_comparable) and change.worse
    label = {p.value: p.label.de for p in model.scale}
    worse = page.inner_text(f"#compare-changed li[data-item={change.worse[0]}]")
    item = next(i for i in model.items if i.id == change.worse[0])
    assert item.text.de in worse and "schlechter" in worse
    assert f"vorher {label[then[item.id]]}, jetzt {label[now[item.id]]}" in worse
    other = page.inner_text(f"#compare-changed li[data-item={model.item_ids[-2]}]")
    assert "nicht vergleichbar" in other and f"vorher {label[then[model.item_ids[-2]]]}, jetzt weiß nicht / keine Angabe" in other
    # nothing of the current assessment changed; the comparison follows every answer
    assert page.input_value("#organisation") == "Zweite GmbH" and page.is_checked(f"#{model.item_ids[0]}-2")
    _answer(page, model.item_ids[0], 0)
    now[model.item_ids[0]] = 0
    assert page.inner_text("#compare-sentence") == compare_assessments(then, now, model,
                                                                       previous_date="2026-10-12").sentence(lang="de")
    # in English, word for word as well; kept over a reload
    page.click("#switch-lang")
    assert page.inner_text("#compare-sentence") == compare_assessments(then, now, model,
                                                                       previous_date="2026-10-12").sentence(lang="en")
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    assert page.is_visible("#compare") and page.inner_text("#compare-h") == "Then and now"
    page.click("#switch-lang")
    # printed with the report, without its buttons
    page.emulate_media(media="print")
    assert page.is_visible("#compare-sentence") and page.is_visible("#compare-bars") and page.is_hidden("#compare-end")
    page.pdf(path=str(tmp_path / "report.pdf"), format="A4")
    page.emulate_media(media="screen")
    # a file that is no answer file: named, and the comparison stays as it was
    page.set_input_files("#compare-upload", files=[{"name": "kaputt.csv", "mimeType": "text/csv",
                                                    "buffer": b"assessment,planning_1\nx,9\n"}])
    page.wait_for_selector("#compare-upload-error:not([hidden])")
    assert "kaputt.csv" in page.inner_text("#compare-upload-error") and page.is_hidden("#upload-error")
    assert "„erste.csv“" in page.inner_text("#compare-source")
    page.click("#compare-end")
    assert page.is_hidden("#compare") and page.evaluate("() => document.activeElement.id") == "result"
    assert s.blocked == [] and set(s.seen) == {s.url}


def _pct(x):
    """A share as the page writes it: whole percent, half up (page.js pct, as its own bars)."""
    return f"{math.floor(x * 100 + 0.5)}\u00a0%"


def _tab_to(page, test, limit=400):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(test):
            return
    raise AssertionError(f"Tab never reached {test}")


def test_keyboard_alone_compares_and_opens(sealed, tmp_path):  # noqa: F811 - the fixtures imported above
    model = load_model("altimeter")
    s = sealed()
    page = s.open()
    _history_of_two(page, model)
    page.focus("#switch-lang")
    _tab_to(page, "() => (document.activeElement.getAttribute('aria-label') || '').startsWith('Vergleichen mit:')")
    page.keyboard.press("Enter")
    assert page.is_visible("#compare") and page.evaluate("() => document.activeElement.id") == "compare"
    change = compare_assessments(_first(model), _second(model), model, previous_date="2026-10-12")
    assert page.inner_text("#compare-sentence") == change.sentence(lang="de")
    _tab_to(page, "() => (document.activeElement.getAttribute('aria-label') || '').startsWith('Öffnen:')")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.id") == "confirm-text"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "confirm-yes"
    page.keyboard.press("Enter")
    assert page.input_value("#organisation") == "Erste GmbH" and page.evaluate("() => document.activeElement.id") == "banner"
    # the comparison stays: now the opened one beside itself, nothing changed
    assert page.inner_text("#compare-sentence").endswith("0 Aussagen besser, 0 schlechter.")
    # the file field for a comparison, by keyboard: Space opens the file chooser
    import pandas as pd

    frame_csv = tmp_path / "zweite.csv"
    frame = pd.DataFrame([_second(model)], index=pd.Index(["zweite"], name="assessment"), dtype=float)
    frame.insert(0, "organisation", "Zweite GmbH")
    frame_csv.write_text(answers_csv(frame, model), encoding="utf-8")
    page.focus("#upload-pick")  # the page's button for the file field (the native control is hidden)
    _tab_to(page, "() => document.activeElement.id === 'compare-upload-pick'")
    # on a busy machine headless Chromium sometimes drops the first key press (see the seminar page's keyboard
    # test): the press is repeated (bounded), never replaced by a click
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(3):
        try:
            with page.expect_file_chooser(timeout=10_000) as chooser:
                page.keyboard.press("Space")
            break
        except PlaywrightTimeout:
            assert page.evaluate("() => document.activeElement.id") == "compare-upload-pick"
            if attempt == 2:
                raise
    chooser.value.set_files(str(frame_csv))
    page.wait_for_function("() => document.getElementById('compare-source').textContent.includes('zweite.csv')")
    back = compare_assessments(_second(model), _first(model), model)
    assert page.inner_text("#compare-sentence") == back.sentence(lang="de")
    assert back.sentence(lang="de").startswith("Seit der letzten Einschätzung: ")  # the file has no date
    _tab_to(page, "() => document.activeElement.id === 'compare-end'")
    page.keyboard.press("Enter")
    assert page.is_hidden("#compare") and page.evaluate("() => document.activeElement.id") == "result"


@pytest.mark.parametrize("width,scale", [(320, 1), (390, 1), (1280, 1), (640, 2)], ids=["320", "390", "1280", "1280-zoom200"])
def test_axe_finds_nothing_with_the_comparison_shown(sealed, width, scale):  # noqa: F811 - the fixtures imported above
    s = sealed(viewport={"width": width, "height": 800 if scale == 1 else 400}, device_scale_factor=scale)
    page = s.open()
    model = load_model("altimeter")
    _history_of_two(page, model)
    page.click("#previous .history__item button:nth-child(2)")
    assert page.is_visible("#compare") and page.locator("#compare-changed li").count() > 3
    found = {}
    for state in ("compare", "asking", "english"):
        if state == "asking":
            page.click("#previous .history__item button:nth-child(1)")
            assert page.is_visible("#confirm")
        if state == "english":
            page.click("#confirm-no")
            page.click("#switch-lang")
        violations = _axe(page)
        if violations:
            found[state] = violations
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{state} at {width} px scrolls sideways by {overflow} px"
    assert not found, found
