"""The contract every session store keeps.

Keys are the SHA-256 hex of session ids; a store never sees a raw id. Times
are seconds since the epoch. ``now`` is passed in so one clock rules
expiry everywhere. A store raises any exception on failure; the caller turns
it into :class:`~satr_tornado.errors.StoreError`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ..records import SessionChanges, SessionRecord, UserId


@runtime_checkable
class SessionStore(Protocol):
    """Async storage of session records."""

    async def get(self, key: str, now: float) -> SessionRecord | None:
        """Return the live record under ``key``; ``None`` if absent or expired."""

    async def set(self, key: str, record: SessionRecord) -> None:
        """Write the whole record under ``key``, creating it if absent."""

    async def update(self, key: str, changes: SessionChanges, now: float) -> bool:
        """Apply ``changes`` to a live record; never create one.

        Returns False if no live record exists (ended meanwhile, say).
        """

    async def touch(self, key: str, last_seen: float, expires_at: float) -> bool:
        """Record use at ``last_seen`` of a session live then; False if gone.

        An expired record stays expired: ``last_seen`` is the time of the
        expiry check.
        """

    async def mark_renewed(
        self, key: str, successor: str, expires_at: float, now: float
    ) -> bool:
        """Point a live, not yet renewed record at ``successor`` until expiry.

        ``expires_at`` (the end of the renewal grace) becomes the record's
        expiry; callers pass a time no later than the current one.

        Returns False if it was already renewed or is gone: exactly one of
        several concurrent renewals wins.
        """

    async def destroy(self, key: str) -> None:
        """Delete the record under ``key`` if it exists."""

    async def destroy_user_sessions(
        self, user_id: UserId, except_key: str | None = None
    ) -> int:
        """Delete every session of ``user_id`` but ``except_key``; return count."""

    async def list_user_sessions(
        self, user_id: UserId, now: float
    ) -> list[tuple[str, SessionRecord]]:
        """Return ``(key, record)`` for every live session of ``user_id``."""

    async def count_user_sessions(self, user_id: UserId, now: float) -> int:
        """Count the live sessions of ``user_id`` without loading them."""

    async def ensure_indexes(self) -> None:
        """Create what the store needs to answer quickly and expire records."""
