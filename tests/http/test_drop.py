"""Behaviour 7: a handler can drop a temporary session."""

from __future__ import annotations

import pytest

from tests.http.conftest import SiteFactory
from tests.http.harness import set_cookies


@pytest.mark.gen_test
async def test_dropped_temporary_session_stores_nothing_and_sets_no_cookie(
    site: SiteFactory,
) -> None:
    made = site()

    response = await made.client.fetch("/drop", "POST")

    assert response.code == 200
    assert set_cookies(response) == []
    assert made.counter.commands == []
    assert await made.documents() == []
    assert made.events_named("create") == []
    assert made.events_named("save") == []
