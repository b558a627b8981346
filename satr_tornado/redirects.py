"""Checking redirect targets: only same-site relative paths pass."""

from __future__ import annotations

import urllib.parse

_MAX_TARGET = 2048


def safe_redirect_target(target: str | None, fallback: str = "/") -> str:
    """Return ``target`` if it is a path on this site, else ``fallback``.

    Passes ``/path?query#frag`` only. Refuses scheme-relative (``//host``),
    backslash (``/\\host``), absolute and ``javascript:`` URLs, control
    characters and whitespace, and any of these hidden by percent-encoding.
    """
    if not target or len(target) > _MAX_TARGET:
        return fallback
    decoded = target
    for layer in range(3):
        if not _plain_path(decoded, raw=layer == 0):
            return fallback
        unquoted = urllib.parse.unquote(decoded)
        if unquoted == decoded:
            return target
        decoded = unquoted
    return fallback


def _plain_path(value: str, *, raw: bool) -> bool:
    # A raw space is refused; an encoded one (``%20`` in a query) is fine.
    lowest = 0x21 if raw else 0x20
    if not value.startswith("/") or value.startswith(("//", "/\\")):
        return False
    if "\\" in value:
        return False
    if any(ord(ch) < lowest or ord(ch) == 0x7F for ch in value):
        return False
    if not value.isascii() and any(not ch.isprintable() for ch in value):
        return False
    parts = urllib.parse.urlsplit(value)
    return not parts.scheme and not parts.netloc
