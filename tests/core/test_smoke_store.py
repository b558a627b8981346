import pytest

from satr_tornado.records import SessionRecord
from satr_tornado.stores.mongo import MongoStore


@pytest.mark.gen_test
async def test_pymongo_roundtrip(pymongo_collection):
    store = MongoStore(pymongo_collection)
    await store.ensure_indexes()
    rec = SessionRecord(None, False, {"a": 1}, 100.0, 100.0, 2e9, 2e9)
    await store.set("k", rec)
    got = await store.get("k", 1000.0)
    assert got is not None and got.data == {"a": 1}


@pytest.mark.gen_test
async def test_motor_roundtrip(motor_collection):
    store = MongoStore(motor_collection)
    rec = SessionRecord(None, False, {"a": 1}, 100.0, 100.0, 2e9, 2e9)
    await store.set("k", rec)
    got = await store.get("k", 1000.0)
    assert got is not None and got.data == {"a": 1}
