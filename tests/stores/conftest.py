"""Fixtures of the store contract suite: every store behind one fixture."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tornado.ioloop import IOLoop

from satr_tornado.ids import new_session_id, store_key
from satr_tornado.records import SessionRecord
from satr_tornado.stores.base import SessionStore
from satr_tornado.stores.memory import MemoryStore
from satr_tornado.stores.mongo import MongoStore
from tests.conftest import CLOCK_START

#: Every stored record starts here: years ahead of the real clock, so a
#: server that purges expired documents in real time (nx-27017) keeps them
#: and expiry is decided by the ``now`` the tests pass.
T0 = CLOCK_START

#: Life of the records the tests make, in seconds.
LIFE = 3600.0

MakeRecord = Callable[..., SessionRecord]


def make_record(
    *,
    user_id: str | int | None = None,
    data: dict[str, Any] | None = None,
    created_at: float = T0,
    life: float = LIFE,
) -> SessionRecord:
    """A fresh record as the manager would save it."""
    return SessionRecord(
        user_id=user_id,
        authorized=user_id is not None,
        data={} if data is None else data,
        created_at=created_at,
        last_seen=created_at,
        ends_at=created_at + life,
        expires_at=created_at + life,
    )


def new_key() -> str:
    """A store key as the manager makes it: SHA-256 hex of a fresh id."""
    return store_key(new_session_id())


#: The stores every contract test runs against.
STORES = ["memory", "pymongo", "motor"]


def _build(request: pytest.FixtureRequest) -> SessionStore:
    if request.param == "memory":
        return MemoryStore()
    return MongoStore(request.getfixturevalue(f"{request.param}_collection"))


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, io_loop: IOLoop) -> SessionStore:
    """Each store in turn, indexes made, as an application would set it up."""
    built = _build(request)
    io_loop.run_sync(built.ensure_indexes)
    return built


@pytest.fixture(params=STORES)
def unindexed_store(request: pytest.FixtureRequest) -> SessionStore:
    """Each store in turn, ``ensure_indexes`` never called."""
    return _build(request)


@pytest.fixture(params=["pymongo", "motor"])
def mongo_collection(request: pytest.FixtureRequest) -> Any:
    """The raw collection under each Mongo driver, to check what is stored."""
    return request.getfixturevalue(f"{request.param}_collection")
