"""The Voilà app in a real browser (headless Debian Chromium driven by Playwright).

On a machine without Chromium the test is skipped and says why; in CI (CI=true) a missing
browser fails the run instead, because there the browser test must run.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "notebooks" / "app" / "selbstcheck.ipynb"
CHROMIUM = os.environ.get("SOCIALBIZ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
IN_CI = os.environ.get("CI", "").lower() == "true"


def _need(condition: bool, why: str):
    if not condition:
        if IN_CI:
            pytest.fail(f"{why} - in CI the browser test must run (.ci/run installs Debian's chromium)")
        pytest.skip(why)


@pytest.fixture(scope="module")
def browser():
    _need(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: install Debian's 'chromium' to run the browser test")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in the test extras
        _need(False, "the Python package 'playwright' is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    port = _free_port()
    data = tmp_path_factory.mktemp("appdata")
    env = dict(os.environ, XDG_DATA_HOME=str(data), JUPYTER_PLATFORM_DIRS="1")
    voila = Path(sys.executable).parent / "voila"
    log = open(data / "voila.log", "w")  # noqa: SIM115 - closed when the server stops
    proc = subprocess.Popen([str(voila), str(APP), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"Voilà stopped: {(data / 'voila.log').read_text()[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("Voilà did not start within 60 s")
    yield f"http://127.0.0.1:{port}/", data
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_self_check_in_the_browser(browser, app_url, tmp_path):
    url, data = app_url
    page = browser.new_page(accept_downloads=True)
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_selector(".sbk-result .sbk-stage")
    body = page.inner_text("body")
    assert "Selbstcheck" in body and "keine Stufe erreicht" in body          # German by default
    assert "import" not in body and "SelfCheck(" not in body                  # no code visible

    # a sample organisation: the jagged law firm stays on stage 2 (gated)
    page.select_option(".sbk-company select", label="Kanzlei Berger & Partner")
    page.wait_for_selector('.sbk-result [data-stage="2"]')
    assert page.input_value(".sbk-organisation input") == "Kanzlei Berger & Partner"

    # answering the engagement statements fully lifts it to stage 4, with stage 4's next steps
    from socialbiz_kit import load_model

    alt = load_model("altimeter")
    for item in alt.stage(3).items:
        page.select_option(f".sbk-item-{item.id} select", label="4 – trifft voll zu")
    page.wait_for_selector('.sbk-result [data-stage="4"]')
    first_step = alt.stage(4).recommendations[0].text
    assert first_step.de in page.inner_text(".sbk-result")

    # the English switch keeps the answers
    page.click('.sbk-lang button:has-text("English")')
    page.wait_for_selector('.sbk-result :text("Stage reached")')
    result = page.inner_text(".sbk-result")
    assert "4 Formalized" in result and first_step.en in result

    # the report downloads and shows the same result
    page.click("button.sbk-make-report")
    page.wait_for_selector("a.sbk-report-link")
    with page.expect_download() as download:
        page.click("a.sbk-report-link")
    report = tmp_path / download.value.suggested_filename
    download.value.save_as(report)
    text = report.read_text(encoding="utf-8")
    assert report.suffix == ".html" and "Kanzlei Berger &amp; Partner" in text and "Stage reached: 4 Formalized" in text

    # the answers download as CSV
    with page.expect_download() as csv_download:
        page.click("a.sbk-csv-link")
    csv_path = tmp_path / csv_download.value.suggested_filename
    csv_download.value.save_as(csv_path)
    assert csv_path.read_text(encoding="utf-8").startswith("assessment,organisation,")

    # a broken upload shows a message on the page, not a traceback, and loses nothing
    with page.expect_file_chooser() as chooser:
        page.click("button.sbk-upload")
    chooser.value.set_files(files=[{"name": "kaputt.csv", "mimeType": "text/csv",
                                    "buffer": b"assessment,planning_1\nx,9\n"}])
    page.wait_for_selector(".sbk-message .sbk-msg-err")
    message = page.inner_text(".sbk-message")
    assert "kaputt.csv" in message and "row 2" in message and "Traceback" not in page.inner_text("body")
    assert page.get_attribute(".sbk-result .sbk-stage", "data-stage") == "4"

    # a saved answers file can be uploaded to continue
    with page.expect_file_chooser() as chooser:
        page.click("button.sbk-upload")
    chooser.value.set_files(str(csv_path))
    page.wait_for_selector('.sbk-message .sbk-msg-ok')
    assert page.get_attribute(".sbk-result .sbk-stage", "data-stage") == "4"
    page.close()


def test_downloaded_report_opens_without_network(browser, tmp_path):
    from socialbiz_kit.datasets import load_dataset
    from socialbiz_kit.report import write_report

    path = write_report(tmp_path / "r.html", load_dataset("sample_answers_altimeter").loc[["bodensee"]], "altimeter")
    context = browser.new_context(offline=True)
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.goto(path.as_uri())
    assert "5 Strategisch" in page.inner_text("#stage")
    assert page.evaluate("() => document.querySelector('img').naturalWidth") > 100   # the chart rendered
    assert all(u.startswith(("file:", "data:")) for u in requested), requested
    context.close()
