"""A request that fails keeps what the user had: no half-done save, no lost session."""

from __future__ import annotations

import logging

import pytest

from satr_tornado.ids import store_key
from tests.http.conftest import SiteFactory
from tests.http.harness import set_cookies
from tests.http.helpers import login, raw_id, reads_down_site


@pytest.mark.gen_test
async def test_handler_that_raises_leaves_its_session_changes_unsaved(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made = site()
    cookie = await login(made)

    with caplog.at_level(logging.CRITICAL, logger="tornado"):
        response = await made.client.fetch("/fail-after?do=set", "POST", cookie=cookie)

    assert response.code == 500
    [document] = await made.documents()
    assert "half" not in document.get("data", {})


@pytest.mark.gen_test
async def test_handler_that_raises_after_logout_still_ends_the_session(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made = site()
    cookie = await login(made)

    with caplog.at_level(logging.CRITICAL, logger="tornado"):
        response = await made.client.fetch(
            "/fail-after?do=logout", "POST", cookie=cookie
        )

    assert response.code == 500
    assert await made.documents() == []


@pytest.mark.gen_test
async def test_failed_read_refuses_a_new_session_with_503(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made, store = reads_down_site(site)
    cookie = await login(made)
    store.reads_down = True

    with caplog.at_level(logging.CRITICAL):
        response = await made.client.fetch("/data?k=a&v=1", "POST", cookie=cookie)

    assert response.code == 503
    assert [c for c in set_cookies(response) if c.name == "_si"] == []


@pytest.mark.gen_test
async def test_failed_read_leaves_the_presented_session_alive(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    # No fail-fast window: the next read reaches the store at once.
    made, store = reads_down_site(site, store_retry_after=0)
    cookie = await login(made)
    store.reads_down = True
    with caplog.at_level(logging.CRITICAL):
        await made.client.fetch("/data?k=a&v=1", "POST", cookie=cookie)
    store.reads_down = False

    response = await made.client.fetch("/private", cookie=cookie)

    assert response.code == 200
    [document] = await store.collection.find({}).to_list(None)
    assert document["_id"] == store_key(raw_id(made, cookie))


@pytest.mark.gen_test
async def test_failed_read_makes_no_auto_created_session(
    site: SiteFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made, store = reads_down_site(site, auto_create=True)
    cookie = await login(made)
    store.reads_down = True

    with caplog.at_level(logging.CRITICAL):
        response = await made.client.fetch(
            "/public", cookie=f"{cookie}; satr_consent=yes"
        )

    assert response.code == 200
    assert [c for c in set_cookies(response) if c.name == "_si"] == []
    assert len(await store.collection.find({}).to_list(None)) == 1
