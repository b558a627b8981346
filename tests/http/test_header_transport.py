"""The session header: header sessions are answered by header, never by cookie."""

from __future__ import annotations

import pytest

from tests.http.conftest import SiteFactory
from tests.http.harness import set_cookies
from tests.http.helpers import api_login, login, raw_id

HEADER = "X-Session-Id"


@pytest.mark.gen_test
async def test_api_login_answers_new_id_by_header_without_cookie(
    site: SiteFactory,
) -> None:
    made = site()

    response = await made.client.fetch("/api/login", "POST", json_body={"user": "a"})

    assert response.code == 200
    assert response.headers[HEADER]
    assert set_cookies(response) == []
    assert len(await made.documents()) == 1


@pytest.mark.gen_test
async def test_header_session_is_read_and_answered_without_cookie(
    site: SiteFactory,
) -> None:
    made = site()
    token = await api_login(made, "alice")

    write = await made.client.fetch("/data?k=a&v=1", "POST", headers={HEADER: token})
    read = await made.client.fetch("/private", headers={HEADER: token})

    assert write.code == 200
    assert set_cookies(write) == []
    assert HEADER not in write.headers
    assert read.code == 200
    assert read.body == b'{"user": "alice", "data": {"a": "1"}}'
    assert set_cookies(read) == []


@pytest.mark.gen_test
async def test_login_over_header_session_gives_new_id_in_header(
    site: SiteFactory,
) -> None:
    made = site()
    first = await api_login(made, "alice")

    response = await made.client.fetch(
        "/api/login", "POST", json_body={"user": "bob"}, headers={HEADER: first}
    )

    second = response.headers[HEADER]
    assert raw_id(made, second) != raw_id(made, first)
    assert set_cookies(response) == []
    assert len(await made.documents()) == 1
    old = await made.client.fetch(
        "/private", headers={HEADER: first, "Accept": "application/json"}
    )
    assert old.code == 401


@pytest.mark.gen_test
async def test_regenerate_of_header_session_gives_new_id_in_header(
    site: SiteFactory,
) -> None:
    made = site()
    token = await api_login(made)

    response = await made.client.fetch("/regenerate", "POST", headers={HEADER: token})

    fresh = response.headers[HEADER]
    assert raw_id(made, fresh) != raw_id(made, token)
    assert set_cookies(response) == []
    assert (await made.client.fetch("/private", headers={HEADER: fresh})).code == 200


@pytest.mark.gen_test
async def test_renewal_of_header_session_gives_new_id_in_header(
    site: SiteFactory,
) -> None:
    made = site(life=600, renewal_duration=120)
    token = await api_login(made)
    made.clock.advance(500)

    response = await made.client.fetch("/private", headers={HEADER: token})

    assert response.code == 200
    fresh = response.headers[HEADER]
    assert raw_id(made, fresh) != raw_id(made, token)
    assert set_cookies(response) == []


@pytest.mark.gen_test
async def test_cookie_wins_over_header(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made, "alice")
    token = await api_login(made, "bob")

    response = await made.client.fetch(
        "/private", cookie=cookie, headers={HEADER: token}
    )

    assert response.code == 200
    assert b'"user": "alice"' in response.body


@pytest.mark.gen_test
async def test_header_none_ignores_session_header(site: SiteFactory) -> None:
    made = site(header=None)
    token = (await login(made)).split("=", 1)[1]
    made.counter.reset()

    response = await made.client.fetch("/public", headers={HEADER: token})

    assert response.body == b'{"user": null, "has_session": false}'
    assert made.counter.commands == []
    assert HEADER not in response.headers


@pytest.mark.gen_test
async def test_header_none_answers_new_session_by_cookie(site: SiteFactory) -> None:
    made = site(header=None)

    response = await made.client.fetch("/data?k=a&v=1", "POST")

    assert HEADER not in response.headers
    assert [c.name for c in set_cookies(response)] == ["_si"]
