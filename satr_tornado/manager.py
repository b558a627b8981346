"""The manager: settings, store and listeners, and the load/save logic.

A handler asks the manager to :meth:`~SatrManager.load` the presented token
once per request and to :meth:`~SatrManager.commit` the session before the
response headers leave. Every store call runs under ``store_timeout`` and any
failure becomes :class:`StoreError`.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

from .errors import StoreError
from .events import EventEmitter, EventName, Listener, SessionEvent
from .ids import short_hash, store_key
from .records import SessionChanges, SessionRecord, UserId
from .session import Session, Transport
from .settings import SatrSettings
from .signing import sign_id, unsign_id
from .stores.base import SessionStore
from .stores.memory import MemoryStore

log = logging.getLogger(__name__)

T = TypeVar("T")

#: What a commit did: nothing, gave out a new id, ended, or found it gone.
CommitResult = Literal["unchanged", "saved", "issued", "ended", "gone"]

#: Successor written on a record being destroyed: never a session's key.
_ENDED = "ended"


@dataclass(slots=True)
class LoadResult:
    """The session found for a token, or why there is none."""

    session: Session | None
    invalid_reason: str | None = None
    #: The id inside a correctly signed token that named no live session, so
    #: the ``invalid`` event and log line carry the same hash as its logout.
    signed_id: str | None = None


class SatrManager:
    """Holds settings, store and listeners; pass it as ``satr=`` to Application.

    Building it checks the settings: a bad one raises ``ConfigurationError``
    before the server starts.
    """

    def __init__(self, settings: SatrSettings) -> None:
        self.settings = settings
        if settings.store is None:
            log.warning(
                "no session store given (env %r): sessions live in memory and "
                "vanish on restart; pass store=MongoStore(...) in production",
                settings.env,
            )
            self.store: SessionStore = MemoryStore()
        else:
            self.store = settings.store
        self.events = EventEmitter()
        #: A store that never waits on I/O needs no timeout on its calls.
        self._in_process = bool(getattr(self.store, "in_process", False))
        #: Monotonic time until which store calls fail at once (0: none).
        self._down_until = 0.0
        #: Request headers a session response depends on, for ``Vary``.
        self.vary_names: tuple[str, ...] = ("Cookie",) + (
            (settings.header,) if settings.header is not None else ()
        )

    def on(self, name: EventName, listener: Listener) -> Listener:
        """Register ``listener`` for event ``name``; returns it."""
        return self.events.on(name, listener)

    async def emit(self, name: EventName, session_id: str, **extra: Any) -> None:
        """Fire ``name`` for ``session_id`` if anything listens."""
        if self.events.has_listeners(name):
            event = SessionEvent(name=name, id_hash=short_hash(session_id), **extra)
            await self.events.emit(event)

    # -- tokens -----------------------------------------------------------
    def sign(self, session_id: str) -> str:
        """Return the signed token sent to the client for ``session_id``."""
        return sign_id(self.settings, session_id)

    def renewed_end(self, record: SessionRecord, now: float) -> float:
        """End of life a renewal at ``now`` gives, within ``absolute_life``."""
        end = now + self.settings.life
        cap = self.settings.absolute_life
        if cap is None:
            return end
        return min(end, record.created_at + cap)

    def expires_for(self, record: SessionRecord) -> float:
        """The sooner of end of life and end of idle time."""
        idle = self.settings.idle_timeout
        if idle is None:
            return record.ends_at
        return min(record.ends_at, record.last_seen + idle)

    # -- store calls ------------------------------------------------------
    async def call(self, operation: str, awaitable: Awaitable[T]) -> T:
        """Await a store call under the timeout; failures become StoreError.

        After a failure, calls fail at once for ``store_retry_after`` seconds
        instead of each waiting for a store that is down.
        """
        if self._down_until and time.monotonic() < self._down_until:
            if inspect.iscoroutine(awaitable):
                awaitable.close()
            raise StoreError(
                f"session store {operation} not tried: the store failed less "
                f"than {self.settings.store_retry_after}s ago"
            )
        try:
            if self._in_process:
                result = await awaitable
            else:
                # A timeout scope, not wait_for(): no extra task per store call.
                async with asyncio.timeout(self.settings.store_timeout):
                    result = await awaitable
        except StoreError:
            self._mark_down()
            raise
        except TimeoutError as exc:
            self._mark_down()
            raise StoreError(
                f"session store {operation} took over {self.settings.store_timeout}s"
            ) from exc
        except Exception as exc:
            self._mark_down()
            raise StoreError(f"session store {operation} failed: {exc!r}") from exc
        self._down_until = 0.0
        return result

    def _mark_down(self) -> None:
        if self.settings.store_retry_after > 0:
            self._down_until = time.monotonic() + self.settings.store_retry_after

    # -- a user's sessions ------------------------------------------------
    async def user_sessions(self, user_id: UserId) -> list[SessionRecord]:
        """The live sessions of ``user_id``, for a "your sessions" page."""
        now = self.settings.clock()
        found = await self.call(
            "list_user_sessions", self.store.list_user_sessions(user_id, now)
        )
        return [record for _, record in found]

    async def count_user_sessions(self, user_id: UserId) -> int:
        """How many live sessions ``user_id`` has, without loading them."""
        now = self.settings.clock()
        return await self.call(
            "count_user_sessions", self.store.count_user_sessions(user_id, now)
        )

    async def end_user_sessions(
        self, user_id: UserId, except_key: str | None = None
    ) -> int:
        """Delete every session of ``user_id`` but ``except_key``; return count."""
        return await self.call(
            "destroy_user_sessions",
            self.store.destroy_user_sessions(user_id, except_key),
        )

    # -- load -------------------------------------------------------------
    def new_session(self, transport: Transport = "cookie") -> Session:
        """Return a new, unsaved session with a fresh random id."""
        now = self.settings.clock()
        record = SessionRecord(
            user_id=None,
            authorized=False,
            data={},
            created_at=now,
            last_seen=now,
            ends_at=now + self.settings.life,
            expires_at=now + self.settings.life,
        )
        record.expires_at = self.expires_for(record)
        return Session(
            self.settings.id_factory(),
            record,
            is_new=True,
            transport=transport,
            id_factory=self.settings.id_factory,
        )

    async def load(self, token: str, transport: Transport) -> LoadResult:
        """Find the live session for a signed token; raises StoreError."""
        session_id = unsign_id(self.settings, token)
        if session_id is None:
            return LoadResult(None, "bad signature, unknown key or too old")
        settings = self.settings
        now = settings.clock()
        key = store_key(session_id)
        record = await self.call("get", self.store.get(key, now))
        if record is None:
            return LoadResult(None, "unknown, expired or ended", session_id)
        if now >= record.ends_at:
            return LoadResult(None, "past its life", session_id)
        idle = settings.idle_timeout
        if idle is not None and now - record.last_seen > idle:
            await self.call("destroy", self.store.destroy(key))
            return LoadResult(None, "idle too long", session_id)
        write_key = key
        in_grace = record.successor is not None
        if record.successor is not None:
            write_key = record.successor
            record = await self.call("get", self.store.get(write_key, now))
            if record is None:
                return LoadResult(None, "renewed and replaced", session_id)
        session = Session(
            session_id,
            record,
            is_new=False,
            transport=transport,
            id_factory=settings.id_factory,
            store_key=write_key,
        )
        window = settings.renewal_duration
        if (
            not in_grace
            and window > 0
            and record.ends_at - now <= window
            and self.renewed_end(record, now) > record.ends_at
        ):
            session.renew_pending = True
        # Touch at least twice per idle period, or an active user times out.
        if idle is not None and now - record.last_seen >= min(
            settings.touch_interval, idle / 2
        ):
            session.touch_pending = True
        return LoadResult(session)

    # -- save -------------------------------------------------------------
    async def commit(self, session: Session, handler: Any = None) -> CommitResult:
        """Write what changed; raises StoreError. Returns what happened."""
        if session.dropped or not session.dirty:
            return "unchanged"
        if session.ended:
            await self._destroy_all(session)
            await self.emit("destroy", session.id, session=session, handler=handler)
            return "ended"
        if session.is_new or session.rotated:
            return await self._issue(session, handler)
        if session.renew_pending and await self._renew(session, handler):
            return "issued"
        return await self._update(session, handler)

    async def _destroy_all(self, session: Session) -> None:
        keys = {store_key(session.id), *map(store_key, session.retired_ids)}
        if session.write_key is not None:
            keys.add(session.write_key)
        for key in sorted(keys):
            await self._destroy_with_successors(key)

    async def _destroy_with_successors(self, key: str) -> None:
        """Destroy ``key`` and any record a concurrent renewal made from it.

        The record is first marked renewed into :data:`_ENDED`, so a renewal
        that has not won yet cannot win any more; if one already won, its
        successor is destroyed too.
        """
        now = self.settings.clock()
        seen: set[str] = set()
        current: str | None = key
        while current is not None and current not in seen:
            seen.add(current)
            sealed = await self.call(
                "mark_renewed", self.store.mark_renewed(current, _ENDED, now, now)
            )
            successor = None
            if not sealed:
                record = await self.call("get", self.store.get(current, now))
                if record is not None and record.successor != _ENDED:
                    successor = record.successor
            await self.call("destroy", self.store.destroy(current))
            current = successor

    async def _issue(self, session: Session, handler: Any) -> CommitResult:
        was_new = session.is_new
        now = self.settings.clock()
        record = session.record
        record.last_seen = now
        record.expires_at = self.expires_for(record)
        record.successor = None
        new_key = store_key(session.id)
        await self.call("set", self.store.set(new_key, record))
        stale = {store_key(old) for old in session.retired_ids}
        if session.write_key is not None and session.write_key != new_key:
            stale.add(session.write_key)
        for key in sorted(stale):
            await self._destroy_with_successors(key)
        logged_in = "authorized" in session.changes().fields
        session.write_key = new_key
        session.mark_saved()
        extra = {"session": session, "handler": handler}
        if was_new:
            await self.emit("create", session.id, **extra)
        else:
            await self.emit("regenerate", session.id, **extra)
        if logged_in:
            await self.emit("login", session.id, **extra)
        await self.emit("save", session.id, **extra)
        return "issued"

    async def _renew(self, session: Session, handler: Any) -> bool:
        settings = self.settings
        now = settings.clock()
        old_key = session.write_key
        assert old_key is not None
        new_id = settings.id_factory()
        new_key = store_key(new_id)
        record = replace(
            session.record,
            data=dict(session.record.data),
            last_seen=now,
            ends_at=self.renewed_end(session.record, now),
            renewals=session.record.renewals + 1,
            successor=None,
        )
        record.expires_at = self.expires_for(record)
        await self.call("set", self.store.set(new_key, record))
        grace_end = min(now + settings.renewal_grace, session.record.expires_at)
        won = await self.call(
            "mark_renewed", self.store.mark_renewed(old_key, new_key, grace_end, now)
        )
        if not won:
            # Another request renewed first: keep the old id (still in its
            # grace) and write this request's changes to the winner's record.
            await self.call("destroy", self.store.destroy(new_key))
            session.renew_pending = False
            current = await self.call("get", self.store.get(old_key, now))
            if current is not None and current.successor is not None:
                session.write_key = current.successor
            return False
        session.replace_id(new_id, new_key)
        session.set_field("ends_at", record.ends_at)
        session.set_field("last_seen", now)
        session.set_field("expires_at", record.expires_at)
        session.set_field("renewals", record.renewals)
        session.mark_saved()
        log.info("session %s renewed", short_hash(new_id))
        await self.emit("renew", new_id, session=session, handler=handler)
        await self.emit("save", new_id, session=session, handler=handler)
        return True

    async def _update(self, session: Session, handler: Any) -> CommitResult:
        now = self.settings.clock()
        if session.touch_pending:
            session.set_field("last_seen", now)
            session.set_field("expires_at", self.expires_for(session.record))
        changes = session.changes()
        key = session.write_key
        assert key is not None
        if changes:
            if _touch_only(changes):
                expires_at = session.record.expires_at
                touching = self.store.touch(key, now, expires_at)
                found = await self.call("touch", touching)
            else:
                updating = self.store.update(key, changes, now)
                found = await self.call("update", updating)
            if not found:
                return "gone"
        session.mark_saved()
        await self.emit("save", session.id, session=session, handler=handler)
        return "saved"


_TOUCH_FIELDS = frozenset(("last_seen", "expires_at"))


def _touch_only(changes: SessionChanges) -> bool:
    """True when a save only records use: the store's cheaper ``touch``."""
    return (
        not changes.data_set
        and not changes.data_unset
        and changes.fields.keys() <= _TOUCH_FIELDS
    )
