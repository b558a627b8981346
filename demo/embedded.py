"""The MongoDB server the demo uses: ``MONGO_URL``, or nx-27017 run as a child.

The child keeps its data in ``STATE/mongo/nx.db`` so users and sessions
survive a restart. ``STATE/mongo.json`` records its port and PID so that
``python -m demo adduser`` reaches the running server instead of opening the
same file a second time.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from demo.mongo_server import MongoServer, start_mongo_server, wait_for_port

log = logging.getLogger("demo")

#: File, under the state folder, naming the running embedded server.
RUNNING_FILE = "mongo.json"


def _url(port: int) -> str:
    return f"mongodb://127.0.0.1:{port}/?serverSelectionTimeoutMS=3000"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_server_url(state_dir: Path) -> str | None:
    """URL of an embedded server another demo process runs, if any."""
    path = state_dir / RUNNING_FILE
    try:
        found = json.loads(path.read_text("utf-8"))
        port, pid = int(found["port"]), int(found["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _pid_alive(pid):
        return None
    try:
        wait_for_port(port, timeout=1.0)
    except TimeoutError:
        return None
    return _url(port)


@contextmanager
def mongo_url(
    state_dir: Path, environ: Mapping[str, str], *, announce: bool = False
) -> Iterator[str]:
    """Yield the URL to use, starting and later stopping nx-27017 if needed."""
    external = environ.get("MONGO_URL")
    if external:
        yield external
        return
    shared = running_server_url(state_dir)
    if shared is not None:
        yield shared
        return
    # The database holds password hashes: only this user may read it.
    (state_dir / "mongo").mkdir(mode=0o700, parents=True, exist_ok=True)
    state_dir.chmod(0o700)
    server = start_mongo_server(state_dir / "mongo", owned=True)
    record = state_dir / RUNNING_FILE
    record.write_text(json.dumps({"port": server.port, "pid": server.pid}))
    if announce:
        log.info(
            "started nx-27017 (PID %d) on 127.0.0.1:%d, data in %s",
            server.pid,
            server.port,
            server.db_path,
        )
    try:
        yield server.url
    finally:
        _stop(server, record)


def _stop(server: MongoServer, record: Path) -> None:
    server.stop()
    try:
        found = json.loads(record.read_text("utf-8"))
        if found.get("pid") == server.pid:
            record.unlink()
    except (OSError, ValueError):
        pass
    log.info("stopped nx-27017 (PID %d)", server.pid)
