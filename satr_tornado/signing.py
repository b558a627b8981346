"""Signed session ids, built on Tornado's signed values."""

from __future__ import annotations

from tornado.web import create_signed_value, decode_signed_value

from .settings import SatrSettings

_SECONDS_PER_DAY = 86400.0
_MAX_TOKEN_LENGTH = 512


def sign_id(settings: SatrSettings, session_id: str) -> str:
    """Sign ``session_id`` with the newest key, bound to the cookie name."""
    signed = create_signed_value(
        settings.secret,
        settings.cookie_name,
        session_id,
        clock=settings.clock,
        key_version=settings.signing_key_version,
    )
    return signed.decode("ascii")


def unsign_id(settings: SatrSettings, token: str) -> str | None:
    """Return the id inside ``token``, or ``None`` if it is not ours or too old.

    A token is accepted while its key version is listed and it is younger
    than the session life plus the renewal grace.
    """
    if not token or len(token) > _MAX_TOKEN_LENGTH or not token.isascii():
        return None
    max_age_days = (settings.life + settings.renewal_grace) / _SECONDS_PER_DAY
    try:
        raw = decode_signed_value(
            settings.secret,
            settings.cookie_name,
            token,
            max_age_days=max_age_days,
            clock=settings.clock,
            min_version=2,
        )
    except (ValueError, TypeError, KeyError):
        return None
    if raw is None:
        return None
    try:
        session_id = raw.decode("ascii")
    except UnicodeDecodeError:
        return None
    if not session_id or not session_id.isprintable() or len(session_id) > 128:
        return None
    return session_id
