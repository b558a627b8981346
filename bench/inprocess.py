"""CPU per request of one scenario's app in process, without sockets or wrk.

``python -m bench.inprocess 8 [--requests N] [--repeat 3] [--mongo URL]``

Requests go straight into the Tornado application through a connection
that discards the response, so the figure is the app's own cost: routing,
handler, session layer and driver, with no HTTP parsing, no socket and no
load generator sharing the cores. The best of ``--repeat`` runs is printed;
this is how the changes to the hot path were measured.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from pymongo import AsyncMongoClient
from tornado.concurrent import Future
from tornado.httputil import (
    HTTPConnection,
    HTTPHeaders,
    HTTPServerRequest,
    RequestStartLine,
    ResponseStartLine,
)
from tornado.web import Application

from .apps import make_app
from .counting import CommandCounter

#: Scenarios that read or write the MongoDB server.
USES_MONGO = frozenset("34567")
#: Scenarios that wait on the store server: fewer requests suffice.
ROUND_TRIPS = frozenset("3467")
#: Scenarios that log in first.
AUTHENTICATED = frozenset("234678")


class _Context:
    remote_ip = "127.0.0.1"
    protocol = "http"


class DiscardingConnection(HTTPConnection):
    """Takes a response, keeps its headers, tells when it is finished."""

    def __init__(self) -> None:
        self.context = _Context()
        self.headers: HTTPHeaders | None = None
        self.done = asyncio.Event()

    def set_close_callback(self, callback: Any) -> None:
        pass

    def write_headers(
        self,
        start_line: RequestStartLine | ResponseStartLine,
        headers: HTTPHeaders,
        chunk: bytes | None = None,
    ) -> Future[None]:
        self.headers = headers
        return self._done_future()

    def write(self, chunk: bytes) -> Future[None]:
        return self._done_future()

    def finish(self) -> None:
        self.done.set()

    @staticmethod
    def _done_future() -> Future[None]:
        future: Future[None] = Future()
        future.set_result(None)
        return future


async def request(
    app: Application, method: str, path: str, cookie: str | None = None
) -> HTTPHeaders:
    headers = HTTPHeaders({"Host": "127.0.0.1"})
    if cookie:
        headers["Cookie"] = cookie
    connection = DiscardingConnection()
    message = HTTPServerRequest(
        headers=headers,
        body=b"",
        connection=connection,
        start_line=RequestStartLine(method, path, "HTTP/1.1"),
    )
    app.find_handler(message).execute()
    await connection.done.wait()
    assert connection.headers is not None
    return connection.headers


async def cpu_per_request(scenario: str, requests: int, mongo_url: str | None) -> float:
    """Microseconds of this process's CPU per ``GET /`` of ``scenario``."""
    counter = CommandCounter()
    client: AsyncMongoClient[dict[str, Any]] | None = None
    collection = None
    if scenario in USES_MONGO:
        if mongo_url is None:
            raise SystemExit(f"scenario {scenario} needs --mongo URL")
        client = AsyncMongoClient(mongo_url, event_listeners=[counter])
        collection = client["bench_inprocess"][f"s{scenario}"]
    try:
        app = make_app(scenario, collection, counter)
        cookie = None
        if scenario in AUTHENTICATED:
            set_cookies = (await request(app, "POST", "/_login")).get_list("Set-Cookie")
            cookie = "; ".join(c.split(";", 1)[0] for c in set_cookies)
        for _ in range(min(500, requests)):
            await request(app, "GET", "/", cookie)
        started = time.process_time()
        for _ in range(requests):
            await request(app, "GET", "/", cookie)
        return (time.process_time() - started) / requests * 1e6
    finally:
        if client is not None:
            await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", nargs="+", help="scenario numbers, 1-8")
    parser.add_argument("--requests", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mongo", default=None, help="MongoDB URL (3, 4, 6, 7)")
    args = parser.parse_args()
    for scenario in args.scenarios:
        count = args.requests or (3000 if scenario in ROUND_TRIPS else 20000)
        best = min(
            asyncio.run(cpu_per_request(scenario, count, args.mongo))
            for _ in range(args.repeat)
        )
        print(
            f"scenario {scenario}: {best:.1f} us CPU per request (best of "
            f"{args.repeat} x {count:,})",
            flush=True,
        )


if __name__ == "__main__":
    main()
