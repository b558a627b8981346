"""Behaviour 4: login rotates the id and keeps data; logout deletes the record."""

from __future__ import annotations

import email.utils
import time

import pytest

from satr_tornado.ids import store_key
from tests.http.conftest import SiteFactory
from tests.http.harness import cookie_named, jar
from tests.http.helpers import login, raw_id


@pytest.mark.gen_test
async def test_login_rotates_session_id_and_keeps_data(site: SiteFactory) -> None:
    made = site()
    response = await made.client.fetch("/data?k=cart&v=3", "POST")
    before = jar(response)

    after = await login(made, cookie=before)

    assert raw_id(made, after) != raw_id(made, before)
    read = await made.client.fetch("/data?k=cart", cookie=after)
    assert read.body == b'{"value": "3"}'


@pytest.mark.gen_test
async def test_login_deletes_old_record_at_once(site: SiteFactory) -> None:
    made = site()
    response = await made.client.fetch("/data?k=cart&v=3", "POST")
    before = jar(response)

    after = await login(made, cookie=before)

    keys = [doc["_id"] for doc in await made.documents()]
    assert keys == [store_key(raw_id(made, after))]
    old = await made.client.fetch("/data?k=cart", cookie=before)
    assert old.body == b'{"value": null}'


@pytest.mark.gen_test
async def test_login_as_other_user_kills_previous_id(site: SiteFactory) -> None:
    made = site()
    alice = await login(made, "alice")

    bob = await login(made, "bob", cookie=alice)

    assert (await made.client.fetch("/private", cookie=alice)).code == 302
    mine = await made.client.fetch("/private", cookie=bob)
    assert mine.code == 200
    assert b'"user": "bob"' in mine.body


@pytest.mark.gen_test
async def test_login_sets_cookie_with_safe_attributes(site: SiteFactory) -> None:
    made = site()

    response = await made.client.fetch("/login", "POST", form={"user": "alice"})

    cookie = cookie_named(response, "_si")
    assert cookie.attrs["path"] == "/"
    assert cookie.attrs["samesite"] == "Lax"
    assert "httponly" in cookie.flags
    assert "secure" not in cookie.flags
    assert "domain" not in cookie.attrs


@pytest.mark.gen_test
async def test_login_redirect_sees_saved_session(site: SiteFactory) -> None:
    made = site()

    response = await made.client.fetch(
        "/login", "POST", form={"user": "alice", "next": "/private"}
    )
    follow = await made.client.fetch(response.headers["Location"], cookie=jar(response))

    assert response.headers["Location"] == "/private"
    assert follow.code == 200


@pytest.mark.gen_test
async def test_logout_deletes_record(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)

    await made.client.fetch("/logout", "POST", cookie=cookie)

    assert await made.documents() == []
    assert len(made.events_named("destroy")) == 1


@pytest.mark.gen_test
async def test_logout_clears_cookie_with_same_attributes(site: SiteFactory) -> None:
    made = site(cookie_path="/app", cookie_domain="example.test", samesite="Strict")
    login_response = await made.client.fetch("/login", "POST", form={"user": "a"})
    issued = cookie_named(login_response, "_si")

    response = await made.client.fetch("/logout", "POST", cookie=jar(login_response))

    cleared = cookie_named(response, "_si")
    assert cleared.value == ""
    expires = email.utils.parsedate_to_datetime(cleared.attrs["expires"])
    assert expires.timestamp() < time.time()
    assert cleared.attrs.get("max-age", "0") == "0"
    assert cleared.attrs.keys() - {"max-age"} == {
        "path",
        "domain",
        "samesite",
        "expires",
    }
    assert cleared.attrs["path"] == "/app"
    assert cleared.attrs["domain"] == "example.test"
    assert cleared.attrs["samesite"] == "Strict"
    assert cleared.flags == {"httponly"}
    for name in ("path", "domain", "samesite"):
        assert cleared.attrs[name] == issued.attrs[name]
    assert cleared.flags == issued.flags


@pytest.mark.gen_test
async def test_logout_replay_of_old_cookie_fails(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)
    await made.client.fetch("/logout", "POST", cookie=cookie)

    replay = await made.client.fetch("/private", cookie=cookie)

    assert replay.code == 302


@pytest.mark.gen_test
async def test_regenerate_gives_new_id_and_deletes_old(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)

    response = await made.client.fetch("/regenerate", "POST", cookie=cookie)

    fresh = jar(response)
    assert raw_id(made, fresh) != raw_id(made, cookie)
    assert (await made.client.fetch("/private", cookie=cookie)).code == 302
    assert (await made.client.fetch("/private", cookie=fresh)).code == 200
    assert len(made.events_named("regenerate")) == 1
