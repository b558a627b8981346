"""Memory per session: MemoryStore bytes (tracemalloc) and stored BSON size."""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
from dataclasses import dataclass

import bson

from satr_tornado import MemoryStore, SatrManager, SatrSettings
from satr_tornado.ids import store_key
from satr_tornado.stores.mongo import record_to_document

from .apps import SECRET, USER_ID


@dataclass(frozen=True)
class MemoryFacts:
    sessions: int
    bytes_per_session: float
    bson_bytes: int
    bson_bytes_objectid_user: int


async def _fill(manager: SatrManager, count: int) -> None:
    for _ in range(count):
        session = manager.new_session()
        session.authorize(USER_ID)
        outcome = await manager.commit(session)
        assert outcome == "issued"


def memory_store_bytes_per_session(count: int = 100_000) -> float:
    """Live bytes the MemoryStore holds per authenticated session, no data.

    The sessions are made and saved through the manager, as logins are.
    """
    store = MemoryStore()
    manager = SatrManager(SatrSettings(secret=SECRET, store=store, env="bench"))
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        asyncio.run(_fill(manager, count))
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(store) == count
    return (after - before) / count


def stored_bson_bytes(user_id: str) -> int:
    """BSON size of the document MongoStore writes for a fresh login, no data."""
    manager = SatrManager(SatrSettings(secret=SECRET, store=MemoryStore(), env="bench"))
    session = manager.new_session()
    session.authorize(user_id)
    return len(bson.encode(record_to_document(store_key(session.id), session.record)))


def measure(count: int = 100_000) -> MemoryFacts:
    return MemoryFacts(
        sessions=count,
        bytes_per_session=memory_store_bytes_per_session(count),
        bson_bytes=stored_bson_bytes(USER_ID),
        bson_bytes_objectid_user=stored_bson_bytes("6650f1c2a9e4b3d2c1f0e9d8"),
    )


if __name__ == "__main__":
    print(measure())
