"""Serve an application on a real socket and talk to it over HTTP."""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import tornado.httpclient
import tornado.httpserver
import tornado.testing
import tornado.web
from tornado.httputil import HTTPHeaders


@dataclass
class Server:
    http: tornado.httpserver.HTTPServer
    base_url: str

    def stop(self) -> None:
        self.http.stop()


def serve(app: tornado.web.Application, *, xheaders: bool = False) -> Server:
    """Listen on a free loopback port; the caller stops it."""
    sock, port = tornado.testing.bind_unused_port()
    server = tornado.httpserver.HTTPServer(app, xheaders=xheaders)
    server.add_sockets([sock])
    return Server(server, f"http://127.0.0.1:{port}")


@dataclass
class Cookie:
    """One Set-Cookie header, attributes lower-cased."""

    name: str
    value: str
    attrs: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def cleared(self) -> bool:
        return self.value == "" and (
            self.attrs.get("max-age") == "0" or "expires" in self.attrs
        )


def parse_set_cookie(header: str) -> Cookie:
    """Parse one Set-Cookie header keeping every attribute as sent."""
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


def set_cookies(response: tornado.httpclient.HTTPResponse) -> list[Cookie]:
    return [parse_set_cookie(h) for h in response.headers.get_list("Set-Cookie")]


def cookie_named(response: tornado.httpclient.HTTPResponse, name: str) -> Cookie:
    matches = [c for c in set_cookies(response) if c.name == name]
    assert len(matches) == 1, f"expected one {name} cookie, got {matches}"
    return matches[0]


def store_key_of(token_id: str) -> str:
    return hashlib.sha256(token_id.encode()).hexdigest()


class Client:
    """An HTTP client that never follows redirects and never raises on status."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = tornado.httpclient.AsyncHTTPClient(force_instance=True)

    async def fetch(
        self,
        path: str,
        method: str = "GET",
        *,
        cookie: str | None = None,
        headers: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
        json_body: Any = None,
    ) -> tornado.httpclient.HTTPResponse:
        all_headers = HTTPHeaders(dict(headers or {}))
        if cookie is not None:
            all_headers["Cookie"] = cookie
        body: bytes | None = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
        elif json_body is not None:
            body = json.dumps(json_body).encode()
            all_headers["Content-Type"] = "application/json"
        elif method in ("POST", "PUT"):
            body = b""
        return await self.http.fetch(
            self.base_url + path,
            method=method,
            headers=all_headers,
            body=body,
            follow_redirects=False,
            raise_error=False,
        )

    def close(self) -> None:
        self.http.close()


def jar(response: tornado.httpclient.HTTPResponse, name: str = "_si") -> str:
    """Return a Cookie header value carrying the session cookie just set."""
    return f"{name}={cookie_named(response, name).value}"
