"""MemoryStore hands out copies: every field comes back, nothing is shared."""

from __future__ import annotations

import asyncio
import dataclasses

from satr_tornado.records import SessionRecord
from satr_tornado.stores.memory import MemoryStore


def _record() -> SessionRecord:
    # Every field differs from its default, so a field left out shows.
    return SessionRecord(
        user_id="u-7",
        authorized=True,
        data={"cart": [1, 2]},
        created_at=1000.0,
        last_seen=1001.0,
        ends_at=5000.0,
        expires_at=4000.0,
        version=3,
        renewals=2,
        successor="f" * 64,
    )


def test_get_returns_every_field_of_the_stored_record() -> None:
    store = MemoryStore()
    asyncio.run(store.set("k", _record()))

    got = asyncio.run(store.get("k", 1500.0))

    expected = dataclasses.replace(_record(), version=4)
    assert got == expected


def test_get_shares_no_data_with_the_stored_record() -> None:
    store = MemoryStore()
    asyncio.run(store.set("k", _record()))
    first = asyncio.run(store.get("k", 1500.0))
    assert first is not None

    first.data["cart"].append(3)
    second = asyncio.run(store.get("k", 1500.0))

    assert second is not None
    assert second.data == {"cart": [1, 2]}
