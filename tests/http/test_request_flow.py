"""Behaviours 1-3 of a request: no id, a valid id, an invalid id."""

from __future__ import annotations

import logging

import pytest

from satr_tornado.ids import short_hash, store_key
from tests.http.conftest import SiteFactory
from tests.http.harness import cookie_named, set_cookies
from tests.http.helpers import login, raw_id


@pytest.mark.gen_test
async def test_request_without_session_id_makes_no_store_operation(
    site: SiteFactory,
) -> None:
    made = site()

    response = await made.client.fetch("/public")

    assert response.code == 200
    assert made.counter.commands == []
    assert set_cookies(response) == []


@pytest.mark.gen_test
async def test_valid_id_costs_one_read_and_no_write(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)
    made.counter.reset()

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200
    assert made.counter.commands == ["find"]
    assert set_cookies(response) == []


@pytest.mark.gen_test
async def test_lazy_handler_does_not_read_store(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)
    made.counter.reset()

    response = await made.client.fetch("/lazy", cookie=cookie)

    assert response.code == 200
    assert made.counter.commands == []


@pytest.mark.parametrize(
    "value",
    ["", "garbage", "2|1:0|10:1893456000|3:_si|4:YWJj|deadbeef", "null", "x" * 600],
)
@pytest.mark.gen_test
async def test_invalid_id_is_refused_and_cleared(site: SiteFactory, value: str) -> None:
    made = site()

    response = await made.client.fetch("/public", cookie=f"_si={value}")

    assert response.code == 200
    assert response.body == b'{"user": null, "has_session": false}'
    cleared = cookie_named(response, "_si")
    assert cleared.cleared
    assert cleared.attrs["path"] == "/"
    assert len(made.events_named("invalid")) == 1


#: A forged token: well shaped, bad signature.
FORGED = "2|1:0|10:1893456000|3:_si|4:YWJj|" + "0" * 64


@pytest.mark.gen_test
async def test_invalid_event_carries_short_hash_of_presented_value(
    site: SiteFactory,
) -> None:
    made = site()

    await made.client.fetch("/public", cookie=f"_si={FORGED}")

    [event] = made.events_named("invalid")
    assert event.id_hash == short_hash(FORGED)


@pytest.mark.gen_test
async def test_invalid_id_is_logged_by_short_hash_of_presented_value(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made = site()

    with caplog.at_level(logging.DEBUG, logger="satr_tornado"):
        await made.client.fetch("/public", cookie=f"_si={FORGED}")

    messages = [r.getMessage() for r in caplog.records]
    [logged] = [m for m in messages if m.startswith("invalid session ")]
    assert logged.split()[2].rstrip(":") == short_hash(FORGED)
    assert not any("YWJj" in m or "0" * 64 in m for m in messages)


@pytest.mark.gen_test
async def test_logged_out_id_is_invalid(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)
    await made.client.fetch("/logout", "POST", cookie=cookie)

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 302
    assert cookie_named(response, "_si").cleared


@pytest.mark.gen_test
async def test_logged_out_id_is_reported_by_the_hash_its_logout_had(
    site: SiteFactory,
) -> None:
    made = site()
    cookie = await login(made)
    await made.client.fetch("/logout", "POST", cookie=cookie)

    await made.client.fetch("/private", cookie=cookie)

    [destroyed] = made.events_named("destroy")
    [invalid] = made.events_named("invalid")
    assert invalid.id_hash == destroyed.id_hash == short_hash(raw_id(made, cookie))


@pytest.mark.gen_test
async def test_expired_id_is_invalid(site: SiteFactory) -> None:
    made = site(life=600, renewal_duration=0)
    cookie = await login(made)
    made.clock.advance(601)

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 302
    assert made.events_named("invalid")[0].reason is not None


@pytest.mark.gen_test
async def test_session_after_invalid_id_gets_fresh_id(site: SiteFactory) -> None:
    made = site()
    stale = await login(made)
    await made.client.fetch("/logout", "POST", cookie=stale)

    response = await made.client.fetch("/data?k=a&v=1", "POST", cookie=stale)

    fresh = cookie_named(response, "_si").value
    assert fresh and fresh != stale.split("=", 1)[1]
    documents = await made.documents()
    assert len(documents) == 1


@pytest.mark.gen_test
async def test_stored_key_is_hash_of_id(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)

    documents = await made.documents()

    raw = raw_id(made, cookie)
    assert [doc["_id"] for doc in documents] == [store_key(raw)]
    assert raw not in repr(documents)
