"""Strict ids: no client-chosen value is ever adopted, stored or a cause of 5xx."""

from __future__ import annotations

import pytest

from tests.attacks.conftest import Site
from tests.attacks.harness import COOKIE, HEADER, sign, store_key

#: Values a client may present as a session id, by the attack they try.
HOSTILE_IDS: dict[str, str | bytes] = {
    "client_chosen": "my-own-session-id-0123456789abcdefghijklmnop",
    "well_formed_unsigned": "A" * 43,
    "empty": "",
    "blank": "   ",
    "null": "null",
    "ten_kilobytes": "x" * 10_240,
    "non_ascii": "s\u00e9ssion-\u00fc\u00df-\u2603".encode(),
    "json_object": '{"$gt": ""}',
    "dollar_operator": "$where",
    "dotted_path": "data.user_id",
    "lone_dot": ".",
    "dollar_ne": '{"$ne":null}',
}


def _presented(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _store_keys(value: str | bytes) -> list[str]:
    text = _presented(value)
    return [store_key(value), text, text.strip()]


@pytest.mark.parametrize("name", sorted(HOSTILE_IDS))
def test_hostile_cookie_id_is_never_adopted_nor_stored(site: Site, name: str) -> None:
    value = HOSTILE_IDS[name]
    cookie = (
        (f"{COOKIE}=".encode() + value)
        if isinstance(value, bytes)
        else (f"{COOKIE}={value}")
    )

    private = site.http.get("/private", headers={"Cookie": cookie})
    public = site.http.get("/public", headers={"Cookie": cookie})

    assert private.status in (302, 303), private.status
    assert public.status == 200
    for response in (private, public):
        issued = response.cookie(COOKIE)
        assert issued is None or issued.value == "" or issued.value != value
    assert site.store.holders_of(_store_keys(value)) == []


@pytest.mark.parametrize("name", sorted(HOSTILE_IDS))
def test_hostile_header_id_is_never_adopted_nor_stored(site: Site, name: str) -> None:
    value = HOSTILE_IDS[name]

    me = site.http.get("/api/me", headers={HEADER: value})

    assert me.status == 401, me.status
    assert me.header(HEADER) in (None, "")
    assert site.store.holders_of(_store_keys(value)) == []


@pytest.mark.parametrize("name", ["client_chosen", "json_object", "dollar_operator"])
def test_hostile_id_correctly_signed_is_still_unknown(site: Site, name: str) -> None:
    value = _presented(HOSTILE_IDS[name])
    token = sign(value)

    private = site.http.get("/private", headers={"Cookie": f"{COOKIE}={token}"})
    me = site.http.get("/api/me", headers={HEADER: token})

    assert private.status in (302, 303)
    assert me.status == 401
    assert site.store.holders_of([store_key(value), value]) == []
