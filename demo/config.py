"""The demo's configuration: command-line options and environment variables."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from satr_tornado import ConfigurationError, SatrSettings, SessionStore

#: Name of the file, under the state folder, holding a generated signing key.
SECRET_FILE = "secret"  # noqa: S105 (a file name, not a secret)
#: Database holding the demo's ``users`` and ``sessions`` collections.
DATABASE = "satr_demo"


@dataclass(frozen=True)
class Options:
    """What ``python -m demo`` was asked to do."""

    host: str = "127.0.0.1"
    port: int = 8888
    xheaders: bool = False
    env: str | None = None
    state_dir: Path = Path(".state")


def parse_secrets(text: str) -> str | dict[int, str]:
    """Read ``SATR_SECRETS``: ``key``, or ``1:key1,2:key2`` to rotate keys."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        raise ConfigurationError(
            "SATR_SECRETS", "is empty", "give 1:key, or 1:old-key,2:new-key"
        )
    versioned: dict[int, str] = {}
    for part in parts:
        version, sep, key = part.partition(":")
        if not sep or not version.isdigit():
            if len(parts) == 1:
                return part
            raise ConfigurationError(
                "SATR_SECRETS",
                "a key in a list has no version",
                "write each one as VERSION:KEY, e.g. 1:old-key,2:new-key",
            )
        versioned[int(version)] = key
    return versioned


def load_or_make_secret(state_dir: Path) -> str:
    """Return the key kept in the state folder, making it on first use."""
    path = state_dir / SECRET_FILE
    if path.exists():
        return path.read_text("ascii").strip()
    state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(key + "\n")
    return key


def _seconds(environ: Mapping[str, str], name: str) -> float | None:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        return float(raw)
    except ValueError:
        raise ConfigurationError(
            name, f"{raw!r} is not a number of seconds", "give e.g. 3600"
        ) from None


def build_settings(
    options: Options, store: SessionStore, environ: Mapping[str, str]
) -> SatrSettings:
    """Build the session settings from the options and the environment.

    ``SATR_SECRETS`` gives the signing keys; without it a key is generated
    once and kept in the state folder, so sessions survive a restart.
    """
    raw_secrets = environ.get("SATR_SECRETS")
    secret = (
        parse_secrets(raw_secrets)
        if raw_secrets
        else load_or_make_secret(options.state_dir)
    )
    env = options.env or environ.get("SATR_ENV", "production")
    timing: dict[str, Any] = {}
    for field, name in _TIMING:
        value = _seconds(environ, name)
        if value is not None:
            timing[field] = value
    if timing.get("idle_timeout") == 0:
        timing["idle_timeout"] = None
    return SatrSettings(
        secret=secret,
        store=store,
        env=env.strip().lower(),
        auto_create=True,
        **timing,
    )


#: Session settings read from the environment, in seconds.
_TIMING = (
    ("life", "SATR_LIFE"),
    ("idle_timeout", "SATR_IDLE_TIMEOUT"),
    ("renewal_duration", "SATR_RENEWAL_DURATION"),
    ("renewal_grace", "SATR_RENEWAL_GRACE"),
)
