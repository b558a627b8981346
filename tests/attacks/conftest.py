"""The demo site as a black box: one process per configuration, users made once."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.attacks.harness import (
    OTHER_PASSWORD,
    OTHER_USERNAME,
    PASSWORD,
    USERNAME,
    Demo,
    Http,
    StoreProbe,
    add_user,
    start_demo,
)

Launch = Callable[..., Demo]


@dataclass
class Site:
    """The running demo, a client for it, and a look at its store."""

    demo: Demo
    http: Http
    store: StoreProbe
    mongo_url: str


@pytest.fixture(scope="session")
def demo_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-state")


@pytest.fixture(scope="session")
def demo_users(mongo_url: str, demo_state: Path) -> None:
    add_user(mongo_url, demo_state, USERNAME, PASSWORD)
    add_user(mongo_url, demo_state, OTHER_USERNAME, OTHER_PASSWORD)


@pytest.fixture(scope="session")
def store(mongo_url: str) -> Iterator[StoreProbe]:
    probe = StoreProbe(mongo_url)
    yield probe
    probe.close()


@pytest.fixture(scope="session")
def launch(mongo_url: str, demo_state: Path, demo_users: None) -> Iterator[Launch]:
    """Start demos with other settings; every one is stopped at the end."""
    started: list[Demo] = []

    def start(env: Mapping[str, str] | None = None, *, xheaders: bool = False) -> Demo:
        demo = start_demo(mongo_url, demo_state, env=env, xheaders=xheaders)
        started.append(demo)
        return demo

    yield start
    for demo in started:
        demo.stop()


@pytest.fixture(scope="session")
def site(launch: Launch, store: StoreProbe, mongo_url: str) -> Site:
    """The demo with its default timing (an hour of life, no idle timeout)."""
    demo = launch()
    return Site(demo, demo.http, store, mongo_url)


@pytest.fixture(autouse=True)
def _site_survives(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every attack must leave the demo process running."""
    yield
    if "site" in request.fixturenames:
        site: Site = request.getfixturevalue("site")
        assert site.demo.alive, f"the demo died:\n{site.demo.log()[-4000:]}"
