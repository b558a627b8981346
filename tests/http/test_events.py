"""Behaviour 10 over HTTP: events fire with a short hash; listeners cannot break it."""

from __future__ import annotations

import logging
import re

import pytest

from satr_tornado import SessionEvent, short_hash
from tests.http.conftest import Site, SiteFactory
from tests.http.harness import jar
from tests.http.helpers import login, raw_id

SHORT_HASH = re.compile(r"[0-9a-f]{12}")


def _only(made: Site, name: str) -> SessionEvent:
    events = made.events_named(name)
    assert len(events) == 1, [event.name for event in made.events]
    assert SHORT_HASH.fullmatch(events[0].id_hash)
    return events[0]


@pytest.mark.gen_test
async def test_create_event_fires_with_short_hash_of_new_id(site: SiteFactory) -> None:
    made = site()

    response = await made.client.fetch("/data?k=a&v=1", "POST")

    event = _only(made, "create")
    assert event.id_hash == short_hash(raw_id(made, jar(response)))


@pytest.mark.gen_test
async def test_save_event_fires_with_short_hash_on_change(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)
    made.events.clear()

    await made.client.fetch("/data?k=a&v=1", "POST", cookie=cookie)

    event = _only(made, "save")
    assert event.id_hash == short_hash(raw_id(made, cookie))


@pytest.mark.gen_test
async def test_invalid_event_fires_with_short_hash_of_presented_value(
    site: SiteFactory,
) -> None:
    made = site()

    await made.client.fetch("/public", cookie="_si=forged-value")

    event = _only(made, "invalid")
    assert event.id_hash == short_hash("forged-value")
    assert event.reason


@pytest.mark.gen_test
async def test_destroy_event_fires_with_short_hash_on_logout(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)

    await made.client.fetch("/logout", "POST", cookie=cookie)

    event = _only(made, "destroy")
    assert event.id_hash == short_hash(raw_id(made, cookie))


@pytest.mark.gen_test
async def test_regenerate_event_fires_with_short_hash_of_new_id(
    site: SiteFactory,
) -> None:
    made = site()
    cookie = await login(made)
    made.events.clear()

    response = await made.client.fetch("/regenerate", "POST", cookie=cookie)

    event = _only(made, "regenerate")
    assert event.id_hash == short_hash(raw_id(made, jar(response)))


@pytest.mark.gen_test
async def test_renew_event_fires_with_short_hash_of_new_id(site: SiteFactory) -> None:
    made = site(life=600, renewal_duration=120)
    cookie = await login(made)
    made.clock.advance(500)

    response = await made.client.fetch("/private", cookie=cookie)

    event = _only(made, "renew")
    assert event.id_hash == short_hash(raw_id(made, jar(response)))


@pytest.mark.gen_test
async def test_raising_sync_listener_is_logged_and_request_answers(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made = site()

    def explode(event: SessionEvent) -> None:
        raise RuntimeError("listener bug")

    made.manager.on("create", explode)

    with caplog.at_level(logging.ERROR, logger="satr_tornado"):
        response = await made.client.fetch("/login", "POST", form={"user": "alice"})

    assert response.code == 302
    assert len(await made.documents()) == 1
    failures = [r for r in caplog.records if "listener" in r.getMessage()]
    assert len(failures) == 1
    assert failures[0].exc_info is not None
    assert "create" in failures[0].getMessage()


@pytest.mark.gen_test
async def test_raising_async_listener_is_logged_and_request_answers(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made = site()
    cookie = await login(made)

    async def explode(event: SessionEvent) -> None:
        raise RuntimeError("listener bug")

    made.manager.on("destroy", explode)

    with caplog.at_level(logging.ERROR, logger="satr_tornado"):
        response = await made.client.fetch("/logout", "POST", cookie=cookie)

    assert response.code == 200
    assert await made.documents() == []
    failures = [r for r in caplog.records if "listener" in r.getMessage()]
    assert len(failures) == 1
    assert failures[0].exc_info is not None
    assert "destroy" in failures[0].getMessage()


@pytest.mark.gen_test
async def test_raising_invalid_listener_does_not_break_request(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made = site()

    async def explode(event: SessionEvent) -> None:
        raise RuntimeError("listener bug")

    made.manager.on("invalid", explode)

    with caplog.at_level(logging.ERROR, logger="satr_tornado"):
        response = await made.client.fetch("/public", cookie="_si=forged")

    assert response.code == 200
    assert any(r.exc_info is not None for r in caplog.records)
