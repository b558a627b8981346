"""The package's exceptions: one hierarchy, each also its builtin kind."""

from __future__ import annotations

from typing import Any

import pytest

import satr_tornado
from satr_tornado.errors import SatrError, UnknownEventError, UserIdError
from satr_tornado.events import EVENT_NAMES, EventEmitter
from tests.unit.test_session import make_session


def test_unknown_event_name_raises_unknown_event_error() -> None:
    emitter = EventEmitter()

    with pytest.raises(UnknownEventError) as caught:
        emitter.on("created", print)  # type: ignore[arg-type]

    assert caught.value.name == "created"
    assert caught.value.known == EVENT_NAMES
    assert "'created'" in str(caught.value)
    assert "'create'" in str(caught.value)


def test_unknown_event_error_is_a_satr_error_and_a_value_error() -> None:
    with pytest.raises(UnknownEventError) as caught:
        EventEmitter().on("nope", print)  # type: ignore[arg-type]

    assert isinstance(caught.value, SatrError)
    assert isinstance(caught.value, ValueError)


def test_unknown_event_leaves_no_listener_registered() -> None:
    emitter = EventEmitter()

    with pytest.raises(UnknownEventError):
        emitter.on("created", print)  # type: ignore[arg-type]

    assert not any(emitter.has_listeners(name) for name in EVENT_NAMES)  # type: ignore[arg-type]


@pytest.mark.parametrize("user_id", [True, None, 1.5, ["u"], object()])
def test_bad_user_id_raises_user_id_error(user_id: Any) -> None:
    session = make_session()

    with pytest.raises(UserIdError) as caught:
        session.authorize(user_id)

    assert caught.value.user_id_type is type(user_id)
    assert type(user_id).__name__ in str(caught.value)


def test_user_id_error_is_a_satr_error_and_a_type_error() -> None:
    with pytest.raises(UserIdError) as caught:
        make_session().authorize(1.5)  # type: ignore[arg-type]

    assert isinstance(caught.value, SatrError)
    assert isinstance(caught.value, TypeError)


@pytest.mark.parametrize(
    "name",
    [
        "SatrError",
        "ConfigurationError",
        "StoreError",
        "SessionDataError",
        "UnknownEventError",
        "UserIdError",
    ],
)
def test_every_error_is_exported_from_the_package(name: str) -> None:
    exported = getattr(satr_tornado, name)

    assert name in satr_tornado.__all__
    assert issubclass(exported, SatrError)
