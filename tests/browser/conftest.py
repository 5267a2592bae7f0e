"""Browser tests of the Import page (web/): the local stack in-process, Debian's chromium driven by Playwright.

Chromium comes from Debian (scripts/install-chromium.sh installs it when /usr/bin/chromium is missing);
Playwright only drives it: never run `playwright install`, which downloads a browser of its own.
"""

from pathlib import Path

import pytest

from local.stack import LocalStack
from local.template import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = ROOT / "test-output" / "screenshots"


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
def page(browser):
    """A fresh tab (own sessionStorage) that fails the test on any uncaught script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                  locale="en-US", timezone_id="UTC")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture
def shot():
    """shot(page, "01-sign-in") saves a full-page screenshot under test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(tab, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take
