"""The JSON twins: /api/login, /api/me, /api/logout with the session header."""

from __future__ import annotations

from tests.attacks.harness import (
    COOKIE,
    HEADER,
    OTHER_USERNAME,
    USERNAME,
    Http,
    api_login,
    browser_login,
)


def test_api_login_answers_the_user_and_the_id_in_the_header(http: Http) -> None:
    response, token = api_login(http)

    assert response.status == 200
    assert response.json() == {"user": USERNAME}
    assert token is not None and token.startswith("2|")
    assert response.cookie(COOKIE) is None


def test_api_login_with_a_wrong_password_answers_401_json(http: Http) -> None:
    response, token = api_login(http, OTHER_USERNAME, "wrong password")

    assert response.status == 401
    assert response.json()["error"] == "invalid_credentials"
    assert token is None


def test_api_login_refuses_a_body_that_is_not_json(http: Http) -> None:
    response = http.request(
        "POST",
        "/api/login",
        headers={"Content-Type": "text/plain"},
        body=b'{"username": "alice", "password": "x"}',
    )

    assert response.status == 415


def test_api_login_refuses_non_string_credentials(http: Http) -> None:
    response = http.post_json("/api/login", {"username": {"$ne": ""}, "password": 1})

    assert response.status == 401


def test_api_me_answers_the_user_of_the_header_session(http: Http) -> None:
    _, token = api_login(http)
    assert token is not None

    me = http.get("/api/me", headers={HEADER: token})

    assert me.status == 200
    assert me.json()["user"] == USERNAME
    assert me.json()["renewals"] == 0


def test_api_me_without_a_session_answers_401_json(http: Http) -> None:
    me = http.get("/api/me")

    assert me.status == 401
    assert me.json()["error"] == "unauthorized"


def test_api_me_ignores_the_session_cookie(http: Http) -> None:
    login = browser_login(http)

    me = http.get("/api/me", cookie=login.cookie)

    assert me.status == 401


def test_api_logout_ends_the_header_session(http: Http) -> None:
    _, token = api_login(http)
    assert token is not None

    logout = http.request("POST", "/api/logout", headers={HEADER: token})

    assert logout.status == 204
    assert http.get("/api/me", headers={HEADER: token}).status == 401


def test_api_logout_without_a_session_answers_401(http: Http) -> None:
    logout = http.request("POST", "/api/logout")

    assert logout.status == 401
