"""Debian's Chromium driven by Playwright against a running demo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.attacks.harness import PASSWORD, ROOT, USERNAME, Demo, add_user, start_demo

CHROMIUM = "/usr/bin/chromium"
#: Headless, and nothing that reaches out to the network by itself.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = ROOT / "artifacts" / "browser"


@pytest.fixture(scope="package")
def browser_demo(
    mongo_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    state: Path = tmp_path_factory.mktemp("browser-demo")
    add_user(mongo_url, state, USERNAME, PASSWORD)
    demo = start_demo(mongo_url, state)
    yield demo
    demo.stop()


# Package scope: Playwright's sync API keeps an asyncio loop marked running
# while it is open, which would break the Tornado tests that run after these.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, browser_demo: Demo) -> Iterator[Page]:
    context = browser.new_context(base_url=f"http://127.0.0.1:{browser_demo.port}")
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path
