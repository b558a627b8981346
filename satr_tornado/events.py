"""Session events and the per-manager registry of listeners."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from .errors import UnknownEventError

if TYPE_CHECKING:
    from .session import Session

log = logging.getLogger(__name__)

EventName = Literal[
    "create", "renew", "invalid", "save", "destroy", "regenerate", "login"
]
EVENT_NAMES: frozenset[str] = frozenset(get_args(EventName))


@dataclass(frozen=True, slots=True)
class SessionEvent:
    """What happened, to which session (by short hash), in which handler."""

    name: EventName
    #: 12 hex digits of SHA-256 of the id concerned (never the id itself).
    id_hash: str
    session: Session | None = None
    handler: Any = None
    #: For ``invalid``: why the presented id was refused.
    reason: str | None = None


Listener = Callable[[SessionEvent], Awaitable[None] | None]


class EventEmitter:
    """Listeners by event name; a failing listener is logged, never raised."""

    def __init__(self) -> None:
        self._listeners: dict[str, list[Listener]] = {name: [] for name in EVENT_NAMES}

    def on(self, name: EventName, listener: Listener) -> Listener:
        """Call ``listener`` on every ``name`` event; returns it (for decorators)."""
        if name not in EVENT_NAMES:
            raise UnknownEventError(name, EVENT_NAMES)
        self._listeners[name].append(listener)
        return listener

    def off(self, name: EventName, listener: Listener) -> None:
        """Stop calling ``listener`` for ``name``."""
        self._listeners[name].remove(listener)

    def has_listeners(self, name: EventName) -> bool:
        """Tell whether anything listens to ``name`` (to skip building events)."""
        return bool(self._listeners[name])

    async def emit(self, event: SessionEvent) -> None:
        """Call the listeners of ``event.name`` in order, awaiting async ones."""
        for listener in list(self._listeners[event.name]):
            try:
                result = listener(event)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception(
                    "listener %r for %s event failed (session %s)",
                    listener,
                    event.name,
                    event.id_hash,
                )
