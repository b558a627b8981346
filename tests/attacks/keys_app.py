"""A tiny site on the library for races the demo has no page for.

``python -m tests.attacks.keys_app --port P`` serves, on ``MONGO_URL``:
``POST /login?user=U`` (logs in), ``POST /data?k=K&v=V&delay=S`` (waits S
seconds, then sets one session key), ``GET /data`` (the session's keys),
``POST /logout``. No XSRF: it is reached only by the attack tests.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from typing import Any

import tornado.httpserver
import tornado.web
from pymongo import AsyncMongoClient

from satr_tornado import SatrHandler, SatrManager, SatrSettings, authorized
from satr_tornado.stores.mongo import MongoStore

SECRET = "keys-app-secret-" + "k" * 32


class Login(SatrHandler):
    def post(self) -> None:
        self.login(self.get_argument("user"))
        self.write({"ok": True})


class Data(SatrHandler):
    @authorized(api=True)
    def get(self) -> None:
        assert self.session is not None
        self.write(dict(self.session))

    @authorized(api=True)
    async def post(self) -> None:
        await asyncio.sleep(float(self.get_argument("delay", "0")))
        assert self.session is not None
        self.session[self.get_argument("k")] = self.get_argument("v")
        self.write({"ok": True})


class Logout(SatrHandler):
    def post(self) -> None:
        self.logout()
        self.write({"ok": True})


async def serve(port: int, mongo_url: str, collection: str) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    store = MongoStore(client["satr_keys_app"][collection])
    await store.ensure_indexes()
    manager = SatrManager(SatrSettings(secret=SECRET, store=store, env="production"))
    app = tornado.web.Application(
        [("/login", Login), ("/data", Data), ("/logout", Logout)], satr=manager
    )
    server = tornado.httpserver.HTTPServer(app)
    server.listen(port, "127.0.0.1")
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--collection", default="sessions")
    args = parser.parse_args()
    asyncio.run(serve(args.port, os.environ["MONGO_URL"], args.collection))


if __name__ == "__main__":
    main()
