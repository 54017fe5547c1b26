"""Screenshots of the built site in headless Chromium (to look at, not a test): build/site-screens/*.png.

Landing page (1280 and 390 px, German and English), a book page with an open solution, notebook 04 in JupyterLite
with the widget after running it, a self-check page. Usage: .venv/bin/python tools/build_site_screens.py [--skip-lite]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "site"))


def main(argv=None) -> int:
    import conftest as c
    import lite
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-lite", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "site-screens")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    site = c.SITE
    manifest = json.loads((site / "site.json").read_text())
    server = c.Server(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=c.CHROMIUM, args=c.ARGS)
        for width, height in ((1280, 900), (390, 844)):
            ctx = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
            guard = c.Guard(ctx)
            page = ctx.new_page()
            page.goto(server.base)
            page.screenshot(path=args.out / f"landing-de-{width}.png", full_page=True)
            page.goto(server.base + "en/index.html")
            page.screenshot(path=args.out / f"landing-en-{width}.png", full_page=True)
            for model in manifest["selfcheck_pages"][:1]:
                page.goto(f"{server.base}selbstcheck/{model}.html")
                page.wait_for_selector("fieldset")
                page.screenshot(path=args.out / f"selfcheck-{model}-{width}.png")
            # A book page with an open solution (or model answer).
            book = sorted((site / "book" / "notebooks").glob("*.html"))
            target = next((b for b in book if "Lösung anzeigen" in b.read_text() or "sbk-answer" in b.read_text()),
                          site / "book" / "notebooks" / "04_selbstcheck.html")
            page.goto(server.base + target.relative_to(site).as_posix())
            folded = page.locator("details.sbk-answer, details.hide").first
            if folded.count():
                folded.locator("summary").first.click()
                folded.scroll_into_view_if_needed()
                page.evaluate("window.scrollBy(0, -120)")
            page.screenshot(path=args.out / f"book-solution-{width}.png")
            print(f"{width}px: blocked {len(guard.blocked)}, console errors {guard.console_errors[:3]}")
            ctx.close()
        for width, height in (((1280, 900), (390, 844)) if not args.skip_lite else ()):
            ctx = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
            guard = c.Guard(ctx)
            page = ctx.new_page()
            lite.open_notebook(page, server.base, "04_selbstcheck.ipynb")
            lite.wait_for_kernel(page)
            print("notebook 04:", {k: v for k, v in lite.run_all(page).items() if k != "stderr"})
            lite.scroll_to_cell(page, "SelfCheck(")   # JupyterLab hides cells far from the viewport
            page.locator(".jp-OutputArea-output .sbk-form").first.wait_for(state="visible")
            page.screenshot(path=args.out / f"lite-04-widget-{width}.png")
            print(f"lite {width}px: blocked {len(guard.blocked)}")
            ctx.close()
        browser.close()
    server.close()
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
