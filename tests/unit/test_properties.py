"""Properties that hold for any input, checked with hypothesis."""

from __future__ import annotations

import datetime
import string
from typing import Any

import bson
from ada_url import join_url
from hypothesis import example, given
from hypothesis import strategies as st

from satr_tornado.errors import SessionDataError
from satr_tornado.ids import short_hash
from satr_tornado.redirects import safe_redirect_target
from satr_tornado.settings import SatrSettings
from satr_tornado.signing import sign_id, unsign_id
from satr_tornado.values import check_key, check_value
from tests.conftest import FakeClock

SITE = "https://site.example/login"
FALLBACK = "/fallback"

# Pieces that open-redirect payloads are made of, joined in any order.
_URL_PIECES = st.sampled_from(
    [
        "/", "//", "\\", "%2f", "%2F", "%5c", "%25", "%09", "%0a", "%00", "@",
        ":", ".", "..", "?", "#", "\t", "\n", "\r", " ", "\x00", "\x7f",
        "\u3000", "\ufeff", "evil.example", "site.example", "javascript",
        "http", "https", "data", "a", "0x7f", "127.0.0.1", "%",
    ]
)  # fmt: skip
_URLISH = st.lists(_URL_PIECES, max_size=8).map("".join)


def _stays_on_site(target: str) -> bool:
    resolved = join_url(SITE, target)
    return resolved.startswith("https://site.example/")


@given(st.one_of(_URLISH, st.text(max_size=60)))
@example("/\\evil.example")
@example("/\t/evil.example")
def test_redirect_target_never_resolves_off_site(target: str) -> None:
    result = safe_redirect_target(target, FALLBACK)

    assert result in (target, FALLBACK)
    assert _stays_on_site(result)


@given(
    st.lists(
        st.text(string.ascii_letters + string.digits + "-_.~", min_size=1),
        max_size=5,
    ),
    st.text(string.ascii_letters + string.digits + "=&", max_size=20),
)
def test_plain_path_with_query_passes(segments: list[str], query: str) -> None:
    target = "/" + "/".join(segments) + (f"?{query}" if query else "")
    if target.startswith("//"):
        return

    assert safe_redirect_target(target, FALLBACK) == target


_SETTINGS = SatrSettings(secret="p" * 40, env="test", clock=FakeClock())


@given(st.text(max_size=600))
@example("2|1:0|10:1893456000|3:_si|0:|")
@example("2|1:0|10:1893456000|3:_si|4:AA==|" + "0" * 64)
@example("2|1:9|10:x|3:_si|4:AAAA|00")
@example("1|2|3")
def test_unsign_id_never_raises_on_any_text(token: str) -> None:
    assert unsign_id(_SETTINGS, token) is None


@given(st.text(string.printable.strip(), min_size=1, max_size=128))
def test_any_printable_id_round_trips_through_signing(session_id: str) -> None:
    assert unsign_id(_SETTINGS, sign_id(_SETTINGS, session_id)) == session_id


@given(st.text())
def test_short_hash_is_always_12_hex_digits(value: str) -> None:
    digest = short_hash(value)

    assert len(digest) == 12
    assert set(digest) <= set("0123456789abcdef")


_KEYS = st.text(max_size=8)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.binary(max_size=20),
    st.datetimes(timezones=st.just(datetime.UTC)),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)
    ),
    max_leaves=12,
)


@given(_KEYS, _VALUES)
def test_every_accepted_value_encodes_to_bson(key: str, value: Any) -> None:
    try:
        check_key(key)
        check_value(key, value)
    except SessionDataError:
        return

    bson.encode({"data": {key: value}})


@given(_KEYS)
def test_accepted_key_is_never_a_path_or_operator(key: str) -> None:
    try:
        check_key(key)
    except SessionDataError:
        return

    assert key
    assert "." not in key
    assert not key.startswith("$")


_TOKEN = sign_id(_SETTINGS, "fixed-session-id-for-mutation-tests")


@given(
    st.integers(min_value=0, max_value=len(_TOKEN) - 1),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
)
def test_any_one_character_change_to_a_token_is_refused(
    position: int, replacement: str
) -> None:
    mutated = _TOKEN[:position] + replacement + _TOKEN[position + 1 :]
    if mutated == _TOKEN:
        return

    assert unsign_id(_SETTINGS, mutated) is None
