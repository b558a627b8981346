"""Session writes by clients: ``/api/prefs`` takes only listed keys and short text."""

from __future__ import annotations

from typing import Any

import pytest

from tests.attacks.conftest import Site
from tests.attacks.harness import HEADER, api_login, browser_login

#: Names that are not preferences: operators, paths, the record's own fields.
BAD_KEYS = ["$where", "$set", "data.pref_theme", "pref_theme", "user_id", "", "THEME"]
#: Values that are not short printable text.
BAD_VALUES: list[Any] = [
    "x" * 41,
    "",
    "dark\nred",
    "\x00",
    7,
    None,
    True,
    ["dark"],
    {"$gt": ""},
]


def _header_login(site: Site) -> str:
    response, token = api_login(site.http)
    assert response.status == 200 and token is not None
    return token


def _prefs(site: Site, token: str) -> Any:
    response = site.http.get("/api/prefs", headers={HEADER: token})
    assert response.status == 200
    return response.json()["prefs"]


def test_pref_write_without_a_session_is_refused(site: Site) -> None:
    response = site.http.post_json("/api/prefs", {"key": "theme", "value": "dark"})

    assert response.status == 401


def test_pref_write_with_only_a_session_cookie_is_refused(site: Site) -> None:
    login = browser_login(site.http)
    assert login.token is not None

    response = site.http.request(
        "POST",
        "/api/prefs",
        headers={"Cookie": login.cookie, "Content-Type": "application/json"},
        body=b'{"key": "theme", "value": "dark"}',
    )

    assert response.status == 401
    assert _prefs(site, login.token) == {}


@pytest.mark.parametrize("key", BAD_KEYS)
def test_pref_write_with_a_key_off_the_list_is_refused(site: Site, key: str) -> None:
    token = _header_login(site)

    response = site.http.post_json(
        "/api/prefs", {"key": key, "value": "dark"}, headers={HEADER: token}
    )

    assert response.status == 400
    assert response.json()["error"] == "unknown_key"
    assert _prefs(site, token) == {}


@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
def test_pref_write_with_a_value_not_short_text_is_refused(
    site: Site, value: Any
) -> None:
    token = _header_login(site)

    response = site.http.post_json(
        "/api/prefs", {"key": "theme", "value": value}, headers={HEADER: token}
    )

    assert response.status == 400
    assert response.json()["error"] == "bad_value"
    assert _prefs(site, token) == {}


def test_pref_write_stores_the_value_for_that_session_only(site: Site) -> None:
    writer = _header_login(site)
    other = _header_login(site)

    response = site.http.post_json(
        "/api/prefs", {"key": "theme", "value": "dark"}, headers={HEADER: writer}
    )

    assert response.status == 200
    assert response.json() == {"prefs": {"theme": "dark"}}
    assert _prefs(site, writer) == {"theme": "dark"}
    assert _prefs(site, other) == {}
