"""Started as the README does, on its embedded store: a restart keeps sessions."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from tests.attacks.harness import Demo, browser_login, private_works, start_demo
from tests.demo.processes import process_alive

#: What the README's command leaves unset, so the demo runs its own store.
README_ENV = {"MONGO_URL": "", "SATR_SECRETS": ""}


def _start(state: Path) -> Demo:
    return start_demo("", state, env=README_ENV)


def _account(demo: Demo) -> tuple[str, str]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = re.search(r"created account '(\S+)' with password '(\S+)'", demo.log())
        if found:
            return found.group(1), found.group(2)
        time.sleep(0.1)
    raise AssertionError(demo.log())


def _store_pid(state: Path) -> int:
    return int(json.loads((state / "mongo.json").read_text())["pid"])


def test_session_survives_a_restart_on_the_embedded_store(tmp_path: Path) -> None:
    first = _start(tmp_path)
    try:
        name, password = _account(first)
        login = browser_login(first.http, name, password)
        assert login.token is not None and private_works(first.http, login.token)
    finally:
        first.stop()

    second = _start(tmp_path)
    try:
        assert private_works(second.http, login.token)
        assert "created account" not in second.log()
    finally:
        second.stop()


def test_stopping_the_demo_stops_its_store(tmp_path: Path) -> None:
    demo = _start(tmp_path)
    pid = _store_pid(tmp_path)
    assert process_alive(pid)

    demo.stop()

    assert demo.process.returncode == 0
    assert not process_alive(pid)
    assert not (tmp_path / "mongo.json").exists()


def test_embedded_store_data_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    state = tmp_path / "state"
    demo = _start(state)
    try:
        _account(demo)
    finally:
        demo.stop()

    assert state.stat().st_mode & 0o777 == 0o700
    assert (state / "mongo").stat().st_mode & 0o777 == 0o700
