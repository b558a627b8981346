"""What a session can hold: BSON-storable values under plain str keys."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

import pytest

from satr_tornado.errors import SessionDataError
from satr_tornado.values import check_key, check_value

_UNSTORABLE: dict[str, Any] = {
    "set": {1, 2},
    "tuple": (1, 2),
    "object": object(),
    "decimal": decimal.Decimal("1.5"),
    "date": datetime.date(2030, 1, 1),
    "time": datetime.time(12, 0),
    "timedelta": datetime.timedelta(seconds=1),
    "complex": 1j,
    "bytearray": bytearray(b"x"),
    "uuid": uuid.uuid4(),
    "int_over_64_bits": 2**63,
    "int_under_64_bits": -(2**63) - 1,
    "function": len,
    "set_in_list": [1, {2}],
    "object_in_dict": {"a": {"b": object()}},
}


@pytest.mark.parametrize("name", sorted(_UNSTORABLE))
def test_unstorable_value_raises_type_error_naming_the_key(name: str) -> None:
    with pytest.raises(TypeError) as caught:
        check_value(f"key_{name}", _UNSTORABLE[name])

    assert isinstance(caught.value, SessionDataError)
    assert caught.value.key == f"key_{name}"
    assert f"'key_{name}'" in str(caught.value)


_STORABLE: dict[str, Any] = {
    "str": "text",
    "int": 1,
    "int64_max": 2**63 - 1,
    "int64_min": -(2**63),
    "float": 1.5,
    "bool": True,
    "none": None,
    "bytes": b"\x00",
    "datetime": datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    "list": [1, "a", None],
    "dict": {"a": [{"b": 1}]},
    "empty_list": [],
    "empty_dict": {},
}


@pytest.mark.parametrize("name", sorted(_STORABLE))
def test_storable_value_is_accepted(name: str) -> None:
    check_value("k", _STORABLE[name])


@pytest.mark.parametrize("key", ["a.b", ".", "$where", "$", "", "a\x00b"])
def test_key_that_could_become_a_path_or_operator_is_refused(key: str) -> None:
    with pytest.raises(SessionDataError) as caught:
        check_key(key)

    assert caught.value.key == key


@pytest.mark.parametrize("key", [1, None, b"bytes", ("a",)])
def test_key_that_is_not_str_is_refused(key: Any) -> None:
    with pytest.raises(TypeError):
        check_key(key)


@pytest.mark.parametrize("key", ["a", "a$", "user_id", "émoji☃", "a-b c"])
def test_plain_key_is_accepted(key: str) -> None:
    assert check_key(key) == key


@pytest.mark.parametrize("inner", ["a.b", "$gt", "", 1])
def test_bad_nested_key_is_refused_naming_the_outer_key(inner: Any) -> None:
    with pytest.raises(SessionDataError) as caught:
        check_value("prefs", {"ok": {inner: 1}})

    assert caught.value.key == "prefs"


def test_deeply_nested_value_is_refused() -> None:
    value: Any = 1
    for _ in range(40):
        value = [value]

    with pytest.raises(SessionDataError):
        check_value("deep", value)


def test_moderately_nested_value_is_accepted() -> None:
    value: Any = 1
    for _ in range(10):
        value = {"n": [value]}

    check_value("nested", value)


def test_text_value_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(SessionDataError) as caught:
        check_value("name", "lone \ud800 surrogate")

    assert caught.value.key == "name"


def test_nested_text_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(SessionDataError):
        check_value("names", ["ok", {"x": "\udfff"}])


def test_key_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(SessionDataError):
        check_key("bad\ud800key")
