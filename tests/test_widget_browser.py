"""The notebook self-check in JupyterLab, in a real browser (headless Debian Chromium driven by Playwright).

The test starts JupyterLab on 127.0.0.1 on a free port (a copy of notebook 04 in a temporary folder,
so nothing in the repository changes), runs the notebook, uses the form with mouse clicks, and runs
axe-core on the self-check widget's own DOM subtree (JupyterLab's chrome is not the kit's).
On a machine without Chromium or axe-core the test is skipped and says why; in CI (CI=true) it fails.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "04_selbstcheck.ipynb"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("SOCIALBIZ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
IN_CI = os.environ.get("CI", "").lower() == "true"
TOKEN = "socialbiz-test"
# The rules the issue names: every control has a name, and ARIA is used correctly.
NAMED_RULES = ("select-name", "label")


def _need(condition: bool, why: str):
    if not condition:
        if IN_CI:
            pytest.fail(f"{why} - in CI the browser test must run (.ci/run installs chromium; make test runs npm ci)")
        pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    _need(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: install Debian's 'chromium' to run the browser test")
    _need(AXE.exists(), "axe-core is missing: run 'npm ci' (make test does)")
    pytest.importorskip("playwright")
    work = tmp_path_factory.mktemp("lab")
    folder = work / "notebooks"
    folder.mkdir()
    shutil.copy(NOTEBOOK, folder / NOTEBOOK.name)
    env = dict(os.environ, XDG_DATA_HOME=str(work / "data"), JUPYTER_PLATFORM_DIRS="1",
               JUPYTER_CONFIG_DIR=str(work / "config"), JUPYTER_RUNTIME_DIR=str(work / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(work / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"))
    # every cell stays in the page (JupyterLab 4 otherwise leaves cells out of view unrendered)
    settings = work / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    # English menus (the test clicks "Run"), also in a venv that make lab switched to German (tools/lab_settings.py)
    language = work / "settings" / "@jupyterlab" / "translation-extension"
    language.mkdir(parents=True)
    (language / "plugin.jupyterlab-settings").write_text(json.dumps({"locale": "en"}), encoding="utf-8")
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={folder}", "--ServerApp.open_browser=False",
           "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    with open(work / "lab.log", "w") as log:
        proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield _wait_for(proc, f"http://127.0.0.1:{port}", work), work
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_for(proc, url: str, work: Path) -> str:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab stopped: {(work / 'lab.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2) as r:
                if r.status == 200:
                    return url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("JupyterLab did not start within 90 s")


def _wait_for_kernel(url: str) -> None:
    """Until the notebook's kernel is started, connected and idle (JupyterLab's own indicator says idle too early)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{url}/api/kernels?token={TOKEN}", timeout=5) as r:
            kernels = json.loads(r.read())
        if kernels and all(k["execution_state"] == "idle" and k["connections"] > 0 for k in kernels):
            return
        time.sleep(0.5)


@pytest.fixture(scope="module")
def form(lab):
    """Notebook 04 opened and run in JupyterLab; yields the page with the self-check widget on it."""
    from playwright.sync_api import sync_playwright

    url, work = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(90_000)
        outside = []
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                   else (outside.append(route.request.url), route.abort()))
        page.goto(f"{url}/lab/tree/{NOTEBOOK.name}?token={TOKEN}")
        page.wait_for_selector(".jp-Notebook .jp-Cell")
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", state="attached")
        page.screenshot(path=str(work / "opened.png"))
        _wait_for_kernel(url)
        for attempt in range(3):  # on a busy machine a first "Run All" can come before the kernel listens
            page.locator(".jp-Notebook").first.click()
            page.click(".lm-MenuBar-itemLabel:text-is('Run')")        # JupyterLab's menu
            page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
            try:
                page.wait_for_selector(".sbk-form .sbk-result [data-stage]", timeout=150_000, state="attached")
                break
            except Exception:
                page.screenshot(path=str(work / f"after_run_{attempt}.png"))
                if attempt == 2:
                    raise
        # the notebook's last cells change the form from code: wait until the kernel is done
        page.wait_for_function("() => [...document.querySelectorAll('.jp-InputArea-prompt')]"
                               ".every(p => !p.textContent.includes('*'))", timeout=120_000)
        page.locator(".sbk-form").scroll_into_view_if_needed()
        yield page, work, outside
        browser.close()


def test_the_form_works_with_clicks_in_jupyterlab(form):
    page, work, outside = form
    widget = page.locator(".sbk-form")
    widget.scroll_into_view_if_needed()
    # the notebook's own cells answered stage 3 for Modehaus Lindner: the form shows what the session says
    stage = page.get_attribute(".sbk-form .sbk-result .sbk-stage", "data-stage")
    assert stage is not None and "Selbstcheck" in widget.inner_text()
    assert "Erreichte Stufe" in page.inner_text(".sbk-form .sbk-announce [role=status]")
    # one click on a radio button answers a statement (the label names the scale point)
    item = page.locator(".sbk-item-planning_1")
    item.locator("label", has_text="0 – ").first.click()
    page.wait_for_function("() => document.querySelector('.sbk-item-planning_1 input:checked')?.value === '0'")
    # choosing another sample now asks first; nothing is replaced until the answer is yes
    page.select_option(".sbk-company select", label="Kanzlei Berger & Partner")
    page.wait_for_selector(".sbk-confirm button.sbk-confirm-yes:visible")
    assert "Kanzlei Berger & Partner" in page.inner_text(".sbk-confirm")
    page.click(".sbk-confirm button.sbk-confirm-yes")
    page.wait_for_selector('.sbk-form .sbk-result [data-stage="4"]')  # Berger: stage 4 over an open stage 3
    page.click("button.sbk-undo")                                    # one click brings the answers back
    page.wait_for_function("() => document.querySelector('.sbk-organisation input').value === 'Modehaus Lindner'")
    page.wait_for_function("() => document.querySelector('.sbk-item-planning_1 input:checked')?.value === '0'")
    # the report link always holds the current answers
    href = page.get_attribute(".sbk-form a.sbk-report-link", "href")
    assert href.startswith("data:text/html;base64,")
    widget.screenshot(path=str(work / "widget_1280.png"))
    if os.environ.get("SOCIALBIZ_SHOTS"):  # a folder to keep the screenshot in, for looking at it
        shutil.copy(work / "widget_1280.png", Path(os.environ["SOCIALBIZ_SHOTS"]) / "widget_1280.png")
    assert outside == [], outside


def test_axe_finds_no_unnamed_control_and_no_aria_misuse_in_the_widget(form):
    page, work, _ = form
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async () => JSON.stringify(await axe.run(document.querySelector('.sbk-form'), {resultTypes: ['violations']}))")
    violations = json.loads(results)["violations"]
    (work / "axe.json").write_text(json.dumps(violations, indent=1), encoding="utf-8")
    named = [v for v in violations if v["id"] in NAMED_RULES or v["id"].startswith("aria-")]
    report = [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"]) for v in named]
    assert not named, report
    others = sorted({v["id"] for v in violations})
    print("axe-core: other rules with findings in the widget:", others or "none")
