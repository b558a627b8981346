"""Behaviour 6: concurrent requests of one session keep each other's changes."""

from __future__ import annotations

import asyncio

import pytest

from tests.http.conftest import SiteFactory
from tests.http.helpers import login


@pytest.mark.gen_test
async def test_concurrent_requests_changing_different_keys_both_persist(
    site: SiteFactory,
) -> None:
    made = site()
    cookie = await login(made)

    # The slower request loaded the session before the faster one saved.
    slow, fast = await asyncio.gather(
        made.client.fetch("/data?k=a&v=1&delay=0.3", "POST", cookie=cookie),
        made.client.fetch("/data?k=b&v=2&delay=0.1", "POST", cookie=cookie),
    )

    assert (slow.code, fast.code) == (200, 200)
    documents = await made.documents()
    assert [doc["data"] for doc in documents] == [{"a": "1", "b": "2"}]
    read_a = await made.client.fetch("/data?k=a", cookie=cookie)
    read_b = await made.client.fetch("/data?k=b", cookie=cookie)
    assert (read_a.body, read_b.body) == (b'{"value": "1"}', b'{"value": "2"}')


@pytest.mark.gen_test
async def test_concurrent_save_writes_only_changed_keys(site: SiteFactory) -> None:
    made = site()
    cookie = await login(made)
    await made.client.fetch("/data?k=a&v=old", "POST", cookie=cookie)

    await asyncio.gather(
        made.client.fetch("/data?k=a&v=new&delay=0.1", "POST", cookie=cookie),
        made.client.fetch("/data?k=b&v=2&delay=0.3", "POST", cookie=cookie),
    )

    documents = await made.documents()
    assert [doc["data"] for doc in documents] == [{"a": "new", "b": "2"}]
