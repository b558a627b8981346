"""An in-process store for development and tests only."""

from __future__ import annotations

import copy
from dataclasses import replace

from ..records import SessionChanges, SessionRecord, UserId

_SWEEP_EVERY = 1024


class MemoryStore:
    """Keeps records in a dict. Lost on restart; one process only.

    Records are copied in and out, so a handler's changes reach it only
    through a save, as with a real database.
    """

    #: Never waits on I/O, so its calls need no timeout.
    in_process = True

    def __init__(self) -> None:
        self._records: dict[str, SessionRecord] = {}
        self._writes = 0

    def __len__(self) -> int:
        return len(self._records)

    def _live(self, key: str, now: float) -> SessionRecord | None:
        record = self._records.get(key)
        if record is None:
            return None
        if record.expires_at <= now:
            del self._records[key]
            return None
        return record

    async def get(self, key: str, now: float) -> SessionRecord | None:
        record = self._live(key, now)
        if record is None:
            return None
        return _copy(record)

    async def set(self, key: str, record: SessionRecord) -> None:
        data = copy.deepcopy(record.data) if record.data else {}
        self._records[key] = replace(record, data=data, version=record.version + 1)
        self._writes += 1
        if self._writes % _SWEEP_EVERY == 0:
            self._sweep(record.last_seen)

    async def update(self, key: str, changes: SessionChanges, now: float) -> bool:
        record = self._live(key, now)
        if record is None:
            return False
        for name, value in changes.fields.items():
            setattr(record, name, value)
        for data_key, value in changes.data_set.items():
            record.data[data_key] = copy.deepcopy(value)
        for data_key in changes.data_unset:
            record.data.pop(data_key, None)
        record.version += 1
        return True

    async def touch(self, key: str, last_seen: float, expires_at: float) -> bool:
        record = self._live(key, last_seen)
        if record is None:
            return False
        record.last_seen = last_seen
        record.expires_at = expires_at
        record.version += 1
        return True

    async def mark_renewed(
        self, key: str, successor: str, expires_at: float, now: float
    ) -> bool:
        record = self._live(key, now)
        if record is None or record.successor is not None:
            return False
        record.successor = successor
        record.expires_at = min(record.expires_at, expires_at)
        record.version += 1
        return True

    async def destroy(self, key: str) -> None:
        self._records.pop(key, None)

    async def destroy_user_sessions(
        self, user_id: UserId, except_key: str | None = None
    ) -> int:
        doomed = [
            key
            for key, record in self._records.items()
            if record.user_id == user_id and key != except_key
        ]
        for key in doomed:
            del self._records[key]
        return len(doomed)

    async def list_user_sessions(
        self, user_id: UserId, now: float
    ) -> list[tuple[str, SessionRecord]]:
        return [
            (key, _copy(record))
            for key, record in self._records.items()
            if record.user_id == user_id and record.expires_at > now
        ]

    async def count_user_sessions(self, user_id: UserId, now: float) -> int:
        return sum(
            1
            for record in self._records.values()
            if record.user_id == user_id and record.expires_at > now
        )

    async def ensure_indexes(self) -> None:
        """Nothing to index in memory."""

    def _sweep(self, now: float) -> None:
        dead = [key for key, rec in self._records.items() if rec.expires_at <= now]
        for key in dead:
            del self._records[key]


def _copy(record: SessionRecord) -> SessionRecord:
    """A copy sharing nothing mutable with ``record``; faster than replace()."""
    return SessionRecord(
        record.user_id,
        record.authorized,
        copy.deepcopy(record.data) if record.data else {},
        record.created_at,
        record.last_seen,
        record.ends_at,
        record.expires_at,
        record.version,
        record.renewals,
        record.successor,
    )
