"""The README's example app, run as a user would run it: a process of its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tornado.httpclient import HTTPResponse

from demo.mongo_server import free_port, wait_for_port
from tests.http.harness import Client, cookie_named

APP = Path(__file__).with_name("readme_app.py")
ROOT = APP.parents[2]
XSRF_FIELD = re.compile(rb'name="_xsrf" value="([^"]+)"')


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start readme_app.py on a free port with a memory store; stop it by PID."""
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "SATR_ENV": "dev",
        "SESSION_SECRET": "s" * 48,
    }
    log = tmp_path_factory.mktemp("readme_app") / "app.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, str(APP)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def client(app_url: str) -> Iterator[Client]:
    made = Client(app_url)
    yield made
    made.close()


async def _log_in(client: Client, user: str, next_url: str) -> HTTPResponse:
    """Fetch the form, then post it back with its xsrf token."""
    path = f"/login?next={next_url}"
    form = await client.fetch(path)
    assert form.code == 200
    xsrf_cookie = cookie_named(form, "_xsrf").value
    match = XSRF_FIELD.search(form.body)
    assert match is not None
    return await client.fetch(
        path,
        "POST",
        form={"user": user, "_xsrf": match.group(1).decode()},
        cookie=f"_xsrf={xsrf_cookie}",
    )


@pytest.mark.gen_test
async def test_readme_app_public_page_greets_visitor(client: Client) -> None:
    response = await client.fetch("/")

    assert response.code == 200
    assert response.body == b"Hello, visitor"


@pytest.mark.gen_test
async def test_readme_app_private_page_redirects_to_login(client: Client) -> None:
    response = await client.fetch("/private")

    assert response.code == 302
    assert response.headers["Location"] == "/login?next=%2Fprivate"


@pytest.mark.gen_test
async def test_readme_app_login_leads_to_private_page(client: Client) -> None:
    login = await _log_in(client, "alice", "%2Fprivate")

    assert login.code == 302
    assert login.headers["Location"] == "/private"
    session = cookie_named(login, "_si")
    private = await client.fetch(
        login.headers["Location"], cookie=f"_si={session.value}"
    )
    assert private.code == 200
    assert private.body == b"Only for alice"


@pytest.mark.gen_test
async def test_readme_app_login_without_xsrf_is_refused(client: Client) -> None:
    response = await client.fetch("/login", "POST", form={"user": "alice"})

    assert response.code == 403
    assert "_si" not in response.headers.get("Set-Cookie", "")


@pytest.mark.gen_test
async def test_readme_app_login_refuses_offsite_next(client: Client) -> None:
    login = await _log_in(client, "alice", "%2F%2Fevil.example%2F")

    assert login.code == 302
    assert login.headers["Location"] == "/private"


@pytest.mark.gen_test
async def test_readme_app_escapes_user_name(client: Client) -> None:
    login = await _log_in(client, "<script>x</script>", "%2F")
    cookie = f"_si={cookie_named(login, '_si').value}"

    response = await client.fetch("/", cookie=cookie)

    assert response.body == b"Hello, &lt;script&gt;x&lt;/script&gt;"


def test_readme_quickstart_is_this_app() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("## Quickstart", 1)[1].split("```python\n", 1)[1]

    assert block.split("```\n", 1)[0] == APP.read_text("utf-8")
