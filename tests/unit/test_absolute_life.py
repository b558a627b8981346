"""Renewal within ``absolute_life``: an active session still has to log in again."""

from __future__ import annotations

import pytest
from tornado.ioloop import IOLoop

from satr_tornado import ConfigurationError, SatrManager, SatrSettings
from satr_tornado.stores.memory import MemoryStore
from tests.conftest import FakeClock


def _manager(clock: FakeClock, absolute_life: float | None) -> SatrManager:
    return SatrManager(
        SatrSettings(
            secret="g" * 40,
            store=MemoryStore(),
            life=100,
            absolute_life=absolute_life,
            renewal_duration=50,
            renewal_grace=10,
            clock=clock,
        )
    )


def _last_alive_after(manager: SatrManager, clock: FakeClock, span: float) -> float:
    """Use one session every 30 s for ``span`` s; return its age when it died."""
    started = clock()

    async def use() -> float:
        session = manager.new_session()
        session.authorize("alice")
        await manager.commit(session)
        token = manager.sign(session.id)
        while clock() - started < span:
            clock.advance(30)
            loaded = (await manager.load(token, "cookie")).session
            if loaded is None:
                return clock() - started
            await manager.commit(loaded)
            token = manager.sign(loaded.id)
        return clock() - started

    elapsed: float = IOLoop.current().run_sync(use)
    return elapsed


def test_renewal_never_carries_a_session_past_absolute_life(clock: FakeClock) -> None:
    manager = _manager(clock, absolute_life=300)

    died_at = _last_alive_after(manager, clock, span=1000)

    assert 300 <= died_at <= 330


def test_renewal_goes_on_when_absolute_life_is_none(clock: FakeClock) -> None:
    manager = _manager(clock, absolute_life=None)

    lived = _last_alive_after(manager, clock, span=1000)

    assert lived >= 1000


def test_no_renewal_is_offered_once_it_cannot_extend(clock: FakeClock) -> None:
    manager = _manager(clock, absolute_life=100)

    async def renewed() -> bool:
        session = manager.new_session()
        session.authorize("alice")
        await manager.commit(session)
        clock.advance(60)
        loaded = (await manager.load(manager.sign(session.id), "cookie")).session
        assert loaded is not None
        return loaded.renew_pending

    assert IOLoop.current().run_sync(renewed) is False


def test_absolute_life_shorter_than_life_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="absolute_life"):
        SatrSettings(secret="g" * 40, store=MemoryStore(), life=100, absolute_life=99)


def test_absolute_life_defaults_to_twelve_hours() -> None:
    assert SatrSettings(secret="g" * 40, store=MemoryStore()).absolute_life == 43200
