"""The exceptions raised by satr_tornado, all rooted in :class:`SatrError`."""

from __future__ import annotations


class SatrError(Exception):
    """Base class of every error raised by this package."""


class ConfigurationError(SatrError, ValueError):
    """A setting is missing or wrong; raised when the application is built.

    ``setting`` names the offending field so the message and the code agree.
    """

    def __init__(self, setting: str, problem: str, fix: str) -> None:
        self.setting = setting
        self.problem = problem
        self.fix = fix
        super().__init__(f"satr setting {setting!r}: {problem}. Fix: {fix}")


class StoreError(SatrError):
    """The session store failed or timed out; the request cannot rely on it."""


class SessionDataError(SatrError, TypeError):
    """A value or key given to a session cannot be stored.

    Subclasses ``TypeError`` so callers can treat it like any bad argument.
    """

    def __init__(self, key: object, problem: str) -> None:
        self.key = key
        super().__init__(f"session key {key!r}: {problem}")


class UnknownEventError(SatrError, ValueError):
    """A listener was registered for an event name that does not exist.

    Subclasses ``ValueError`` so callers that caught it before still do.
    """

    def __init__(self, name: object, known: frozenset[str]) -> None:
        self.name = name
        self.known = known
        super().__init__(f"unknown event {name!r}; use one of {sorted(known)}")


class UserIdError(SatrError, TypeError):
    """A session was authorized with a user id that is not a str or an int.

    Subclasses ``TypeError`` so callers that caught it before still do.
    """

    def __init__(self, user_id: object) -> None:
        self.user_id_type = type(user_id)
        super().__init__(
            f"user_id must be str or int, not {type(user_id).__name__}; "
            "pass the user's id, not the user object"
        )
