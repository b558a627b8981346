"""Behaviour 5, second half: a failing store gives 503 or anonymity, never a hang.

The store really fails: a MongoStore points at a loopback socket that takes
connections and never answers (a hung database), or a dedicated nx-27017 is
stopped by its PID in the middle of a test.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from tornado.ioloop import IOLoop

from demo.mongo_server import MongoServer, start_mongo_server
from satr_tornado.stores.mongo import MongoStore
from tests.http.conftest import Site, SiteFactory
from tests.http.harness import set_cookies
from tests.http.helpers import login

#: Seconds a store call may take here; the driver would wait 20 times longer.
STORE_TIMEOUT = 0.5
#: Slack for a loaded machine on top of the store timeout.
SLACK = 1.5


def _client(url: str) -> AsyncMongoClient[Any]:
    return AsyncMongoClient(url, serverSelectionTimeoutMS=10_000)


@pytest.fixture
def dead_store(io_loop: IOLoop) -> Iterator[MongoStore]:
    """A MongoStore on a server that accepts connections and never answers.

    A closed port would do as well, but the driver leaks a socket when its
    monitor is cancelled in the middle of a refused connect.
    """
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        port = silent.getsockname()[1]
        client = _client(f"mongodb://127.0.0.1:{port}/")
        yield MongoStore(client["satr_test"]["sessions"])
        io_loop.run_sync(client.close)


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[MongoServer]:
    """An nx-27017 of this test only, so stopping it harms no other test."""
    server = start_mongo_server(tmp_path / "mongo")
    yield server
    server.stop()


def _failing_site(site: SiteFactory, store: MongoStore) -> Site:
    return site(store=store, store_timeout=STORE_TIMEOUT)


def _store_errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name.startswith("satr_tornado")
        and record.levelno == logging.ERROR
        and record.exc_info is not None
    ]


@pytest.mark.gen_test(timeout=20)
async def test_store_read_failure_lets_plain_handler_go_on_anonymously(
    site: SiteFactory, dead_store: MongoStore
) -> None:
    made = _failing_site(site, dead_store)
    cookie = f"_si={made.manager.sign(made.manager.settings.id_factory())}"

    response = await made.client.fetch("/public", cookie=cookie)

    assert response.code == 200
    assert response.body == b'{"user": null, "has_session": false}'
    assert set_cookies(response) == []


@pytest.mark.gen_test(timeout=20)
async def test_store_read_failure_gives_503_on_authorized_handler(
    site: SiteFactory, dead_store: MongoStore
) -> None:
    made = _failing_site(site, dead_store)
    cookie = f"_si={made.manager.sign(made.manager.settings.id_factory())}"

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 503
    assert "Location" not in response.headers
    assert set_cookies(response) == []


@pytest.mark.gen_test(timeout=20)
async def test_store_read_failure_is_logged_with_traceback(
    site: SiteFactory, dead_store: MongoStore, caplog: pytest.LogCaptureFixture
) -> None:
    made = _failing_site(site, dead_store)
    cookie = f"_si={made.manager.sign(made.manager.settings.id_factory())}"

    with caplog.at_level(logging.ERROR, logger="satr_tornado"):
        await made.client.fetch("/public", cookie=cookie)

    errors = _store_errors(caplog)
    assert len(errors) == 1
    assert "read failed" in errors[0].getMessage()
    assert cookie.split("=", 1)[1] not in caplog.text


@pytest.mark.gen_test(timeout=20)
async def test_store_write_failure_gives_503_without_cookie(
    site: SiteFactory, dead_store: MongoStore
) -> None:
    made = _failing_site(site, dead_store)

    response = await made.client.fetch("/login", "POST", form={"user": "alice"})

    assert response.code == 503
    assert "Location" not in response.headers
    assert set_cookies(response) == []


@pytest.mark.gen_test(timeout=20)
async def test_store_write_failure_is_logged_with_traceback(
    site: SiteFactory, dead_store: MongoStore, caplog: pytest.LogCaptureFixture
) -> None:
    made = _failing_site(site, dead_store)

    with caplog.at_level(logging.ERROR, logger="satr_tornado"):
        await made.client.fetch("/data?k=a&v=1", "POST")

    errors = _store_errors(caplog)
    assert len(errors) == 1
    assert "write failed" in errors[0].getMessage()


@pytest.mark.parametrize(
    ("path", "method"), [("/private", "GET"), ("/data?k=a&v=1", "POST")]
)
@pytest.mark.gen_test(timeout=20)
async def test_store_outage_answers_within_store_timeout(
    site: SiteFactory, dead_store: MongoStore, path: str, method: str
) -> None:
    made = _failing_site(site, dead_store)
    cookie = f"_si={made.manager.sign(made.manager.settings.id_factory())}"

    started = time.monotonic()
    response = await made.client.fetch(path, method, cookie=cookie)
    elapsed = time.monotonic() - started

    assert response.code == 503
    assert elapsed < STORE_TIMEOUT + SLACK


@pytest.mark.gen_test(timeout=30)
async def test_store_stopped_after_login_gives_503_then_anonymous_page(
    site: SiteFactory, own_server: MongoServer, io_loop: IOLoop
) -> None:
    mongo = _client(own_server.url)
    try:
        made = _failing_site(site, MongoStore(mongo["satr_test"]["sessions"]))
        cookie = await login(made)
        assert (await made.client.fetch("/private", cookie=cookie)).code == 200

        own_server.stop()
        private = await made.client.fetch("/private", cookie=cookie)
        public = await made.client.fetch("/public", cookie=cookie)
    finally:
        await mongo.close()

    assert private.code == 503
    assert public.code == 200
    assert public.body == b'{"user": null, "has_session": false}'
    assert set_cookies(public) == []


@pytest.mark.gen_test(timeout=20)
async def test_store_write_failure_at_early_flush_gives_503_and_one_logged_error(
    site: SiteFactory, dead_store: MongoStore, caplog: pytest.LogCaptureFixture
) -> None:
    made = _failing_site(site, dead_store)

    with caplog.at_level(logging.ERROR):
        response = await made.client.fetch("/flush-early", "POST")

    assert response.code == 503
    assert set_cookies(response) == []
    tracebacks = [r for r in caplog.records if r.exc_info is not None]
    assert [r.getMessage() for r in tracebacks] == [
        "session store write failed; answering 503"
    ]


@pytest.mark.gen_test(timeout=20)
async def test_store_write_failure_drops_an_empty_auto_created_session(
    site: SiteFactory, dead_store: MongoStore, caplog: pytest.LogCaptureFixture
) -> None:
    made = site(store=dead_store, store_timeout=STORE_TIMEOUT, auto_create=True)

    with caplog.at_level(logging.CRITICAL, logger="satr_tornado"):
        response = await made.client.fetch("/public", cookie="satr_consent=yes")

    assert response.code == 200
    assert [c for c in set_cookies(response) if c.name == "_si"] == []


@pytest.mark.gen_test(timeout=20)
async def test_store_write_failure_of_an_auto_created_session_with_data_gives_503(
    site: SiteFactory, dead_store: MongoStore, caplog: pytest.LogCaptureFixture
) -> None:
    made = site(store=dead_store, store_timeout=STORE_TIMEOUT, auto_create=True)

    with caplog.at_level(logging.CRITICAL, logger="satr_tornado"):
        response = await made.client.fetch(
            "/data?k=a&v=1", "POST", cookie="satr_consent=yes"
        )

    assert response.code == 503
    assert set_cookies(response) == []
