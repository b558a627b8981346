"""Store contract: destroying sessions, listing a user's sessions, indexes."""

from __future__ import annotations

import pytest

from satr_tornado.stores.base import SessionStore
from tests.stores.conftest import LIFE, T0, make_record, new_key


@pytest.mark.gen_test
async def test_destroy_removes_the_record(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record())

    await store.destroy(key)

    assert await store.get(key, T0) is None


@pytest.mark.gen_test
async def test_destroy_of_a_missing_record_is_harmless(store: SessionStore) -> None:
    other = new_key()
    await store.set(other, make_record())

    await store.destroy(new_key())

    assert await store.get(other, T0) is not None


@pytest.mark.gen_test
async def test_destroy_leaves_other_records(store: SessionStore) -> None:
    doomed, kept = new_key(), new_key()
    await store.set(doomed, make_record(user_id="u1"))
    await store.set(kept, make_record(user_id="u1"))

    await store.destroy(doomed)

    assert await store.get(kept, T0) is not None


@pytest.mark.gen_test
async def test_destroy_user_sessions_removes_all_of_that_user(
    store: SessionStore,
) -> None:
    keys = [new_key() for _ in range(3)]
    for key in keys:
        await store.set(key, make_record(user_id="u1"))

    count = await store.destroy_user_sessions("u1")

    assert count == 3
    for key in keys:
        assert await store.get(key, T0) is None


@pytest.mark.gen_test
async def test_destroy_user_sessions_keeps_the_excepted_key(
    store: SessionStore,
) -> None:
    current, other = new_key(), new_key()
    await store.set(current, make_record(user_id="u1"))
    await store.set(other, make_record(user_id="u1"))

    count = await store.destroy_user_sessions("u1", except_key=current)

    assert count == 1
    assert await store.get(current, T0) is not None
    assert await store.get(other, T0) is None


@pytest.mark.gen_test
async def test_destroy_user_sessions_spares_other_users_and_anonymous(
    store: SessionStore,
) -> None:
    mine, theirs, anonymous = new_key(), new_key(), new_key()
    await store.set(mine, make_record(user_id="u1"))
    await store.set(theirs, make_record(user_id="u2"))
    await store.set(anonymous, make_record())

    await store.destroy_user_sessions("u1")

    assert await store.get(theirs, T0) is not None
    assert await store.get(anonymous, T0) is not None


@pytest.mark.gen_test
async def test_destroy_user_sessions_tells_int_from_str_ids(
    store: SessionStore,
) -> None:
    as_int, as_str = new_key(), new_key()
    await store.set(as_int, make_record(user_id=7))
    await store.set(as_str, make_record(user_id="7"))

    count = await store.destroy_user_sessions(7)

    assert count == 1
    assert await store.get(as_int, T0) is None
    assert await store.get(as_str, T0) is not None


@pytest.mark.gen_test
async def test_destroy_user_sessions_of_unknown_user_counts_zero(
    store: SessionStore,
) -> None:
    await store.set(new_key(), make_record(user_id="u1"))

    assert await store.destroy_user_sessions("nobody") == 0


@pytest.mark.gen_test
async def test_list_user_sessions_returns_keys_and_records(
    store: SessionStore,
) -> None:
    first, second = new_key(), new_key()
    await store.set(first, make_record(user_id="u1", data={"n": 1}))
    await store.set(second, make_record(user_id="u1", data={"n": 2}))
    await store.set(new_key(), make_record(user_id="u2"))

    listed = await store.list_user_sessions("u1", T0 + 1)

    assert {key: record.data["n"] for key, record in listed} == {
        first: 1,
        second: 2,
    }
    assert all(record.user_id == "u1" for _, record in listed)


@pytest.mark.gen_test
async def test_list_user_sessions_leaves_out_expired_ones(
    store: SessionStore,
) -> None:
    short, long = new_key(), new_key()
    await store.set(short, make_record(user_id="u1", life=60))
    await store.set(long, make_record(user_id="u1", life=LIFE))

    listed = await store.list_user_sessions("u1", T0 + 60)

    assert [key for key, _ in listed] == [long]


@pytest.mark.gen_test
async def test_list_user_sessions_of_unknown_user_is_empty(
    store: SessionStore,
) -> None:
    assert await store.list_user_sessions("nobody", T0) == []


@pytest.mark.gen_test
async def test_ensure_indexes_can_run_again(store: SessionStore) -> None:
    key = new_key()
    await store.set(key, make_record())

    await store.ensure_indexes()

    assert await store.get(key, T0) is not None


@pytest.mark.gen_test
async def test_count_user_sessions_counts_only_that_users_live_ones(
    store: SessionStore,
) -> None:
    await store.set(new_key(), make_record(user_id="u1", life=60))
    await store.set(new_key(), make_record(user_id="u1", life=LIFE))
    await store.set(new_key(), make_record(user_id="u1", life=LIFE))
    await store.set(new_key(), make_record(user_id="u2", life=LIFE))

    count = await store.count_user_sessions("u1", T0 + 60)

    assert count == 2


@pytest.mark.gen_test
async def test_count_user_sessions_of_unknown_user_is_zero(
    store: SessionStore,
) -> None:
    assert await store.count_user_sessions("nobody", T0) == 0
