"""Scenario server processes: start, log in, read their counters, stop."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from demo.mongo_server import free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
EXPRESS_DIR = ROOT / "bench" / "express"


@dataclass(frozen=True)
class Scenario:
    """One measured case: its key in the table, what it is, how it runs."""

    key: str
    label: str
    runtime: str  # "tornado" or "express"
    #: Tornado scenario number, or the express SCENARIO value.
    app: str
    authenticated: bool
    collection: str = "sessions"


@dataclass
class ServerProcess:
    scenario: Scenario
    port: int
    process: subprocess.Popen[bytes]
    cookie: str | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def request(self, method: str, path: str) -> tuple[int, list[str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            headers = {"Cookie": self.cookie} if self.cookie else {}
            connection.request(method, path, body=b"", headers=headers)
            response = connection.getresponse()
            cookies = response.headers.get_all("Set-Cookie") or []
            return response.status, cookies, response.read()
        finally:
            connection.close()

    def login(self) -> None:
        """Make the session the scenario needs and keep its cookie for wrk."""
        status, cookies, _ = self.request("POST", "/_login")
        if status != 200 or not cookies:
            raise RuntimeError(f"{self.scenario.key}: login gave {status}")
        self.cookie = "; ".join(c.split(";", 1)[0] for c in cookies)
        status, _, _ = self.request("GET", "/")
        if status != 200:
            raise RuntimeError(f"{self.scenario.key}: GET / with the cookie: {status}")

    def stats(self) -> dict[str, Any]:
        saved, self.cookie = self.cookie, None
        try:
            status, _, body = self.request("GET", "/_stats")
        finally:
            self.cookie = saved
        if status != 200:
            raise RuntimeError(f"{self.scenario.key}: /_stats gave {status}")
        stats: dict[str, Any] = json.loads(body)
        return stats

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1]
        utime, stime = fields.split()[11:13]
        return (int(utime) + int(stime)) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Stop by PID (SIGTERM, then SIGKILL) and wait for the exit."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start_server(
    scenario: Scenario,
    mongo_url: str,
    log_dir: Path,
    profile: Path | None = None,
) -> ServerProcess:
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"server-{scenario.key}.log"
    env = dict(os.environ)
    if scenario.runtime == "tornado":
        command = [
            sys.executable,
            "-m",
            "bench.server",
            "--scenario",
            scenario.app,
            "--port",
            str(port),
            "--mongo",
            mongo_url,
            "--collection",
            scenario.collection,
        ]
        if profile is not None:
            command += ["--profile", str(profile)]
        cwd = ROOT
    else:
        command = ["node", "server.js"]
        env.update(SCENARIO=scenario.app, PORT=str(port), MONGO_URL=mongo_url)
        cwd = EXPRESS_DIR
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    server = ServerProcess(scenario, port, process, log_path=log_path)
    try:
        wait_for_port(port, timeout=30)
    except TimeoutError:
        server.stop()
        raise RuntimeError(f"{scenario.key} did not start; see {log_path}") from None
    if scenario.authenticated:
        server.login()
    return server
