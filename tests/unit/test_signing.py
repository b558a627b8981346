"""Signed session ids: Tornado signed values, bound to the cookie name."""

from __future__ import annotations

from typing import Any

from tornado.web import create_signed_value

from satr_tornado.ids import new_session_id
from satr_tornado.settings import SatrSettings
from satr_tornado.signing import sign_id, unsign_id
from tests.conftest import FakeClock

KEY_1 = "1" * 40
KEY_2 = "2" * 40


def settings_for(clock: FakeClock, **overrides: Any) -> SatrSettings:
    values: dict[str, Any] = {"secret": KEY_1, "env": "test", "clock": clock}
    values.update(overrides)
    return SatrSettings(**values)


def test_signed_id_unsigns_to_the_same_id(clock: FakeClock) -> None:
    settings = settings_for(clock)
    session_id = new_session_id()

    assert unsign_id(settings, sign_id(settings, session_id)) == session_id


def test_signed_id_is_not_the_bare_id(clock: FakeClock) -> None:
    settings = settings_for(clock)
    session_id = new_session_id()

    token = sign_id(settings, session_id)

    assert token != session_id
    assert unsign_id(settings, session_id) is None


def test_tampered_signature_is_refused(clock: FakeClock) -> None:
    settings = settings_for(clock)
    token = sign_id(settings, new_session_id())
    last = "0" if token[-1] != "0" else "1"

    assert unsign_id(settings, token[:-1] + last) is None


def test_tampered_id_is_refused(clock: FakeClock) -> None:
    settings = settings_for(clock)
    signature = sign_id(settings, new_session_id()).rpartition("|")[2]
    other_fields = sign_id(settings, new_session_id()).rpartition("|")[0]

    assert unsign_id(settings, f"{other_fields}|{signature}") is None


def test_truncated_token_is_refused(clock: FakeClock) -> None:
    settings = settings_for(clock)
    token = sign_id(settings, new_session_id())

    for length in (1, len(token) // 2, len(token) - 1):
        assert unsign_id(settings, token[:length]) is None


def test_token_for_another_cookie_name_is_refused(clock: FakeClock) -> None:
    token = sign_id(settings_for(clock, cookie_name="_other"), new_session_id())

    assert unsign_id(settings_for(clock), token) is None


def test_token_signed_with_another_secret_is_refused(clock: FakeClock) -> None:
    token = sign_id(settings_for(clock, secret=KEY_2), new_session_id())

    assert unsign_id(settings_for(clock), token) is None


def test_empty_token_is_refused(clock: FakeClock) -> None:
    assert unsign_id(settings_for(clock), "") is None


def test_overlong_token_is_refused(clock: FakeClock) -> None:
    settings = settings_for(clock)
    token = sign_id(settings, new_session_id())

    assert unsign_id(settings, token + "0" * 600) is None


def test_non_ascii_token_is_refused(clock: FakeClock) -> None:
    assert unsign_id(settings_for(clock), "2|1:0|10:é|") is None


def test_version_1_signed_value_is_refused(clock: FakeClock) -> None:
    token = create_signed_value(
        KEY_1, "_si", new_session_id(), version=1, clock=clock
    ).decode()

    assert unsign_id(settings_for(clock), token) is None


def test_new_key_signs_once_added(clock: FakeClock) -> None:
    rotated = settings_for(clock, secret={1: KEY_1, 2: KEY_2})
    token = sign_id(rotated, new_session_id())

    assert unsign_id(settings_for(clock, secret={2: KEY_2}), token) is not None
    assert unsign_id(settings_for(clock, secret={1: KEY_1}), token) is None


def test_old_key_is_accepted_while_listed(clock: FakeClock) -> None:
    session_id = new_session_id()
    token = sign_id(settings_for(clock, secret={1: KEY_1}), session_id)

    rotated = settings_for(clock, secret={1: KEY_1, 2: KEY_2})

    assert unsign_id(rotated, token) == session_id


def test_old_key_is_refused_once_dropped(clock: FakeClock) -> None:
    token = sign_id(settings_for(clock, secret={1: KEY_1}), new_session_id())

    dropped = settings_for(clock, secret={2: KEY_2})

    assert unsign_id(dropped, token) is None


def test_token_within_life_and_grace_is_accepted(clock: FakeClock) -> None:
    settings = settings_for(clock, life=600, renewal_duration=60, renewal_grace=30)
    session_id = new_session_id()
    token = sign_id(settings, session_id)

    clock.advance(600 + 30 - 1)

    assert unsign_id(settings, token) == session_id


def test_token_older_than_life_and_grace_is_refused(clock: FakeClock) -> None:
    settings = settings_for(clock, life=600, renewal_duration=60, renewal_grace=30)
    token = sign_id(settings, new_session_id())

    clock.advance(600 + 30 + 1)

    assert unsign_id(settings, token) is None
