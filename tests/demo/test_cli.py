"""``python -m demo``'s options and ``adduser``, run as processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from demo.cli import is_loopback
from tests.attacks.harness import ROOT, Demo, Http, browser_login, demo_env
from tests.demo.processes import README_ENV, launch, read_until, run_command


@pytest.mark.parametrize(
    "arguments",
    [
        ["--state-dir", "{state}", "adduser", "dora"],
        ["adduser", "dora", "--state-dir", "{state}"],
    ],
    ids=["before-adduser", "after-adduser"],
)
def test_state_dir_is_honoured_before_or_after_adduser(
    arguments: list[str], mongo_url: str, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    filled = [part.format(state=state) for part in arguments]

    result = run_command(filled, mongo_url, cwd=cwd, stdin=b"dora's long password\n")

    assert result.returncode == 0, result.stderr
    assert state.is_dir()
    assert not (cwd / ".state").exists()


def _adduser_on_a_terminal(
    mongo_url: str, state: Path, name: str, first: str, again: str
) -> tuple[int, bytes]:
    """Run ``adduser NAME`` on a pseudo-terminal, typing at its prompts."""
    master, slave = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "demo", "adduser", name, "--state-dir", str(state)],
            cwd=ROOT,
            env=demo_env(mongo_url),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            # No controlling terminal is inherited, so getpass uses this one.
            start_new_session=True,
        )
        os.close(slave)
        transcript = read_until(master, b"Password: ")
        os.write(master, first.encode() + b"\n")
        transcript += read_until(master, b"Again: ")
        os.write(master, again.encode() + b"\n")
        transcript += read_until(master, None, timeout=60)
        return process.wait(timeout=30), transcript
    finally:
        os.close(master)


def test_adduser_prompts_twice_on_a_terminal_without_echo(
    mongo_url: str, tmp_path: Path, http: Http
) -> None:
    password = "typed at a terminal 31"

    code, transcript = _adduser_on_a_terminal(
        mongo_url, tmp_path, "erin", password, password
    )

    assert code == 0, transcript
    assert b"saved account 'erin'" in transcript
    assert password.encode() not in transcript
    assert browser_login(http, "erin", password).token is not None


def test_adduser_on_a_terminal_refuses_two_different_passwords(
    mongo_url: str, tmp_path: Path
) -> None:
    code, transcript = _adduser_on_a_terminal(
        mongo_url, tmp_path, "frank", "first long password", "second long password"
    )

    assert code == 2
    assert b"the two passwords differ" in transcript
    assert b"saved account" not in transcript


def test_no_store_is_started_when_mongo_url_is_set(demo: Demo) -> None:
    log = demo.log()

    assert "serving http://" in log
    assert "nx-27017" not in log
    assert not (demo.state_dir / "mongo").exists()
    assert not (demo.state_dir / "mongo.json").exists()


def test_env_option_overrides_satr_env(mongo_url: str, tmp_path: Path) -> None:
    demo = launch(tmp_path, "--env", "qa", mongo_url=mongo_url, env={"SATR_ENV": "uat"})
    try:
        log = demo.log()
    finally:
        demo.stop()

    assert "INFO demo: environment qa\n" in log


def test_no_demo_account_is_made_when_bound_beyond_loopback(tmp_path: Path) -> None:
    demo = launch(tmp_path, env=README_ENV, host="0.0.0.0")  # noqa: S104
    try:
        log = demo.log()
    finally:
        demo.stop()

    assert "serving http://0.0.0.0:" in log
    assert "created account" not in log


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),  # noqa: S104
        ("::", False),
        ("192.0.2.7", False),
        ("example.org", False),
    ],
)
def test_is_loopback_tells_local_only_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
