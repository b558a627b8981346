"""Small steps many HTTP tests share."""

from __future__ import annotations

from typing import Any

from satr_tornado.records import SessionRecord
from satr_tornado.signing import unsign_id
from satr_tornado.stores.mongo import MongoStore
from tests.http.conftest import Site, SiteFactory
from tests.http.harness import jar


async def login(made: Site, user: str = "alice", cookie: str | None = None) -> str:
    """Log ``user`` in through the form; return the Cookie header to send."""
    response = await made.client.fetch(
        "/login", "POST", form={"user": user}, cookie=cookie
    )
    assert response.code == 302, response.code
    return jar(response)


async def api_login(made: Site, user: str = "alice") -> str:
    """Log ``user`` in through the API; return the signed header token."""
    response = await made.client.fetch("/api/login", "POST", json_body={"user": user})
    assert response.code == 200, response.code
    token = response.headers["X-Session-Id"]
    assert token
    return token


def raw_id(made: Site, cookie_or_token: str) -> str:
    """The session id inside a Cookie header value or a bare token."""
    token = (
        cookie_or_token.split("=", 1)[1]
        if "=" in cookie_or_token[:5]
        else (cookie_or_token)
    )
    session_id = unsign_id(made.manager.settings, token)
    assert session_id is not None
    return session_id


class ReadsDownStore(MongoStore):
    """A MongoStore whose reads fail while ``reads_down`` is set; writes work.

    ``reads`` counts the reads that reached it, failed or not.
    """

    reads_down = False
    reads = 0

    async def get(self, key: str, now: float) -> SessionRecord | None:
        self.reads += 1
        if self.reads_down:
            raise ConnectionError("reads are down")
        return await super().get(key, now)


def reads_down_site(site: SiteFactory, **overrides: Any) -> tuple[Site, ReadsDownStore]:
    """A site on a :class:`ReadsDownStore` over a fresh collection."""
    probe = site()
    store = ReadsDownStore(probe.collection)
    return site(store=store, **overrides), store
