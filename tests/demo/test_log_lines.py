"""One INFO line per login, logout and renewal, naming a short hash of the id."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from satr_tornado.ids import short_hash
from tests.attacks.harness import (
    COOKIE,
    PASSWORD,
    USERNAME,
    Demo,
    browser_login,
    browser_logout,
    session_id_of,
    start_demo,
)

LOGIN_LINE = re.compile(
    rf" INFO demo: login: user {USERNAME}, session ([0-9a-f]{{12}})$", re.MULTILINE
)
LOGOUT_LINE = re.compile(r" INFO [\w.]+: session ([0-9a-f]{12}) ended$", re.MULTILINE)
RENEWAL_LINE = re.compile(
    r" INFO [\w.]+: session ([0-9a-f]{12}) renewed$", re.MULTILINE
)
#: Life and renewal window: a session is due for renewal half a second in.
LIFE, WINDOW = 60.0, 59.5


@pytest.fixture(scope="module")
def renewing(mongo_url: str, demo_dir: Path) -> Iterator[Demo]:
    demo = start_demo(
        mongo_url,
        demo_dir,
        env={"SATR_LIFE": str(LIFE), "SATR_RENEWAL_DURATION": str(WINDOW)},
    )
    yield demo
    demo.stop()


def _lines_after(demo: Demo, offset: int, pattern: re.Pattern[str]) -> list[str]:
    """Hashes in lines matching ``pattern`` written past ``offset``."""
    deadline = time.monotonic() + 5
    while True:
        found = pattern.findall(demo.log()[offset:])
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def _assert_nothing_secret(text: str, token: str) -> None:
    for secret in (token, session_id_of(token), PASSWORD):
        assert secret not in text


def test_login_writes_one_info_line_with_a_short_hash(demo: Demo) -> None:
    offset = len(demo.log())

    login = browser_login(demo.http)

    assert login.token is not None
    hashes = _lines_after(demo, offset, LOGIN_LINE)
    assert hashes == [short_hash(session_id_of(login.token))]
    _assert_nothing_secret(demo.log()[offset:], login.token)


def test_logout_writes_one_info_line_with_a_short_hash(demo: Demo) -> None:
    login = browser_login(demo.http)
    assert login.token is not None
    offset = len(demo.log())

    browser_logout(demo.http, login)

    hashes = _lines_after(demo, offset, LOGOUT_LINE)
    assert hashes == [short_hash(session_id_of(login.token))]
    _assert_nothing_secret(demo.log()[offset:], login.token)


def test_renewal_writes_one_info_line_with_a_short_hash(renewing: Demo) -> None:
    login = browser_login(renewing.http)
    assert login.token is not None
    time.sleep(LIFE - WINDOW + 0.2)
    offset = len(renewing.log())

    response = renewing.http.get("/private", cookie=login.cookie)

    renewed = response.cookie(COOKIE)
    assert response.status == 200 and renewed is not None and renewed.value
    hashes = _lines_after(renewing, offset, RENEWAL_LINE)
    assert hashes == [short_hash(session_id_of(renewed.value))]
    _assert_nothing_secret(renewing.log()[offset:], renewed.value)
