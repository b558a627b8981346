"""Accounts: argon2 hashes in the ``users`` collection, checked in constant time.

An unknown name is checked against a dummy hash, so it costs the same as a
wrong password, and both give the same answer. Hashing runs in a small
thread pool so the event loop keeps serving other requests.
"""

from __future__ import annotations

import asyncio
import datetime
import re
import secrets
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

T = TypeVar("T")

#: Names ``adduser`` accepts: letters, digits, ``.``, ``_``, ``-``; 1 to 64.
USERNAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
#: Shortest password ``adduser`` accepts.
MIN_PASSWORD = 8
#: Longest password checked; longer ones are refused without hashing.
MAX_PASSWORD = 1024
#: Seconds a users-collection call may take before it counts as an outage.
DB_TIMEOUT = 5.0


def default_hasher() -> PasswordHasher:
    """argon2id at OWASP's first recommended setting: 19 MiB, 2 passes, 1 lane.

    Cheap enough that logins under load do not queue behind each other for
    seconds, while each guess still costs an attacker 19 MiB of memory.
    """
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def is_text(value: str) -> bool:
    """Tell whether ``value`` is text UTF-8 can encode: no lone surrogates.

    JSON's ``"\\ud800"`` and bytes read with ``surrogateescape`` give such
    strings; argon2 cannot hash them.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class UsersUnavailable(Exception):
    """The users collection could not be reached in time."""


class BadAccount(ValueError):
    """A name or password ``adduser`` refuses; the message says why."""


class Users:
    """Look up and add accounts in one collection."""

    def __init__(
        self,
        collection: Any,
        hasher: PasswordHasher | None = None,
        workers: int = 2,
    ) -> None:
        self.collection = collection
        self.hasher = hasher or default_hasher()
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="argon2")
        self._dummy = self.hasher.hash(secrets.token_urlsafe(16))

    async def _db(self, awaitable: Awaitable[T]) -> T:
        try:
            return await asyncio.wait_for(awaitable, DB_TIMEOUT)
        except Exception as exc:
            raise UsersUnavailable(f"users collection: {exc!r}") from exc

    async def _in_pool(self, function: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, function, *args)

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False

    async def count(self) -> int:
        return int(await self._db(self.collection.count_documents({})))

    async def authenticate(self, username: object, password: object) -> str | None:
        """Return the user name if the password is right, else ``None``.

        Raises :class:`UsersUnavailable` when the collection is unreachable.
        """
        name = username if isinstance(username, str) else ""
        secret = password if isinstance(password, str) else ""
        found = None
        if USERNAME.fullmatch(name):
            found = await self._db(self.collection.find_one({"_id": name}))
        stored = found.get("hash") if found is not None else None
        if not isinstance(stored, str):
            stored = None
        if len(secret) > MAX_PASSWORD or not is_text(secret):
            # Still hashed (as the empty password), so the refusal takes as
            # long as any other.
            secret = ""
        ok = await self._in_pool(self._verify, stored or self._dummy, secret)
        if not ok or stored is None or not secret:
            return None
        if self.hasher.check_needs_rehash(stored):
            rehashed = await self._in_pool(self.hasher.hash, secret)
            await self._db(
                self.collection.update_one({"_id": name}, {"$set": {"hash": rehashed}})
            )
        return name

    async def add(self, username: str, password: str) -> None:
        """Create or replace the account ``username``."""
        if not USERNAME.fullmatch(username):
            raise BadAccount("a user name is 1 to 64 letters, digits, '.', '_' or '-'")
        if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
            raise BadAccount(
                f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters"
            )
        if not is_text(password):
            raise BadAccount("a password must be valid UTF-8 text")
        hashed = await self._in_pool(self.hasher.hash, password)
        now = datetime.datetime.now(datetime.UTC)
        await self._db(
            self.collection.update_one(
                {"_id": username},
                {"$set": {"hash": hashed, "updated": now}},
                upsert=True,
            )
        )

    def close(self) -> None:
        self.pool.shutdown(wait=True)
