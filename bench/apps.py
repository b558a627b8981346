"""The Tornado scenarios: one minimal application each.

Every application answers ``GET /`` (the measured request), ``POST /_login``
(makes the state an authenticated scenario needs and sets its cookie) and
``GET /_stats`` (store commands sent and measured requests served so far).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tornado.web

from satr_tornado import MemoryStore, SatrHandler, SatrManager, SatrSettings, authorized
from satr_tornado.ids import new_session_id, store_key
from satr_tornado.records import SessionRecord
from satr_tornado.stores.mongo import MongoStore, record_to_document

from .counting import CommandCounter

#: Signing key of every scenario (a benchmark value, not a real secret).
SECRET = "bench-secret-" + "x" * 40
#: The user every authenticated scenario logs in.
USER_ID = "user-1"
#: Cookie carrying the document id in the hand-written floors (3 and 4).
FLOOR_COOKIE = "sid"
#: Cookie carrying the signed user id in scenario 2.
SIGNED_COOKIE = "user"

#: Scenario number -> one-line description, as the results table shows it.
SCENARIOS: dict[str, str] = {
    "1": "bare Tornado, no session",
    "2": "bare Tornado, get_signed_cookie",
    "3": "bare Tornado, find_one by _id",
    "4": "bare Tornado, find_one + update_one",
    "5": "satr, anonymous, no consent (MongoStore)",
    "6": "satr, authenticated read-only, MongoStore",
    "7": "satr, authenticated, one key changed, MongoStore",
    "8": "satr, authenticated read-only, MemoryStore",
}


@dataclass
class BenchState:
    """What the stats endpoint reports; ``requests`` counts ``GET /`` only."""

    counter: CommandCounter
    requests: int = 0


def _count_requests(state: BenchState) -> Callable[[tornado.web.RequestHandler], None]:
    def log_function(handler: tornado.web.RequestHandler) -> None:
        if handler.request.path == "/":
            state.requests += 1

    return log_function


class StatsHandler(tornado.web.RequestHandler):
    def initialize(self, state: BenchState) -> None:
        self.state = state

    def get(self) -> None:
        self.write(
            {
                "commands": self.state.counter.count,
                "names": self.state.counter.names,
                "requests": self.state.requests,
            }
        )


# -- 1 to 4: bare Tornado ------------------------------------------------------
class BareHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        self.write("ok")


class SignedCookieHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        user = self.get_signed_cookie(SIGNED_COOKIE)
        if user is None:
            raise tornado.web.HTTPError(401)
        self.write({"user": user.decode()})


class SignedLoginHandler(tornado.web.RequestHandler):
    def post(self) -> None:
        self.set_signed_cookie(SIGNED_COOKIE, USER_ID, httponly=True)


def floor_document(now: float | None = None) -> dict[str, Any]:
    """A session document shaped as MongoStore writes it, under a fresh key."""
    now = time.time() if now is None else now
    record = SessionRecord(
        user_id=USER_ID,
        authorized=True,
        data={},
        created_at=now,
        last_seen=now,
        ends_at=now + 3600,
        expires_at=now + 3600,
    )
    return record_to_document(store_key(new_session_id()), record)


class FloorHandler(tornado.web.RequestHandler):
    """Hand-written server-side session read: one ``find_one`` by ``_id``."""

    def initialize(self, collection: Any, write: bool) -> None:
        self.collection = collection
        self.write_back = write

    async def get(self) -> None:
        key = self.get_cookie(FLOOR_COOKIE)
        document = None if key is None else await self.collection.find_one({"_id": key})
        if document is None:
            raise tornado.web.HTTPError(401)
        if self.write_back:
            await self.collection.update_one(
                {"_id": key}, {"$set": {"data.n": next(_COUNTER)}}
            )
        self.write({"user": document["uid"]})


class FloorLoginHandler(tornado.web.RequestHandler):
    def initialize(self, collection: Any) -> None:
        self.collection = collection

    async def post(self) -> None:
        document = floor_document()
        await self.collection.insert_one(document)
        self.set_cookie(FLOOR_COOKIE, document["_id"], httponly=True)


# -- 5 to 8: satr_tornado ------------------------------------------------------
_COUNTER = itertools.count(1)


class AnonymousHandler(SatrHandler):
    def get(self) -> None:
        self.write("ok")


class ReadHandler(SatrHandler):
    @authorized
    def get(self) -> None:
        self.write({"user": self.current_user})


class WriteHandler(SatrHandler):
    @authorized
    def get(self) -> None:
        assert self.session is not None
        self.session["n"] = next(_COUNTER)
        self.write({"user": self.current_user})


class SatrLoginHandler(SatrHandler):
    def post(self) -> None:
        self.login(USER_ID)


def make_app(scenario: str, collection: Any, counter: CommandCounter) -> Any:
    """Build scenario ``scenario`` ("1".."8") over ``collection``."""
    state = BenchState(counter)
    routes: list[Any] = [(r"/_stats", StatsHandler, {"state": state})]
    settings: dict[str, Any] = {"log_function": _count_requests(state)}
    if scenario == "1":
        routes.append((r"/", BareHandler))
    elif scenario == "2":
        routes += [(r"/", SignedCookieHandler), (r"/_login", SignedLoginHandler)]
        settings["cookie_secret"] = SECRET
    elif scenario in ("3", "4"):
        write = scenario == "4"
        routes += [
            (r"/", FloorHandler, {"collection": collection, "write": write}),
            (r"/_login", FloorLoginHandler, {"collection": collection}),
        ]
    elif scenario in ("5", "6", "7", "8"):
        store: Any = MemoryStore() if scenario == "8" else MongoStore(collection)
        manager = SatrManager(
            SatrSettings(secret=SECRET, store=store, auto_create=True, env="bench")
        )
        handler = {"5": AnonymousHandler, "7": WriteHandler}.get(scenario, ReadHandler)
        routes += [(r"/", handler), (r"/_login", SatrLoginHandler)]
        settings["satr"] = manager
        settings["login_url"] = "/_login"
    else:
        raise ValueError(f"unknown scenario {scenario!r}; use one of 1-8")
    return tornado.web.Application(routes, **settings)
