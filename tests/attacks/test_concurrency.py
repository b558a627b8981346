"""Concurrency: parallel requests never undo a logout nor each other's writes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.attacks.conftest import Launch
from tests.attacks.harness import (
    COOKIE,
    Demo,
    Login,
    Response,
    browser_login,
    browser_logout,
    private_works,
)

LIFE = 6.0
WINDOW = 5.0
GRACE = 2.0
ROUNDS = 8
PARALLEL = 12


@pytest.fixture(scope="module")
def renewing(launch: Launch) -> Iterator[Demo]:
    demo = launch(
        {
            "SATR_LIFE": str(LIFE),
            "SATR_RENEWAL_DURATION": str(WINDOW),
            "SATR_RENEWAL_GRACE": str(GRACE),
        }
    )
    yield demo
    demo.stop()


def _race_logout(demo: Demo, login: Login) -> list[Response]:
    """Send PARALLEL page views with a logout in their middle."""

    def visit(turn: int) -> Response:
        if turn == PARALLEL // 2:
            return browser_logout(demo.http, login)
        return demo.http.get("/private", cookie=login.cookie)

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return list(pool.map(visit, range(PARALLEL)))


def _issued(responses: list[Response]) -> set[str]:
    found = set()
    for response in responses:
        cookie = response.cookie(COOKIE)
        if cookie is not None and cookie.value:
            found.add(cookie.value)
    return found


def test_logout_racing_renewals_is_not_undone(renewing: Demo) -> None:
    logins = [browser_login(renewing.http) for _ in range(ROUNDS)]
    time.sleep(LIFE - WINDOW + 0.3)

    survivors = []
    for login in logins:
        assert login.token is not None
        issued = _issued(_race_logout(renewing, login))
        survivors += [
            t for t in {login.token, *issued} if private_works(renewing.http, t)
        ]

    assert survivors == []
