"""Ending one's other sessions from the private page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.attacks.harness import (
    Http,
    Login,
    StoreProbe,
    add_user,
    browser_login,
    private_works,
)

USER = "carol"
PASSWORD = "carol has a long pass phrase 99"


@pytest.fixture(scope="module")
def carol(mongo_url: str, demo_dir: Path) -> str:
    add_user(mongo_url, demo_dir, USER, PASSWORD)
    return USER


@pytest.fixture
def probe(mongo_url: str) -> Iterator[StoreProbe]:
    store = StoreProbe(mongo_url)
    yield store
    store.close()


def _end_others(http: Http, login: Login, *, with_xsrf: bool = True) -> int:
    form = {"_xsrf": login.xsrf} if with_xsrf else {}
    jar = f"_xsrf={login.xsrf}; {login.cookie}"
    return http.post_form("/sessions/others", form, cookie=jar).status


def _other_count(http: Http, login: Login) -> int:
    page = http.get("/private", cookie=login.cookie)
    found = re.search(r"<dt>Other sessions</dt><dd>(\d+)</dd>", page.text)
    assert found is not None, page.text
    return int(found.group(1))


def test_private_page_counts_the_users_other_sessions(http: Http, carol: str) -> None:
    first = browser_login(http, carol, PASSWORD)
    before = _other_count(http, first)

    browser_login(http, carol, PASSWORD)

    assert _other_count(http, first) == before + 1


def test_ending_other_sessions_kills_them_and_keeps_this_one(
    http: Http, carol: str, probe: StoreProbe
) -> None:
    here = browser_login(http, carol, PASSWORD)
    elsewhere = browser_login(http, carol, PASSWORD)
    assert here.token is not None and elsewhere.token is not None

    status = _end_others(http, here)

    assert status == 303
    assert not private_works(http, elsewhere.token)
    assert private_works(http, here.token)
    assert probe.sessions().count_documents({"uid": carol}) == 1


def test_ending_other_sessions_needs_the_xsrf_token(http: Http, carol: str) -> None:
    here = browser_login(http, carol, PASSWORD)
    elsewhere = browser_login(http, carol, PASSWORD)
    assert elsewhere.token is not None

    status = _end_others(http, here, with_xsrf=False)

    assert status == 403
    assert private_works(http, elsewhere.token)


def test_private_page_offers_the_button_only_with_other_sessions(
    http: Http, carol: str
) -> None:
    here = browser_login(http, carol, PASSWORD)
    _end_others(http, here)

    page = http.get("/private", cookie=here.cookie)

    assert _other_count(http, here) == 0
    assert "/sessions/others" not in page.text
