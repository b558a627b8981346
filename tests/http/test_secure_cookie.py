"""The Secure attribute: automatic under HTTPS, trusted proxies only, or forced."""

from __future__ import annotations

import pytest

from tests.http.conftest import SiteFactory
from tests.http.harness import cookie_named, jar
from tests.http.helpers import login

HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.mark.gen_test
async def test_cookie_is_secure_under_https_behind_trusted_proxy(
    site: SiteFactory,
) -> None:
    made = site(xheaders=True)

    response = await made.client.fetch(
        "/login", "POST", form={"user": "alice"}, headers=HTTPS
    )

    assert "secure" in cookie_named(response, "_si").flags


@pytest.mark.gen_test
async def test_cleared_cookie_is_secure_under_https_behind_trusted_proxy(
    site: SiteFactory,
) -> None:
    made = site(xheaders=True)
    cookie = await login(made)

    response = await made.client.fetch("/logout", "POST", cookie=cookie, headers=HTTPS)

    cleared = cookie_named(response, "_si")
    assert cleared.cleared
    assert "secure" in cleared.flags


@pytest.mark.gen_test
async def test_forwarded_proto_is_ignored_without_xheaders(site: SiteFactory) -> None:
    made = site(xheaders=False)

    response = await made.client.fetch(
        "/login", "POST", form={"user": "alice"}, headers=HTTPS
    )

    assert "secure" not in cookie_named(response, "_si").flags


@pytest.mark.gen_test
async def test_cookie_is_not_secure_over_plain_http(site: SiteFactory) -> None:
    made = site(xheaders=True)

    response = await made.client.fetch("/login", "POST", form={"user": "alice"})

    assert "secure" not in cookie_named(response, "_si").flags


@pytest.mark.gen_test
async def test_secure_true_forces_secure_over_plain_http(site: SiteFactory) -> None:
    made = site(secure=True)

    response = await made.client.fetch("/login", "POST", form={"user": "alice"})

    assert "secure" in cookie_named(response, "_si").flags


@pytest.mark.gen_test
async def test_secure_false_leaves_secure_off_under_https(site: SiteFactory) -> None:
    made = site(secure=False, xheaders=True)

    response = await made.client.fetch(
        "/login", "POST", form={"user": "alice"}, headers=HTTPS
    )

    assert "secure" not in cookie_named(response, "_si").flags


@pytest.mark.gen_test
async def test_host_prefixed_cookie_is_secure_on_root_path_without_domain(
    site: SiteFactory,
) -> None:
    made = site(cookie_name="__Host-si", secure=True, xheaders=True)

    response = await made.client.fetch(
        "/login", "POST", form={"user": "alice"}, headers=HTTPS
    )

    cookie = cookie_named(response, "__Host-si")
    assert cookie.value
    assert cookie.flags == {"secure", "httponly"}
    assert cookie.attrs == {"path": "/", "samesite": "Lax"}


@pytest.mark.gen_test
async def test_host_prefixed_cookie_carries_the_session(site: SiteFactory) -> None:
    made = site(cookie_name="__Host-si", secure=True, xheaders=True)
    signed_in = await made.client.fetch(
        "/login", "POST", form={"user": "alice"}, headers=HTTPS
    )

    response = await made.client.fetch(
        "/private", cookie=jar(signed_in, "__Host-si"), headers=HTTPS
    )

    assert response.code == 200
    assert b'"user": "alice"' in response.body


@pytest.mark.gen_test
async def test_host_prefixed_cookie_is_cleared_secure_on_root_path(
    site: SiteFactory,
) -> None:
    made = site(cookie_name="__Host-si", secure=True, xheaders=True)
    signed_in = await made.client.fetch(
        "/login", "POST", form={"user": "alice"}, headers=HTTPS
    )

    response = await made.client.fetch(
        "/logout", "POST", cookie=jar(signed_in, "__Host-si"), headers=HTTPS
    )

    cleared = cookie_named(response, "__Host-si")
    assert cleared.cleared
    assert cleared.flags == {"secure", "httponly"}
    assert cleared.attrs.keys() - {"max-age"} == {"path", "samesite", "expires"}
    assert cleared.attrs["path"] == "/"


@pytest.mark.gen_test
async def test_secure_prefixed_cookie_is_secure_with_its_path_and_domain(
    site: SiteFactory,
) -> None:
    made = site(
        cookie_name="__Secure-si",
        secure=True,
        cookie_path="/app",
        cookie_domain="example.test",
        xheaders=True,
    )

    response = await made.client.fetch(
        "/login", "POST", form={"user": "alice"}, headers=HTTPS
    )

    cookie = cookie_named(response, "__Secure-si")
    assert cookie.value
    assert cookie.flags == {"secure", "httponly"}
    assert cookie.attrs == {"path": "/app", "domain": "example.test", "samesite": "Lax"}


@pytest.mark.gen_test
async def test_prefixed_cookie_is_secure_even_over_plain_http(
    site: SiteFactory,
) -> None:
    made = site(cookie_name="__Secure-si", secure=True)

    response = await made.client.fetch("/login", "POST", form={"user": "alice"})

    assert "secure" in cookie_named(response, "__Secure-si").flags
