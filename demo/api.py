"""JSON twins of login, logout and the private page, for non-browser clients.

The session travels only in the ``X-Session-Id`` header here: cookies are
ignored, so a cross-site form cannot act through these routes and they need
no XSRF token.
"""

from __future__ import annotations

import http
import json
from typing import Any

from demo.base import DemoHandler
from satr_tornado import authorized
from satr_tornado.session import Transport

#: Longest JSON body read, in bytes: a login with the longest password fits.
MAX_JSON_BODY = 16 * 1024


class ApiHandler(DemoHandler):
    """JSON in and out; the session only from the header."""

    def get_session_token(self) -> tuple[str, Transport] | None:
        header = self.satr.settings.header
        if header is None:
            return None
        presented = self.request.headers.get(header)
        if presented is None:
            return None
        return presented.strip(), "header"

    def has_consent(self) -> bool:
        # No session is made for an API client that has not logged in.
        return False

    def check_xsrf_cookie(self) -> None:
        # Cookies carry nothing here (see the module docstring).
        return

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        reason = self._reason or http.HTTPStatus(status_code).phrase
        self.finish({"error": reason.lower().replace(" ", "_"), "message": reason})

    def answer(self, status: int, error: str, message: str) -> None:
        self.set_status(status)
        self.finish({"error": error, "message": message})

    def json_object(self, fields: str) -> dict[str, Any] | None:
        """The body as a JSON object, or ``None`` once the refusal is answered.

        ``fields`` names what to send in the 400 message, like ``{key, value}``.
        """
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.split(";")[0].strip().lower() != "application/json":
            self.answer(415, "unsupported_media_type", "send application/json")
            return None
        if len(self.request.body) > MAX_JSON_BODY:
            self.answer(413, "payload_too_large", f"send at most {MAX_JSON_BODY} bytes")
            return None
        try:
            body = json.loads(self.request.body or b"null")
        except (ValueError, RecursionError):
            # Deep nesting exhausts the parser's recursion: a bad body too.
            body = None
        if not isinstance(body, dict):
            self.answer(400, "bad_request", f"send {fields}")
            return None
        return body


class ApiLogin(ApiHandler):
    async def post(self) -> None:
        body = self.json_object("{username, password}")
        if body is None:
            return
        outcome = await self.check_login(body.get("username"), body.get("password"))
        if outcome.malformed:
            message = "user name and password must be valid text"
            self.answer(400, "bad_request", message)
            return
        if outcome.retry_after:
            self.set_header("Retry-After", str(outcome.retry_after))
            self.answer(429, "too_many_attempts", "try again later")
            return
        if outcome.user is None:
            self.answer(401, "invalid_credentials", "wrong user name or password")
            return
        self.login_user(outcome.user, "header")
        self.finish({"user": outcome.user})


class ApiMe(ApiHandler):
    @authorized(api=True)
    def get(self) -> None:
        session = self.session
        assert session is not None
        self.finish(
            {
                "user": session.user_id,
                "created_at": session.created_at,
                "expires_at": session.expires_at,
                "renewals": session.renewals,
            }
        )


class ApiLogout(ApiHandler):
    def post(self) -> None:
        session = self.session
        if session is None or not session.authorized:
            self.answer(401, "unauthorized", "no session to end")
            return
        self.logout()
        self.set_status(204)
        self.finish()
