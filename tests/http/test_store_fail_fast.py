"""After a store failure, store calls fail at once for ``store_retry_after``.

An outage then costs one ``store_timeout`` now and then, not one per request.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.http.conftest import SiteFactory
from tests.http.helpers import login, reads_down_site

#: A short window, so the test can wait it out.
RETRY_AFTER = 0.3


@pytest.mark.gen_test
async def test_request_inside_the_window_does_not_reach_the_store(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made, store = reads_down_site(site, store_retry_after=60)
    cookie = await login(made)
    store.reads_down = True
    with caplog.at_level(logging.CRITICAL):
        await made.client.fetch("/private", cookie=cookie)
    reads_before = store.reads
    store.reads_down = False

    with caplog.at_level(logging.CRITICAL):
        response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 503
    assert store.reads == reads_before


@pytest.mark.gen_test
async def test_public_page_answers_200_inside_the_window(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made, store = reads_down_site(site, store_retry_after=60)
    cookie = await login(made)
    store.reads_down = True
    with caplog.at_level(logging.CRITICAL):
        await made.client.fetch("/private", cookie=cookie)

    with caplog.at_level(logging.CRITICAL):
        response = await made.client.fetch("/public", cookie=cookie)

    assert response.code == 200
    assert response.body == b'{"user": null, "has_session": false}'


@pytest.mark.gen_test
async def test_store_is_tried_again_after_the_window(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made, store = reads_down_site(site, store_retry_after=RETRY_AFTER)
    cookie = await login(made)
    store.reads_down = True
    with caplog.at_level(logging.CRITICAL):
        await made.client.fetch("/private", cookie=cookie)
    store.reads_down = False

    await asyncio.sleep(RETRY_AFTER * 2)
    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200


@pytest.mark.gen_test
async def test_zero_turns_the_window_off(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made, store = reads_down_site(site, store_retry_after=0)
    cookie = await login(made)
    store.reads_down = True
    with caplog.at_level(logging.CRITICAL):
        await made.client.fetch("/private", cookie=cookie)
    store.reads_down = False

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200
