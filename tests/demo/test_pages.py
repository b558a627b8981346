"""Home, public, private, static and unknown pages over HTTP."""

from __future__ import annotations

import datetime
import re

from tests.attacks.harness import USERNAME, Http, browser_login

#: Seconds a session lives in the demo started without SATR_LIFE.
LIFE = 3600


def test_home_links_every_page(http: Http) -> None:
    response = http.get("/")

    assert response.status == 200
    for path in ("/public", "/private", "/login", "/logout", "/consent"):
        assert f'href="{path}"' in response.text


def test_home_shows_who_is_logged_in(http: Http) -> None:
    login = browser_login(http)

    response = http.get("/", cookie=login.cookie)

    assert f"logged in as <strong>{USERNAME}</strong>" in response.text


def test_public_page_answers_anyone(http: Http) -> None:
    response = http.get("/public")

    assert response.status == 200
    assert "<h1>Public page</h1>" in response.text


def test_private_page_redirects_a_visitor_to_the_login_with_next(http: Http) -> None:
    response = http.get("/private")

    assert response.status == 302
    assert response.location == "/login?next=%2Fprivate"


def _shown_time(page: str, label: str) -> datetime.datetime:
    found = re.search(
        rf"<dt>{label}</dt><dd>(\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d) UTC</dd>", page
    )
    assert found is not None, page
    moment = datetime.datetime.strptime(found.group(1), "%Y-%m-%d %H:%M:%S")
    return moment.replace(tzinfo=datetime.UTC)


def test_private_page_shows_the_user_and_the_session_times(http: Http) -> None:
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    login = browser_login(http)

    response = http.get("/private", cookie=login.cookie)

    assert response.status == 200
    assert f"Hello, <strong>{USERNAME}</strong>" in response.text
    started = _shown_time(response.text, "Session started")
    ends = _shown_time(response.text, "Session ends")
    assert before <= started <= datetime.datetime.now(datetime.UTC)
    # The demo's default life is an hour; the page shows whole seconds.
    assert abs((ends - started).total_seconds() - LIFE) <= 1
    assert "Renewals</dt><dd>0" in response.text


def test_unknown_path_answers_the_404_page(http: Http) -> None:
    response = http.get("/no/such/page")

    assert response.status == 404
    assert "<h1>404: Not Found</h1>" in response.text
    assert "Traceback" not in response.text


def test_pages_use_the_local_stylesheet(http: Http) -> None:
    page = http.get("/public")
    css = http.get("/static/satr.css")

    assert 'href="/static/satr.css?v=' in page.text
    assert "http://" not in page.text.split("<main", 1)[0]
    assert css.status == 200
    assert css.header("Content-Type") == "text/css"


def test_pages_declare_language_and_viewport(http: Http) -> None:
    page = http.get("/login")

    assert '<html lang="en">' in page.text
    assert 'name="viewport"' in page.text


def test_pages_forbid_framing_and_sniffing(http: Http) -> None:
    response = http.get("/public")

    policy = response.header("Content-Security-Policy") or ""
    assert "frame-ancestors 'none'" in policy
    assert response.header("X-Content-Type-Options") == "nosniff"
