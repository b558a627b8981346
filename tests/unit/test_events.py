"""Session events: per-manager listeners, sync or async, failures logged."""

from __future__ import annotations

import logging

import pytest

from satr_tornado.events import EventEmitter, SessionEvent
from satr_tornado.ids import new_session_id, short_hash
from satr_tornado.manager import SatrManager
from satr_tornado.settings import SatrSettings


def manager() -> SatrManager:
    return SatrManager(SatrSettings(secret="k" * 40, env="test"))


def event(name: str = "create") -> SessionEvent:
    return SessionEvent(name=name, id_hash="0123456789ab")  # type: ignore[arg-type]


@pytest.mark.gen_test
async def test_sync_listener_gets_the_event() -> None:
    emitter = EventEmitter()
    seen: list[SessionEvent] = []
    emitter.on("create", seen.append)
    fired = event()

    await emitter.emit(fired)

    assert seen == [fired]


@pytest.mark.gen_test
async def test_async_listener_is_awaited() -> None:
    emitter = EventEmitter()
    seen: list[str] = []

    async def listener(fired: SessionEvent) -> None:
        seen.append(fired.name)

    emitter.on("save", listener)

    await emitter.emit(event("save"))

    assert seen == ["save"]


@pytest.mark.gen_test
async def test_listeners_run_in_registration_order() -> None:
    emitter = EventEmitter()
    order: list[int] = []
    emitter.on("renew", lambda _: order.append(1))
    emitter.on("renew", lambda _: order.append(2))

    await emitter.emit(event("renew"))

    assert order == [1, 2]


@pytest.mark.gen_test
async def test_listener_hears_only_its_event() -> None:
    emitter = EventEmitter()
    seen: list[str] = []
    emitter.on("destroy", lambda fired: seen.append(fired.name))

    await emitter.emit(event("create"))

    assert seen == []


@pytest.mark.gen_test
async def test_raising_listener_is_logged_and_does_not_propagate(
    caplog: pytest.LogCaptureFixture,
) -> None:
    emitter = EventEmitter()
    after: list[str] = []

    def broken(_: SessionEvent) -> None:
        raise RuntimeError("listener bug")

    emitter.on("invalid", broken)
    emitter.on("invalid", lambda fired: after.append(fired.name))

    with caplog.at_level(logging.ERROR, logger="satr_tornado.events"):
        await emitter.emit(event("invalid"))

    assert after == ["invalid"]
    [entry] = caplog.records
    assert entry.levelno == logging.ERROR
    assert entry.exc_info is not None
    assert "0123456789ab" in entry.getMessage()


@pytest.mark.gen_test
async def test_raising_async_listener_is_logged_and_does_not_propagate(
    caplog: pytest.LogCaptureFixture,
) -> None:
    emitter = EventEmitter()

    async def broken(_: SessionEvent) -> None:
        raise RuntimeError("async listener bug")

    emitter.on("save", broken)

    with caplog.at_level(logging.ERROR, logger="satr_tornado.events"):
        await emitter.emit(event("save"))

    assert [r.exc_info[0] for r in caplog.records if r.exc_info] == [RuntimeError]


def test_unknown_event_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown event"):
        EventEmitter().on("created", print)  # type: ignore[arg-type]


@pytest.mark.gen_test
async def test_off_stops_a_listener() -> None:
    emitter = EventEmitter()
    seen: list[str] = []

    def listener(fired: SessionEvent) -> None:
        seen.append(fired.name)

    emitter.on("create", listener)
    emitter.off("create", listener)

    await emitter.emit(event())

    assert seen == []


@pytest.mark.gen_test
async def test_listeners_belong_to_one_manager() -> None:
    first, second = manager(), manager()
    seen: list[str] = []
    first.on("create", lambda fired: seen.append("first"))

    await second.emit("create", new_session_id())
    await first.emit("create", new_session_id())

    assert seen == ["first"]


@pytest.mark.gen_test
async def test_manager_event_carries_a_short_hash_not_the_id() -> None:
    events = manager()
    seen: list[SessionEvent] = []
    events.on("invalid", seen.append)
    session_id = new_session_id()

    await events.emit("invalid", session_id, reason="bad signature")

    [fired] = seen
    assert fired.id_hash == short_hash(session_id)
    assert session_id not in repr(fired)
    assert fired.reason == "bad signature"
