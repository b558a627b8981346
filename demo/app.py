"""Build the demo's Tornado application."""

from __future__ import annotations

import logging
from typing import Any

import tornado.web

from demo import api, pages
from demo.base import TEMPLATES, NotFound, Services
from satr_tornado import SatrManager, SatrSettings, SessionEvent

log = logging.getLogger("demo")


def log_login(event: SessionEvent) -> None:
    """One INFO line per login, with the user and a short hash of the id."""
    user = event.session.user_id if event.session is not None else None
    log.info("login: user %s, session %s", user, event.id_hash)


def make_app(settings: SatrSettings, services: Services) -> tornado.web.Application:
    """The application: every route, XSRF on, templates and static files."""
    manager = SatrManager(settings)
    manager.on("login", log_login)
    shared: dict[str, Any] = {"services": services}
    routes: list[Any] = [
        (r"/", pages.Home, shared),
        (r"/public", pages.Public, shared),
        (r"/private", pages.Private, shared),
        (r"/sessions/others", pages.OtherSessions, shared),
        (r"/login", pages.Login, shared),
        (r"/logout", pages.Logout, shared),
        (r"/consent", pages.Consent, shared),
        (r"/api/login", api.ApiLogin, shared),
        (r"/api/me", api.ApiMe, shared),
        (r"/api/logout", api.ApiLogout, shared),
        (r"/api/prefs", "demo.prefs.ApiPrefs", shared),
    ]
    return tornado.web.Application(
        routes,
        satr=manager,
        login_url="/login",
        xsrf_cookies=True,
        xsrf_cookie_kwargs={"httponly": True, "samesite": "Lax"},
        static_path=str(TEMPLATES / "static"),
        default_handler_class=NotFound,
        default_handler_args=shared,
        serve_traceback=False,
    )
