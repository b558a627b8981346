"""Session stores. ``MongoStore`` lives in :mod:`satr_tornado.stores.mongo`."""

from .base import SessionStore
from .memory import MemoryStore

__all__ = ["MemoryStore", "SessionStore"]
