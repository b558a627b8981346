"""The Secure attribute: automatic under HTTPS, trusted proxies only, or forced."""

from __future__ import annotations

import pytest

from tests.http.conftest import SiteFactory
from tests.http.harness import cookie_named
from tests.http.helpers import login

HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.mark.gen_test
async def test_cookie_is_secure_under_https_behind_trusted_proxy(site: SiteFactory):
    made = site(xheaders=True)

    response = await made.client.fetch(
        "/login", "POST", form={"user": "alice"}, headers=HTTPS
    )

    assert "secure" in cookie_named(response, "_si").flags


@pytest.mark.gen_test
async def test_cleared_cookie_is_secure_under_https_behind_trusted_proxy(
    site: SiteFactory,
):
    made = site(xheaders=True)
    cookie = await login(made)

    response = await made.client.fetch("/logout", "POST", cookie=cookie, headers=HTTPS)

    cleared = cookie_named(response, "_si")
    assert cleared.cleared
    assert "secure" in cleared.flags


@pytest.mark.gen_test
async def test_forwarded_proto_is_ignored_without_xheaders(site: SiteFactory):
    made = site(xheaders=False)

    response = await made.client.fetch(
        "/login", "POST", form={"user": "alice"}, headers=HTTPS
    )

    assert "secure" not in cookie_named(response, "_si").flags


@pytest.mark.gen_test
async def test_cookie_is_not_secure_over_plain_http(site: SiteFactory):
    made = site(xheaders=True)

    response = await made.client.fetch("/login", "POST", form={"user": "alice"})

    assert "secure" not in cookie_named(response, "_si").flags


@pytest.mark.gen_test
async def test_secure_true_forces_secure_over_plain_http(site: SiteFactory):
    made = site(secure=True)

    response = await made.client.fetch("/login", "POST", form={"user": "alice"})

    assert "secure" in cookie_named(response, "_si").flags


@pytest.mark.gen_test
async def test_secure_false_leaves_secure_off_under_https(site: SiteFactory):
    made = site(secure=False, xheaders=True)

    response = await made.client.fetch(
        "/login", "POST", form={"user": "alice"}, headers=HTTPS
    )

    assert "secure" not in cookie_named(response, "_si").flags
