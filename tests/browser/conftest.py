"""Browser tests of the Import page (web/): the local stack in-process, Debian's chromium driven by Playwright.

Chromium comes from Debian (scripts/install-chromium.sh installs it when /usr/bin/chromium is missing);
Playwright only drives it: never run `playwright install`, which downloads a browser of its own.
"""

import json
import os
from pathlib import Path

import pytest

from local.stack import LocalStack
from local.template import ROOT
from tests.browser.page_checks import axe_violations, no_sideways_scroll

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
# `make screenshots` sets this to docs/screenshots, where the README's pictures of each step live.
STEP_SCREENSHOTS = ROOT / os.environ.get("STEP_SCREENSHOTS", SCREENSHOTS / "steps")


@pytest.fixture(scope="session")
def stack():
    """The local stack as `make dev` runs it, on a free port (its page's origin is allowed by the bucket's CORS).
    One for the session, as in tests/e2e: the handlers keep their clients, so a second stack in one process
    cannot start. A test leaves no import waiting for its file behind, or the page would keep polling."""
    running = LocalStack(port=0, log_level="WARNING").start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_tab(browser):
    """open_tab(viewport) -> a fresh tab (own sessionStorage) of that size; the test fails on any uncaught
    script error in one of them."""
    contexts, errors = [], []

    def open_one(viewport: dict):
        context = browser.new_context(viewport=viewport, accept_downloads=True, locale="en-US", timezone_id="UTC")
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        return tab

    yield open_one
    for context in contexts:
        context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture
def page(open_tab):
    return open_tab({"width": 1280, "height": 900})


@pytest.fixture
def check_step():
    """check_step(tab, step): on the page as it stands at this step, axe-core finds no violation that is
    moderate, serious or critical and the page does not scroll sideways; saves the step's screenshot as
    <step>-<width>.png."""
    STEP_SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def check(tab, step: str) -> None:
        width = tab.viewport_size["width"]
        found = axe_violations(tab)
        if found:
            print(json.dumps(found, indent=2))
        assert found == [], f"axe-core at step {step}, {width} px: {[v['id'] for v in found]}"
        scroll = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert no_sideways_scroll(tab), f"the page scrolls sideways at step {step}: {scroll} ({width} px)"
        tab.screenshot(path=str(STEP_SCREENSHOTS / f"{step}-{width}.png"), full_page=True,
                       animations="disabled", caret="hide")

    return check


@pytest.fixture
def shot():
    """shot(page, "01-sign-in") saves a full-page screenshot under test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(tab, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take
