"""The demo over real HTTP: one process on the test MongoDB server, users made once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.attacks.harness import (
    OTHER_PASSWORD,
    OTHER_USERNAME,
    PASSWORD,
    USERNAME,
    Demo,
    Http,
    add_user,
    start_demo,
)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, mongo_url: str) -> Path:
    state = tmp_path_factory.mktemp("demo-routes")
    add_user(mongo_url, state, USERNAME, PASSWORD)
    add_user(mongo_url, state, OTHER_USERNAME, OTHER_PASSWORD)
    return state


@pytest.fixture(scope="module")
def demo(mongo_url: str, demo_dir: Path) -> Iterator[Demo]:
    running = start_demo(mongo_url, demo_dir)
    yield running
    running.stop()


@pytest.fixture
def http(demo: Demo) -> Http:
    return demo.http


def hidden_next(page: str) -> str:
    """The ``next`` the login form carries."""
    form = page.split('action="/login"', 1)[-1]
    found = re.search(r'name="next" value="([^"]*)"', form)
    assert found is not None, page
    return found.group(1)
