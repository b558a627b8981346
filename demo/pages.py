"""The pages: home, public, private, login, logout and consent."""

from __future__ import annotations

import logging

from demo.base import CONSENT_MAX_AGE, DemoHandler
from satr_tornado import authorized, safe_redirect_target

log = logging.getLogger("demo")

#: Where a login goes when no (valid) ``next`` was given.
AFTER_LOGIN = "/private"
#: The one message for an unknown user and a wrong password alike.
LOGIN_FAILED = "Wrong user name or password."


class Home(DemoHandler):
    def get(self) -> None:
        self.render("index.html")


class Public(DemoHandler):
    def get(self) -> None:
        self.render("public.html")


class Private(DemoHandler):
    @authorized
    async def get(self) -> None:
        live = await self.count_user_sessions()
        self.render("private.html", other_sessions=max(0, live - 1))


class OtherSessions(DemoHandler):
    """POST ends every other session of the logged-in user."""

    @authorized
    async def post(self) -> None:
        ended = await self.end_other_sessions()
        log.info("user %s ended %d other sessions", self.current_user, ended)
        self.redirect("/private", status=303)


class Login(DemoHandler):
    def _next(self) -> str:
        return safe_redirect_target(self.get_argument("next", None), AFTER_LOGIN)

    def _form(self, status: int = 200, error: str | None = None, **extra: str) -> None:
        self.set_status(status)
        self.render(
            "login.html",
            next=self._next(),
            error=error,
            username=extra.get("username", ""),
        )

    def get(self) -> None:
        self._form()

    async def post(self) -> None:
        username = self.get_body_argument("username", "")
        password = self.get_body_argument("password", "")
        outcome = await self.check_login(username, password)
        if outcome.retry_after:
            self.set_header("Retry-After", str(outcome.retry_after))
            minutes = -(-outcome.retry_after // 60)
            message = (
                "Too many failed attempts. Try again in "
                f"{minutes} minute{'s' if minutes != 1 else ''}."
            )
            self._form(429, message, username=username)
            return
        if outcome.user is None:
            self._form(401, LOGIN_FAILED, username=username)
            return
        self.login_user(outcome.user)
        self.redirect(self._next(), status=303)


class Logout(DemoHandler):
    def get(self) -> None:
        self.render("logout.html")

    def post(self) -> None:
        self.logout()
        self.redirect("/public", status=303)


class Consent(DemoHandler):
    def get(self) -> None:
        self.render("consent.html", next=self._next())

    def _next(self) -> str:
        return safe_redirect_target(self.get_argument("next", None), "/")

    def post(self) -> None:
        choice = self.get_body_argument("choice", "")
        if choice not in ("accept", "decline"):
            self.set_status(400)
            self.render("consent.html", next=self._next())
            return
        value = "yes" if choice == "accept" else "no"
        self.set_cookie(
            self.satr.settings.consent_cookie,
            value,
            max_age=CONSENT_MAX_AGE,
            path="/",
            httponly=True,
            samesite="Lax",
        )
        session = self.session
        if value == "no" and session is not None and not session.authorized:
            # A visitor's session exists only by consent: withdrawn, it goes.
            self.logout()
        self.redirect(self._next(), status=303)
