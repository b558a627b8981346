"""Failed logins: refused for a while per account and per client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.throttle import ACCOUNT_LIMIT, CLIENT_LIMIT, WINDOW, Throttle
from tests.attacks.harness import (
    OTHER_PASSWORD,
    OTHER_USERNAME,
    PASSWORD,
    USERNAME,
    Demo,
    api_login,
    browser_login,
    start_demo,
)
from tests.conftest import FakeClock


@pytest.fixture
def fresh(mongo_url: str, demo_dir: Path) -> Iterator[Demo]:
    """A demo of its own: the throttle's counts live in its process."""
    running = start_demo(mongo_url, demo_dir)
    yield running
    running.stop()


def test_account_is_refused_after_five_failures_even_with_the_password(
    fresh: Demo,
) -> None:
    for _ in range(ACCOUNT_LIMIT):
        assert browser_login(fresh.http, USERNAME, "wrong").response.status == 401

    refused = browser_login(fresh.http, USERNAME, PASSWORD)

    assert refused.response.status == 429
    assert 0 < int(refused.response.header("Retry-After") or 0) <= WINDOW
    assert refused.token is None


def test_other_accounts_still_log_in_while_one_is_refused(fresh: Demo) -> None:
    for _ in range(ACCOUNT_LIMIT):
        browser_login(fresh.http, USERNAME, "wrong")

    other = browser_login(fresh.http, OTHER_USERNAME, OTHER_PASSWORD)

    assert other.response.status == 303


def test_client_is_refused_after_twenty_failures_on_any_names(fresh: Demo) -> None:
    for turn in range(CLIENT_LIMIT):
        response, _ = api_login(fresh.http, f"guess-{turn}", "wrong")
        assert response.status == 401

    refused, token = api_login(fresh.http, OTHER_USERNAME, OTHER_PASSWORD)

    assert refused.status == 429
    assert token is None


def test_refusal_ends_when_the_failures_leave_the_window() -> None:
    clock = FakeClock()
    throttle = Throttle(clock=clock)
    for _ in range(ACCOUNT_LIMIT):
        throttle.reserve("alice", "10.0.0.1")
    assert throttle.retry_after("alice", "10.0.0.2") == WINDOW

    clock.advance(WINDOW)

    assert throttle.retry_after("alice", "10.0.0.2") == 0


def test_success_clears_the_account_count_not_the_client_count() -> None:
    throttle = Throttle(clock=FakeClock(), client_limit=3)
    for name in ("alice", "bob"):
        throttle.reserve(name, "10.0.0.1")
    success = throttle.reserve("alice", "10.0.0.1")

    throttle.passed(success)
    throttle.reserve("dave", "10.0.0.1")

    assert throttle.retry_after("alice", "10.0.0.9") == 0
    assert throttle.retry_after("carol", "10.0.0.1") > 0


def test_account_names_are_counted_without_case() -> None:
    throttle = Throttle(clock=FakeClock(), account_limit=2)

    throttle.reserve("Alice", "10.0.0.1")
    throttle.reserve("ALICE ", "10.0.0.2")

    assert throttle.retry_after("alice", "10.0.0.3") > 0


def test_tables_forget_the_oldest_keys_past_their_bound() -> None:
    throttle = Throttle(clock=FakeClock(), account_limit=1, max_keys=2)

    for name in ("a", "b", "c"):
        throttle.reserve(name, f"10.0.0.{name}")

    assert throttle.retry_after("a", "x") == 0
    assert throttle.retry_after("c", "y") > 0
