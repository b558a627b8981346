"""Logs: the demo never writes a session id, a token or a password."""

from __future__ import annotations

from tests.attacks.conftest import Site
from tests.attacks.harness import (
    PASSWORD,
    api_login,
    browser_login,
    browser_logout,
    session_id_of,
)


def test_log_holds_no_session_id_token_or_password(site: Site) -> None:
    login = browser_login(site.http)
    assert login.token is not None
    _, header_token = api_login(site.http)
    assert header_token is not None
    browser_logout(site.http, login)
    site.http.get("/private", cookie=login.cookie)

    log = site.demo.log()

    assert log.strip(), "the demo wrote no log at all"
    for secret in (login.token, header_token, PASSWORD):
        assert secret not in log
    for token in (login.token, header_token):
        assert session_id_of(token) not in log
