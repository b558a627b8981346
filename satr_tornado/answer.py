"""What a response carries of the session: its cookie or header, and caching.

Called by :class:`~satr_tornado.handler.SatrMixin` once the store write is
done, before the first byte of the response leaves.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .handler import SatrMixin
    from .session import Session

#: Responses that read or set a session must not be cached by anyone else.
CACHE_CONTROL = "private, no-store"


def send_token(handler: SatrMixin, session: Session) -> None:
    """Send the signed id the way the session travels: cookie or header."""
    settings = handler.satr.settings
    token = handler.satr.sign(session.id)
    if session.transport == "header":
        assert settings.header is not None
        handler.set_header(settings.header, token)
        return
    extra: dict[str, Any] = {}
    # Without consent the cookie lasts only as long as the browser session.
    if handler.has_consent():
        remaining = max(0, int(session.expires_at - settings.clock()))
        extra["expires"] = datetime.datetime.fromtimestamp(
            session.expires_at, datetime.UTC
        )
        extra["max_age"] = remaining
    handler.set_cookie(
        settings.cookie_name,
        token,
        domain=settings.cookie_domain,
        path=settings.cookie_path,
        httponly=settings.httponly,
        secure=is_secure(handler),
        samesite=settings.samesite,
        **extra,
    )
    handler._satr_invalid = None


def clear_cookie(handler: SatrMixin) -> None:
    """Clear the session cookie with the attributes it was set with."""
    settings = handler.satr.settings
    handler.clear_cookie(
        settings.cookie_name,
        domain=settings.cookie_domain,
        path=settings.cookie_path,
        httponly=settings.httponly,
        secure=is_secure(handler),
        samesite=settings.samesite,
    )


def is_secure(handler: SatrMixin) -> bool:
    """Whether the cookie gets ``Secure``: by setting, or by the request's scheme."""
    secure = handler.satr.settings.secure
    if secure == "auto":
        return handler.request.protocol == "https"
    return secure


def set_session_headers(handler: SatrMixin) -> None:
    """Clear a stale cookie, and mark a session response private and varying."""
    if not handler._satr_touched:
        return
    session = handler._satr_session
    if handler._satr_invalid == "cookie" and (
        session is None or session.transport != "cookie" or session.dropped
    ):
        clear_cookie(handler)
        handler._satr_invalid = None
    if session is not None and session.dropped and session.is_new:
        return
    headers = handler._headers
    headers["Cache-Control"] = CACHE_CONTROL
    names = handler.satr.vary_names
    current = headers.get("Vary")
    if current is None:
        headers["Vary"] = ", ".join(names)
        return
    vary = {v.strip().lower() for v in current.split(",")}
    missing = [name for name in names if name.lower() not in vary]
    if missing:
        headers["Vary"] = ", ".join(filter(None, [current, *missing]))
