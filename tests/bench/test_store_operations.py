"""Smoke run of the benchmark apps: store operations per request, not speed.

Each scenario's real application (``bench.apps``) serves a few requests in
process; its own command counter, the one the benchmark reads, must show
0 store operations for an anonymous visitor (5), exactly 1 for an
authenticated read (6) and at most 2 for a request that changes a key (7).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pymongo import AsyncMongoClient
from tornado.httpclient import AsyncHTTPClient, HTTPResponse
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.testing import bind_unused_port

from bench.apps import make_app
from bench.counting import CommandCounter

REQUESTS = 20


async def measure(mongo_url: str, scenario: str, *, login: bool) -> dict[str, Any]:
    """Serve ``scenario``, send REQUESTS measured GETs, return the counter delta."""
    counter = CommandCounter()
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        mongo_url, event_listeners=[counter]
    )
    collection = client["bench_smoke"][f"s{scenario}"]
    socket, port = bind_unused_port()
    server = HTTPServer(make_app(scenario, collection, counter))
    server.add_sockets([socket])
    http = AsyncHTTPClient()
    base = f"http://127.0.0.1:{port}"
    headers: dict[str, str] = {}

    async def fetch(method: str, path: str) -> HTTPResponse:
        body = b"" if method == "POST" else None
        return await http.fetch(
            base + path, method=method, body=body, headers=headers, raise_error=True
        )

    try:
        if login:
            response = await fetch("POST", "/_login")
            cookies = response.headers.get_list("Set-Cookie")
            assert cookies, "login set no cookie"
            headers["Cookie"] = "; ".join(c.split(";", 1)[0] for c in cookies)
        await fetch("GET", "/")
        before = dict(counter.names)
        count_before = counter.count

        for _ in range(REQUESTS):
            response = await fetch("GET", "/")
            assert response.code == 200

        names = {
            name: n - before.get(name, 0)
            for name, n in counter.names.items()
            if n - before.get(name, 0)
        }
        return {"ops": counter.count - count_before, "names": names}
    finally:
        server.stop()
        await collection.drop()
        await client.close()


def run(io_loop: IOLoop, job: Callable[[], Awaitable[dict[str, Any]]]) -> Any:
    return io_loop.run_sync(job, timeout=30)


def test_anonymous_visitor_costs_no_store_operation(
    mongo_url: str, io_loop: IOLoop
) -> None:
    result = run(io_loop, lambda: measure(mongo_url, "5", login=False))

    assert result == {"ops": 0, "names": {}}


def test_authenticated_read_costs_exactly_one_find(
    mongo_url: str, io_loop: IOLoop
) -> None:
    result = run(io_loop, lambda: measure(mongo_url, "6", login=True))

    assert result == {"ops": REQUESTS, "names": {"find": REQUESTS}}


def test_authenticated_write_costs_at_most_two_operations(
    mongo_url: str, io_loop: IOLoop
) -> None:
    result = run(io_loop, lambda: measure(mongo_url, "7", login=True))

    assert result["ops"] <= 2 * REQUESTS
    assert result["names"] == {"find": REQUESTS, "update": REQUESTS}
