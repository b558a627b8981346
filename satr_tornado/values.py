"""Checks that session keys and values can be stored in BSON and in memory."""

from __future__ import annotations

import datetime
from typing import Any

from .errors import SessionDataError

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_MAX_DEPTH = 32
_SCALARS = (str, float, bool, bytes, type(None), datetime.datetime)


def check_key(key: object) -> str:
    """Return ``key`` if it can name a stored value, else raise.

    Keys are plain strings: no ``.``, no leading ``$`` and no NUL, so no key
    ever becomes a path or an operator in a database query.
    """
    if not isinstance(key, str):
        raise SessionDataError(key, "keys must be str")
    if not key:
        raise SessionDataError(key, "keys must not be empty")
    if "." in key or key.startswith("$") or "\x00" in key:
        raise SessionDataError(key, "keys must not contain '.', NUL or start with '$'")
    if not _is_utf8(key):
        raise SessionDataError(key, "keys must be valid Unicode (no lone surrogates)")
    return key


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_value(key: str, value: Any, depth: int = 0) -> None:
    """Raise :class:`SessionDataError` (a ``TypeError``) if ``value`` won't store.

    Allowed: str, int (64-bit), float, bool, None, bytes, datetime, and lists
    and dicts of these with str keys.
    """
    if depth > _MAX_DEPTH:
        raise SessionDataError(key, f"value nested deeper than {_MAX_DEPTH} levels")
    if isinstance(value, int) and not isinstance(value, bool):
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise SessionDataError(key, "int out of the 64-bit range")
        return
    if isinstance(value, str) and not _is_utf8(value):
        raise SessionDataError(key, "text must be valid Unicode (no lone surrogates)")
    if isinstance(value, _SCALARS):
        return
    if isinstance(value, list):
        for item in value:
            check_value(key, item, depth + 1)
        return
    if isinstance(value, dict):
        for inner_key, item in value.items():
            try:
                check_key(inner_key)
            except SessionDataError as exc:
                raise SessionDataError(key, f"nested {exc}") from None
            check_value(key, item, depth + 1)
        return
    raise SessionDataError(
        key,
        f"{type(value).__name__} cannot be stored; use str, numbers, bool, "
        "None, bytes, datetime, list or dict",
    )
