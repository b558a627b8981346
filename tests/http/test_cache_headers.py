"""Behaviour 9: responses that read or set a session are private and vary."""

from __future__ import annotations

import pytest
from tornado.httpclient import HTTPResponse

from tests.http.conftest import SiteFactory
from tests.http.helpers import login


def _vary(response: HTTPResponse) -> set[str]:
    values = response.headers.get_list("Vary")
    return {part.strip().lower() for value in values for part in value.split(",")}


def _assert_private(response: HTTPResponse) -> None:
    assert response.headers.get_list("Cache-Control") == ["private, no-store"]
    assert "cookie" in _vary(response)


@pytest.mark.gen_test
async def test_response_reading_session_is_private_and_varies_on_cookie(
    site: SiteFactory,
) -> None:
    made = site()
    cookie = await login(made)

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200
    _assert_private(response)


@pytest.mark.gen_test
async def test_response_setting_session_is_private_and_varies_on_cookie(
    site: SiteFactory,
) -> None:
    made = site()

    response = await made.client.fetch("/data?k=a&v=1", "POST")

    assert response.headers.get("Set-Cookie")
    _assert_private(response)


@pytest.mark.gen_test
async def test_login_redirect_is_private_and_varies_on_cookie(
    site: SiteFactory,
) -> None:
    made = site()

    response = await made.client.fetch("/login", "POST", form={"user": "alice"})

    assert response.code == 302
    _assert_private(response)


@pytest.mark.gen_test
async def test_logout_response_is_private_and_varies_on_cookie(
    site: SiteFactory,
) -> None:
    made = site()
    cookie = await login(made)

    response = await made.client.fetch("/logout", "POST", cookie=cookie)

    _assert_private(response)


@pytest.mark.gen_test
async def test_response_clearing_invalid_cookie_is_private(site: SiteFactory) -> None:
    made = site()

    response = await made.client.fetch("/public", cookie="_si=garbage")

    _assert_private(response)


@pytest.mark.gen_test
async def test_response_of_header_session_varies_on_session_header(
    site: SiteFactory,
) -> None:
    made = site()
    response = await made.client.fetch("/api/login", "POST", json_body={"user": "a"})
    token = response.headers["X-Session-Id"]

    read = await made.client.fetch("/private", headers={"X-Session-Id": token})

    assert read.code == 200
    _assert_private(read)
    assert "x-session-id" in _vary(read)


@pytest.mark.gen_test
async def test_response_without_session_needs_no_cache_headers(
    site: SiteFactory,
) -> None:
    made = site()

    response = await made.client.fetch("/public")

    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "cookie" not in _vary(response)
