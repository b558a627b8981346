"""Counting the commands a PyMongo client sends: the store operations."""

from __future__ import annotations

from pymongo import monitoring

#: Commands of the connection itself, not of the session data.
HOUSEKEEPING = frozenset(
    {
        "hello",
        "ismaster",
        "isMaster",
        "ping",
        "endSessions",
        "saslStart",
        "saslContinue",
    }
)


class CommandCounter(monitoring.CommandListener):
    """Counts every data command started by the client it is registered on."""

    def __init__(self) -> None:
        self.count = 0
        self.names: dict[str, int] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        name = event.command_name
        if name in HOUSEKEEPING:
            return
        self.count += 1
        self.names[name] = self.names.get(name, 0) + 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass
