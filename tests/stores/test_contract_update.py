"""Store contract: partial updates, touch and renewal marks."""

from __future__ import annotations

import pytest

from satr_tornado.records import SessionChanges
from satr_tornado.stores.base import SessionStore
from tests.stores.conftest import LIFE, T0, make_record, new_key


@pytest.mark.gen_test
async def test_update_changes_a_live_record(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record(data={"a": 1}))

    found = await store.update(key, SessionChanges(data_set={"a": 2}), T0 + 1)
    got = await store.get(key, T0 + 1)

    assert found is True
    assert got is not None
    assert got.data == {"a": 2}


@pytest.mark.gen_test
async def test_update_never_creates_a_record(store: SessionStore) -> None:
    key = new_key()

    found = await store.update(key, SessionChanges(data_set={"a": 1}), T0)

    assert found is False
    assert await store.get(key, T0) is None


@pytest.mark.gen_test
async def test_update_after_destroy_does_not_bring_the_session_back(
    store: SessionStore,
) -> None:
    key = new_key()
    await store.set(key, make_record(user_id="u1"))
    await store.destroy(key)

    found = await store.update(
        key,
        SessionChanges(fields={"last_seen": T0 + 5}, data_set={"late": True}),
        T0 + 5,
    )

    assert found is False
    assert await store.get(key, T0 + 5) is None


@pytest.mark.gen_test
async def test_update_does_not_revive_an_expired_record(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record(data={"a": 1}))

    found = await store.update(
        key,
        SessionChanges(
            fields={"ends_at": T0 + 2 * LIFE, "expires_at": T0 + 2 * LIFE},
            data_set={"a": 2},
        ),
        T0 + LIFE,
    )

    assert found is False
    assert await store.get(key, T0 + LIFE) is None


@pytest.mark.gen_test
async def test_updates_of_different_keys_both_persist(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record(data={"shared": 0}))

    await store.update(key, SessionChanges(data_set={"left": 1}), T0 + 1)
    await store.update(key, SessionChanges(data_set={"right": 2}), T0 + 2)
    got = await store.get(key, T0 + 3)

    assert got is not None
    assert got.data == {"shared": 0, "left": 1, "right": 2}


@pytest.mark.gen_test
async def test_update_of_fields_keeps_the_data(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record(data={"cart": [1]}))

    await store.update(
        key,
        SessionChanges(fields={"user_id": "u9", "authorized": True}),
        T0 + 1,
    )
    got = await store.get(key, T0 + 1)

    assert got is not None
    assert got.data == {"cart": [1]}
    assert got.user_id == "u9"
    assert got.authorized is True


@pytest.mark.gen_test
async def test_update_of_time_fields_persists_them(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record())

    await store.update(
        key,
        SessionChanges(
            fields={
                "last_seen": T0 + 10,
                "ends_at": T0 + 2 * LIFE,
                "expires_at": T0 + 2 * LIFE,
                "renewals": 1,
            }
        ),
        T0 + 10,
    )
    got = await store.get(key, T0 + LIFE + 1)

    assert got is not None
    assert got.last_seen == T0 + 10
    assert got.ends_at == T0 + 2 * LIFE
    assert got.expires_at == T0 + 2 * LIFE
    assert got.renewals == 1


@pytest.mark.gen_test
async def test_update_unset_removes_keys(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record(data={"keep": 1, "drop": 2, "also": 3}))

    await store.update(key, SessionChanges(data_unset={"drop", "also"}), T0 + 1)
    got = await store.get(key, T0 + 1)

    assert got is not None
    assert got.data == {"keep": 1}


@pytest.mark.gen_test
async def test_update_unset_of_a_missing_key_is_harmless(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record(data={"keep": 1}))

    found = await store.update(key, SessionChanges(data_unset={"never"}), T0 + 1)
    got = await store.get(key, T0 + 1)

    assert found is True
    assert got is not None
    assert got.data == {"keep": 1}


@pytest.mark.gen_test
async def test_update_with_no_changes_reports_a_live_record(
    store: SessionStore,
) -> None:
    key = new_key()
    await store.set(key, make_record(data={"a": 1}))

    found = await store.update(key, SessionChanges(), T0 + 1)

    assert found is True


@pytest.mark.gen_test
async def test_touch_moves_last_seen_and_expiry(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record(data={"a": 1}))

    found = await store.touch(key, T0 + 100, T0 + LIFE + 100)
    got = await store.get(key, T0 + LIFE + 50)

    assert found is True
    assert got is not None
    assert got.last_seen == T0 + 100
    assert got.expires_at == T0 + LIFE + 100
    assert got.data == {"a": 1}


@pytest.mark.gen_test
async def test_touch_of_a_missing_record_reports_false(store: SessionStore) -> None:
    key = new_key()

    found = await store.touch(key, T0, T0 + LIFE)

    assert found is False
    assert await store.get(key, T0) is None


@pytest.mark.gen_test
async def test_touch_does_not_revive_an_expired_record(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record())

    found = await store.touch(key, T0 + LIFE + 10, T0 + 2 * LIFE)

    assert found is False
    assert await store.get(key, T0 + LIFE + 10) is None


@pytest.mark.gen_test
async def test_mark_renewed_points_at_the_successor(store: SessionStore) -> None:
    key, successor = new_key(), new_key()
    await store.set(key, make_record())

    won = await store.mark_renewed(key, successor, T0 + 130, T0 + 100)
    got = await store.get(key, T0 + 100)

    assert won is True
    assert got is not None
    assert got.successor == successor
    assert got.expires_at == T0 + 130


@pytest.mark.gen_test
async def test_mark_renewed_wins_exactly_once(store: SessionStore) -> None:
    key, first, second = new_key(), new_key(), new_key()
    await store.set(key, make_record())

    won_first = await store.mark_renewed(key, first, T0 + 130, T0 + 100)
    won_second = await store.mark_renewed(key, second, T0 + 131, T0 + 101)
    got = await store.get(key, T0 + 101)

    assert (won_first, won_second) == (True, False)
    assert got is not None
    assert got.successor == first
    assert got.expires_at == T0 + 130


@pytest.mark.gen_test
async def test_mark_renewed_of_a_missing_record_loses(store: SessionStore) -> None:
    assert await store.mark_renewed(new_key(), new_key(), T0 + 30, T0) is False


@pytest.mark.gen_test
async def test_mark_renewed_of_an_expired_record_loses(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record())

    won = await store.mark_renewed(key, new_key(), T0 + LIFE + 30, T0 + LIFE)

    assert won is False


@pytest.mark.gen_test
async def test_renewed_record_dies_at_its_grace_end(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record())

    await store.mark_renewed(key, new_key(), T0 + 130, T0 + 100)

    assert await store.get(key, T0 + 129) is not None
    assert await store.get(key, T0 + 130) is None
