"""Input that is not text or not plain JSON: a 4xx answer, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest

from demo.api import MAX_JSON_BODY
from demo.cli import MAX_BODY_SIZE
from demo.pages import LOGIN_FAILED
from tests.attacks.conftest import Launch
from tests.attacks.harness import (
    DEMO_MODULE,
    HEADER,
    PASSWORD,
    ROOT,
    USERNAME,
    Demo,
    Response,
    api_login,
    demo_env,
    xsrf_token,
)

#: A lone surrogate: valid in JSON's ``\u`` escapes, not encodable as UTF-8.
LONE_SURROGATE = "\ud800"
#: Bytes that are not UTF-8 (the surrogate's would-be encoding).
NOT_UTF8 = b"\xed\xa0\x80"
#: JSON nested past the parser's recursion limit, yet under the size cap.
DEEP_JSON = b"[" * 10_000


@pytest.fixture(scope="module")
def demo(launch: Launch) -> Demo:
    """A demo of its own, so the failures here count in no other test's throttle."""
    return launch()


def _logged_during(demo: Demo, act: Callable[[], Response]) -> tuple[Response, str]:
    """Run ``act()``; its response and what the demo logged meanwhile."""
    before = len(demo.log())
    response = act()
    return response, demo.log()[before:]


def _post_raw(demo: Demo, path: str, body: bytes, **headers: str) -> Response:
    pairs = {"Content-Type": "application/json", **headers}
    return demo.http.request("POST", path, headers=pairs, body=body)


def _form_login(demo: Demo, username: bytes, password: bytes) -> Response:
    xsrf = xsrf_token(demo.http)
    form = {"_xsrf": xsrf.encode(), "username": username, "password": password}
    return demo.http.request(
        "POST",
        "/login",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"_xsrf={xsrf}",
        },
        body=urllib.parse.urlencode(form).encode(),
    )


def test_api_login_with_a_lone_surrogate_password_answers_400(demo: Demo) -> None:
    response, log = _logged_during(
        demo, lambda: api_login(demo.http, USERNAME, LONE_SURROGATE)[0]
    )

    assert response.status == 400
    assert response.json()["error"] == "bad_request"
    assert "Traceback" not in log


def test_api_login_with_a_lone_surrogate_user_name_answers_400(demo: Demo) -> None:
    response, log = _logged_during(
        demo, lambda: api_login(demo.http, "ali" + LONE_SURROGATE, PASSWORD)[0]
    )

    assert response.status == 400
    assert "Traceback" not in log


def test_api_login_refuses_a_lone_surrogate_alike_for_known_and_unknown_names(
    demo: Demo,
) -> None:
    known, _ = api_login(demo.http, USERNAME, "x" + LONE_SURROGATE)

    unknown, _ = api_login(demo.http, "nobody-here", "x" + LONE_SURROGATE)

    assert (known.status, known.body) == (unknown.status, unknown.body)


def test_form_login_with_a_password_not_in_utf8_shows_the_generic_error(
    demo: Demo,
) -> None:
    response, log = _logged_during(
        demo, lambda: _form_login(demo, USERNAME.encode(), NOT_UTF8)
    )

    assert response.status == 401
    assert LOGIN_FAILED in response.text
    assert "Traceback" not in log
    assert repr(NOT_UTF8)[2:-1] not in log


def test_form_login_with_a_user_name_not_in_utf8_shows_the_generic_error(
    demo: Demo,
) -> None:
    response, log = _logged_during(
        demo, lambda: _form_login(demo, b"ali" + NOT_UTF8, PASSWORD.encode())
    )

    assert response.status == 401
    assert LOGIN_FAILED in response.text
    assert "Traceback" not in log


def test_api_login_with_deeply_nested_json_answers_400(demo: Demo) -> None:
    response, log = _logged_during(
        demo, lambda: _post_raw(demo, "/api/login", DEEP_JSON)
    )

    assert response.status == 400
    assert response.json()["error"] == "bad_request"
    assert "Traceback" not in log


def test_pref_write_with_deeply_nested_json_answers_400(demo: Demo) -> None:
    _, token = api_login(demo.http)
    assert token is not None

    response, log = _logged_during(
        demo, lambda: _post_raw(demo, "/api/prefs", DEEP_JSON, **{HEADER: token})
    )

    assert response.status == 400
    assert response.json()["error"] == "bad_request"
    assert "Traceback" not in log


def test_api_login_with_a_body_over_the_cap_answers_413(demo: Demo) -> None:
    body = b'{"username": "alice", "password": "' + b"x" * MAX_JSON_BODY + b'"}'

    response = _post_raw(demo, "/api/login", body)

    assert response.status == 413
    assert response.json()["error"] == "payload_too_large"


def test_adduser_refuses_a_password_not_in_utf8(
    mongo_url: str, demo_state: Path
) -> None:
    command = [
        sys.executable,
        "-m",
        DEMO_MODULE,
        "adduser",
        "carol",
        "--state-dir",
        str(demo_state),
    ]

    result = subprocess.run(
        command,
        cwd=ROOT,
        env=demo_env(mongo_url),
        input=b"long enough " + NOT_UTF8 + b"\n",
        capture_output=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert b"error: a password must be valid UTF-8 text" in result.stderr
    assert b"Traceback" not in result.stderr


def test_body_over_the_server_limit_is_refused_before_it_is_read(demo: Demo) -> None:
    with socket.create_connection(("127.0.0.1", demo.port), timeout=10) as conn:
        conn.sendall(
            b"POST /api/login HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\n"
            + f"Content-Length: {MAX_BODY_SIZE + 1}\r\n\r\n".encode()
        )

        answer = conn.recv(4096)

    assert answer.startswith(b"HTTP/1.1 400")
    assert demo.alive
