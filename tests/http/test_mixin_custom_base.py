"""``class H(SatrMixin, AppBase)``: the mixin over an application's own base."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import tornado.web
from pymongo import AsyncMongoClient
from tornado.ioloop import IOLoop

from satr_tornado import SatrManager, SatrMixin, SatrSettings, authorized
from satr_tornado.ids import store_key
from satr_tornado.signing import unsign_id
from satr_tornado.stores.mongo import MongoStore
from tests.http.harness import Client, Server, cookie_named, jar, serve

SECRET = "m" * 40


class AppBase(tornado.web.RequestHandler):
    """An application's base handler, written without satr in mind."""

    # Typed as RequestHandler.prepare is: "-> None" would clash, for mypy,
    # with the mixin's async prepare() in every class mixing the two.
    def prepare(self) -> Awaitable[None] | None:
        # Tornado caches current_user, so this also shows the session was
        # loaded before the base's prepare() asked for it.
        self.user_at_prepare = self.current_user
        self.set_header("X-Base-Prepared", "sync")
        return None

    def answer(self, **extra: Any) -> None:
        self.write({"user_at_prepare": self.user_at_prepare, **extra})


class AsyncAppBase(tornado.web.RequestHandler):
    """A base whose prepare() awaits, as one loading request data would."""

    async def prepare(self) -> None:
        await asyncio.sleep(0)
        self.set_header("X-Base-Prepared", "async")


class WhoAmIHandler(SatrMixin, AppBase):
    def get(self) -> None:
        self.answer(user=self.current_user)


class AsyncBaseHandler(SatrMixin, AsyncAppBase):
    def get(self) -> None:
        self.write({"user": self.current_user})


class DataHandler(SatrMixin, AppBase):
    """GET reads ``k``; POST sets ``k`` to ``v``, creating a session."""

    def get(self) -> None:
        session = self.session
        value = session.get(self.get_argument("k")) if session is not None else None
        self.answer(value=value)

    def post(self) -> None:
        self.create_session()[self.get_argument("k")] = self.get_argument("v")
        self.answer(ok=True)


class LoginHandler(SatrMixin, AppBase):
    def post(self) -> None:
        self.login(self.get_argument("user"))
        self.redirect("/private")


class PrivateHandler(SatrMixin, AppBase):
    @authorized
    async def get(self) -> None:
        self.answer(user=self.current_user)


@dataclass
class MixedSite:
    manager: SatrManager
    client: Client
    collection: Any
    server: Server

    async def keys(self) -> list[str]:
        documents = await self.collection.find({}).to_list(None)
        return [document["_id"] for document in documents]

    def raw_id(self, cookie: str) -> str:
        session_id = unsign_id(self.manager.settings, cookie.split("=", 1)[1])
        assert session_id is not None
        return session_id


@pytest.fixture
def mixed(mongo_url: str, io_loop: IOLoop) -> Iterator[MixedSite]:
    """A real server whose handlers mix SatrMixin into their own bases."""
    mongo: AsyncMongoClient[Any] = AsyncMongoClient(mongo_url)
    collection = mongo["satr_test"][f"mixin_{uuid.uuid4().hex[:12]}"]
    manager = SatrManager(
        SatrSettings(secret=SECRET, store=MongoStore(collection), env="production")
    )
    app = tornado.web.Application(
        [
            (r"/whoami", WhoAmIHandler),
            (r"/async-base", AsyncBaseHandler),
            (r"/data", DataHandler),
            (r"/login", LoginHandler),
            (r"/private", PrivateHandler),
        ],
        satr=manager,
        login_url="/login",
    )
    server = serve(app)
    made = MixedSite(manager, Client(server.base_url), collection, server)
    yield made

    async def cleanup() -> None:
        server.stop()
        made.client.close()
        await collection.drop()
        await mongo.close()

    io_loop.run_sync(cleanup)


async def _login(mixed: MixedSite, cookie: str | None = None) -> str:
    response = await mixed.client.fetch(
        "/login", "POST", form={"user": "alice"}, cookie=cookie
    )
    assert response.code == 302, response.code
    return jar(response)


@pytest.mark.gen_test
async def test_base_prepare_runs_under_the_mixin(mixed: MixedSite) -> None:
    response = await mixed.client.fetch("/whoami")

    assert response.code == 200
    assert response.headers["X-Base-Prepared"] == "sync"
    assert response.body == b'{"user_at_prepare": null, "user": null}'


@pytest.mark.gen_test
async def test_async_base_prepare_is_awaited_under_the_mixin(mixed: MixedSite) -> None:
    response = await mixed.client.fetch("/async-base")

    assert response.code == 200
    assert response.headers["X-Base-Prepared"] == "async"


@pytest.mark.gen_test
async def test_base_prepare_sees_the_logged_in_user(mixed: MixedSite) -> None:
    cookie = await _login(mixed)

    response = await mixed.client.fetch("/whoami", cookie=cookie)

    assert response.body == b'{"user_at_prepare": "alice", "user": "alice"}'


@pytest.mark.gen_test
async def test_session_data_is_saved_and_read_back_under_the_mixin(
    mixed: MixedSite,
) -> None:
    written = await mixed.client.fetch("/data?k=cart&v=3", "POST")
    cookie = jar(written)

    read = await mixed.client.fetch("/data?k=cart", cookie=cookie)

    assert cookie_named(written, "_si").attrs["path"] == "/"
    assert read.body == b'{"user_at_prepare": null, "value": "3"}'
    assert await mixed.keys() == [store_key(mixed.raw_id(cookie))]


@pytest.mark.gen_test
async def test_login_rotates_the_id_under_the_mixin(mixed: MixedSite) -> None:
    written = await mixed.client.fetch("/data?k=cart&v=3", "POST")
    before = jar(written)

    after = await _login(mixed, cookie=before)

    assert mixed.raw_id(after) != mixed.raw_id(before)
    assert await mixed.keys() == [store_key(mixed.raw_id(after))]
    kept = await mixed.client.fetch("/data?k=cart", cookie=after)
    assert kept.body == b'{"user_at_prepare": "alice", "value": "3"}'


@pytest.mark.gen_test
async def test_authorized_redirects_anonymous_under_the_mixin(mixed: MixedSite) -> None:
    response = await mixed.client.fetch("/private")

    assert response.code == 302
    assert response.headers["Location"] == "/login?next=%2Fprivate"
    assert response.headers["X-Base-Prepared"] == "sync"


@pytest.mark.gen_test
async def test_authorized_lets_the_logged_in_user_through_under_the_mixin(
    mixed: MixedSite,
) -> None:
    cookie = await _login(mixed)

    response = await mixed.client.fetch("/private", cookie=cookie)

    assert response.code == 200
    assert response.body == b'{"user_at_prepare": "alice", "user": "alice"}'
