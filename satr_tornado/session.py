"""The session object a handler sees: a mapping that knows what changed."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any, Literal

from .errors import UserIdError
from .records import SessionChanges, SessionRecord, UserId
from .values import check_key, check_value

Transport = Literal["cookie", "header"]


class Session(MutableMapping[str, Any]):
    """Server-side session data plus who it belongs to.

    Reading and writing keys is synchronous and never touches the store; the
    handler saves what changed before the response leaves. Values stored in
    nested lists or dicts are saved when their key is assigned again.
    """

    def __init__(
        self,
        session_id: str,
        record: SessionRecord,
        *,
        is_new: bool,
        transport: Transport,
        id_factory: Callable[[], str],
        store_key: str | None = None,
    ) -> None:
        self._id = session_id
        self._record = record
        self._data = record.data if is_new else copy.copy(record.data)
        self._is_new = is_new
        self._transport: Transport = transport
        self._id_factory = id_factory
        #: Key writes go to; differs from the id's key during a renewal grace.
        self.write_key = store_key
        self._set_keys: set[str] = set()
        self._unset_keys: set[str] = set()
        self._fields: dict[str, Any] = {}
        self._retired_ids: list[str] = []
        self._ended = False
        self._dropped = False
        self.renew_pending = False
        self.touch_pending = False

    # -- identity -------------------------------------------------------
    @property
    def id(self) -> str:
        """The current session id. Never log it: log ``short_hash(id)``."""
        return self._id

    @property
    def is_new(self) -> bool:
        """True until the session has been saved once."""
        return self._is_new

    @property
    def transport(self) -> Transport:
        """How the id travels: in the session cookie or the session header."""
        return self._transport

    @transport.setter
    def transport(self, value: Transport) -> None:
        self._transport = value

    @property
    def authorized(self) -> bool:
        """True once :meth:`authorize` has run for a user."""
        return self._record.authorized

    @property
    def user_id(self) -> UserId | None:
        """The authorized user's id, or ``None``."""
        return self._record.user_id if self._record.authorized else None

    @property
    def created_at(self) -> float:
        """When the session was created, seconds since the epoch."""
        return self._record.created_at

    @property
    def expires_at(self) -> float:
        """When the session ends, seconds since the epoch."""
        return self._record.ends_at

    @property
    def last_seen(self) -> float:
        """When the session was last used, as last written to the store."""
        return self._record.last_seen

    @property
    def renewals(self) -> int:
        """How many times the id was renewed before the end of life."""
        return self._record.renewals

    @property
    def ended(self) -> bool:
        """True after :meth:`end`."""
        return self._ended

    @property
    def dropped(self) -> bool:
        """True after :meth:`drop`: this request saves nothing."""
        return self._dropped

    @property
    def record(self) -> SessionRecord:
        """The record as it will be stored, data included."""
        self._record.data = self._data
        return self._record

    # -- mapping --------------------------------------------------------
    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        check_key(key)
        check_value(key, value)
        self._data[key] = value
        self._set_keys.add(key)
        self._unset_keys.discard(key)

    def __delitem__(self, key: str) -> None:
        del self._data[key]
        self._set_keys.discard(key)
        self._unset_keys.add(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"<Session keys={sorted(self._data)!r} authorized={self.authorized}>"

    def add(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key`` (same as ``session[key] = value``)."""
        self[key] = value

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        if key in self._data:
            del self[key]

    # -- life cycle -----------------------------------------------------
    def authorize(self, user_id: UserId) -> None:
        """Log ``user_id`` in: the id rotates, the data stays, the old id dies."""
        if isinstance(user_id, bool) or not isinstance(user_id, str | int):
            raise UserIdError(user_id)
        self._record.user_id = user_id
        self._record.authorized = True
        self._fields["user_id"] = user_id
        self._fields["authorized"] = True
        self.regenerate()

    def regenerate(self) -> None:
        """Give the session a new id; the old one is deleted when saved."""
        if not self._is_new:
            self._retired_ids.append(self._id)
        self._id = self._id_factory()

    def end(self) -> None:
        """Log out: the record is deleted and the cookie cleared when saved."""
        self._ended = True

    def drop(self) -> None:
        """Save nothing for this request; a new session gets no cookie."""
        self._dropped = True

    # -- for the manager ------------------------------------------------
    @property
    def rotated(self) -> bool:
        """True when the id changed in this request (login or regenerate)."""
        return bool(self._retired_ids)

    @property
    def retired_ids(self) -> list[str]:
        """Ids replaced in this request, oldest first."""
        return list(self._retired_ids)

    def set_field(self, name: str, value: Any) -> None:
        """Change a record field (``last_seen``, ``ends_at``...) for the save."""
        setattr(self._record, name, value)
        self._fields[name] = value

    def changes(self) -> SessionChanges:
        """Return what a save of an existing record must write."""
        return SessionChanges(
            fields=dict(self._fields),
            data_set={key: self._data[key] for key in self._set_keys},
            data_unset=set(self._unset_keys),
        )

    @property
    def dirty(self) -> bool:
        """True when something must be written."""
        return bool(
            self._is_new
            or self._ended
            or self._retired_ids
            or self._set_keys
            or self._unset_keys
            or self._fields
            or self.renew_pending
            or self.touch_pending
        )

    def mark_saved(self) -> None:
        """Forget the pending changes after a successful save."""
        self._is_new = False
        self._set_keys.clear()
        self._unset_keys.clear()
        self._fields.clear()
        self._retired_ids.clear()
        self.renew_pending = False
        self.touch_pending = False

    def replace_id(self, session_id: str, write_key: str) -> None:
        """Adopt the id given by a renewal."""
        self._id = session_id
        self.write_key = write_key
