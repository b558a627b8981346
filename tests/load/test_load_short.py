"""A ten-second wrk run over the mixed load: no 5xx, no socket error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.load.run_load import Figures, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def figures(mongo_url: str, tmp_path_factory: pytest.TempPathFactory) -> Figures:
    work_dir: Path = tmp_path_factory.mktemp("load")
    result = run(mongo_url, work_dir, duration=10, connections=50)
    print(result)
    return result


def test_wrk_made_requests_of_every_kind(figures: Figures) -> None:
    assert figures.requests > 0
    assert figures.statuses.get(200, 0) > 0


def test_mixed_load_gives_no_5xx(figures: Figures) -> None:
    assert figures.server_errors == 0, figures.statuses


def test_mixed_load_gives_no_socket_error(figures: Figures) -> None:
    assert figures.total_socket_errors == 0, figures.socket_errors


def test_demo_survives_the_load(figures: Figures) -> None:
    assert figures.demo_alive
