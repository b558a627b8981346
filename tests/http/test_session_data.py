"""Behaviour 8 over HTTP: unstorable data fails loudly; client keys stay data."""

from __future__ import annotations

import logging

import pytest

from tests.http.conftest import SiteFactory
from tests.http.harness import set_cookies
from tests.http.helpers import login


@pytest.mark.gen_test
async def test_unstorable_value_gives_error_naming_key_not_silent_loss(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made = site()
    cookie = await login(made)

    with caplog.at_level(logging.ERROR, logger="tornado"):
        response = await made.client.fetch("/unstorable", "POST", cookie=cookie)

    assert response.code == 500
    errors = [r for r in caplog.records if r.exc_info is not None]
    assert len(errors) == 1
    exc = errors[0].exc_info[1]  # type: ignore[index]
    assert isinstance(exc, TypeError)
    assert "'handler'" in str(exc)
    assert "object cannot be stored" in str(exc)


@pytest.mark.parametrize("key", ["$where", "$gt", "a.b", "data.uid"])
@pytest.mark.gen_test
async def test_operator_or_dotted_key_from_client_is_refused_with_clear_error(
    site: SiteFactory, key: str
) -> None:
    made = site()

    response = await made.client.fetch(
        "/strict-data", "POST", form={"k": key, "v": "1"}
    )

    assert response.code == 400
    assert repr(key) in response.body.decode()
    assert "'.'" in response.body.decode()
    assert set_cookies(response) == []
    assert await made.documents() == []


@pytest.mark.parametrize("key", ["$where", "$ne", "a.b"])
@pytest.mark.gen_test
async def test_client_key_never_becomes_query_operator(
    site: SiteFactory, key: str
) -> None:
    made = site()
    alice = await login(made, "alice")
    await made.client.fetch("/data?k=secret&v=alice-only", "POST", cookie=alice)
    bob = await login(made, "bob")
    made.counter.reset()

    response = await made.client.fetch(
        "/strict-data", "POST", form={"k": key, "v": "1"}, cookie=bob
    )

    assert response.code == 400
    assert made.counter.writes == []
    documents = {doc["uid"]: doc["data"] for doc in await made.documents()}
    assert documents == {"alice": {"secret": "alice-only"}, "bob": {}}


@pytest.mark.parametrize(
    "presented", ['{"$ne": null}', "$where", '{"$gt": ""}', "a.b", "[$ne]=1"]
)
@pytest.mark.gen_test
async def test_operator_shaped_session_id_is_invalid(
    site: SiteFactory, presented: str
) -> None:
    made = site()
    await login(made)
    made.counter.reset()

    response = await made.client.fetch(
        "/private", headers={"X-Session-Id": presented, "Accept": "application/json"}
    )

    assert response.code == 401
    assert made.counter.commands == []
    assert len(made.events_named("invalid")) == 1
