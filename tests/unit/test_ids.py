"""Session ids: 256 random bits from secrets; stored and logged as hashes."""

from __future__ import annotations

import base64
import hashlib
import secrets
import string

import pytest

from satr_tornado.ids import (
    SESSION_ID_LENGTH,
    is_well_formed,
    new_session_id,
    short_hash,
    store_key,
)

_URLSAFE = set(string.ascii_letters + string.digits + "-_")


def test_new_id_takes_32_bytes_from_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int | None] = []
    real = secrets.token_bytes

    def spy(nbytes: int | None = None) -> bytes:
        asked.append(nbytes)
        return real(nbytes)

    monkeypatch.setattr(secrets, "token_bytes", spy)

    new_session_id()

    assert asked == [32]


def test_new_id_encodes_256_bits() -> None:
    session_id = new_session_id()

    raw = base64.urlsafe_b64decode(session_id + "=")

    assert len(raw) * 8 == 256


def test_new_id_is_urlsafe_and_43_characters() -> None:
    session_id = new_session_id()

    assert len(session_id) == SESSION_ID_LENGTH == 43
    assert set(session_id) <= _URLSAFE


def test_new_ids_differ() -> None:
    ids = {new_session_id() for _ in range(1000)}

    assert len(ids) == 1000


def test_new_id_is_well_formed() -> None:
    assert is_well_formed(new_session_id())


@pytest.mark.parametrize(
    "value", ["", "short", "a" * 42, "a" * 44, "a" * 42 + "=", "a" * 42 + "/"]
)
def test_other_shapes_are_not_well_formed(value: str) -> None:
    assert not is_well_formed(value)


def test_store_key_is_the_sha256_hex_of_the_id() -> None:
    session_id = new_session_id()

    key = store_key(session_id)

    assert key == hashlib.sha256(session_id.encode("ascii")).hexdigest()
    assert len(key) == 64
    assert session_id not in key


def test_short_hash_is_12_hex_digits_of_sha256() -> None:
    value = new_session_id()

    assert short_hash(value) == hashlib.sha256(value.encode()).hexdigest()[:12]


def test_short_hash_of_bytes_and_text_agree() -> None:
    assert short_hash("tökén") == short_hash("tökén".encode())


def test_short_hash_takes_text_that_is_not_utf8() -> None:
    digest = short_hash("\udcff lone surrogate")

    assert len(digest) == 12
    assert set(digest) <= set(string.hexdigits.lower())
