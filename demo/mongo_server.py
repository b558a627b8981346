"""Start and stop a MongoDB-protocol server (nx-27017) for tests and tools."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, timeout: float = 15.0) -> None:
    """Block until something accepts on 127.0.0.1:``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


@dataclass
class MongoServer:
    """One nx-27017 process; ``url`` reaches it, ``pid`` stops it."""

    process: subprocess.Popen[bytes]
    port: int
    db_path: Path

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/?serverSelectionTimeoutMS=3000"

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        """Stop the server by its PID and wait for it to exit."""
        if self.process.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def _tie_to_parent() -> None:
    """In the child: get SIGTERM when the parent dies (Linux), so none is orphaned."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


#: ``prctl`` option asking for a signal when the parent process dies.
_PR_SET_PDEATHSIG = 1


def start_mongo_server(
    data_dir: Path,
    port: int | None = None,
    db_name: str = "nx.db",
    *,
    owned: bool = False,
) -> MongoServer:
    """Start nx-27017 on loopback with its data in ``data_dir/db_name``.

    ``owned`` puts the server in a process group of its own, so a terminal's
    Ctrl-C reaches only the parent, which then stops it in order; and the
    server is told to stop if the parent dies without doing so.
    """
    port = port or free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    db_path = data_dir / db_name
    command = [
        sys.executable,
        "-c",
        "import sys; from nx_27017.nx_27017 import main; sys.exit(main())",
        "--db",
        str(db_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-file",
        str(data_dir / "nx.log"),
        "--pid-file",
        str(data_dir / f"nx-{port}.pid"),
    ]
    # The command is this interpreter and fixed arguments, never user input.
    process = subprocess.Popen(  # noqa: S603
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=owned,
        preexec_fn=_tie_to_parent if owned and sys.platform == "linux" else None,
    )
    server = MongoServer(process, port, db_path)
    try:
        wait_for_port(port)
    except TimeoutError:
        server.stop()
        raise
    return server
