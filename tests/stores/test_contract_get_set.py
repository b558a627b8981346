"""Store contract: get and set, expiry on read, values round-trip."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from satr_tornado.stores.base import SessionStore
from tests.stores.conftest import LIFE, T0, make_record, new_key


@pytest.mark.gen_test
async def test_get_unknown_key_returns_none(store: SessionStore) -> None:
    assert await store.get(new_key(), T0) is None


@pytest.mark.gen_test
async def test_set_then_get_returns_the_record(store: SessionStore) -> None:
    key = new_key()
    record = make_record(user_id="u1", data={"cart": [1, 2]})

    await store.set(key, record)
    got = await store.get(key, T0 + 1)

    assert got is not None
    assert got.user_id == "u1"
    assert got.authorized is True
    assert got.data == {"cart": [1, 2]}
    assert got.created_at == T0
    assert got.last_seen == T0
    assert got.ends_at == T0 + LIFE
    assert got.expires_at == T0 + LIFE
    assert got.renewals == 0
    assert got.successor is None


@pytest.mark.gen_test
async def test_set_then_get_works_without_ensure_indexes(
    unindexed_store: SessionStore,
) -> None:
    key = new_key()

    await unindexed_store.set(key, make_record(data={"a": 1}))
    got = await unindexed_store.get(key, T0 + 1)

    assert got is not None
    assert got.data == {"a": 1}


@pytest.mark.gen_test
async def test_get_filters_out_a_record_at_its_expiry(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record())

    assert await store.get(key, T0 + LIFE) is None


@pytest.mark.gen_test
async def test_get_filters_out_a_record_past_its_expiry(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record())

    assert await store.get(key, T0 + LIFE + 86400) is None


@pytest.mark.gen_test
async def test_get_returns_a_record_just_before_expiry(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record())

    assert await store.get(key, T0 + LIFE - 1) is not None


@pytest.mark.gen_test
async def test_set_replaces_the_whole_record(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record(data={"old": 1}))

    await store.set(key, make_record(user_id=7, data={"new": 2}))
    got = await store.get(key, T0)

    assert got is not None
    assert got.data == {"new": 2}
    assert got.user_id == 7


@pytest.mark.gen_test
async def test_set_clears_a_successor_left_by_a_renewal(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record())
    assert await store.mark_renewed(key, new_key(), T0 + 30, T0)

    await store.set(key, make_record())
    got = await store.get(key, T0)

    assert got is not None
    assert got.successor is None


@pytest.mark.gen_test
async def test_version_grows_with_each_write(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record())
    first = await store.get(key, T0)
    assert first is not None

    await store.touch(key, T0 + 5, T0 + LIFE)
    second = await store.get(key, T0)

    assert second is not None
    assert second.version > first.version


@pytest.mark.gen_test
async def test_a_read_record_is_a_copy(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record(data={"items": [1]}))
    got = await store.get(key, T0)
    assert got is not None

    got.data["items"].append(2)
    got.data["extra"] = True
    again = await store.get(key, T0)

    assert again is not None
    assert again.data == {"items": [1]}


@pytest.mark.gen_test
async def test_a_saved_record_is_a_copy(store: SessionStore) -> None:
    key = new_key()
    record = make_record(data={"items": [1]})
    await store.set(key, record)

    record.data["items"].append(2)
    got = await store.get(key, T0)

    assert got is not None
    assert got.data == {"items": [1]}


_ROUND_TRIP: dict[str, Any] = {
    "str": "héllo ☃",
    "empty_str": "",
    "int": 42,
    "negative_int": -7,
    "int64": 2**62,
    "float": 3.25,
    "true": True,
    "false": False,
    "none": None,
    "list": [1, "two", 3.0, None, [4]],
    "dict": {"a": {"b": [1, {"c": "d"}]}},
    "bytes": b"\x00\xffraw",
    "datetime": datetime.datetime(2031, 5, 6, 7, 8, 9, 123000, tzinfo=datetime.UTC),
}


@pytest.mark.parametrize("name", sorted(_ROUND_TRIP))
@pytest.mark.gen_test
async def test_value_round_trips(store: SessionStore, name: str) -> None:
    key = new_key()
    value = _ROUND_TRIP[name]
    await store.set(key, make_record(data={name: value}))

    got = await store.get(key, T0)

    assert got is not None
    assert got.data[name] == value
    assert isinstance(got.data[name], type(value))


@pytest.mark.gen_test
async def test_bool_stays_bool_not_int(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record(data={"flags": [True, 1, False, 0]}))

    got = await store.get(key, T0)

    assert got is not None
    assert [type(v) for v in got.data["flags"]] == [bool, int, bool, int]


@pytest.mark.gen_test
async def test_int_user_id_round_trips(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record(user_id=12345))

    got = await store.get(key, T0)

    assert got is not None
    assert got.user_id == 12345
