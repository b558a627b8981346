"""Failed logins sent at the same time: the throttle's limits hold all the same."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from demo.throttle import ACCOUNT_LIMIT, CLIENT_LIMIT, Throttle
from tests.attacks.harness import (
    OTHER_PASSWORD,
    OTHER_USERNAME,
    USERNAME,
    Demo,
    Http,
    api_login,
    start_demo,
)
from tests.conftest import FakeClock

#: Attempts sent at once: well past either limit.
BURST = CLIENT_LIMIT + 5


@pytest.fixture
def fresh(mongo_url: str, demo_dir: Path) -> Iterator[Demo]:
    """A demo of its own: the throttle's counts live in its process."""
    running = start_demo(mongo_url, demo_dir)
    yield running
    running.stop()


def _at_once(http: Http, names: Callable[[int], str]) -> list[int]:
    """POST ``BURST`` wrong-password API logins released together; the statuses."""
    start = threading.Barrier(BURST)

    def attempt(turn: int) -> int:
        start.wait(timeout=30)
        response, _ = api_login(http, names(turn), "wrong password")
        return response.status

    with ThreadPoolExecutor(BURST) as pool:
        return list(pool.map(attempt, range(BURST)))


def test_simultaneous_failures_for_one_account_stop_at_its_limit(
    fresh: Demo,
) -> None:
    statuses = _at_once(fresh.http, lambda _: USERNAME)

    assert statuses.count(401) == ACCOUNT_LIMIT
    assert statuses.count(429) == BURST - ACCOUNT_LIMIT


def test_simultaneous_failures_from_one_client_stop_at_its_limit(
    fresh: Demo,
) -> None:
    statuses = _at_once(fresh.http, lambda turn: f"guess-{turn}")

    assert statuses.count(401) == CLIENT_LIMIT
    assert statuses.count(429) == BURST - CLIENT_LIMIT


def test_a_login_does_not_count_against_its_client(fresh: Demo) -> None:
    for turn in range(CLIENT_LIMIT - 1):
        response, _ = api_login(fresh.http, f"guess-{turn}", "wrong password")
        assert response.status == 401
    for _ in range(3):
        response, _ = api_login(fresh.http, OTHER_USERNAME, OTHER_PASSWORD)
        assert response.status == 200

    last, _ = api_login(fresh.http, "guess-last", "wrong password")

    assert last.status == 401


def test_an_attempt_in_progress_counts_towards_the_account_limit() -> None:
    throttle = Throttle(clock=FakeClock(), account_limit=2)
    throttle.reserve("alice", "10.0.0.1")
    throttle.reserve("alice", "10.0.0.2")

    refused = throttle.reserve("alice", "10.0.0.3")

    assert refused.retry_after > 0


def test_a_withdrawn_attempt_counts_nowhere() -> None:
    throttle = Throttle(clock=FakeClock(), account_limit=1, client_limit=1)
    attempt = throttle.reserve("alice", "10.0.0.1")

    throttle.withdraw(attempt)

    assert throttle.retry_after("alice", "10.0.0.1") == 0


def test_a_passed_attempt_clears_the_account_and_takes_back_its_client_count() -> None:
    throttle = Throttle(clock=FakeClock(), account_limit=2, client_limit=2)
    throttle.reserve("alice", "10.0.0.1")
    attempt = throttle.reserve("alice", "10.0.0.1")

    throttle.passed(attempt)

    assert throttle.retry_after("alice", "10.0.0.2") == 0
    assert throttle.retry_after("bob", "10.0.0.1") == 0
