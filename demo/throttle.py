"""Refuse logins for a while after repeated failures, per account and per client.

Failures are counted in this process's memory over a sliding window. A
success clears the account's count but not the client's, so an attacker
cannot reset a client's count by logging into an account of their own.

An attempt is counted as failed when it starts, before its password is
checked, so attempts running at the same time cannot pass the limits; a
success or an attempt that could not be checked takes its count back.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

#: Failures allowed for one account name within the window.
ACCOUNT_LIMIT = 5
#: Failures allowed from one client address within the window.
CLIENT_LIMIT = 20
#: Seconds over which failures are counted.
WINDOW = 15 * 60.0
#: Keys kept per table; the least recently failing are forgotten first.
MAX_KEYS = 10_000


class _Counter:
    """Failure times per key, at most ``limit`` per key, bounded in keys."""

    def __init__(self, limit: int, window: float, max_keys: int) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.failures: OrderedDict[str, deque[float]] = OrderedDict()

    def wait(self, key: str, now: float) -> float:
        """Seconds until ``key`` may try again; 0 when it may now."""
        times = self.failures.get(key)
        if times is None:
            return 0.0
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self.failures[key]
            return 0.0
        if len(times) < self.limit:
            return 0.0
        return times[0] + self.window - now

    def add(self, key: str, now: float) -> None:
        times = self.failures.pop(key, None) or deque(maxlen=self.limit)
        times.append(now)
        self.failures[key] = times
        while len(self.failures) > self.max_keys:
            self.failures.popitem(last=False)

    def clear(self, key: str) -> None:
        self.failures.pop(key, None)

    def remove(self, key: str, at: float) -> None:
        """Forget the failure of ``key`` at ``at``, if it is still counted."""
        times = self.failures.get(key)
        if times is None:
            return
        try:
            times.remove(at)
        except ValueError:
            return
        if not times:
            del self.failures[key]


@dataclass(frozen=True)
class Attempt:
    """A login attempt, counted as failed until it is settled otherwise."""

    account: str
    client: str
    at: float
    #: Seconds the client must wait; above 0, the attempt was refused uncounted.
    retry_after: int = 0


@dataclass
class Throttle:
    """Counts failed logins; ``retry_after`` says whether to refuse one."""

    account_limit: int = ACCOUNT_LIMIT
    client_limit: int = CLIENT_LIMIT
    window: float = WINDOW
    max_keys: int = MAX_KEYS
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._accounts = _Counter(self.account_limit, self.window, self.max_keys)
        self._clients = _Counter(self.client_limit, self.window, self.max_keys)

    @staticmethod
    def _account(username: str) -> str:
        return username.strip().casefold()

    def retry_after(self, username: str, client: str) -> int:
        """Whole seconds to wait before trying again; 0 lets the attempt run."""
        now = self.clock()
        wait = max(
            self._accounts.wait(self._account(username), now),
            self._clients.wait(client, now),
        )
        return math.ceil(wait) if wait > 0 else 0

    def reserve(self, username: str, client: str) -> Attempt:
        """Count an attempt as failed before it is checked, unless it is refused.

        Settle it with :meth:`passed` on success or :meth:`withdraw` when it
        could not be checked; a failure needs nothing more.
        """
        account = self._account(username)
        now = self.clock()
        wait = self.retry_after(username, client)
        if wait:
            return Attempt(account, client, now, retry_after=wait)
        self._accounts.add(account, now)
        self._clients.add(client, now)
        return Attempt(account, client, now)

    def passed(self, attempt: Attempt) -> None:
        """The attempt logged in: clear the account, take back the client's count."""
        self._accounts.clear(attempt.account)
        self._clients.remove(attempt.client, attempt.at)

    def withdraw(self, attempt: Attempt) -> None:
        """The attempt was never checked: take back both of its counts."""
        self._accounts.remove(attempt.account, attempt.at)
        self._clients.remove(attempt.client, attempt.at)
