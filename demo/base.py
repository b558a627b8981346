"""The base handler: Jinja2 templates, error pages, cookies and login checks."""

from __future__ import annotations

import asyncio
import datetime
import http
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import tornado.web
from markupsafe import Markup

from demo.throttle import Throttle
from demo.users import Users, UsersUnavailable, is_text
from satr_tornado import SatrHandler, safe_redirect_target

log = logging.getLogger("demo")

#: The reusable templates and their stylesheet (in ``static/``).
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

#: Sent on every answer: no framing, no sniffing, scripts and styles from here.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'none'; object-src 'none'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

#: Seconds the consent cookie lasts: about six months.
CONSENT_MAX_AGE = 180 * 86400
#: Login form fields decoded by the demo rather than refused by Tornado.
LOGIN_FIELDS = ("username", "password")


def template_environment(path: Path = TEMPLATES) -> jinja2.Environment:
    """A Jinja2 environment over ``path`` with autoescape on."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(path),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["when"] = format_time
    return environment


def format_time(seconds: float) -> str:
    """Seconds since the epoch as ``2030-01-01 00:00:00 UTC``."""
    moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass
class Services:
    """What the handlers share: accounts, the login throttle, templates."""

    users: Users
    throttle: Throttle
    templates: jinja2.Environment
    #: Requests begun and not yet finished, so a stop can wait for them.
    in_flight: int = 0

    async def drained(self, timeout: float) -> None:
        """Wait until no request is in flight, at most ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while self.in_flight > 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)


@dataclass(frozen=True)
class LoginOutcome:
    """A checked login: the user, or why there is none."""

    user: str | None = None
    #: Seconds the client must wait: the attempt was refused unchecked.
    retry_after: int = 0
    #: The name or password is not valid text: refused unchecked and uncounted.
    malformed: bool = False


class DemoHandler(SatrHandler):
    """Base of every demo page: templates via Jinja2, errors as pages."""

    services: Services

    def initialize(self, services: Services) -> None:
        self.services = services
        self._counted = False

    async def prepare(self) -> None:
        self.services.in_flight += 1
        self._counted = True
        await super().prepare()

    def _uncount(self) -> None:
        if self._counted:
            self._counted = False
            self.services.in_flight -= 1

    def on_finish(self) -> None:
        self._uncount()

    def on_connection_close(self) -> None:
        self._uncount()
        super().on_connection_close()

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    # -- templates --------------------------------------------------------
    def get_template_namespace(self) -> dict[str, Any]:
        namespace = super().get_template_namespace()
        namespace.update(
            xsrf_form_html=lambda: Markup(self.xsrf_form_html()),  # noqa: S704
            consent=self.consent_choice(),
            here=safe_redirect_target(self.request.path, "/"),
            session=self.session,
        )
        return namespace

    def render_string(self, template_name: str, **kwargs: Any) -> bytes:
        """Render a Jinja2 template from ``templates/`` with Tornado's namespace."""
        namespace = self.get_template_namespace()
        namespace.update(kwargs)
        template = self.services.templates.get_template(template_name)
        return template.render(**namespace).encode("utf-8")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Answer an error with ``error.html``; never a traceback."""
        reason = self._reason or http.HTTPStatus(status_code).phrase
        self.finish(self.render_string("error.html", status=status_code, reason=reason))

    def write_unauthorized(self, api: bool) -> None:
        """API clients get the library's JSON 401; browsers get the 401 page."""
        if api:
            super().write_unauthorized(api)
            return
        self.set_status(401)
        self.set_header("WWW-Authenticate", 'Session realm="satr"')
        page = self.render_string("error.html", status=401, reason="Unauthorized")
        self.finish(page)

    # -- cookies ----------------------------------------------------------
    def set_cookie(
        self,
        name: str,
        value: str | bytes,
        domain: str | None = None,
        expires: float | tuple[Any, ...] | datetime.datetime | None = None,
        path: str = "/",
        expires_days: float | None = None,
        *,
        max_age: int | None = None,
        httponly: bool = False,
        secure: bool = False,
        samesite: str | None = None,
        **kwargs: Any,
    ) -> None:
        # The XSRF and consent cookies are Secure over HTTPS, like the session's.
        if name in ("_xsrf", self.satr.settings.consent_cookie):
            secure = secure or self.request.protocol == "https"
        super().set_cookie(
            name,
            value,
            domain,
            expires,
            path,
            expires_days,
            max_age=max_age,
            httponly=httponly,
            secure=secure,
            samesite=samesite,
            **kwargs,
        )

    def consent_choice(self) -> str | None:
        """``"yes"`` or ``"no"`` once the visitor chose, else ``None``."""
        value = self.get_cookie(self.satr.settings.consent_cookie)
        return value if value in ("yes", "no") else None

    # -- login ------------------------------------------------------------
    def decode_argument(self, value: bytes, name: str | None = None) -> str:
        """Decode the login fields leniently; :meth:`check_login` refuses bad ones.

        Tornado would answer a field that is not UTF-8 with a 400 whose log
        line quotes its first bytes: for a password, a secret in the log.
        """
        if name == "password":
            # Undecodable bytes become lone surrogates, which is_text refuses.
            return value.decode("utf-8", "surrogateescape")
        if name in LOGIN_FIELDS:
            # The form shows the name again, so it must stay encodable; with
            # U+FFFD in it, it matches no account.
            return value.decode("utf-8", "replace")
        return super().decode_argument(value, name)

    async def check_login(self, username: object, password: object) -> LoginOutcome:
        """Throttle, then check the password; 503 when the users are unreachable.

        The attempt is counted before the password is checked, so attempts
        running at the same time cannot pass the throttle's limits.
        """
        name = username if isinstance(username, str) else ""
        secret = password if isinstance(password, str) else ""
        if not (is_text(name) and is_text(secret)):
            # Refused whether or not the name exists, so it tells nothing.
            log.info("login refused: the name or password is not valid text")
            return LoginOutcome(malformed=True)
        throttle = self.services.throttle
        client = self.request.remote_ip or "unknown"
        attempt = throttle.reserve(name, client)
        if attempt.retry_after:
            log.info("login refused for a while: too many failures")
            return LoginOutcome(retry_after=attempt.retry_after)
        try:
            user = await self.services.users.authenticate(username, password)
        except UsersUnavailable:
            throttle.withdraw(attempt)
            log.error("users collection unreachable; answering 503", exc_info=True)
            raise tornado.web.HTTPError(503, reason="User Store Unavailable") from None
        if user is None:
            log.info("login failed")
            return LoginOutcome()
        throttle.passed(attempt)
        return LoginOutcome(user=user)

    def login_user(self, user: str, transport: Any = None) -> None:
        """Log ``user`` in; a different user's session data is dropped first."""
        session = self.session
        if session is not None and session.user_id != user:
            session.clear()
        self.login(user, transport)


class NotFound(DemoHandler):
    """Every unknown path: the 404 page."""

    async def prepare(self) -> None:
        await super().prepare()
        raise tornado.web.HTTPError(404)
