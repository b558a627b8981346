"""The consent banner: accepting gives a visitor a session, declining removes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.attacks.harness import CONSENT, COOKIE

pytestmark = pytest.mark.browser


def _cookies(page: Page) -> dict[str, str]:
    return {c["name"]: c["value"] for c in page.context.cookies()}


def test_banner_accept_then_decline(page: Page) -> None:
    page.goto("/public")
    banner = page.get_by_role("complementary", name="Cookie choice")
    assert banner.is_visible()
    assert COOKIE not in _cookies(page)

    banner.get_by_role("button", name="Accept").click()
    page.wait_for_url("**/public")
    accepted = _cookies(page)
    assert accepted.get(CONSENT) == "yes"
    assert COOKIE in accepted
    assert page.get_by_role("complementary", name="Cookie choice").count() == 0

    page.goto("/consent")
    page.locator("main").get_by_role("button", name="Decline").click()
    page.wait_for_url("**/")
    page.goto("/public")
    declined = _cookies(page)

    assert declined.get(CONSENT) == "no"
    assert COOKIE not in declined
