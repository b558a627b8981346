"""satr_tornado: server-side sessions and login for Tornado.

``MongoStore`` is imported from :mod:`satr_tornado.stores.mongo`.
"""

from .decorators import authorized
from .errors import (
    ConfigurationError,
    SatrError,
    SessionDataError,
    StoreError,
    UnknownEventError,
    UserIdError,
)
from .events import SessionEvent
from .handler import SatrHandler, SatrMixin
from .ids import short_hash
from .manager import SatrManager
from .records import SessionRecord
from .redirects import safe_redirect_target
from .session import Session
from .settings import DEVELOPMENT_ENVS, SatrSettings
from .stores.base import SessionStore
from .stores.memory import MemoryStore

__all__ = [
    "DEVELOPMENT_ENVS",
    "ConfigurationError",
    "MemoryStore",
    "SatrError",
    "SatrHandler",
    "SatrManager",
    "SatrMixin",
    "SatrSettings",
    "Session",
    "SessionDataError",
    "SessionEvent",
    "SessionRecord",
    "SessionStore",
    "StoreError",
    "UnknownEventError",
    "UserIdError",
    "authorized",
    "safe_redirect_target",
    "short_hash",
]
