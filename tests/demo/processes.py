"""``python -m demo`` as a person runs it: any options, its own process group."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from demo.mongo_server import free_port
from tests.attacks.harness import ROOT, Demo, demo_env

#: What the README's command leaves unset, so the demo runs its own store.
README_ENV = {"MONGO_URL": "", "SATR_SECRETS": ""}
#: Printed once the demo listens.
SERVING = "serving http://"


def launch(
    state_dir: Path,
    *options: str,
    mongo_url: str = "",
    env: Mapping[str, str] | None = None,
    host: str = "127.0.0.1",
) -> Demo:
    """Serve the demo in a process group of its own, as a terminal starts it.

    Returns once it prints that it serves; the caller stops it.
    """
    port = free_port()
    state_dir.mkdir(parents=True, exist_ok=True)
    log_path = state_dir / f"demo-{port}.log"
    command = [
        sys.executable,
        "-m",
        "demo",
        "--host",
        host,
        "--port",
        str(port),
        "--state-dir",
        str(state_dir),
        *options,
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=demo_env(mongo_url, env),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    demo = Demo(process, port, state_dir, log_path)
    deadline = time.monotonic() + 30
    while SERVING not in demo.log():
        if not demo.alive or time.monotonic() > deadline:
            demo.stop()
            raise RuntimeError(f"the demo did not start:\n{demo.log()}")
        time.sleep(0.05)
    return demo


def read_until(fd: int, wanted: bytes | None, timeout: float = 30.0) -> bytes:
    """Read ``fd`` until ``wanted`` arrives, or to its end if None; return all."""
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted is None or wanted not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"{wanted!r} never came; got {seen!r}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            # EIO: the other end of the terminal is closed.
            break
        if not chunk:
            break
        seen += chunk
    return seen


def run_command(
    arguments: Sequence[str],
    mongo_url: str,
    *,
    cwd: Path = ROOT,
    stdin: bytes = b"",
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m demo ARGUMENTS`` to its end."""
    return subprocess.run(
        [sys.executable, "-m", "demo", *arguments],
        cwd=cwd,
        env=demo_env(mongo_url),
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def process_alive(pid: int) -> bool:
    """True while a process with ``pid`` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
