"""After a store failure, store calls fail at once for ``store_retry_after``.

An outage then costs one ``store_timeout`` now and then, not one per request.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.http.conftest import Site, SiteFactory
from tests.http.helpers import ReadsDownStore, login, reads_down_site

#: A short window, so the test can wait it out.
RETRY_AFTER = 0.3


async def _after_one_failed_read(
    site: SiteFactory, caplog: pytest.LogCaptureFixture, retry_after: float
) -> tuple[Site, ReadsDownStore, str]:
    """A logged-in user whose one request met a failed read; reads work again."""
    made, store = reads_down_site(site, store_retry_after=retry_after)
    cookie = await login(made)
    store.reads_down = True
    with caplog.at_level(logging.CRITICAL):
        await made.client.fetch("/private", cookie=cookie)
    store.reads_down = False
    return made, store, cookie


@pytest.mark.gen_test
async def test_request_inside_the_window_does_not_reach_the_store(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made, store, cookie = await _after_one_failed_read(site, caplog, 60)
    reads_before = store.reads

    with caplog.at_level(logging.CRITICAL):
        response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 503
    assert store.reads == reads_before


@pytest.mark.gen_test
async def test_public_page_answers_200_inside_the_window(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made, _, cookie = await _after_one_failed_read(site, caplog, 60)

    with caplog.at_level(logging.CRITICAL):
        response = await made.client.fetch("/public", cookie=cookie)

    assert response.code == 200
    assert response.body == b'{"user": null, "has_session": false}'


@pytest.mark.gen_test
async def test_store_is_tried_again_after_the_window(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made, _, cookie = await _after_one_failed_read(site, caplog, RETRY_AFTER)

    await asyncio.sleep(RETRY_AFTER * 2)
    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200


@pytest.mark.gen_test
async def test_zero_turns_the_window_off(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made, _, cookie = await _after_one_failed_read(site, caplog, 0)

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200
