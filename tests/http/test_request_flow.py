"""Behaviours 1-3 of a request: no id, a valid id, an invalid id."""

from __future__ import annotations

import pytest

from satr_tornado.ids import store_key
from tests.http.conftest import SiteFactory
from tests.http.harness import cookie_named, set_cookies
from tests.http.helpers import login, raw_id


@pytest.mark.gen_test
async def test_request_without_session_id_makes_no_store_operation(site: SiteFactory):
    made = site()

    response = await made.client.fetch("/public")

    assert response.code == 200
    assert made.counter.commands == []
    assert set_cookies(response) == []


@pytest.mark.gen_test
async def test_valid_id_costs_one_read_and_no_write(site: SiteFactory):
    made = site()
    cookie = await login(made)
    made.counter.reset()

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200
    assert made.counter.commands == ["find"]
    assert set_cookies(response) == []


@pytest.mark.gen_test
async def test_lazy_handler_does_not_read_store(site: SiteFactory):
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
async def test_invalid_id_is_refused_and_cleared(site: SiteFactory, value: str):
    made = site()

    response = await made.client.fetch("/public", cookie=f"_si={value}")

    assert response.code == 200
    assert response.body == b'{"user": null, "has_session": false}'
    cleared = cookie_named(response, "_si")
    assert cleared.cleared
    assert cleared.attrs["path"] == "/"
    assert len(made.events_named("invalid")) == 1


@pytest.mark.gen_test
async def test_invalid_event_carries_short_hash_not_raw_value(site: SiteFactory):
    made = site()
    value = "2|1:0|10:1893456000|3:_si|4:YWJj|" + "0" * 64

    await made.client.fetch("/public", cookie=f"_si={value}")

    event = made.events_named("invalid")[0]
    assert len(event.id_hash) == 12
    assert event.id_hash not in value


@pytest.mark.gen_test
async def test_logged_out_id_is_invalid(site: SiteFactory):
    made = site()
    cookie = await login(made)
    await made.client.fetch("/logout", "POST", cookie=cookie)

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 302
    assert cookie_named(response, "_si").cleared


@pytest.mark.gen_test
async def test_expired_id_is_invalid(site: SiteFactory):
    made = site(life=600, renewal_duration=0)
    cookie = await login(made)
    made.clock.advance(601)

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 302
    assert made.events_named("invalid")[0].reason is not None


@pytest.mark.gen_test
async def test_session_after_invalid_id_gets_fresh_id(site: SiteFactory):
    made = site()
    stale = await login(made)
    await made.client.fetch("/logout", "POST", cookie=stale)

    response = await made.client.fetch("/data?k=a&v=1", "POST", cookie=stale)

    fresh = cookie_named(response, "_si").value
    assert fresh and fresh != stale.split("=", 1)[1]
    documents = await made.documents()
    assert len(documents) == 1


@pytest.mark.gen_test
async def test_stored_key_is_hash_of_id(site: SiteFactory):
    made = site()
    cookie = await login(made)

    documents = await made.documents()

    raw = raw_id(made, cookie)
    assert [doc["_id"] for doc in documents] == [store_key(raw)]
    assert raw not in repr(documents)
