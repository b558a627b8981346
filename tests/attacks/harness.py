"""Drive the demo site as a black box: a process, raw HTTP, the store beside it.

The demo runs as ``python -m demo`` in a subprocess and is stopped by its PID.
Requests go through :mod:`http.client` on a fresh connection each, so every
``Set-Cookie`` header arrives as sent and nothing follows redirects.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pymongo import MongoClient

from demo.mongo_server import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]

#: Keys the demo signs with in these tests (versions 1 and 2).
KEY_1 = "attack-suite-key-one-" + "a" * 32
KEY_2 = "attack-suite-key-two-" + "b" * 32
SECRETS = f"1:{KEY_1}"

USERNAME = "alice"
PASSWORD = "correct horse battery staple 42"
OTHER_USERNAME = "mallory"
OTHER_PASSWORD = "another long pass phrase 17"

#: The module run as the site; another one only to try the suite on a stand-in.
DEMO_MODULE = os.environ.get("SATR_DEMO_MODULE", "demo")

COOKIE = "_si"
HEADER = "X-Session-Id"
CONSENT = "satr_consent"


# -- HTTP ---------------------------------------------------------------------
@dataclass
class Cookie:
    """One Set-Cookie header; attribute names lower-cased."""

    name: str
    value: str
    attrs: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def cleared(self) -> bool:
        """True when the header tells the browser to drop the cookie now."""
        if self.value != "":
            return False
        if self.attrs.get("max-age") is not None:
            return int(self.attrs["max-age"]) <= 0
        expires = self.attrs.get("expires")
        if expires is None:
            return False
        return email.utils.parsedate_to_datetime(expires).timestamp() < time.time()


def parse_set_cookie(header: str) -> Cookie:
    parts = [part.strip() for part in header.split(";")]
    name, _, value = parts[0].partition("=")
    cookie = Cookie(name.strip(), value.strip().strip('"'))
    for part in parts[1:]:
        key, sep, attr = part.partition("=")
        if sep:
            cookie.attrs[key.strip().lower()] = attr.strip()
        elif part:
            cookie.flags.add(part.lower())
    return cookie


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    elapsed: float

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def header_list(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def cookies(self) -> list[Cookie]:
        return [parse_set_cookie(h) for h in self.header_list("Set-Cookie")]

    def cookie(self, name: str) -> Cookie | None:
        found = [c for c in self.cookies if c.name == name]
        assert len(found) <= 1, f"{len(found)} Set-Cookie headers for {name}"
        return found[0] if found else None

    @property
    def location(self) -> str | None:
        return self.header("Location")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)


HeaderValue = str | bytes


class Http:
    """Raw HTTP/1.1 to one host; one connection per request."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: Sequence[tuple[str, HeaderValue]] | Mapping[str, HeaderValue] = (),
        body: bytes | None = None,
        timeout: float = 15.0,
    ) -> Response:
        pairs = list(headers.items()) if isinstance(headers, Mapping) else headers
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        started = time.monotonic()
        try:
            # A Host given by the caller replaces http.client's own.
            own_host = any(name.lower() == "host" for name, _ in pairs)
            conn.putrequest(method, path, skip_host=own_host, skip_accept_encoding=True)
            for name, value in pairs:
                conn.putheader(name, value)
            if body is not None or method in ("POST", "PUT"):
                conn.putheader("Content-Length", str(len(body or b"")))
            conn.endheaders(body or None)
            raw = conn.getresponse()
            data = raw.read()
            return Response(
                raw.status, raw.getheaders(), data, time.monotonic() - started
            )
        finally:
            conn.close()

    def get(
        self,
        path: str,
        *,
        cookie: str | None = None,
        headers: Mapping[str, HeaderValue] | None = None,
    ) -> Response:
        pairs: list[tuple[str, HeaderValue]] = list((headers or {}).items())
        if cookie is not None:
            pairs.append(("Cookie", cookie))
        return self.request("GET", path, headers=pairs)

    def post_form(
        self,
        path: str,
        form: Mapping[str, str],
        *,
        cookie: str | None = None,
        headers: Mapping[str, HeaderValue] | None = None,
    ) -> Response:
        pairs: list[tuple[str, HeaderValue]] = list((headers or {}).items())
        pairs.append(("Content-Type", "application/x-www-form-urlencoded"))
        if cookie is not None:
            pairs.append(("Cookie", cookie))
        body = urllib.parse.urlencode(form).encode()
        return self.request("POST", path, headers=pairs, body=body)

    def post_json(
        self,
        path: str,
        payload: Any,
        *,
        headers: Mapping[str, HeaderValue] | None = None,
    ) -> Response:
        pairs: list[tuple[str, HeaderValue]] = list((headers or {}).items())
        pairs.append(("Content-Type", "application/json"))
        return self.request(
            "POST", path, headers=pairs, body=json.dumps(payload).encode()
        )


def join_cookies(**values: str) -> str:
    return "; ".join(f"{name}={value}" for name, value in values.items())


# -- the demo as a user sees it --------------------------------------------------
@dataclass
class Login:
    """What a browser login left: the response and the session token."""

    response: Response
    token: str | None
    xsrf: str

    @property
    def cookie(self) -> str:
        assert self.token is not None, "the login issued no session cookie"
        return f"{COOKIE}={self.token}"


def xsrf_token(http: Http, cookie: str | None = None) -> str:
    """Fetch the login form and return the ``_xsrf`` cookie it sets."""
    page = http.get("/login", cookie=cookie)
    assert page.status == 200, page.status
    found = page.cookie("_xsrf")
    if found is not None:
        return found.value
    assert cookie is not None and "_xsrf=" in cookie, "the form set no _xsrf cookie"
    return cookie.split("_xsrf=", 1)[1].split(";", 1)[0]


def browser_login(
    http: Http,
    username: str = USERNAME,
    password: str = PASSWORD,
    *,
    cookie: str | None = None,
    next_target: str | None = None,
    headers: Mapping[str, HeaderValue] | None = None,
) -> Login:
    """Log in through the form as a browser does: GET the form, POST it."""
    xsrf = xsrf_token(http, cookie)
    form = {"username": username, "password": password, "_xsrf": xsrf}
    if next_target is not None:
        form["next"] = next_target
    jar = f"_xsrf={xsrf}" + (f"; {cookie}" if cookie else "")
    response = http.post_form("/login", form, cookie=jar, headers=headers)
    issued = response.cookie(COOKIE)
    token = issued.value if issued is not None and issued.value else None
    return Login(response, token, xsrf)


def browser_logout(http: Http, login: Login) -> Response:
    jar = f"_xsrf={login.xsrf}; {login.cookie}"
    return http.post_form("/logout", {"_xsrf": login.xsrf}, cookie=jar)


def api_login(
    http: Http, username: str = USERNAME, password: str = PASSWORD
) -> tuple[Response, str | None]:
    response = http.post_json(
        "/api/login", {"username": username, "password": password}
    )
    return response, response.header(HEADER)


def is_logged_in_page(response: Response) -> bool:
    """True when /private answered its page, False when it sent to the login."""
    if response.status == 200:
        return True
    assert response.status in (302, 303, 401), response.status
    return False


def private_works(http: Http, token: str, via: str = "cookie") -> bool:
    if via == "cookie":
        return is_logged_in_page(http.get("/private", cookie=f"{COOKIE}={token}"))
    return is_logged_in_page(http.get("/api/me", headers={HEADER: token}))


# -- tokens -------------------------------------------------------------------
def token_fields(token: str) -> list[str]:
    """Split a Tornado v2 signed value into its fields; the signature is last."""
    assert token.startswith("2|"), token
    rest = token[2:]
    fields: list[str] = []
    for _ in range(4):
        length, _, rest = rest.partition(":")
        fields.append(rest[: int(length)])
        rest = rest[int(length) + 1 :]
    fields.append(rest)
    return fields


def session_id_of(token: str) -> str:
    """The raw session id inside a signed token (base64 in field 4)."""
    import base64

    return base64.b64decode(token_fields(token)[3]).decode("ascii")


def sign(
    session_id: str,
    *,
    key: str = KEY_1,
    version: int = 1,
    at: float | None = None,
    name: str = COOKIE,
) -> str:
    """Sign ``session_id`` as the demo would, optionally back-dated."""
    from tornado.web import create_signed_value

    when = time.time() if at is None else at
    signed = create_signed_value(
        {version: key}, name, session_id, clock=lambda: when, key_version=version
    )
    return signed.decode("ascii")


def store_key(value: str | bytes) -> str:
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()


# -- the store beside the demo -------------------------------------------------
class StoreProbe:
    """Read-only look at every collection of the MongoDB server."""

    def __init__(self, url: str) -> None:
        self.client: MongoClient[dict[str, Any]] = MongoClient(
            url, serverSelectionTimeoutMS=3000
        )

    def collections(self) -> list[Any]:
        found: list[Any] = []
        for db_name in self.client.list_database_names():
            if db_name in ("admin", "local", "config"):
                continue
            database = self.client[db_name]
            found.extend(database[name] for name in database.list_collection_names())
        return found

    def holders_of(self, keys: Sequence[str]) -> list[str]:
        """Names of collections holding a document whose _id is one of ``keys``."""
        hits = []
        for collection in self.collections():
            if collection.find_one({"_id": {"$in": list(keys)}}) is not None:
                hits.append(collection.full_name)
        return hits

    def shared_namespace(self) -> bool:
        """True when every database lists the same collections.

        nx-27017 keeps all databases in one file and lists each collection
        under every database name: those are one collection, not several.
        """
        names = [
            db
            for db in self.client.list_database_names()
            if db not in ("admin", "local", "config")
        ]
        listed = [frozenset(self.client[db].list_collection_names()) for db in names]
        return len(listed) > 1 and len(set(listed)) == 1

    def sessions(self, collection_hint: str = "sessions") -> Any:
        matches = [c for c in self.collections() if c.name == collection_hint]
        if len(matches) > 1 and self.shared_namespace():
            matches = matches[:1]
        assert len(matches) == 1, [c.full_name for c in self.collections()]
        return matches[0]

    def session_doc(self, token: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.sessions().find_one(
            {"_id": store_key(session_id_of(token))}
        )
        return found

    def session_count(self) -> int:
        return int(self.sessions().count_documents({}))

    def close(self) -> None:
        self.client.close()


# -- the demo process ------------------------------------------------------------
@dataclass
class Demo:
    """One ``python -m demo`` process on a loopback port."""

    process: subprocess.Popen[bytes]
    port: int
    state_dir: Path
    log_path: Path

    @property
    def http(self) -> Http:
        return Http(self.port)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text("utf-8", "replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def demo_env(
    mongo_url: str, overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "MONGO_URL": mongo_url,
            "SATR_SECRETS": SECRETS,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
            ),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(overrides or {})
    return env


def start_demo(
    mongo_url: str,
    state_dir: Path,
    *,
    env: Mapping[str, str] | None = None,
    xheaders: bool = False,
    port: int | None = None,
) -> Demo:
    """Start the demo and wait until it answers; the caller stops it."""
    port = port or free_port()
    state_dir.mkdir(parents=True, exist_ok=True)
    log_path = state_dir / f"demo-{port}.log"
    command = [
        sys.executable,
        "-m",
        DEMO_MODULE,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--state-dir",
        str(state_dir),
    ]
    if xheaders:
        command.append("--xheaders")
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=demo_env(mongo_url, env),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    demo = Demo(process, port, state_dir, log_path)
    try:
        wait_for_port(port, timeout=30)
    except TimeoutError:
        demo.stop()
        raise RuntimeError(f"the demo did not start:\n{demo.log()}") from None
    return demo


def add_user(mongo_url: str, state_dir: Path, name: str, password: str) -> None:
    """``python -m demo adduser NAME`` with the password on stdin."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            DEMO_MODULE,
            "adduser",
            name,
            "--state-dir",
            str(state_dir),
        ],
        cwd=ROOT,
        env=demo_env(mongo_url),
        input=(password + "\n").encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
