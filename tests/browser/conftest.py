"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server, on the reference dataset and the demo articles.

Without /usr/bin/chromium they are skipped, unless TRACKER_REQUIRE_BROWSER=1 (CI) makes a
missing browser a failure. Screenshots go to test-artifacts/screenshots/ under the repository.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django would then refuse the ORM
# calls the fixtures make ("SynchronousOnlyOperation"). They are synchronous in fact.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "test-artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-core)"
    if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"TRACKER_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    _require_browser()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SHOTS.relative_to(REPO)}/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db, live_server):
    """The live server's URL, with the reference data and the demo articles loaded."""
    if (REPO / "fixtures" / "reference.json").exists():
        call_command("load_reference", verbosity=0)
    if (REPO / "fixtures" / "demo").is_dir():
        call_command("ingest", str(REPO / "fixtures" / "demo"), verbosity=0)
    return live_server.url


def _open(chromium, viewport, language):
    context = chromium.new_context(viewport=viewport, locale=language,
                                   extra_http_headers={"Accept-Language": language})
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(chromium):
    """A desktop-sized tab whose browser asks for English."""
    context, tab = _open(chromium, DESKTOP, "en")
    yield tab
    context.close()


@pytest.fixture
def phone(chromium):
    """A phone-sized tab whose browser asks for Hindi."""
    context, tab = _open(chromium, PHONE, "hi")
    yield tab
    context.close()


@pytest.fixture
def shoot(request):
    """shoot(tab, name): a full-page screenshot named after the test."""
    def take(tab, name):
        tab.screenshot(path=str(SHOTS / f"{request.node.name}-{name}.png"), full_page=True)
    return take
