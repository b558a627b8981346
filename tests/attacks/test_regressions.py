"""Faults the attack suite found in the library, kept as exact replays.

The black-box tests find races by repetition; these replay the losing order
step by step through the manager, on each store.
"""

from __future__ import annotations

from typing import Any

from tornado.ioloop import IOLoop

from satr_tornado import SatrManager, SatrSettings
from satr_tornado.ids import store_key
from satr_tornado.stores.memory import MemoryStore
from satr_tornado.stores.mongo import MongoStore
from tests.conftest import FakeClock


def _manager(store: Any, clock: FakeClock) -> SatrManager:
    settings = SatrSettings(
        secret="r" * 40,
        store=store,
        life=100,
        renewal_duration=50,
        renewal_grace=10,
        clock=clock,
    )
    return SatrManager(settings)


async def _logout_after_a_renewal_it_did_not_see(manager: SatrManager) -> bool:
    """A logout loaded before a renewal won, saved after: is the new id left?"""
    clock = manager.settings.clock
    assert isinstance(clock, FakeClock)
    session = manager.new_session()
    session.authorize("alice")
    assert await manager.commit(session) == "issued"
    token = manager.sign(session.id)
    clock.advance(60)

    viewing = (await manager.load(token, "cookie")).session
    leaving = (await manager.load(token, "cookie")).session
    assert viewing is not None and leaving is not None and viewing.renew_pending
    assert await manager.commit(viewing) == "issued"
    leaving.end()
    assert await manager.commit(leaving) == "ended"

    renewed = await manager.store.get(store_key(viewing.id), clock())
    return renewed is not None


async def _login_after_a_renewal_it_did_not_see(manager: SatrManager) -> bool:
    """A re-login loaded before a renewal won, saved after: is the new id left?"""
    clock = manager.settings.clock
    assert isinstance(clock, FakeClock)
    session = manager.new_session()
    session.authorize("alice")
    await manager.commit(session)
    token = manager.sign(session.id)
    clock.advance(60)

    viewing = (await manager.load(token, "cookie")).session
    again = (await manager.load(token, "cookie")).session
    assert viewing is not None and again is not None
    assert await manager.commit(viewing) == "issued"
    again.authorize("alice")
    assert await manager.commit(again) == "issued"

    renewed = await manager.store.get(store_key(viewing.id), clock())
    return renewed is not None


def test_login_destroys_the_id_a_racing_renewal_made(clock: FakeClock) -> None:
    manager = _manager(MemoryStore(), clock)

    left = IOLoop.current().run_sync(
        lambda: _login_after_a_renewal_it_did_not_see(manager)
    )

    assert left is False


def test_logout_destroys_the_id_a_racing_renewal_made_in_memory(
    clock: FakeClock,
) -> None:
    manager = _manager(MemoryStore(), clock)

    left = IOLoop.current().run_sync(
        lambda: _logout_after_a_renewal_it_did_not_see(manager)
    )

    assert left is False


def test_logout_destroys_the_id_a_racing_renewal_made_in_mongo(
    clock: FakeClock, pymongo_collection: Any, io_loop: IOLoop
) -> None:
    manager = _manager(MongoStore(pymongo_collection), clock)

    left = io_loop.run_sync(lambda: _logout_after_a_renewal_it_did_not_see(manager))

    assert left is False


def test_logout_destroys_a_chain_of_racing_renewals_in_memory(
    clock: FakeClock,
) -> None:
    renewals = 2
    # Renewal due 1 s after each renewal, grace 10 s: both fit in one grace.
    manager = SatrManager(
        SatrSettings(
            secret="r" * 40,
            store=MemoryStore(),
            life=100,
            renewal_duration=99,
            renewal_grace=10,
            clock=clock,
        )
    )

    async def replay() -> list[bool]:
        session = manager.new_session()
        session.authorize("alice")
        await manager.commit(session)
        token = manager.sign(session.id)
        clock.advance(2)
        leaving = (await manager.load(token, "cookie")).session
        assert leaving is not None
        ids = []
        current = token
        for _ in range(renewals):
            viewing = (await manager.load(current, "cookie")).session
            assert viewing is not None and viewing.renew_pending
            assert await manager.commit(viewing) == "issued"
            ids.append(viewing.id)
            current = manager.sign(viewing.id)
            clock.advance(2)
        leaving.end()
        await manager.commit(leaving)
        return [await manager.store.get(store_key(i), clock()) is not None for i in ids]

    left = IOLoop.current().run_sync(replay)

    assert left == [False] * renewals


def test_active_session_outlives_an_idle_timeout_shorter_than_touch_interval(
    clock: FakeClock,
) -> None:
    # idle_timeout 30 s with the default touch_interval of 60 s: last_seen
    # was never written, so a user active every 10 s was out after 30 s.
    manager = SatrManager(
        SatrSettings(secret="i" * 40, store=MemoryStore(), idle_timeout=30, clock=clock)
    )

    async def active_for(seconds: float) -> bool:
        session = manager.new_session()
        session.authorize("alice")
        await manager.commit(session)
        token = manager.sign(session.id)
        for _ in range(int(seconds // 10)):
            clock.advance(10)
            loaded = (await manager.load(token, "cookie")).session
            if loaded is None:
                return False
            await manager.commit(loaded)
        return True

    assert IOLoop.current().run_sync(lambda: active_for(200)) is True
