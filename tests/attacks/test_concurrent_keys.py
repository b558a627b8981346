"""Concurrency on session data, on a small site whose pages change keys.

The demo has no page that writes session data, so these races run against
``tests/attacks/keys_app.py``: the same library and store, in a process of
its own, over HTTP.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from demo.mongo_server import free_port, wait_for_port
from tests.attacks.harness import (
    COOKIE,
    ROOT,
    Http,
    Response,
    StoreProbe,
    demo_env,
    session_id_of,
    store_key,
)

#: Not ``sessions``: the store probe expects the demo's to be the only one.
KEYS_COLLECTION = "keys_sessions"


@pytest.fixture(scope="module")
def keys_site(mongo_url: str) -> Iterator[Http]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.attacks.keys_app",
            "--port",
            str(port),
            "--collection",
            KEYS_COLLECTION,
        ],
        cwd=ROOT,
        env=demo_env(mongo_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield Http(port)
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def _login(http: Http) -> str:
    response = http.request("POST", "/login?user=alice")
    cookie = response.cookie(COOKIE)
    assert response.status == 200 and cookie is not None
    return f"{COOKIE}={cookie.value}"


def _set(http: Http, cookie: str, key: str, value: str, delay: float) -> Response:
    path = f"/data?k={key}&v={value}&delay={delay}"
    return http.request("POST", path, headers={"Cookie": cookie})


def test_two_parallel_requests_changing_different_keys_both_persist(
    keys_site: Http,
) -> None:
    cookie = _login(keys_site)

    with ThreadPoolExecutor(max_workers=2) as pool:
        slow = pool.submit(_set, keys_site, cookie, "colour", "blue", 0.4)
        fast = pool.submit(_set, keys_site, cookie, "size", "large", 0.0)
        statuses = [slow.result().status, fast.result().status]
    data = keys_site.get("/data", cookie=cookie)

    assert statuses == [200, 200]
    assert data.json() == {"colour": "blue", "size": "large"}


def test_logout_racing_a_slow_request_is_not_undone_by_its_save(
    keys_site: Http, store: StoreProbe
) -> None:
    cookie = _login(keys_site)
    key = store_key(session_id_of(cookie.split("=", 1)[1]))
    sessions = store.client["satr_keys_app"][KEYS_COLLECTION]
    assert sessions.find_one({"_id": key}) is not None

    with ThreadPoolExecutor(max_workers=2) as pool:
        slow = pool.submit(_set, keys_site, cookie, "colour", "red", 0.5)
        time.sleep(0.15)
        logout = keys_site.request("POST", "/logout", headers={"Cookie": cookie})
        late = slow.result()
    after = keys_site.get("/data", cookie=cookie)

    assert logout.status == 200
    assert late.status < 500
    issued = late.cookie(COOKIE)
    assert issued is None or issued.value == ""
    assert after.status == 401
    assert sessions.find_one({"_id": key}) is None
