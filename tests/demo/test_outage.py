"""The 503 page while the store is stopped; public pages keep working."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from demo.mongo_server import MongoServer, start_mongo_server
from tests.attacks.harness import (
    PASSWORD,
    USERNAME,
    Demo,
    Login,
    add_user,
    browser_login,
    start_demo,
)


@dataclass
class Stopped:
    demo: Demo
    login: Login


@pytest.fixture(scope="module")
def stopped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stopped]:
    server: MongoServer = start_mongo_server(tmp_path_factory.mktemp("outage-db"))
    state = tmp_path_factory.mktemp("outage-state")
    try:
        add_user(server.url, state, USERNAME, PASSWORD)
        demo = start_demo(server.url, state)
        try:
            login = browser_login(demo.http)
            server.stop()
            yield Stopped(demo, login)
        finally:
            demo.stop()
    finally:
        server.stop()


def test_private_page_answers_the_503_page_while_the_store_is_down(
    stopped: Stopped,
) -> None:
    response = stopped.demo.http.get("/private", cookie=stopped.login.cookie)

    assert response.status == 503
    assert "<h1>503:" in response.text
    assert "Traceback" not in response.text


def test_login_answers_503_while_the_store_is_down(stopped: Stopped) -> None:
    login = browser_login(stopped.demo.http)

    assert login.response.status == 503
    assert login.token is None


def test_public_page_answers_200_while_the_store_is_down(stopped: Stopped) -> None:
    response = stopped.demo.http.get("/public", cookie=stopped.login.cookie)

    assert response.status == 200
