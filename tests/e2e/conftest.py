"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Browsers cannot be downloaded here, so we launch /usr/bin/chromium (installed by the Makefile and
.ci/run). The flags keep Chromium from reaching the closed network.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop; Django must allow ORM use from the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page with a phone-ish viewport; `page.base_url` is the live server."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    # Anything the Content-Security-Policy blocked is a defect of the page, not of the policy.
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not blocked, blocked


@pytest.fixture
def axe_check():
    """Run axe-core on the page; fail on serious or critical violations, naming them."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        result = axe.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, "Accessibility violations:\n" + "\n".join(bad)
        return result

    return check
