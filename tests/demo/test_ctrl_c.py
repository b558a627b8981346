"""Ctrl-C in the terminal running the demo on its embedded store."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.attacks.harness import browser_login, private_works
from tests.demo.processes import README_ENV, launch, process_alive

#: Seconds a Ctrl-C may take: up to 5 s of draining, then the store stops.
STOP_BOUND = 15.0


@dataclass(frozen=True)
class Interrupted:
    """A demo logged into, then stopped by Ctrl-C."""

    state_dir: Path
    token: str
    store_pid: int
    returncode: int
    seconds: float
    log: str


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory: pytest.TempPathFactory) -> Interrupted:
    state = tmp_path_factory.mktemp("ctrl-c")
    demo = launch(state, env=README_ENV)
    try:
        found = re.search(r"created account '(\S+)' with password '(\S+)'", demo.log())
        assert found is not None, demo.log()
        login = browser_login(demo.http, found.group(1), found.group(2))
        assert login.token is not None
        store_pid = int(json.loads((state / "mongo.json").read_text())["pid"])

        # A terminal's Ctrl-C reaches the whole foreground process group.
        os.killpg(demo.process.pid, signal.SIGINT)
        started = time.monotonic()
        try:
            returncode = demo.process.wait(timeout=STOP_BOUND)
        except subprocess.TimeoutExpired:
            returncode = -1
        seconds = time.monotonic() - started
    finally:
        demo.stop()
    return Interrupted(state, login.token, store_pid, returncode, seconds, demo.log())


def test_ctrl_c_exits_with_status_0_in_time(interrupted: Interrupted) -> None:
    assert interrupted.returncode == 0, interrupted.log
    assert interrupted.seconds < STOP_BOUND
    assert "Traceback" not in interrupted.log


def test_ctrl_c_stops_the_embedded_store(interrupted: Interrupted) -> None:
    assert not process_alive(interrupted.store_pid)
    assert f"stopped nx-27017 (PID {interrupted.store_pid})" in interrupted.log
    assert not (interrupted.state_dir / "mongo.json").exists()


def test_login_made_before_ctrl_c_is_valid_after_a_restart(
    interrupted: Interrupted,
) -> None:
    again = launch(interrupted.state_dir, env=README_ENV)
    try:
        works = private_works(again.http, interrupted.token)
    finally:
        again.stop()

    assert works
