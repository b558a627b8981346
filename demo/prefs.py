"""Preferences kept in the session: the demo's route that writes session data.

``GET /api/prefs`` answers ``{"prefs": {...}}``; ``POST /api/prefs`` with
``{"key": "theme", "value": "dark"}`` sets one preference and answers the
same shape. Like the other JSON routes, the session travels only in the
``X-Session-Id`` header, so no XSRF token is needed. Each preference is a
session key of its own, so requests setting different ones at the same time
do not undo each other.
"""

from __future__ import annotations

from typing import Any

from demo.api import ApiHandler
from satr_tornado import authorized

#: Preference names a client may set; anything else is refused.
PREF_KEYS = frozenset(
    {"theme", "language", "timezone", "page_size", "date_format", "start_page"}
)
#: Longest preference value, in characters.
MAX_VALUE = 40
#: Session keys holding preferences start with this.
SESSION_PREFIX = "pref_"


class ApiPrefs(ApiHandler):
    """Read and set the logged-in user's preferences."""

    def prefs(self) -> dict[str, Any]:
        session = self.session
        assert session is not None
        return {
            key[len(SESSION_PREFIX) :]: value
            for key, value in session.items()
            if key.startswith(SESSION_PREFIX)
        }

    @authorized(api=True)
    def get(self) -> None:
        self.finish({"prefs": self.prefs()})

    @authorized(api=True)
    def post(self) -> None:
        body = self.json_object("{key, value}")
        if body is None:
            return
        key, value = body.get("key"), body.get("value")
        if not isinstance(key, str) or key not in PREF_KEYS:
            names = ", ".join(sorted(PREF_KEYS))
            self.answer(400, "unknown_key", f"key must be one of: {names}")
            return
        if (
            not isinstance(value, str)
            or not 0 < len(value) <= MAX_VALUE
            or not value.isprintable()
        ):
            message = f"value must be printable text of 1 to {MAX_VALUE} characters"
            self.answer(400, "bad_value", message)
            return
        session = self.session
        assert session is not None
        session[SESSION_PREFIX + key] = value
        self.finish({"prefs": self.prefs()})
