"""The teaching Lab's first screen in a real browser: notebook 00 opens at the printed address, every menu item is
German, no news pop-up, no nbgrader (headless Debian Chromium driven by Playwright).

The test starts JupyterLab from this environment (the lab extra; the test extras add nbgrader, which the kit's
settings must keep out) on 127.0.0.1 with ``tools/lab_settings.py`` applied as ``make lab`` applies it: the settings
overrides go to a temporary ``app_settings_dir`` and nbgrader is switched off in a temporary Jupyter config folder,
so the venv's own Lab settings stay as they are; the German pack's completion (data/jupyterlab_de.yaml) is written
into the installed pack as ``make lab`` does (it changes nothing in an English Lab). It walks every menu and
submenu of the menu bar with notebook 00 open, once in German and once in English (the same Lab, the language set
through the settings API), and fails on an item that reads the same in both languages or still carries English
words. Like the widget's browser test it runs in ``make test`` (about half a minute); on a machine without
Chromium it is skipped and says why; in CI (CI=true) it fails.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import lab_settings  # noqa: E402

CHROMIUM = os.environ.get("SOCIALBIZ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
IN_CI = os.environ.get("CI", "").lower() == "true"
TOKEN = "socialbiz-test"
# The Python whose JupyterLab is tested: this environment's (make test's .venv is make lab's), or another
# environment's with SOCIALBIZ_LAB_PYTHON=path/to/python.
LAB_PYTHON = os.environ.get("SOCIALBIZ_LAB_PYTHON") or sys.executable
START = "00_start.ipynb"
# Items that are the same word in German (names, file names, loan words the pack itself uses).
SAME_IN_GERMAN = {"Kernel", "Tabs", "Debugger", "Markdown", "Terminal", "Notebook", "JupyterLab", "Python",
                  "Jupyter-Forum", "Konsole", "Link", "Widgets", "Python 3 (ipykernel)", "HTML", "PDF", "LaTeX",
                  "Asciidoc", "Reveal.js Slides", "Qtpdf", "Qtpng", "Webpdf"}
# Help links the kernel itself sends (ipykernel's help_links, shown as sent; no translation reaches them): they lead
# to the English documentation they name. Editor theme names.
NAMES = {"Python Reference", "IPython Reference", "NumPy Reference", "SciPy Reference", "Matplotlib Reference",
         "SymPy Reference", "pandas Reference", "jupyter", "codemirror",
         # File > New > the ".py" file type's name, which JupyterLab registers before any language is loaded
         "Python File"}
# Submenus that list names, not words (programming languages, recently opened paths): their items are not checked.
NAME_LISTS = {"Text Editor Syntax Highlighting"}
# English words that give away an untranslated part of a label ("Kernel neu starten und Clear Outputs …").
ENGLISH = re.compile(r"\b(and|of|the|to|with|from|All|Cells?|Outputs?|Open|Close|Run|Selected|Show|Save|Clear|Above|"
                     r"Below|Paste|Move|Merge|Duplicate|Revert|Checkpoint|Recent|Brackets|Auto|Settings|Editor|"
                     r"Shortcuts|Reference|Panel|Sessions|Previous|Next|Activate|Bar|Theme|Highlighting|"
                     r"State|Automatically|Render|Side|Export|Shut|Down|Kernel Sessions|No Kernel)\b")


def _need(condition: bool, why: str):
    if not condition:
        if IN_CI:
            pytest.fail(f"{why} - in CI the browser test must run (.ci/run installs chromium)")
        pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    _need(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: install Debian's 'chromium' to run the browser test")
    pytest.importorskip("playwright")
    prefix = subprocess.run([LAB_PYTHON, "-c", "import sys, jupyterlab; print(sys.prefix)"], capture_output=True,
                            text=True).stdout.strip()
    _need(bool(prefix), f"no JupyterLab in {LAB_PYTHON}")
    work = tmp_path_factory.mktemp("lab_de")
    folder = work / "notebooks"
    folder.mkdir()
    shutil.copy(ROOT / "notebooks" / START, folder / START)
    # what make lab does: settings overrides (here in a temporary app settings folder), the pack completed,
    # nbgrader off (here in a temporary config folder)
    lab_settings.write_settings(work / "app_settings")
    if lab_settings.complete_pack(prefix) is None:
        pytest.fail("jupyterlab-language-pack-de-DE is not installed (the lab extra has it)")
    lab_settings.course_tools_off(work / "config")
    env = dict(os.environ, XDG_DATA_HOME=str(work / "data"), JUPYTER_PLATFORM_DIRS="1",
               JUPYTER_CONFIG_DIR=str(work / "config"), JUPYTER_RUNTIME_DIR=str(work / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(work / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"))
    port = _free_port()
    # the address make lab uses (Makefile LAB_START)
    start = re.search(r"^LAB_START\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    cmd = [LAB_PYTHON, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={folder}", f"--LabApp.default_url={start}",
           f"--LabApp.app_settings_dir={work / 'app_settings'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    with open(work / "lab.log", "w") as log:
        proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"JupyterLab stopped: {(work / 'lab.log').read_text()[-2000:]}")
                if time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start within 90 s")
                try:
                    with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2):
                        break
                except OSError:
                    time.sleep(0.3)
            yield url, work
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


_ITEMS = """() => {
  const menus = document.querySelectorAll('.lm-Menu');
  const menu = menus[menus.length - 1];
  return [...menu.querySelectorAll(':scope > .lm-Menu-content > .lm-Menu-item')]
    .filter(li => li.dataset.type !== 'separator' && !li.classList.contains('lm-mod-hidden'))
    .map(li => ({label: li.querySelector('.lm-Menu-itemLabel').textContent.trim(), type: li.dataset.type}));
}"""


def _walk(page, depth: int = 0) -> list[list[str]]:
    """Every item of the open (last) menu and of its submenus, as label paths."""
    found = []
    items = page.evaluate(_ITEMS)
    for i, item in enumerate(items):
        found.append([item["label"]])
        if item["type"] == "submenu" and depth < 2:
            count = page.locator(".lm-Menu").count()
            visible = page.locator(".lm-Menu").last.locator(
                ":scope > .lm-Menu-content > .lm-Menu-item:not(.lm-mod-hidden):not([data-type='separator'])")
            visible.nth(i).hover()
            try:
                page.wait_for_function(f"document.querySelectorAll('.lm-Menu').length > {count}", timeout=5000)
            except Exception:
                found.append([item["label"], "<submenu did not open>"])
                continue
            found += [[item["label"], *path] for path in _walk(page, depth + 1)]
            page.keyboard.press("Escape")
            page.wait_for_function(f"document.querySelectorAll('.lm-Menu').length === {count}", timeout=5000)
    return found


def _menus(page) -> list[list[str]]:
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.wait_for_timeout(1500)  # plugins add their menu items after the notebook is shown
    paths = []
    bar = page.locator("#jp-MainMenu .lm-MenuBar-item")
    for i in range(bar.count()):
        title = bar.nth(i).inner_text().strip()
        bar.nth(i).click()
        page.wait_for_selector(".lm-Menu")
        paths += [[title]] + [[title, *path] for path in _walk(page)]
        while page.locator(".lm-Menu").count():
            page.keyboard.press("Escape")
    return paths


def _set_locale(url: str, locale: str) -> None:
    body = json.dumps({"raw": json.dumps({"locale": locale})}).encode()
    req = urllib.request.Request(f"{url}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={TOKEN}",
                                 data=body, method="PUT", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status in (200, 204)


def _same_menu(en_path: list[str], de_menu: tuple, german: list, english: list) -> bool:
    """Whether an English item sits in the menu that is ``de_menu`` in German (menus matched by position)."""
    for depth in range(len(de_menu)):
        de_parent = [tuple(p) for p in german if len(p) == depth + 1 and tuple(p[:depth]) == de_menu[:depth]]
        en_parent = [tuple(p) for p in english if len(p) == depth + 1 and tuple(p[:depth]) == tuple(en_path[:depth])]
        index = de_parent.index(tuple(de_menu[:depth + 1]))
        if index >= len(en_parent) or en_parent[index] != tuple(en_path[:depth + 1]):
            return False
    return True


@pytest.fixture(scope="module")
def lab_menus(lab):
    """(address opened, German menu paths, English menu paths, text of the page, work folder)."""
    from playwright.sync_api import sync_playwright

    url, work = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="de-DE")
        page.set_default_timeout(60_000)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                   else route.abort())
        page.goto(f"{url}/?token={TOKEN}")  # what the printed address leads to
        german = _menus(page)
        opened = page.url
        page.wait_for_timeout(2000)  # a news question would have come by now
        page.screenshot(path=str(work / "lab_de.png"))
        text = page.evaluate("() => document.body.innerText + ' ' + [...document.querySelectorAll('[title]')]"
                             ".map(e => e.title).join(' ')")
        _set_locale(url, "en")
        page.goto(f"{url}/lab/tree/{START}?token={TOKEN}")
        english = _menus(page)
        browser.close()
    return opened, german, english, text, work


def test_the_printed_address_opens_notebook_00(lab_menus):
    opened = lab_menus[0]
    assert f"/lab/tree/{START}" in opened


def test_every_menu_item_is_german(lab_menus):
    _, german, english, _, work = lab_menus
    (work / "menus.json").write_text(json.dumps({"de": german, "en": english}, ensure_ascii=False, indent=0))
    assert german and english
    # one menu at a time: the same items in both languages, but for lists that change (recent files)
    english_of = {}
    for menu in {tuple(p[:-1]) for p in german}:
        de = [p for p in german if tuple(p[:-1]) == menu]
        en = [p for p in english if len(p) == len(menu) + 1 and _same_menu(p, menu, german, english)]
        if len(de) == len(en):
            english_of.update({tuple(d): e[-1] for d, e in zip(de, en, strict=True)})
    untranslated = []
    for de in german:
        label = de[-1]
        en_label = english_of.get(tuple(de))
        if label.endswith(".ipynb") or label == "<submenu did not open>" or label.startswith("/") or label in NAMES:
            continue
        parent = english_of.get(tuple(de[:-1]))
        if len(de) > 2 and parent in NAME_LISTS:
            continue
        if (label == en_label and label not in SAME_IN_GERMAN and re.search("[A-Za-z]", label)) or ENGLISH.search(label):
            untranslated.append(" > ".join(de))
    assert untranslated == [], ("English in the German Lab (add the text to data/jupyterlab_de.yaml):\n"
                                + "\n".join(untranslated))
    assert not any(p[-1] == "<submenu did not open>" for p in german)


def test_no_news_question_and_no_nbgrader(lab_menus):
    _, german, _, text, _ = lab_menus
    titles = {p[0] for p in german}
    assert {"Datei", "Bearbeiten", "Ausführen", "Kernel", "Einstellungen", "Hilfe"} <= titles
    assert not any("nbgrader" in t.lower() for t in titles)
    for english in ("Create Assignment", "Would you like to", "Jupyter news", "Nbgrader", "Formgrader"):
        assert english not in text
