"""Run wrk against the demo with a mixed load and report what it measured.

``python -m tests.load.run_load --duration 60 --connections 50`` starts its
own nx-27017 (unless ``MONGO_URL`` is set), the demo, a few logged-in
sessions, then wrk with ``mix.lua`` while sampling the demo's resident
memory four times a second. It prints the figures as JSON and exits non-zero on
any 5xx, any socket error, or memory that keeps growing after warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from demo.mongo_server import start_mongo_server
from tests.attacks.harness import (
    PASSWORD,
    ROOT,
    USERNAME,
    Http,
    add_user,
    browser_login,
    start_demo,
)

SCRIPT = Path(__file__).with_name("mix.lua")
#: The kinds of request mix.lua sends, as it names them in its report.
KINDS = ("public", "private", "login")
SESSIONS = 8
#: Resident memory may grow this much from the end of warm-up to the end.
MAX_GROWTH = 0.10
#: Seconds between two samples of resident memory.
SAMPLE_EVERY = 0.25
#: Each login's password hash briefly takes tens of MiB, so memory is judged
#: by its floor (the least resident size) over windows of this many samples.
WINDOW = 20


@dataclass
class Figures:
    duration: int
    connections: int
    requests: int = 0
    requests_per_second: float = 0.0
    latency: dict[str, str] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    #: Responses per kind of request (see ``KINDS``) and status.
    kinds: dict[str, dict[int, int]] = field(default_factory=dict)
    socket_errors: dict[str, int] = field(default_factory=dict)
    rss_mib: list[float] = field(default_factory=list)
    rss_floor_mib: list[float] = field(default_factory=list)
    rss_after_warm_up_mib: float = 0.0
    rss_end_mib: float = 0.0
    rss_peak_mib: float = 0.0
    demo_alive: bool = True

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def total_socket_errors(self) -> int:
        return sum(self.socket_errors.values())

    @property
    def rss_growth(self) -> float:
        if not self.rss_after_warm_up_mib:
            return 0.0
        return self.rss_end_mib / self.rss_after_warm_up_mib - 1

    def kinds_without_200(self) -> list[str]:
        return [kind for kind in KINDS if not self.kinds.get(kind, {}).get(200)]

    def problems(self) -> list[str]:
        found = []
        if self.server_errors:
            found.append(f"{self.server_errors} responses were 5xx")
        if self.kinds_without_200():
            found.append(f"no 200 for {', '.join(self.kinds_without_200())}")
        unknown = sorted(set(self.kinds) - set(KINDS))
        if unknown:
            found.append(f"answers of no known kind: {unknown}")
        if self.total_socket_errors:
            found.append(f"socket errors: {self.socket_errors}")
        if self.rss_growth > MAX_GROWTH:
            found.append(f"resident memory grew {self.rss_growth:.0%} after warm-up")
        if not self.demo_alive:
            found.append("the demo process died")
        if not self.requests:
            found.append("wrk made no request")
        return found


def parse_wrk(output: str, figures: Figures) -> None:
    """Read wrk's --latency report and the KIND lines of mix.lua."""
    total = re.search(r"(\d+) requests in", output)
    figures.requests = int(total.group(1)) if total else 0
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    figures.requests_per_second = float(rate.group(1)) if rate else 0.0
    for pct, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M):
        figures.latency[f"p{pct}"] = value
    average = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", output)
    if average:
        figures.latency["avg"] = average.group(1)
        figures.latency["max"] = average.group(3)
    for kind, status, count in re.findall(r"^KIND (\w+) (\d+) (\d+)$", output, re.M):
        code, n = int(status), int(count)
        figures.kinds.setdefault(kind, {})[code] = n
        figures.statuses[code] = figures.statuses.get(code, 0) + n
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if errors:
        names = ("connect", "read", "write", "timeout")
        figures.socket_errors = dict(zip(names, map(int, errors.groups()), strict=True))


def rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else 0.0


def sample_memory(pid: int, out: list[float], stop: threading.Event) -> None:
    while not stop.wait(SAMPLE_EVERY):
        try:
            out.append(round(rss_mib(pid), 1))
        except OSError:
            return


def memory_floors(samples: list[float]) -> list[float]:
    """The least resident size in each window of samples."""
    return [min(samples[i : i + WINDOW]) for i in range(0, len(samples), WINDOW)]


def run(
    mongo_url: str, work_dir: Path, duration: int, connections: int, threads: int = 2
) -> Figures:
    """Start the demo on ``mongo_url``, load it with wrk, return the figures."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: apt-get install wrk (or make system-deps)")
    add_user(mongo_url, work_dir, USERNAME, PASSWORD)
    demo = start_demo(mongo_url, work_dir)
    figures = Figures(duration, connections)
    try:
        http = Http(demo.port)
        cookies = []
        for _ in range(SESSIONS):
            login = browser_login(http)
            cookies.append(login.cookie)
        stop = threading.Event()
        sampler = threading.Thread(
            target=sample_memory, args=(demo.process.pid, figures.rss_mib, stop)
        )
        sampler.start()
        command = [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            str(SCRIPT),
            f"http://127.0.0.1:{demo.port}",
            "--",
            USERNAME,
            PASSWORD,
            *cookies,
        ]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + 60, check=False
        )
        stop.set()
        sampler.join()
        if result.returncode != 0:
            raise RuntimeError(f"wrk failed: {result.stderr}")
        parse_wrk(result.stdout, figures)
        floors = memory_floors(figures.rss_mib)
        if floors:
            figures.rss_floor_mib = floors
            figures.rss_after_warm_up_mib = floors[len(floors) // 4]
            figures.rss_end_mib = floors[-1]
            figures.rss_peak_mib = max(figures.rss_mib)
        figures.demo_alive = demo.alive
    finally:
        demo.stop()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json-out", type=Path, default=ROOT / "artifacts/load.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="satr-load-") as tmp:
        work_dir = Path(tmp)
        external = os.environ.get("MONGO_URL")
        server = None if external else start_mongo_server(work_dir / "mongo")
        try:
            url = external or (server.url if server else "")
            figures = run(url, work_dir, args.duration, args.connections, args.threads)
        finally:
            if server is not None:
                server.stop()
    report = asdict(figures)
    report.pop("rss_mib")
    report |= {
        "server_errors": figures.server_errors,
        "rss_growth": round(figures.rss_growth, 4),
        "problems": figures.problems(),
    }
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 1 if figures.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
