"""Renewal over HTTP, with the injectable clock: new id, grace, then dead."""

from __future__ import annotations

import email.utils

import pytest

from satr_tornado import short_hash
from satr_tornado.ids import store_key
from satr_tornado.stores.mongo import from_datetime
from tests.conftest import CLOCK_START
from tests.http.conftest import Site, SiteFactory
from tests.http.harness import cookie_named, jar, set_cookies
from tests.http.helpers import login, raw_id

LIFE = 600
WINDOW = 120
GRACE = 30
#: Seconds after login at which a request falls inside the renewal window.
INSIDE = LIFE - WINDOW + 20


def _renewing_site(site: SiteFactory) -> Site:
    return site(life=LIFE, renewal_duration=WINDOW, renewal_grace=GRACE)


async def _renewed(made: Site) -> tuple[str, str]:
    """Log in, move into the window, renew; return (old, new) Cookie values."""
    old = await login(made)
    made.clock.advance(INSIDE)
    response = await made.client.fetch("/private", cookie=old)
    assert response.code == 200
    return old, jar(response)


@pytest.mark.gen_test
async def test_request_before_renewal_window_keeps_its_id(site: SiteFactory) -> None:
    made = _renewing_site(site)
    cookie = await login(made)
    made.clock.advance(LIFE - WINDOW - 10)

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200
    assert set_cookies(response) == []
    assert made.events_named("renew") == []


@pytest.mark.gen_test
async def test_request_inside_renewal_window_gets_new_id(site: SiteFactory) -> None:
    made = _renewing_site(site)

    old, new = await _renewed(made)

    assert raw_id(made, new) != raw_id(made, old)
    [event] = made.events_named("renew")
    assert event.id_hash == short_hash(raw_id(made, new))


@pytest.mark.gen_test
async def test_renewed_session_keeps_data_and_gets_fresh_life(
    site: SiteFactory,
) -> None:
    made = _renewing_site(site)
    first = await login(made)
    await made.client.fetch("/data?k=cart&v=3", "POST", cookie=first)
    made.clock.advance(INSIDE)

    response = await made.client.fetch("/private", cookie=first)

    new_key = store_key(raw_id(made, jar(response)))
    documents = {doc["_id"]: doc for doc in await made.documents()}
    assert documents[new_key]["data"] == {"cart": "3"}
    assert from_datetime(documents[new_key]["ends"]) == CLOCK_START + INSIDE + LIFE


@pytest.mark.gen_test
async def test_old_id_works_during_renewal_grace(site: SiteFactory) -> None:
    made = _renewing_site(site)
    old, _ = await _renewed(made)
    made.clock.advance(GRACE - 5)

    response = await made.client.fetch("/private", cookie=old)

    assert response.code == 200
    assert b'"user": "alice"' in response.body


@pytest.mark.gen_test
async def test_write_through_old_id_in_grace_reaches_renewed_session(
    site: SiteFactory,
) -> None:
    made = _renewing_site(site)
    old, new = await _renewed(made)
    made.clock.advance(GRACE - 5)

    await made.client.fetch("/data?k=late&v=1", "POST", cookie=old)

    read = await made.client.fetch("/data?k=late", cookie=new)
    assert read.body == b'{"value": "1"}'


@pytest.mark.gen_test
async def test_old_id_is_dead_after_renewal_grace(site: SiteFactory) -> None:
    made = _renewing_site(site)
    old, new = await _renewed(made)
    made.clock.advance(GRACE + 1)

    stale = await made.client.fetch("/private", cookie=old)
    fresh = await made.client.fetch("/private", cookie=new)

    assert stale.code == 302
    assert fresh.code == 200


@pytest.mark.gen_test
async def test_renewed_cookie_with_consent_expires_at_new_end(
    site: SiteFactory,
) -> None:
    made = _renewing_site(site)
    old = await login(made, cookie="satr_consent=yes")
    made.clock.advance(INSIDE)

    response = await made.client.fetch("/private", cookie=f"{old}; satr_consent=yes")

    cookie = cookie_named(response, "_si")
    expires = email.utils.parsedate_to_datetime(cookie.attrs["expires"])
    assert expires.timestamp() == CLOCK_START + INSIDE + LIFE
    assert cookie.attrs["max-age"] == str(LIFE)
