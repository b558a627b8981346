"""A small application exercising the library, served for real in tests."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import tornado.web

from satr_tornado import (
    SatrHandler,
    SatrManager,
    SessionDataError,
    authorized,
    safe_redirect_target,
)
from satr_tornado.ids import store_key


class PublicHandler(SatrHandler):
    def get(self) -> None:
        self.write({"user": self.current_user, "has_session": self.session is not None})


class PrivateHandler(SatrHandler):
    @authorized
    async def get(self) -> None:
        assert self.session is not None
        self.write({"user": self.session.user_id, "data": dict(self.session)})

    @authorized
    def head(self) -> None:
        self.set_header("X-User", str(self.current_user))

    @authorized
    def post(self) -> None:
        self.write({"posted_by": self.current_user})


class AdminHandler(SatrHandler):
    @authorized(permission=lambda handler: handler.current_user == "admin")
    def get(self) -> None:
        self.write("admin area")


class TornadoAuthenticatedHandler(SatrHandler):
    @tornado.web.authenticated
    def get(self) -> None:
        self.write({"user": self.current_user})


class LoginHandler(SatrHandler):
    def post(self) -> None:
        self.login(self.get_argument("user"))
        self.redirect(safe_redirect_target(self.get_argument("next", None), "/private"))


class ApiLoginHandler(SatrHandler):
    def post(self) -> None:
        body = json.loads(self.request.body or b"{}")
        self.login(body["user"], transport="header")
        self.write({"ok": True})


class LogoutHandler(SatrHandler):
    def post(self) -> None:
        self.logout()
        self.write({"ok": True})


class DataHandler(SatrHandler):
    """GET reads ``k``; POST sets ``k`` to ``v`` (creating a session if needed)."""

    def get(self) -> None:
        key = self.get_argument("k")
        value = self.session.get(key) if self.session is not None else None
        self.write({"value": value})

    async def post(self) -> None:
        session = self.create_session()
        delay = float(self.get_argument("delay", "0"))
        if delay:
            await asyncio.sleep(delay)
        session[self.get_argument("k")] = self.get_argument("v")
        self.write({"ok": True})


class DropHandler(SatrHandler):
    def post(self) -> None:
        session = self.create_session()
        session["temp"] = "x"
        session.drop()
        self.write({"ok": True})


class FlushEarlyHandler(SatrHandler):
    async def post(self) -> None:
        session = self.create_session()
        session["early"] = "yes"
        self.write("first part;")
        await self.flush()
        self.write("second part")


class FlushProbeHandler(SatrHandler):
    """Flushes, then tells whether the store already held the session."""

    async def post(self) -> None:
        session = self.create_session()
        session["early"] = "yes"
        self.write("first part;")
        await self.flush()
        record = await self.satr.store.get(
            store_key(session.id), self.satr.settings.clock()
        )
        stored = record is not None and record.data.get("early") == "yes"
        self.write(f"stored at flush: {stored}")


class StrictDataHandler(SatrHandler):
    """POST sets ``k`` to ``v``; a refused key answers 400 with the reason."""

    def post(self) -> None:
        session = self.create_session()
        try:
            session[self.get_argument("k")] = self.get_argument("v")
        except SessionDataError as exc:
            session.drop()
            self.set_status(400)
            self.write({"error": str(exc)})
            return
        self.write({"ok": True})


class UnstorableHandler(SatrHandler):
    """Assigns a value no store can hold, to a logged-in session."""

    @authorized
    def post(self) -> None:
        assert self.session is not None
        self.session["when"] = "now"
        self.session["handler"] = object()
        self.write({"ok": True})


class FailAfterHandler(SatrHandler):
    """POST changes the session as ``do`` says (set or logout), then raises."""

    @authorized
    def post(self) -> None:
        assert self.session is not None
        if self.get_argument("do") == "logout":
            self.logout()
        else:
            self.session["half"] = "done"
        raise RuntimeError("the handler failed after changing the session")


class LazyHandler(SatrHandler):
    satr_load_session = False

    def get(self) -> None:
        self.write("no session needed")


class RegenerateHandler(SatrHandler):
    def post(self) -> None:
        if self.session is not None:
            self.session.regenerate()
        self.write({"ok": True})


def make_app(manager: SatrManager, **settings: Any) -> tornado.web.Application:
    """Build the test application around ``manager``."""
    return tornado.web.Application(
        [
            (r"/public", PublicHandler),
            (r"/private", PrivateHandler),
            (r"/admin", AdminHandler),
            (r"/tornado-auth", TornadoAuthenticatedHandler),
            (r"/login", LoginHandler),
            (r"/api/login", ApiLoginHandler),
            (r"/logout", LogoutHandler),
            (r"/data", DataHandler),
            (r"/drop", DropHandler),
            (r"/flush-early", FlushEarlyHandler),
            (r"/flush-probe", FlushProbeHandler),
            (r"/strict-data", StrictDataHandler),
            (r"/unstorable", UnstorableHandler),
            (r"/lazy", LazyHandler),
            (r"/fail-after", FailAfterHandler),
            (r"/regenerate", RegenerateHandler),
        ],
        satr=manager,
        login_url="/login",
        **settings,
    )
