"""Fixtures for the static-site tests (`make test-site`): the built site served from 127.0.0.1 under a
sub-path, and Chromium with every request outside 127.0.0.1 blocked and counted.

These tests are slow (they start Pyodide), so `make test` skips this folder; `make test-site` sets
SOCIALBIZ_SITE_TESTS=1. They test the folder `make site` built (SOCIALBIZ_SITE, default build/site).

A run tests one edition of the site, the student's (what `make site` builds and what is published) unless
SOCIALBIZ_SITE_EDITION=lecturer says the lecturer's (`make test-site-lecturer`, default folder build/site-lecturer).
The run decides, not the site: a site whose manifest (site.json) names another edition fails every test, so a
lecturer's build in the student's place cannot pass by skipping what the student site must keep out. A test
of what only one edition has is marked ``@pytest.mark.edition("student")`` (or "lecturer") and is skipped, with
that reason, in a run of the other; a test that holds for both with different contents asks the ``edition``
fixture.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
EDITIONS = ("student", "lecturer")
MAKE_SITE = {"student": "site", "lecturer": "site-lecturer"}
EDITION = os.environ.get("SOCIALBIZ_SITE_EDITION") or "student"
SITE = Path(os.environ.get("SOCIALBIZ_SITE")
            or ROOT / "build" / ("site" if EDITION == "student" else f"site-{EDITION}")).resolve()
PREFIX = "/socialbiz-kit/"   # as on GitHub Pages: https://<owner>.github.io/<repo>/
CHROMIUM = os.environ.get("SOCIALBIZ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_ignore_collect(collection_path, config):
    return not os.environ.get("SOCIALBIZ_SITE_TESTS")


def pytest_configure(config):
    if EDITION not in EDITIONS:
        raise pytest.UsageError(f"SOCIALBIZ_SITE_EDITION={EDITION!r}: one of {', '.join(EDITIONS)}")
    config.addinivalue_line("markers", "edition(name): checks what only that edition of the site has (student or "
                                       "lecturer); skipped in a run that tests the other (SOCIALBIZ_SITE_EDITION)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        marker = item.get_closest_marker("edition")
        if marker is None:
            continue
        wanted = marker.args[0] if marker.args else None
        if wanted not in EDITIONS:
            raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.edition({wanted!r}), one of {', '.join(EDITIONS)}")
        if wanted != EDITION:
            item.add_marker(pytest.mark.skip(reason=f"only the {wanted} site has it; this run tests the {EDITION} "
                                                    "site (SOCIALBIZ_SITE_EDITION)"))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files under PREFIX only (anything else is 404, as on a project page)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                      ".json": "application/json", ".whl": "application/octet-stream"}

    def translate_path(self, path):
        p = urlsplit(path).path
        if not p.startswith(PREFIX):
            return str(SITE / "__outside_the_sub_path__")
        return super().translate_path("/" + p[len(PREFIX):])

    def end_headers(self):
        # As GitHub Pages does: browsers may reuse a file for 10 minutes (the "warm" visit of make bench).
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def copyfile(self, source, outputfile):
        n = 0
        while block := source.read(1 << 16):
            outputfile.write(block)
            n += len(block)
        self.server.sent_bytes += n
        self.server.sent_files += 1

    def do_GET(self):
        p = urlsplit(self.path).path
        if self.server.expose_app and p.endswith("/jupyter-lite.json") and p.startswith(PREFIX):
            # For make bench (no request routing, which would switch off Chromium's HTTP cache): let the
            # benchmark reach JupyterLite's app object (window.jupyterapp), as Guard does for the tests.
            path = Path(self.translate_path(self.path))
            if path.is_file():
                data = json.loads(path.read_text())
                data.setdefault("jupyter-config-data", {})["exposeAppInBrowser"] = "true"
                body = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.server.sent_bytes += len(body)
                self.server.sent_files += 1
                return
        super().do_GET()

    def send_error(self, code, message=None, explain=None):
        self.server.errors.append(f"{code} {self.path}")    # also what the Pyodide worker asked for
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


class Server:
    def __init__(self, directory: Path, expose_app: bool = False):
        handler = functools.partial(_Handler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.sent_bytes = 0     # bytes of file bodies served (all tabs and workers)
        self.httpd.sent_files = 0
        self.httpd.expose_app = expose_app
        self.httpd.errors = []        # "404 /path" of every request the server could not answer
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}{PREFIX}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _need(condition: bool, why: str):
    if not condition:
        if IN_CI:
            pytest.fail(why)
        pytest.skip(why)


@pytest.fixture(scope="session")
def site() -> Path:
    _need((SITE / "site.json").exists(), f"no built site at {SITE}: run 'make {MAKE_SITE[EDITION]}' first")
    built = json.loads((SITE / "site.json").read_text()).get("edition")
    if built != EDITION:
        pytest.fail(f"{SITE} is the {built} edition of the site, but this run tests the {EDITION} edition "
                    f"(SOCIALBIZ_SITE_EDITION={EDITION}); 'make test-site' tests the student's site, "
                    "'make test-site-lecturer' the lecturer's")
    return SITE


@pytest.fixture(scope="session")
def edition(site) -> str:
    """The edition this run tests, "student" or "lecturer" (the site's manifest names the same, see ``site``)."""
    return EDITION


@pytest.fixture(scope="session")
def server(site):
    s = Server(site)
    yield s
    s.close()


@pytest.fixture(scope="session")
def browser():
    _need(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Guard:
    """Blocks and counts every request that does not go to 127.0.0.1; collects console errors and HTTP errors."""

    def __init__(self, context):
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        self.http_errors: list[str] = []
        self.bytes = 0
        self.requests = 0
        context.route("**/*", self._route)
        context.on("page", self.watch)

    def _route(self, route):
        url = route.request.url
        host = urlsplit(url).hostname
        if host == "127.0.0.1" and urlsplit(url).path.endswith("/jupyter-lite.json"):
            # Let the test reach JupyterLite's app object (window.jupyterapp); the site itself does not expose it.
            resp = route.fetch()
            data = json.loads(resp.text())
            data.setdefault("jupyter-config-data", {})["exposeAppInBrowser"] = "true"
            route.fulfill(response=resp, body=json.dumps(data))
        elif url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def watch(self, page):
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console_errors.append(f"pageerror: {e}"))
        page.on("response", self._response)

    def _response(self, resp):
        self.requests += 1
        if resp.status >= 400:
            self.http_errors.append(f"{resp.status} {resp.url}")


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    guard = Guard(ctx)
    ctx.guard = guard
    yield ctx
    ctx.close()
