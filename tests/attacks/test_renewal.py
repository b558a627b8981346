"""Renewal: the id rotates near the end of life without logging anyone out."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.attacks.conftest import Launch
from tests.attacks.harness import (
    COOKIE,
    Demo,
    Response,
    browser_login,
    private_works,
)

LIFE = 6.0
WINDOW = 5.0
GRACE = 2.0
#: Seconds after a login at which its session is inside the renewal window.
INTO_WINDOW = LIFE - WINDOW + 0.3


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


def _login_into_window(demo: Demo) -> str:
    login = browser_login(demo.http)
    assert login.token is not None
    time.sleep(INTO_WINDOW)
    return login.token


def _issued(response: Response) -> str | None:
    cookie = response.cookie(COOKIE)
    return cookie.value if cookie is not None and cookie.value else None


def test_request_inside_renewal_window_rotates_the_id(renewing: Demo) -> None:
    old = _login_into_window(renewing)

    response = renewing.http.get("/private", cookie=f"{COOKIE}={old}")

    assert response.status == 200
    new = _issued(response)
    assert new is not None and new != old


def test_replaced_id_works_only_during_the_grace(renewing: Demo) -> None:
    old = _login_into_window(renewing)
    renewed = renewing.http.get("/private", cookie=f"{COOKIE}={old}")
    new = _issued(renewed)
    assert new is not None
    renewed_at = time.monotonic()

    during = renewing.http.get("/private", cookie=f"{COOKIE}={old}")
    time.sleep(max(0.0, GRACE + 0.5 - (time.monotonic() - renewed_at)))

    assert during.status == 200
    assert not private_works(renewing.http, old)
    assert private_works(renewing.http, new)


def test_twenty_parallel_requests_during_renewal_stay_logged_in(
    renewing: Demo,
) -> None:
    old = _login_into_window(renewing)

    def visit(_: int) -> Response:
        return renewing.http.get("/private", cookie=f"{COOKIE}={old}")

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(visit, range(20)))
    issued = {token for r in responses if (token := _issued(r)) is not None}
    time.sleep(GRACE + 0.5)
    live = [token for token in {old, *issued} if private_works(renewing.http, token)]

    assert [r.status for r in responses] == [200] * 20
    assert len(issued) == 1
    assert len(live) == 1
