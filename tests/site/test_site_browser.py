"""The built site in Chromium, served from 127.0.0.1 under a sub-path, every other request blocked and counted."""
from __future__ import annotations

import json

import lite
import pytest


def _clean(guard, what: str):
    assert guard.blocked == [], f"{what}: requests to other origins: {guard.blocked[:5]}"
    assert guard.http_errors == [], f"{what}: HTTP errors: {guard.http_errors[:5]}"
    assert guard.console_errors == [], f"{what}: console errors: {guard.console_errors[:5]}"


def test_landing_pages(server, context):
    page = context.new_page()
    for path, h1 in (("", "Kurs zu Reifegradmodellen"), ("en/index.html", "course on social business")):
        page.goto(server.base + path)
        assert h1 in page.locator("h1").inner_text()
        hrefs = page.eval_on_selector_all("main a", "els => els.map(e => e.href)")
        assert len(hrefs) >= 3
        for href in hrefs:
            assert href.startswith(server.base), href     # relative links stay under the sub-path
            assert context.request.get(href).ok, href
    _clean(context.guard, "landing pages")


def test_every_book_page_renders(server, site, context):
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "book").rglob("*.html")
                   if not p.relative_to(site / "book").parts[0].startswith("_"))   # _static holds templates
    assert len(pages) >= 8
    page = context.new_page()
    for rel in pages:
        page.goto(server.base + rel)
        page.wait_for_load_state("load")
        assert page.locator("main, article, body").first.inner_text().strip(), rel
        if rel.startswith("book/notebooks/") or rel.startswith("book/docs/"):
            link = page.locator(".sbk-open a")
            assert link.inner_text() == "Im Browser öffnen", rel
            href = link.get_attribute("href")
            assert context.request.get(page.url.rsplit("/", 1)[0] + "/" + href.split("?")[0]).ok, (rel, href)
    _clean(context.guard, "book pages")


def test_a_solution_opens(server, site, context):
    candidates = [p for p in sorted((site / "book").rglob("*.html"))
                  if "Lösung anzeigen" in p.read_text(encoding="utf-8") or "sbk-answer" in p.read_text(encoding="utf-8")]
    if not candidates:
        pytest.skip("no folded solution in the book yet (no notebook tags one)")
    page = context.new_page()
    page.goto(server.base + candidates[0].relative_to(site).as_posix())
    folded = page.locator("details.sbk-answer, details.hide, details.sd-dropdown").first
    assert folded.get_attribute("open") is None
    body = folded.locator(":scope > :not(summary)").first
    assert not body.is_visible()
    folded.locator("summary").first.click()
    assert folded.get_attribute("open") is not None
    assert body.is_visible()
    _clean(context.guard, "solution")


def test_self_check_pages(server, site, context):
    manifest = json.loads((site / "site.json").read_text())
    if not manifest["selfcheck_pages"]:
        pytest.skip("the self-check pages are not in this build ('socialbiz page' not on main yet)")
    page = context.new_page()
    for model in manifest["selfcheck_pages"]:
        page.goto(f"{server.base}selbstcheck/{model}.html")
        page.wait_for_selector("fieldset input[type=radio]")
        assert page.locator("fieldset").count() >= 5
    _clean(context.guard, "self-check pages")


@pytest.fixture(scope="module")
def lite_context(browser):
    """One browser profile for both notebooks (the second one starts from the HTTP cache, as for a student)."""
    from conftest import Guard

    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    ctx.guard = Guard(ctx)
    yield ctx
    ctx.close()


# JupyterLite asks for the listing of a folder that has no server-side contents; the 404 is expected and handled.
LITE_PROBE = "/lite/api/all.json"


@pytest.mark.parametrize("name", ["01_altimeter.ipynb", "04_selbstcheck.ipynb"])
def test_notebook_runs_in_jupyterlite(server, lite_context, name):
    context = lite_context
    page = context.new_page()
    lite.open_notebook(page, server.base, name)
    lite.wait_for_kernel(page)
    result = lite.run_all(page)
    assert result["errors"] == [], result
    assert result["executed"] == result["code"] > 0, result
    # Not asserted yet: matplotlib still rebuilds its font cache in the browser although the build ships one
    # (matplotlib/fontlist.json, see tools/build_site.py _fill_mpl_cache); open question.
    if name.startswith("04"):
        # The ipywidgets form renders as widgets (not as its text repr) ...
        page.wait_for_selector(".jp-OutputArea-output .widget-radio-box, .jp-OutputArea-output .jupyter-widgets")
        assert page.locator(".jp-OutputArea-output .jupyter-widgets").count() > 3
        assert not any("Exception opening new comm" in e for e in context.guard.console_errors)
        # ... and a sample organisation's stage there equals the Python scoring's.
        got = lite.execute(page, lite.STAGES_CODE)
        assert not got.startswith("ERROR"), got
        assert json.loads(got) == lite.python_stages()
    # JupyterLab's own table-of-contents panel logs errors while cells re-run, so console errors are not
    # asserted here; errors in the notebook's cells are (above), and so are other origins and HTTP errors.
    assert context.guard.blocked == [], context.guard.blocked[:5]
    assert [e for e in context.guard.http_errors if not e.endswith(LITE_PROBE)] == []
