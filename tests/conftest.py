"""Shared fixtures: a real MongoDB-protocol server, clocks, stores."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tornado.ioloop import IOLoop

from demo.mongo_server import start_mongo_server

#: Fixed start for fake clocks: 2030-01-01T00:00:00Z.
CLOCK_START = 1_893_456_000.0


class FakeClock:
    """A clock tests move by hand, so expiry is tested without sleeping."""

    def __init__(self, start: float = CLOCK_START) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def mongo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a MongoDB server: ``MONGO_URL`` if set, else a fresh nx-27017."""
    external = os.environ.get("MONGO_URL")
    if external:
        yield external
        return
    server = start_mongo_server(Path(tmp_path_factory.mktemp("mongo")))
    try:
        yield server.url
    finally:
        server.stop()


def _collection_name() -> str:
    return f"sessions_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def pymongo_collection(mongo_url: str, io_loop: IOLoop) -> Iterator[Any]:
    """A fresh collection over PyMongo's async client, dropped afterwards."""
    from pymongo import AsyncMongoClient

    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    collection = client["satr_test"][_collection_name()]
    yield collection

    async def cleanup() -> None:
        await collection.drop()
        await client.close()

    io_loop.run_sync(cleanup)


@pytest.fixture
def motor_collection(mongo_url: str, io_loop: IOLoop) -> Iterator[Any]:
    """A fresh collection over Motor, dropped afterwards."""
    from motor.motor_asyncio import AsyncIOMotorClient

    client: Any = AsyncIOMotorClient(mongo_url)
    collection = client["satr_test"][_collection_name()]
    yield collection

    async def cleanup() -> None:
        await collection.drop()
        client.close()

    io_loop.run_sync(cleanup)
