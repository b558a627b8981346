"""A MongoDB store over PyMongo's async API or Motor, with one code path.

Documents::

    {_id: sha256(id), uid, auth, data: {...}, created, seen, ends, expires, v, rn,
     succ}

``expires`` carries a TTL index (``expireAfterSeconds=0``); because the TTL
monitor runs about once a minute, every read also filters on it. Updates
write only the changed fields with ``$set``/``$unset`` and never upsert, so a
slow request cannot bring back a session that was logged out meanwhile; only
:meth:`MongoStore.set` upserts. Write concern and read preference are those
of the collection you pass: configure them there (``w="majority"`` on a
replica set, say).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from ..records import SessionChanges, SessionRecord, UserId

_UTC = datetime.UTC

#: Record attribute -> document field.
FIELD_NAMES: Mapping[str, str] = {
    "user_id": "uid",
    "authorized": "auth",
    "data": "data",
    "created_at": "created",
    "last_seen": "seen",
    "ends_at": "ends",
    "expires_at": "expires",
    "version": "v",
    "renewals": "rn",
    "successor": "succ",
}
_TIME_FIELDS = frozenset({"created_at", "last_seen", "ends_at", "expires_at"})


def to_datetime(seconds: float) -> datetime.datetime:
    """Seconds since the epoch to an aware UTC datetime (BSON keeps ms)."""
    return datetime.datetime.fromtimestamp(seconds, _UTC)


def from_datetime(value: datetime.datetime | str) -> float:
    """A BSON datetime (naive means UTC) to seconds since the epoch.

    Also reads the ISO string that the nx-27017 test server leaves where an
    update wrote a datetime; MongoDB itself always returns a datetime.
    """
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=_UTC)
    return value.timestamp()


def _to_field(name: str, value: Any) -> Any:
    return to_datetime(value) if name in _TIME_FIELDS else value


def record_to_document(key: str, record: SessionRecord) -> dict[str, Any]:
    """Return the document stored for ``record`` under ``key``."""
    document: dict[str, Any] = {"_id": key}
    for name, field in FIELD_NAMES.items():
        value = getattr(record, name)
        if name == "successor" and value is None:
            continue
        document[field] = _to_field(name, value)
    return document


def document_to_record(document: Mapping[str, Any]) -> SessionRecord:
    """Rebuild a record from a stored document."""
    return SessionRecord(
        user_id=document.get("uid"),
        authorized=bool(document.get("auth", False)),
        data=dict(document.get("data") or {}),
        created_at=from_datetime(document["created"]),
        last_seen=from_datetime(document["seen"]),
        ends_at=from_datetime(document["ends"]),
        expires_at=from_datetime(document["expires"]),
        version=int(document.get("v", 0)),
        renewals=int(document.get("rn", 0)),
        successor=document.get("succ"),
    )


class MongoStore:
    """Sessions in one MongoDB collection.

    ``collection`` is a ``pymongo.asynchronous.collection.AsyncCollection``
    or a ``motor.motor_asyncio.AsyncIOMotorCollection``; both are driven
    through the same awaited calls.
    """

    def __init__(self, collection: Any) -> None:
        # Dates come back aware, in UTC, as they went in; the collection's
        # other options (write concern, read preference) are kept.
        codec_options = collection.codec_options.with_options(
            tz_aware=True, tzinfo=_UTC
        )
        self.collection = collection.with_options(codec_options=codec_options)

    def _live(self, key: str, now: float) -> dict[str, Any]:
        return {"_id": key, "expires": {"$gt": to_datetime(now)}}

    async def get(self, key: str, now: float) -> SessionRecord | None:
        document = await self.collection.find_one(self._live(key, now))
        return None if document is None else document_to_record(document)

    async def set(self, key: str, record: SessionRecord) -> None:
        document = record_to_document(key, record)
        document.pop("v")
        unset = {} if record.successor is not None else {"succ": ""}
        update: dict[str, Any] = {"$set": document, "$inc": {"v": 1}}
        if unset:
            update["$unset"] = unset
        await self.collection.update_one({"_id": key}, update, upsert=True)

    async def update(self, key: str, changes: SessionChanges, now: float) -> bool:
        to_set: dict[str, Any] = {
            FIELD_NAMES[name]: _to_field(name, value)
            for name, value in changes.fields.items()
        }
        for data_key, value in changes.data_set.items():
            to_set[f"data.{data_key}"] = value
        update: dict[str, Any] = {"$inc": {"v": 1}}
        if to_set:
            update["$set"] = to_set
        if changes.data_unset:
            update["$unset"] = {f"data.{k}": "" for k in changes.data_unset}
        result = await self.collection.update_one(self._live(key, now), update)
        return bool(result.matched_count)

    async def touch(self, key: str, last_seen: float, expires_at: float) -> bool:
        result = await self.collection.update_one(
            self._live(key, last_seen),
            {
                "$set": {
                    "seen": to_datetime(last_seen),
                    "expires": to_datetime(expires_at),
                },
                "$inc": {"v": 1},
            },
        )
        return bool(result.matched_count)

    async def mark_renewed(
        self, key: str, successor: str, expires_at: float, now: float
    ) -> bool:
        query = self._live(key, now)
        query["succ"] = None
        result = await self.collection.update_one(
            query,
            {
                "$set": {"succ": successor, "expires": to_datetime(expires_at)},
                "$inc": {"v": 1},
            },
        )
        return bool(result.modified_count)

    async def destroy(self, key: str) -> None:
        await self.collection.delete_one({"_id": key})

    async def destroy_user_sessions(
        self, user_id: UserId, except_key: str | None = None
    ) -> int:
        query: dict[str, Any] = {"uid": user_id}
        if except_key is not None:
            query["_id"] = {"$ne": except_key}
        result = await self.collection.delete_many(query)
        return int(result.deleted_count)

    async def list_user_sessions(
        self, user_id: UserId, now: float
    ) -> list[tuple[str, SessionRecord]]:
        cursor = self.collection.find(
            {"uid": user_id, "expires": {"$gt": to_datetime(now)}}
        )
        documents = await cursor.to_list(None)
        return [(doc["_id"], document_to_record(doc)) for doc in documents]

    async def count_user_sessions(self, user_id: UserId, now: float) -> int:
        live = {"uid": user_id, "expires": {"$gt": to_datetime(now)}}
        count: int = await self.collection.count_documents(live)
        return count

    async def ensure_indexes(self) -> None:
        """Create the TTL index on ``expires`` and the index on ``uid``."""
        await self.collection.create_index(
            "expires", expireAfterSeconds=0, name="satr_expires_ttl"
        )
        await self.collection.create_index("uid", name="satr_uid")
