"""A person's path: private page, login form, private page, logout."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.attacks.harness import PASSWORD, USERNAME
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_login_then_logout_in_chromium(page: Page) -> None:
    page.goto("/private")
    assert page.url.endswith("/login?next=%2Fprivate")
    screenshot(page, "login.png")

    page.get_by_label("User name").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/private")
    assert page.locator("p.user strong").inner_text() == USERNAME
    screenshot(page, "private.png")

    page.locator("main").get_by_role("button", name="Log out", exact=True).click()
    page.wait_for_url("**/public")
    page.goto("/private")

    assert "/login?next=" in page.url


def test_wrong_password_shows_the_generic_message(page: Page) -> None:
    page.goto("/login")

    page.get_by_label("User name").fill(USERNAME)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()

    assert page.get_by_role("alert").inner_text() == "Wrong user name or password."
