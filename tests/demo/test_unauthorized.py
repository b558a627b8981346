"""A request ``@authorized`` turns away without a redirect: a page or JSON."""

from __future__ import annotations

from tests.attacks.harness import Http, Response, xsrf_token


def _post_without_session(http: Http, **headers: str) -> Response:
    token = xsrf_token(http)
    return http.post_form(
        "/sessions/others",
        {"_xsrf": token},
        cookie=f"_xsrf={token}",
        headers=headers,
    )


def test_browser_form_post_without_a_session_gets_the_401_page(http: Http) -> None:
    response = _post_without_session(http)

    assert response.status == 401
    assert response.header("WWW-Authenticate") == 'Session realm="satr"'
    assert (response.header("Content-Type") or "").startswith("text/html")
    assert "<h1>401: Unauthorized</h1>" in response.text
    assert 'This needs a login. <a href="/login">Log in</a>' in response.text


def test_api_client_post_without_a_session_gets_401_json(http: Http) -> None:
    response = _post_without_session(http, Accept="application/json")

    assert response.status == 401
    assert response.header("WWW-Authenticate") == 'Session realm="satr"'
    assert (response.header("Content-Type") or "").startswith("application/json")
    assert response.json() == {"error": "unauthorized", "message": "log in first"}
