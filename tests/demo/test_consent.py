"""The consent page, its banner, and what each choice writes."""

from __future__ import annotations

from tests.attacks.harness import CONSENT, COOKIE, Http, Response, xsrf_token

BANNER = 'aria-label="Cookie choice"'


def _choose(http: Http, choice: str, next_target: str = "/public") -> Response:
    xsrf = xsrf_token(http)
    form = {"choice": choice, "next": next_target, "_xsrf": xsrf}
    return http.post_form("/consent", form, cookie=f"_xsrf={xsrf}")


def test_consent_page_names_every_cookie(http: Http) -> None:
    page = http.get("/consent")

    assert page.status == 200
    for name in (COOKIE, "_xsrf", CONSENT):
        assert f"<code>{name}</code>" in page.text


def test_banner_shows_until_the_visitor_decides(http: Http) -> None:
    undecided = http.get("/public")
    accepted = http.get("/public", cookie=f"{CONSENT}=yes")
    declined = http.get("/public", cookie=f"{CONSENT}=no")

    assert BANNER in undecided.text
    assert BANNER not in accepted.text
    assert BANNER not in declined.text


def test_accept_writes_a_lasting_consent_cookie_and_goes_back(http: Http) -> None:
    response = _choose(http, "accept")

    assert response.status == 303
    assert response.location == "/public"
    cookie = response.cookie(CONSENT)
    assert cookie is not None and cookie.value == "yes"
    assert int(cookie.attrs["max-age"]) == 180 * 86400
    assert "httponly" in cookie.flags
    assert cookie.attrs["samesite"] == "Lax"


def test_decline_writes_no(http: Http) -> None:
    response = _choose(http, "decline")

    cookie = response.cookie(CONSENT)
    assert cookie is not None and cookie.value == "no"


def test_consent_next_off_the_site_goes_home(http: Http) -> None:
    response = _choose(http, "accept", next_target="//evil.example")

    assert response.location == "/"


def test_unknown_choice_is_refused(http: Http) -> None:
    response = _choose(http, "maybe")

    assert response.status == 400
    assert response.cookie(CONSENT) is None


def test_consent_post_without_xsrf_token_is_refused(http: Http) -> None:
    response = http.post_form("/consent", {"choice": "accept"})

    assert response.status == 403
    assert response.cookie(CONSENT) is None


def test_consenting_visitor_gets_a_session_cookie(http: Http) -> None:
    response = http.get("/public", cookie=f"{CONSENT}=yes")

    issued = response.cookie(COOKIE)
    assert issued is not None and issued.value
    assert "max-age" in issued.attrs


def test_declining_visitor_gets_no_session_cookie(http: Http) -> None:
    response = http.get("/public", cookie=f"{CONSENT}=no")

    assert response.cookie(COOKIE) is None


def test_decline_ends_a_visitor_session(http: Http) -> None:
    visit = http.get("/public", cookie=f"{CONSENT}=yes")
    issued = visit.cookie(COOKIE)
    assert issued is not None
    xsrf = xsrf_token(http)
    jar = f"_xsrf={xsrf}; {CONSENT}=yes; {COOKIE}={issued.value}"

    response = http.post_form(
        "/consent", {"choice": "decline", "_xsrf": xsrf}, cookie=jar
    )

    cleared = response.cookie(COOKIE)
    assert cleared is not None and cleared.cleared
