"""What a store holds for one session, and what a save changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: A user id as the application gives it: stored as is.
UserId = str | int


@dataclass(slots=True)
class SessionRecord:
    """One stored session. Times are seconds since the epoch, UTC."""

    user_id: UserId | None
    authorized: bool
    data: dict[str, Any]
    created_at: float
    last_seen: float
    #: End of life: after this the session is dead whatever happens.
    ends_at: float
    #: When the store may forget it: the sooner of end of life and idle end.
    expires_at: float
    version: int = 0
    renewals: int = 0
    #: During the renewal grace, the store key of the session that replaced it.
    successor: str | None = None


#: Record attributes that a save may change, besides ``data``.
RECORD_FIELDS = (
    "user_id",
    "authorized",
    "last_seen",
    "ends_at",
    "expires_at",
    "renewals",
)


@dataclass(slots=True)
class SessionChanges:
    """Only what changed: record fields, data keys set, data keys removed."""

    fields: dict[str, Any] = field(default_factory=dict)
    data_set: dict[str, Any] = field(default_factory=dict)
    data_unset: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.fields or self.data_set or self.data_unset)
