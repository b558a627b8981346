"""Known gaps, shown as they are today.

Each test asserts the current behaviour and names the issue that will change
it, so closing the gap turns the test red and it is then rewritten.
"""

from __future__ import annotations

from tornado.ioloop import IOLoop

from satr_tornado import SatrManager, SatrSettings
from satr_tornado.stores.memory import MemoryStore
from tests.conftest import FakeClock


def test_renewal_extends_a_session_past_its_first_life(clock: FakeClock) -> None:
    # TODO(#4): no absolute session lifetime. Each renewal sets the end of
    # life to now + life, so a session used often enough never has to log in
    # again (ASVS 5.0 7.3.2, NIST SP 800-63B 7.2).
    manager = SatrManager(
        SatrSettings(
            secret="g" * 40,
            store=MemoryStore(),
            life=100,
            renewal_duration=50,
            renewal_grace=10,
            clock=clock,
        )
    )
    started = clock()

    async def use_for(seconds: float) -> bool:
        session = manager.new_session()
        session.authorize("alice")
        await manager.commit(session)
        token = manager.sign(session.id)
        while clock() - started < seconds:
            clock.advance(30)
            loaded = (await manager.load(token, "cookie")).session
            if loaded is None:
                return False
            await manager.commit(loaded)
            token = manager.sign(loaded.id)
        return True

    assert IOLoop.current().run_sync(lambda: use_for(10 * 100)) is True
