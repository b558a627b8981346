"""idle_timeout over HTTP, with the injectable clock."""

from __future__ import annotations

import pytest

from satr_tornado.stores.mongo import from_datetime
from tests.http.conftest import Site, SiteFactory
from tests.http.harness import cookie_named
from tests.http.helpers import login

IDLE = 300
TOUCH = 60


def _idle_site(site: SiteFactory) -> Site:
    return site(life=3600, renewal_duration=0, idle_timeout=IDLE, touch_interval=TOUCH)


@pytest.mark.gen_test
async def test_session_unused_past_idle_timeout_is_dead(site: SiteFactory) -> None:
    made = _idle_site(site)
    cookie = await login(made)
    made.clock.advance(IDLE + 1)

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 302
    assert cookie_named(response, "_si").cleared
    assert made.events_named("invalid")[0].reason is not None


@pytest.mark.gen_test
async def test_session_used_within_idle_timeout_stays_alive(site: SiteFactory) -> None:
    made = _idle_site(site)
    cookie = await login(made)

    codes = []
    for _ in range(4):
        made.clock.advance(IDLE - 10)
        codes.append((await made.client.fetch("/private", cookie=cookie)).code)

    assert codes == [200, 200, 200, 200]


@pytest.mark.gen_test
async def test_idle_touch_is_written_at_most_once_per_touch_interval(
    site: SiteFactory,
) -> None:
    made = _idle_site(site)
    cookie = await login(made)
    made.clock.advance(TOUCH)
    made.counter.reset()
    await made.client.fetch("/private", cookie=cookie)
    assert made.counter.writes == ["update"], "the first touch was not written"
    made.counter.reset()

    made.clock.advance(TOUCH / 2)
    await made.client.fetch("/private", cookie=cookie)

    assert made.counter.writes == []


@pytest.mark.gen_test
async def test_request_after_touch_interval_writes_one_update(
    site: SiteFactory,
) -> None:
    made = _idle_site(site)
    cookie = await login(made)
    made.clock.advance(TOUCH)
    made.counter.reset()

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200
    assert made.counter.commands == ["find", "update"]


@pytest.mark.gen_test
async def test_request_within_touch_interval_of_login_writes_nothing(
    site: SiteFactory,
) -> None:
    made = _idle_site(site)
    cookie = await login(made)
    made.clock.advance(TOUCH - 1)
    made.counter.reset()

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200
    assert made.counter.commands == ["find"]


@pytest.mark.gen_test
async def test_idle_touch_moves_last_seen_and_expiry(site: SiteFactory) -> None:
    made = _idle_site(site)
    cookie = await login(made)
    made.clock.advance(TOUCH)

    await made.client.fetch("/private", cookie=cookie)

    [document] = await made.documents()
    # nx-27017 returns an updated date as text; MongoDB as a datetime.
    assert from_datetime(document["seen"]) == made.clock.now
    assert from_datetime(document["expires"]) == made.clock.now + IDLE
