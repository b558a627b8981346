"""Behaviour 5, first half: the store write finishes before the response leaves."""

from __future__ import annotations

import pytest

from tests.http.conftest import SiteFactory
from tests.http.harness import cookie_named, jar


@pytest.mark.gen_test
async def test_flushing_handler_gets_session_saved_at_first_flush(
    site: SiteFactory,
) -> None:
    made = site()

    response = await made.client.fetch("/flush-probe", "POST")

    assert response.code == 200
    assert response.body == b"first part;stored at flush: True"
    assert cookie_named(response, "_si").value


@pytest.mark.gen_test
async def test_flushing_handler_session_is_readable_by_next_request(
    site: SiteFactory,
) -> None:
    made = site()

    response = await made.client.fetch("/flush-early", "POST")
    follow = await made.client.fetch("/data?k=early", cookie=jar(response))

    assert response.body == b"first part;second part"
    assert follow.body == b'{"value": "yes"}'
    documents = await made.documents()
    assert [doc["data"] for doc in documents] == [{"early": "yes"}]
