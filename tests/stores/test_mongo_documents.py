"""What MongoStore writes: document fields, indexes, size, driver options."""

from __future__ import annotations

import datetime
import hashlib
import os
from typing import Any

import bson
import pytest
from pymongo import WriteConcern

from satr_tornado.ids import new_session_id, store_key
from satr_tornado.records import SessionChanges
from satr_tornado.stores.base import SessionStore
from satr_tornado.stores.memory import MemoryStore
from satr_tornado.stores.mongo import MongoStore, record_to_document
from tests.stores.conftest import LIFE, T0, make_record, new_key

_FIELDS = {"_id", "uid", "auth", "data", "created", "seen", "ends", "expires", "v"}


def _at(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC)


async def _raw(collection: Any, key: str) -> dict[str, Any]:
    document = await collection.find_one({"_id": key})
    assert document is not None
    return dict(document)


@pytest.mark.gen_test
async def test_document_id_is_the_sha256_hex_of_the_session_id(
    mongo_collection: Any,
) -> None:
    session_id = new_session_id()
    key = store_key(session_id)

    await MongoStore(mongo_collection).set(key, make_record())
    documents = await mongo_collection.find({}).to_list(None)

    assert [doc["_id"] for doc in documents] == [
        hashlib.sha256(session_id.encode()).hexdigest()
    ]


@pytest.mark.gen_test
async def test_document_never_holds_the_raw_session_id(
    mongo_collection: Any,
) -> None:
    session_id = new_session_id()
    key = store_key(session_id)

    await MongoStore(mongo_collection).set(key, make_record(user_id="u1"))
    document = await _raw(mongo_collection, key)

    assert session_id not in repr(document)


@pytest.mark.gen_test
async def test_document_has_the_documented_fields(mongo_collection: Any) -> None:
    key = new_key()

    await MongoStore(mongo_collection).set(
        key, make_record(user_id="u1", data={"a": 1})
    )
    document = await _raw(mongo_collection, key)

    assert set(document) == _FIELDS | {"rn"}
    assert document["uid"] == "u1"
    assert document["auth"] is True
    assert document["data"] == {"a": 1}
    assert document["rn"] == 0
    assert document["v"] == 1


@pytest.mark.gen_test
async def test_document_times_are_bson_dates(mongo_collection: Any) -> None:
    key = new_key()

    await MongoStore(mongo_collection).set(key, make_record())
    document = await _raw(mongo_collection, key)

    for name, expected in [
        ("created", T0),
        ("seen", T0),
        ("ends", T0 + LIFE),
        ("expires", T0 + LIFE),
    ]:
        value = document[name]
        assert isinstance(value, datetime.datetime), name
        assert value.replace(tzinfo=datetime.UTC) == _at(expected), name


@pytest.mark.gen_test
async def test_update_writes_data_keys_in_place(mongo_collection: Any) -> None:
    key = new_key()
    store = MongoStore(mongo_collection)
    await store.set(key, make_record(data={"a": 1, "b": 2}))

    await store.update(key, SessionChanges(data_set={"c": 3}, data_unset={"a"}), T0 + 1)
    document = await _raw(mongo_collection, key)

    assert document["data"] == {"b": 2, "c": 3}
    assert document["v"] == 2


@pytest.mark.gen_test
async def test_renewal_mark_is_stored_as_succ(mongo_collection: Any) -> None:
    key, successor = new_key(), new_key()
    store = MongoStore(mongo_collection)
    await store.set(key, make_record())

    await store.mark_renewed(key, successor, T0 + 30, T0)
    document = await _raw(mongo_collection, key)

    assert document["succ"] == successor


def _indexes_by_key(information: dict[str, Any]) -> dict[tuple[Any, ...], Any]:
    return {
        tuple(tuple(part) for part in spec["key"]): spec
        for spec in information.values()
    }


@pytest.mark.gen_test
async def test_ensure_indexes_makes_a_ttl_index_on_expires(
    mongo_collection: Any,
) -> None:
    await MongoStore(mongo_collection).ensure_indexes()

    indexes = _indexes_by_key(await mongo_collection.index_information())

    assert (("expires", 1),) in indexes
    assert indexes[(("expires", 1),)]["expireAfterSeconds"] == 0


@pytest.mark.gen_test
async def test_ensure_indexes_makes_an_index_on_uid(mongo_collection: Any) -> None:
    await MongoStore(mongo_collection).ensure_indexes()

    indexes = _indexes_by_key(await mongo_collection.index_information())

    assert (("uid", 1),) in indexes
    assert "expireAfterSeconds" not in indexes[(("uid", 1),)]


@pytest.mark.gen_test
async def test_ensure_indexes_twice_keeps_one_index_each(
    mongo_collection: Any,
) -> None:
    store = MongoStore(mongo_collection)
    await store.ensure_indexes()

    await store.ensure_indexes()
    keys = [
        tuple(tuple(part) for part in spec["key"])
        for spec in (await mongo_collection.index_information()).values()
    ]

    assert keys.count((("expires", 1),)) == 1
    assert keys.count((("uid", 1),)) == 1


def test_authorized_session_without_data_is_at_most_256_bytes() -> None:
    record = make_record(user_id="user-0123456789abcdef")

    size = len(bson.encode(record_to_document(new_key(), record)))

    assert size <= 256


def test_store_keeps_the_collections_write_concern(pymongo_collection: Any) -> None:
    majority = pymongo_collection.with_options(
        write_concern=WriteConcern(w="majority", wtimeout=2000)
    )

    store = MongoStore(majority)

    assert store.collection.write_concern == majority.write_concern
    assert store.collection.read_preference == majority.read_preference


def test_motor_store_keeps_the_collections_write_concern(
    motor_collection: Any,
) -> None:
    majority = motor_collection.with_options(
        write_concern=WriteConcern(w="majority", wtimeout=2000)
    )

    store = MongoStore(majority)

    assert store.collection.write_concern == majority.write_concern


@pytest.mark.parametrize("driver", ["memory", "pymongo", "motor"])
@pytest.mark.gen_test
async def test_datetime_value_round_trips_through_update(
    request: pytest.FixtureRequest, driver: str
) -> None:
    store: SessionStore
    if driver == "memory":
        store = MemoryStore()
    else:
        if not os.environ.get("MONGO_URL"):
            pytest.skip("nx-27017 keeps a datetime written by an update as a string")
        store = MongoStore(request.getfixturevalue(f"{driver}_collection"))
    key = new_key()
    when = datetime.datetime(2031, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.UTC)
    await store.set(key, make_record())

    await store.update(key, SessionChanges(data_set={"when": when}), T0 + 1)
    got = await store.get(key, T0 + 1)

    assert got is not None
    assert got.data["when"] == when
