"""Session ids: 256 random bits, stored as SHA-256, logged as a short hash."""

from __future__ import annotations

import hashlib
import re
import secrets

#: Length of a session id as produced by :func:`new_session_id`.
SESSION_ID_LENGTH = 43

_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_session_id() -> str:
    """Return a fresh id: 32 bytes from :mod:`secrets`, URL-safe base64."""
    return secrets.token_urlsafe(32)


def is_well_formed(session_id: str) -> bool:
    """Tell whether ``session_id`` has the shape of an id this package makes."""
    return _ID_PATTERN.fullmatch(session_id) is not None


def store_key(session_id: str) -> str:
    """Return the key a session is stored under: the SHA-256 hex of its id."""
    return hashlib.sha256(session_id.encode("ascii")).hexdigest()


def short_hash(value: str | bytes) -> str:
    """Return 12 hex digits of SHA-256, safe to log for any client value."""
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "replace")
    return hashlib.sha256(raw).hexdigest()[:12]
