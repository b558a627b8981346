"""Ten seconds of wrk: every kind of request gets 200s, none a 5xx or socket error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.load.run_load import KINDS, Figures, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def figures(mongo_url: str, tmp_path_factory: pytest.TempPathFactory) -> Figures:
    work_dir: Path = tmp_path_factory.mktemp("load")
    result = run(mongo_url, work_dir, duration=10, connections=50)
    print(result)
    return result


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_request_gets_200s(figures: Figures, kind: str) -> None:
    assert figures.kinds.get(kind, {}).get(200, 0) > 0, figures.kinds


@pytest.mark.parametrize("kind", KINDS)
def test_no_kind_of_request_gets_a_5xx(figures: Figures, kind: str) -> None:
    statuses = figures.kinds.get(kind, {})

    assert [status for status in statuses if status >= 500] == [], figures.kinds


def test_every_answer_is_of_a_known_kind(figures: Figures) -> None:
    counted = sum(sum(statuses.values()) for statuses in figures.kinds.values())

    assert set(figures.kinds) <= set(KINDS), figures.kinds
    assert counted == figures.requests > 0


def test_private_pages_stay_logged_in_under_load(figures: Figures) -> None:
    assert set(figures.kinds.get("private", {})) == {200}, figures.kinds


def test_mixed_load_gives_no_5xx(figures: Figures) -> None:
    assert figures.requests > 0
    assert figures.server_errors == 0, figures.statuses


def test_mixed_load_gives_no_socket_error(figures: Figures) -> None:
    assert figures.total_socket_errors == 0, figures.socket_errors


def test_demo_survives_the_load(figures: Figures) -> None:
    assert figures.demo_alive
