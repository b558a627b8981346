"""Settings: one frozen dataclass, checked when it is built."""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .errors import ConfigurationError
from .ids import new_session_id

if TYPE_CHECKING:
    from .stores.base import SessionStore

#: Environments in which a missing store falls back to :class:`MemoryStore`.
DEVELOPMENT_ENVS = frozenset({"dev", "ref", "int", "uat", "test", "qa"})

#: Shortest secret accepted, in characters.
MIN_SECRET_LENGTH = 32

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
#: A cookie Path: visible ASCII but ';', so no attribute can be slipped in.
_COOKIE_PATH = re.compile(r"/[\x21-\x3a\x3c-\x7e]*")
_COOKIE_DOMAIN = re.compile(r"\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")

SameSite = Literal["Lax", "Strict", "None"]
Secure = Literal["auto"] | bool


def _env_from_os() -> str:
    return os.environ.get("SATR_ENV", "production").strip().lower()


@dataclass(frozen=True)
class SatrSettings:
    """Everything satr_tornado needs, with secure defaults.

    Every field is checked in ``__post_init__``; a bad value raises
    :class:`ConfigurationError` naming the field and the fix.
    """

    #: Signing key, or ``{version: key}`` to rotate: the newest signs, all verify.
    secret: str | dict[int, str] = field(repr=False)
    #: Name of the session cookie.
    cookie_name: str = "_si"
    #: Overall lifetime of a session in seconds, enforced by the server.
    life: float = 3600.0
    #: Seconds after its start past which no renewal extends a session, so
    #: the user logs in again; ``None`` lets renewals go on for ever.
    absolute_life: float | None = 43200.0
    #: A session unused this many seconds is dead; ``None`` turns it off.
    idle_timeout: float | None = None
    #: With ``idle_timeout``, the last-seen time is written at most this often,
    #: and at least every ``idle_timeout / 2`` seconds of use.
    touch_interval: float = 60.0
    #: Seconds before the end of life in which a request gets a renewed id.
    renewal_duration: float = 300.0
    #: Seconds the id replaced by a renewal keeps working.
    renewal_grace: float = 30.0
    #: Create a session for every consenting visitor, not only on demand.
    auto_create: bool = False
    #: Cookie whose value ``yes`` records consent to non-essential cookies.
    consent_cookie: str = "satr_consent"
    #: Request header read when no session cookie is present; ``None`` is off.
    header: str | None = "X-Session-Id"
    #: Path attribute of the session cookie; clearing it uses the same path.
    #: A ``__Host-`` cookie needs ``"/"``.
    cookie_path: str = "/"
    #: Domain attribute of the session cookie; ``None`` sends none, so only
    #: the host that set it gets it back. A ``__Host-`` cookie needs ``None``.
    cookie_domain: str | None = None
    #: Hide the session cookie from page scripts (HttpOnly).
    httponly: bool = True
    #: SameSite attribute of the session cookie; ``"None"`` needs ``secure=True``.
    samesite: SameSite = "Lax"
    #: ``"auto"`` sets Secure when the request is HTTPS.
    secure: Secure = "auto"
    #: Where sessions live; required outside :data:`DEVELOPMENT_ENVS`.
    store: SessionStore | None = None
    #: Deployment environment, read from ``SATR_ENV`` by default.
    env: str = field(default_factory=_env_from_os)
    #: Seconds a store call may take before it counts as an outage.
    store_timeout: float = 5.0
    #: After a store failure, store calls fail at once for this many seconds,
    #: so an outage does not hold every request for ``store_timeout``; 0 is off.
    store_retry_after: float = 1.0
    #: Returns the current time in seconds since the epoch.
    clock: Callable[[], float] = field(default=time.time, repr=False)
    #: Returns a new session id.
    id_factory: Callable[[], str] = field(default=new_session_id, repr=False)

    def __post_init__(self) -> None:
        _check_secret(self.secret)
        self._check_cookie()
        self._check_times()
        if self.header is not None and not _TOKEN.fullmatch(self.header):
            raise ConfigurationError(
                "header",
                f"{self.header!r} is not a valid header name",
                "use letters, digits and dashes, or None to turn it off",
            )
        if self.store is not None and not all(
            callable(getattr(type(self.store), name, None)) for name in _STORE_METHODS
        ):
            raise ConfigurationError(
                "store",
                f"a {type(self.store).__name__} is not a session store",
                "pass store=MongoStore(collection) or another SessionStore",
            )
        if self.store is None and self.env not in DEVELOPMENT_ENVS:
            raise ConfigurationError(
                "store",
                f"no store given and env is {self.env!r}",
                "pass store=MongoStore(collection), or set SATR_ENV to one of "
                + ", ".join(sorted(DEVELOPMENT_ENVS))
                + " for a memory store",
            )

    @property
    def signing_key_version(self) -> int | None:
        """Version of the key that signs new ids, ``None`` for a single key."""
        if isinstance(self.secret, str):
            return None
        return max(self.secret)

    def _check_cookie(self) -> None:
        name = self.cookie_name
        if not _TOKEN.fullmatch(name):
            raise ConfigurationError(
                "cookie_name",
                f"{name!r} is not a valid cookie name",
                "use letters, digits, '_' and '-'",
            )
        if not _TOKEN.fullmatch(self.consent_cookie):
            raise ConfigurationError(
                "consent_cookie",
                f"{self.consent_cookie!r} is not a cookie name",
                "use letters, digits, '_' and '-'",
            )
        if self.samesite not in ("Lax", "Strict", "None"):
            raise ConfigurationError(
                "samesite",
                f"{self.samesite!r} is not allowed",
                "use 'Lax', 'Strict' or 'None'",
            )
        if self.secure not in ("auto", True, False):
            raise ConfigurationError(
                "secure", f"{self.secure!r} is not allowed", "use 'auto', True or False"
            )
        if not _COOKIE_PATH.fullmatch(self.cookie_path):
            raise ConfigurationError(
                "cookie_path",
                f"{self.cookie_path!r} is not an absolute path without ';' or spaces",
                "start it with '/' and use visible characters other than ';'",
            )
        if self.cookie_domain is not None and not _COOKIE_DOMAIN.fullmatch(
            self.cookie_domain
        ):
            raise ConfigurationError(
                "cookie_domain",
                f"{self.cookie_domain!r} is not a host name",
                "give a host name such as 'example.com', or None",
            )
        needs_secure = name.startswith(("__Host-", "__Secure-"))
        if self.samesite == "None":
            needs_secure = True
        if needs_secure and self.secure is not True:
            raise ConfigurationError(
                "secure",
                f"cookie {name!r} with SameSite={self.samesite} needs Secure",
                "set secure=True and serve over HTTPS",
            )
        if name.startswith("__Host-") and (
            self.cookie_path != "/" or self.cookie_domain is not None
        ):
            raise ConfigurationError(
                "cookie_name",
                "a __Host- cookie must have Path=/ and no Domain",
                "set cookie_path='/' and cookie_domain=None",
            )

    def _check_times(self) -> None:
        for name in _SECONDS_FIELDS:
            value = getattr(self, name)
            if value is None and name in ("idle_timeout", "absolute_life"):
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise ConfigurationError(
                    name,
                    f"{value!r} is not a finite number of seconds",
                    "give an int or float",
                )
        if not self.life > 0:
            raise ConfigurationError("life", "must be positive", "give seconds > 0")
        if self.absolute_life is not None and not self.absolute_life >= self.life:
            raise ConfigurationError(
                "absolute_life",
                "must be at least life",
                "give seconds >= life, or None to let renewals go on",
            )
        if self.idle_timeout is not None and not 0 < self.idle_timeout <= self.life:
            raise ConfigurationError(
                "idle_timeout",
                "must be positive and at most life",
                "give seconds in (0, life], or None",
            )
        if self.touch_interval < 0:
            raise ConfigurationError(
                "touch_interval", "must not be negative", "give seconds >= 0"
            )
        if not 0 <= self.renewal_duration < self.life:
            raise ConfigurationError(
                "renewal_duration",
                "must be at least 0 and less than life",
                "give seconds in [0, life); 0 turns renewal off",
            )
        if not 0 <= self.renewal_grace < self.life:
            raise ConfigurationError(
                "renewal_grace",
                "must be at least 0 and less than life",
                "give seconds in [0, life)",
            )
        if self.store_retry_after < 0:
            raise ConfigurationError(
                "store_retry_after", "must not be negative", "give seconds >= 0"
            )
        if not self.store_timeout > 0:
            raise ConfigurationError(
                "store_timeout", "must be positive", "give seconds > 0"
            )


#: Methods of :class:`~satr_tornado.stores.base.SessionStore`, looked up on
#: the class: a driver collection answers any attribute with a sub-collection.
_STORE_METHODS = (
    "get",
    "set",
    "update",
    "touch",
    "mark_renewed",
    "destroy",
    "destroy_user_sessions",
    "list_user_sessions",
    "count_user_sessions",
    "ensure_indexes",
)

_SECONDS_FIELDS = (
    "life",
    "absolute_life",
    "idle_timeout",
    "touch_interval",
    "renewal_duration",
    "renewal_grace",
    "store_timeout",
    "store_retry_after",
)


def _check_secret(secret: str | dict[int, str]) -> None:
    if not isinstance(secret, str | dict):
        raise ConfigurationError(
            "secret",
            f"a {type(secret).__name__} is neither a key nor a dict of keys",
            "give a str of 32+ characters, or {version: key}",
        )
    keys = {0: secret} if isinstance(secret, str) else dict(secret)
    if not keys:
        raise ConfigurationError(
            "secret", "no key given", "give a random string of 32+ characters"
        )
    for version, key in keys.items():
        if not isinstance(version, int) or isinstance(version, bool):
            raise ConfigurationError(
                "secret", "key versions must be integers", "use {1: key1, 2: key2}"
            )
        if not isinstance(key, str) or len(key) < MIN_SECRET_LENGTH:
            raise ConfigurationError(
                "secret",
                f"a key is shorter than {MIN_SECRET_LENGTH} characters",
                "generate one with: python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'",
            )
