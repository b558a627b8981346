"""A real site per test: Tornado server, MongoStore on nx-27017, fake clock."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring
from tornado.ioloop import IOLoop

from satr_tornado import SatrManager, SatrSettings, SessionEvent
from satr_tornado.stores.mongo import MongoStore
from tests.conftest import FakeClock
from tests.http.app import make_app
from tests.http.harness import Client, Server, serve

SECRET = "k" * 40

#: Commands that touch session data; handshakes and pings are not counted.
DATA_COMMANDS = frozenset({"find", "insert", "update", "delete", "findAndModify"})


class CommandCounter(monitoring.CommandListener):
    """Counts the data commands a PyMongo client sends."""

    def __init__(self) -> None:
        self.commands: list[str] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name in DATA_COMMANDS:
            self.commands.append(event.command_name)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def reset(self) -> None:
        self.commands.clear()

    @property
    def writes(self) -> list[str]:
        return [name for name in self.commands if name != "find"]


@dataclass
class Site:
    manager: SatrManager
    client: Client
    collection: Any
    counter: CommandCounter
    clock: FakeClock
    server: Server
    events: list[SessionEvent] = field(default_factory=list)

    def events_named(self, name: str) -> list[SessionEvent]:
        return [event for event in self.events if event.name == name]

    async def documents(self) -> list[dict[str, Any]]:
        docs: list[dict[str, Any]] = await self.collection.find({}).to_list(None)
        return docs


SiteFactory = Callable[..., Site]


@pytest.fixture
def site(mongo_url: str, io_loop: IOLoop, clock: FakeClock) -> Iterator[SiteFactory]:
    """Build sites inside a test: ``make = site; s = make(auto_create=True)``."""
    built: list[tuple[Site, AsyncMongoClient[Any]]] = []

    def factory(*, xheaders: bool = False, store: Any = None, **overrides: Any) -> Site:
        counter = CommandCounter()
        mongo: AsyncMongoClient[Any] = AsyncMongoClient(
            mongo_url, event_listeners=[counter]
        )
        collection = mongo["satr_test"][f"http_{uuid.uuid4().hex[:12]}"]
        settings = SatrSettings(
            secret=overrides.pop("secret", SECRET),
            store=store or MongoStore(collection),
            clock=clock,
            env="production",
            **overrides,
        )
        manager = SatrManager(settings)
        server = serve(make_app(manager), xheaders=xheaders)
        made = Site(
            manager, Client(server.base_url), collection, counter, clock, server
        )
        for name in ("create", "renew", "invalid", "save", "destroy", "regenerate"):
            manager.on(name, made.events.append)
        built.append((made, mongo))
        return made

    yield factory

    async def cleanup() -> None:
        for made, mongo in built:
            made.server.stop()
            made.client.close()
            await made.collection.drop()
            await mongo.close()

    io_loop.run_sync(cleanup)
