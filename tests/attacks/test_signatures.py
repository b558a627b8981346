"""Signatures: tampered, moved, truncated and rotated-out tokens are refused."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.attacks.conftest import Launch, Site
from tests.attacks.harness import (
    COOKIE,
    HEADER,
    KEY_1,
    KEY_2,
    Demo,
    browser_login,
    private_works,
    session_id_of,
    sign,
    token_fields,
)


def _fresh_token(site: Site) -> str:
    login = browser_login(site.http)
    assert login.token is not None and private_works(site.http, login.token)
    return login.token


def test_tampered_signature_is_refused_and_cleared(site: Site) -> None:
    token = _fresh_token(site)
    last = token[-1]
    tampered = token[:-1] + ("0" if last != "0" else "1")

    response = site.http.get("/private", cookie=f"{COOKIE}={tampered}")

    assert response.status in (302, 303)
    cleared = response.cookie(COOKIE)
    assert cleared is not None and cleared.cleared


def test_tampered_id_with_old_signature_is_refused(site: Site) -> None:
    token = _fresh_token(site)
    fields = token_fields(token)
    other = secrets.token_urlsafe(32)
    import base64

    swapped_value = base64.b64encode(other.encode()).decode()
    swapped = token.replace(
        f"{len(fields[3])}:{fields[3]}", f"{len(swapped_value)}:{swapped_value}"
    )

    assert swapped != token
    assert not private_works(site.http, swapped)


def test_value_signed_for_another_cookie_name_is_refused(site: Site) -> None:
    session_id = session_id_of(_fresh_token(site))
    moved = sign(session_id, name="_xsrf")
    control = sign(session_id, name=COOKIE)

    assert not private_works(site.http, moved)
    assert not private_works(site.http, moved, via="header")
    assert private_works(site.http, control)


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9, -1])
def test_truncated_token_is_refused(site: Site, keep: float) -> None:
    token = _fresh_token(site)
    cut = token[:-1] if keep == -1 else token[: int(len(token) * keep)]

    cookie = site.http.get("/private", cookie=f"{COOKIE}={cut}")
    header = site.http.get("/api/me", headers={HEADER: cut})

    assert cookie.status in (302, 303)
    assert header.status == 401


@dataclass
class Rotation:
    """Tokens signed under key 1 alone and under keys 1 and 2."""

    old: str
    new: str
    demo: Demo


def _secrets(*pairs: tuple[int, str]) -> dict[str, str]:
    return {"SATR_SECRETS": ",".join(f"{v}:{k}" for v, k in pairs)}


@pytest.fixture(scope="module")
def rotation(launch: Launch) -> Iterator[Rotation]:
    before = launch(_secrets((1, KEY_1)))
    old = browser_login(before.http).token
    before.stop()
    both = launch(_secrets((1, KEY_1), (2, KEY_2)))
    new = browser_login(both.http).token
    assert old is not None and new is not None
    yield Rotation(old, new, both)
    both.stop()


def test_new_tokens_are_signed_with_the_newest_key(rotation: Rotation) -> None:
    assert token_fields(rotation.old)[0] == "1"
    assert token_fields(rotation.new)[0] == "2"


def test_token_under_old_key_is_accepted_while_that_key_is_listed(
    rotation: Rotation,
) -> None:
    assert private_works(rotation.demo.http, rotation.old)
    assert private_works(rotation.demo.http, rotation.new)


def test_token_under_dropped_key_is_refused(launch: Launch, rotation: Rotation) -> None:
    rotation.demo.stop()
    demo = launch(_secrets((2, KEY_2)))

    assert not private_works(demo.http, rotation.old)
    assert private_works(demo.http, rotation.new)
    demo.stop()
