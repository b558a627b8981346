"""``python -m demo``: serve the demo site, or add a user with ``adduser``."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import ipaddress
import logging
import os
import secrets
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import tornado.httpserver
from pymongo import AsyncMongoClient

from demo.app import make_app
from demo.base import Services, template_environment
from demo.config import DATABASE, Options, build_settings
from demo.embedded import mongo_url
from demo.throttle import Throttle
from demo.users import BadAccount, Users, UsersUnavailable
from satr_tornado import SatrError
from satr_tornado.stores.mongo import MongoStore

log = logging.getLogger("demo")

#: Largest request body the server reads at all; its forms are far smaller.
MAX_BODY_SIZE = 1024 * 1024

#: Help of ``--state-dir``, before or after the ``adduser`` command.
STATE_DIR_HELP = "folder for the signing key and the embedded store (.state)"
#: Name of the account made on a first start.
DEMO_USER = "demo"
#: Seconds a stop waits for requests in flight to finish.
DRAIN_SECONDS = 5.0


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m demo", description="The satr_tornado demo site."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument(
        "--xheaders",
        action="store_true",
        help="trust X-Forwarded-For/-Proto from a TLS proxy in front",
    )
    parser.add_argument("--env", default=None, help="overrides SATR_ENV")
    parser.add_argument(
        "--state-dir", type=Path, default=Path(".state"), help=STATE_DIR_HELP
    )
    commands = parser.add_subparsers(dest="command")
    adduser = commands.add_parser(
        "adduser", help="add or replace an account; password prompted or on stdin"
    )
    adduser.add_argument("name")
    # Also accepted after the command; SUPPRESS keeps a value given before it.
    adduser.add_argument(
        "--state-dir", type=Path, default=argparse.SUPPRESS, help=STATE_DIR_HELP
    )
    return parser.parse_args(argv)


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` is reachable from this machine only.

    Only then may a first start create the demo account and print its password.
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _client(url: str) -> AsyncMongoClient[dict[str, Any]]:
    return AsyncMongoClient(url, tz_aware=True)


def read_password() -> str:
    """Ask twice on a terminal; otherwise read one line from stdin."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise BadAccount("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


async def add_user(url: str, name: str, password: str) -> None:
    client = _client(url)
    users = Users(client[DATABASE]["users"])
    try:
        await users.add(name, password)
    finally:
        users.close()
        await client.close()


async def serve(options: Options, url: str, environ: Mapping[str, str]) -> None:
    """Serve until SIGINT or SIGTERM, then drain and close in order."""
    # Caught from the start, so a Ctrl-C during the set-up stops the demo
    # once it is up rather than being lost.
    stop = _stop_on_signals()
    client = _client(url)
    store = MongoStore(client[DATABASE]["sessions"])
    users = Users(client[DATABASE]["users"])
    services = Services(users, Throttle(), template_environment())
    server: tornado.httpserver.HTTPServer | None = None
    try:
        settings = build_settings(options, store, environ)
        await store.ensure_indexes()
        log.info("environment %s", settings.env)
        if is_loopback(options.host) and await users.count() == 0:
            password = secrets.token_urlsafe(12)
            await users.add(DEMO_USER, password)
            print(f"created account {DEMO_USER!r} with password {password!r}")
        app = make_app(settings, services)
        server = tornado.httpserver.HTTPServer(
            app, xheaders=options.xheaders, max_body_size=MAX_BODY_SIZE
        )
        server.listen(options.port, options.host)
        print(f"serving http://{options.host}:{options.port}/ (Ctrl-C stops)")
        sys.stdout.flush()
        await stop.wait()
        log.info("stopping")
        server.stop()
        await services.drained(DRAIN_SECONDS)
        await server.close_all_connections()
    finally:
        users.close()
        await client.close()


def _stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM, from now on."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stdout,
    )
    environ = os.environ
    state_dir: Path = args.state_dir
    state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if args.command == "adduser":
            password = read_password()
            with mongo_url(state_dir, environ) as url:
                asyncio.run(add_user(url, args.name, password))
            print(f"saved account {args.name!r}")
            return 0
        options = Options(args.host, args.port, args.xheaders, args.env, state_dir)
        # Ctrl-C from here on is handled in serve(), which stops in order.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        with mongo_url(state_dir, environ, announce=True) as url:
            asyncio.run(serve(options, url, environ))
        return 0
    except (BadAccount, SatrError, UsersUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
