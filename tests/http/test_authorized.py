"""@authorized over HTTP: login redirect for pages, 401 for APIs, 403 for rights."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from collections.abc import Iterator

import pytest
import tornado.web
from tornado.httpclient import HTTPResponse

from satr_tornado import SatrHandler, authorized
from tests.http.conftest import SiteFactory
from tests.http.harness import Client, serve, set_cookies
from tests.http.helpers import api_login, login


def _next_of(response: HTTPResponse) -> str:
    location = urllib.parse.urlsplit(response.headers["Location"])
    assert location.path == "/login"
    [target] = urllib.parse.parse_qs(location.query, strict_parsing=True)["next"]
    return target


def _assert_unauthorized_json(response: HTTPResponse) -> None:
    assert response.code == 401
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["WWW-Authenticate"] == 'Session realm="satr"'
    assert json.loads(response.body) == {
        "error": "unauthorized",
        "message": "log in first",
    }
    assert "Location" not in response.headers


@pytest.mark.gen_test
async def test_browser_get_redirects_to_login_with_next_encoded_once(
    site: SiteFactory,
) -> None:
    made = site()

    response = await made.client.fetch("/private?a=1&b=x%20y")

    assert response.code == 302
    assert response.headers["Location"] == (
        "/login?next=%2Fprivate%3Fa%3D1%26b%3Dx%2520y"
    )
    assert _next_of(response) == "/private?a=1&b=x%20y"


@pytest.mark.gen_test
async def test_browser_head_redirects_to_login(site: SiteFactory) -> None:
    made = site()

    response = await made.client.fetch("/private", "HEAD")

    assert response.code == 302
    assert _next_of(response) == "/private"


@pytest.mark.gen_test
async def test_login_redirect_sets_no_cookie_and_stores_nothing(
    site: SiteFactory,
) -> None:
    made = site(auto_create=True)

    response = await made.client.fetch("/private", cookie="satr_consent=yes")

    assert response.code == 302
    assert set_cookies(response) == []
    assert await made.documents() == []
    assert made.events_named("create") == []


@pytest.mark.gen_test
async def test_post_without_login_gets_401_json(site: SiteFactory) -> None:
    made = site()

    response = await made.client.fetch("/private", "POST")

    _assert_unauthorized_json(response)
    assert set_cookies(response) == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Accept": "application/json"},
        {"X-Requested-With": "XMLHttpRequest"},
        {"X-Session-Id": "not-a-valid-token"},
    ],
    ids=["accept-json", "x-requested-with", "header-session"],
)
@pytest.mark.gen_test
async def test_api_get_without_login_gets_401_json(
    site: SiteFactory, headers: dict[str, str]
) -> None:
    made = site()

    response = await made.client.fetch("/private", headers=headers)

    _assert_unauthorized_json(response)


@pytest.mark.gen_test
async def test_browser_accepting_html_and_json_is_redirected(site: SiteFactory) -> None:
    made = site()

    response = await made.client.fetch(
        "/private", headers={"Accept": "text/html,application/json;q=0.9"}
    )

    assert response.code == 302


@pytest.mark.gen_test
async def test_expired_header_session_gets_401_not_redirect(site: SiteFactory) -> None:
    made = site(life=600, renewal_duration=0)
    token = await api_login(made)
    made.clock.advance(601)

    response = await made.client.fetch("/private", headers={"X-Session-Id": token})

    _assert_unauthorized_json(response)


@pytest.mark.gen_test
async def test_authorized_async_method_lets_logged_in_user_through(
    site: SiteFactory,
) -> None:
    made = site()
    cookie = await login(made)

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200
    assert json.loads(response.body) == {"user": "alice", "data": {}}


@pytest.mark.gen_test
async def test_authorized_sync_method_lets_logged_in_user_through(
    site: SiteFactory,
) -> None:
    made = site()
    cookie = await login(made)

    response = await made.client.fetch("/private", "POST", cookie=cookie)

    assert response.code == 200
    assert json.loads(response.body) == {"posted_by": "alice"}


@pytest.mark.gen_test
async def test_authorized_head_lets_logged_in_user_through(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)

    response = await made.client.fetch("/private", "HEAD", cookie=cookie)

    assert response.code == 200
    assert response.headers["X-User"] == "alice"


@pytest.mark.gen_test
async def test_current_user_is_authorized_user(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made, "carol")

    response = await made.client.fetch("/public", cookie=cookie)

    assert json.loads(response.body) == {"user": "carol", "has_session": True}


@pytest.mark.gen_test
async def test_tornado_authenticated_works_with_session_user(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)

    inside = await made.client.fetch("/tornado-auth", cookie=cookie)
    outside = await made.client.fetch("/tornado-auth")

    assert inside.code == 200
    assert json.loads(inside.body) == {"user": "alice"}
    assert outside.code == 302
    assert _next_of(outside) == "/tornado-auth"


@pytest.mark.gen_test
async def test_permission_refused_gives_403(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made, "alice")

    response = await made.client.fetch("/admin", cookie=cookie)

    assert response.code == 403


@pytest.mark.gen_test
async def test_permission_granted_lets_user_through(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made, "admin")

    response = await made.client.fetch("/admin", cookie=cookie)

    assert response.code == 200
    assert response.body == b"admin area"


class _OwnAnswer(SatrHandler):
    """Answers a refused request itself, saying how the client was judged."""

    def write_unauthorized(self, api: bool) -> None:
        self.set_status(401)
        self.finish(f"own answer, api={api}")

    @authorized
    def post(self) -> None:
        self.write("inside")


@pytest.fixture
def own_answer(site: SiteFactory) -> Iterator[Client]:
    made = site()
    server = serve(tornado.web.Application([(r"/own", _OwnAnswer)], satr=made.manager))
    client = Client(server.base_url)
    yield client
    client.close()
    server.stop()


@pytest.mark.gen_test
async def test_write_unauthorized_override_answers_a_browser_post(
    own_answer: Client,
) -> None:
    response = await own_answer.fetch("/own", "POST")

    assert response.code == 401
    assert response.body == b"own answer, api=False"
    assert "WWW-Authenticate" not in response.headers


@pytest.mark.gen_test
async def test_write_unauthorized_override_is_told_of_an_api_client(
    own_answer: Client,
) -> None:
    response = await own_answer.fetch(
        "/own", "POST", headers={"Accept": "application/json"}
    )

    assert response.code == 401
    assert response.body == b"own answer, api=True"


@pytest.mark.gen_test
async def test_raw_utf8_in_the_request_line_keeps_its_characters_in_next(
    site: SiteFactory,
) -> None:
    made = site()
    host, port = made.server.base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        "GET /private?é=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    )

    head = (await reader.read()).split(b"\r\n\r\n", 1)[0].decode("latin-1")
    writer.close()

    [location] = [
        line.split(":", 1)[1].strip()
        for line in head.split("\r\n")
        if line.lower().startswith("location:")
    ]
    assert location == "/login?next=%2Fprivate%3F%C3%A9%3D1"
