"""The Session mapping: dirty tracking and the id's life cycle."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from satr_tornado.records import SessionRecord
from satr_tornado.session import Session
from tests.conftest import CLOCK_START


def counter_ids() -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"id-{next(numbers)}"


def make_session(
    *, is_new: bool = False, data: dict[str, Any] | None = None
) -> Session:
    record = SessionRecord(
        user_id=None,
        authorized=False,
        data={} if data is None else data,
        created_at=CLOCK_START,
        last_seen=CLOCK_START,
        ends_at=CLOCK_START + 3600,
        expires_at=CLOCK_START + 3600,
    )
    return Session(
        "id-0",
        record,
        is_new=is_new,
        transport="cookie",
        id_factory=counter_ids(),
        store_key=None if is_new else "key-0",
    )


def test_loaded_session_is_not_dirty() -> None:
    assert make_session(data={"a": 1}).dirty is False


def test_new_session_is_dirty() -> None:
    assert make_session(is_new=True).dirty is True


def test_reading_keys_does_not_make_it_dirty() -> None:
    session = make_session(data={"a": 1})

    _ = session["a"], session.get("b"), "a" in session, list(session), len(session)

    assert session.dirty is False


def test_setting_a_key_makes_it_dirty() -> None:
    session = make_session()

    session["a"] = 1

    assert session.dirty is True
    assert session.changes().data_set == {"a": 1}


def test_only_changed_keys_are_in_the_changes() -> None:
    session = make_session(data={"a": 1, "b": 2})

    session["b"] = 3
    changes = session.changes()

    assert changes.data_set == {"b": 3}
    assert changes.data_unset == set()
    assert changes.fields == {}


def test_deleting_a_key_records_an_unset() -> None:
    session = make_session(data={"a": 1})

    del session["a"]

    assert "a" not in session
    assert session.changes().data_unset == {"a"}


def test_set_then_delete_leaves_only_the_unset() -> None:
    session = make_session()

    session["a"] = 1
    del session["a"]

    assert session.changes().data_set == {}
    assert session.changes().data_unset == {"a"}


def test_delete_then_set_leaves_only_the_set() -> None:
    session = make_session(data={"a": 1})

    del session["a"]
    session["a"] = 2

    assert session.changes().data_set == {"a": 2}
    assert session.changes().data_unset == set()


def test_del_of_a_missing_key_raises_key_error() -> None:
    session = make_session()

    with pytest.raises(KeyError):
        del session["missing"]


def test_delete_method_of_a_missing_key_is_harmless() -> None:
    session = make_session()

    session.delete("missing")

    assert session.dirty is False


def test_add_and_get_work_like_the_mapping() -> None:
    session = make_session()

    session.add("a", [1])

    assert session.get("a") == [1]
    assert session.get("b", "default") == "default"
    assert dict(session) == {"a": [1]}


def test_unstorable_value_is_refused_and_not_kept() -> None:
    session = make_session(data={"a": 1})

    with pytest.raises(TypeError, match="'a'"):
        session["a"] = {1, 2}

    assert session["a"] == 1
    assert session.dirty is False


def test_bad_key_is_refused() -> None:
    session = make_session()

    with pytest.raises(TypeError):
        session["$where"] = "1"

    assert "$where" not in session


def test_changes_do_not_reach_the_loaded_record_data() -> None:
    data = {"a": 1}
    session = make_session(data=data)

    session["b"] = 2

    assert data == {"a": 1}


def test_authorize_sets_the_user() -> None:
    session = make_session()

    session.authorize("u1")

    assert session.authorized is True
    assert session.user_id == "u1"
    assert session.changes().fields == {"user_id": "u1", "authorized": True}


def test_authorize_rotates_the_id_and_retires_the_old_one() -> None:
    session = make_session()

    session.authorize(42)

    assert session.id == "id-1"
    assert session.rotated is True
    assert session.retired_ids == ["id-0"]


def test_authorize_keeps_the_data() -> None:
    session = make_session(data={"cart": [1, 2]})

    session.authorize("u1")

    assert dict(session) == {"cart": [1, 2]}


def test_authorize_of_a_new_session_retires_nothing() -> None:
    session = make_session(is_new=True)

    session.authorize("u1")

    assert session.id == "id-1"
    assert session.retired_ids == []


@pytest.mark.parametrize("user_id", [True, None, 1.5, ["u"]])
def test_authorize_refuses_a_user_id_that_is_not_str_or_int(user_id: Any) -> None:
    session = make_session()

    with pytest.raises(TypeError):
        session.authorize(user_id)

    assert session.authorized is False


def test_user_id_is_none_until_authorized() -> None:
    assert make_session().user_id is None


def test_regenerate_gives_a_new_id_and_keeps_data() -> None:
    session = make_session(data={"a": 1})

    session.regenerate()

    assert session.id == "id-1"
    assert session.retired_ids == ["id-0"]
    assert dict(session) == {"a": 1}
    assert session.dirty is True


def test_regenerate_twice_retires_both_ids() -> None:
    session = make_session()

    session.regenerate()
    session.regenerate()

    assert session.id == "id-2"
    assert session.retired_ids == ["id-0", "id-1"]


def test_end_marks_the_session_ended_and_dirty() -> None:
    session = make_session()

    session.end()

    assert session.ended is True
    assert session.dirty is True


def test_drop_marks_the_session_dropped() -> None:
    session = make_session(is_new=True)

    session.drop()

    assert session.dropped is True


def test_mark_saved_forgets_the_changes() -> None:
    session = make_session(is_new=True)
    session["a"] = 1
    session.authorize("u1")

    session.mark_saved()

    assert session.dirty is False
    assert session.is_new is False
    assert session.retired_ids == []
    assert not session.changes()


def test_times_come_from_the_record() -> None:
    session = make_session()

    assert session.created_at == CLOCK_START
    assert session.expires_at == CLOCK_START + 3600
    assert session.renewals == 0


def test_repr_shows_neither_the_id_nor_the_values() -> None:
    session = make_session(data={"card": "4111-1111"})

    text = repr(session)

    assert "id-0" not in text
    assert "4111" not in text
