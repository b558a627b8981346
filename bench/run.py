"""Run the whole benchmark and write bench/RESULTS.md and bench/results.png.

``python -m bench.run`` (what ``make bench`` does). ``--duration`` and
``--rounds`` shorten it while developing; the written results say what ran.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pymongo import MongoClient

from demo.mongo_server import start_mongo_server

from . import memory, report
from .apps import SCENARIOS, floor_document
from .processes import EXPRESS_DIR, ROOT, Scenario, ServerProcess, start_server
from .wrk import WrkResult, run_wrk, wrk_command

OUT = ROOT / "bench" / "out"

#: Tornado scenarios that need a logged-in cookie.
AUTHENTICATED = frozenset({"2", "3", "4", "6", "7", "8"})

MAIN: list[Scenario] = [
    Scenario(k, SCENARIOS[k], "tornado", k, k in AUTHENTICATED, f"s{k}")
    for k in "12345678"
] + [
    Scenario("9a", "express-session, anonymous", "express", "anon", False),
    Scenario("9b", "express-session, authenticated read-only", "express", "read", True),
    Scenario(
        "9c",
        "express-session, authenticated, one key changed",
        "express",
        "write",
        True,
    ),
    Scenario(
        "9f", "express, hand-written findOne (its floor)", "express", "floor", True
    ),
]
SCALE_SIZES = (1_000, 100_000)


def cpu_busy_seconds() -> float:
    """Busy CPU time of the whole machine so far, from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU time of this process and every child it has waited for."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def measure(
    servers: list[ServerProcess], rounds: int, duration: int, connections: int
) -> dict[str, list[dict[str, Any]]]:
    """Interleave the servers (A B C ... A B C ...) ``rounds`` times."""
    runs: dict[str, list[dict[str, Any]]] = {s.scenario.key: [] for s in servers}
    for server in servers:  # warm-up, not recorded
        run_wrk(server.url, duration=1, connections=connections, cookie=server.cookie)
    for number in range(1, rounds + 1):
        for server in servers:
            before, cpu_before = server.stats(), server.cpu_seconds()
            result = run_wrk(
                server.url,
                duration=duration,
                connections=connections,
                cookie=server.cookie,
            )
            after, cpu_after = server.stats(), server.cpu_seconds()
            if result.non_2xx or result.socket_errors:
                raise RuntimeError(
                    f"{server.scenario.key}: {result.non_2xx} non-2xx responses, "
                    f"{result.socket_errors}; see {server.log_path}"
                )
            runs[server.scenario.key].append(
                {
                    **asdict(result),
                    "commands": after["commands"] - before["commands"],
                    "served": after["requests"] - before["requests"],
                    "server_cpu_s": cpu_after - cpu_before,
                    "names": _diff(after["names"], before["names"]),
                }
            )
            print(
                f"round {number} {server.scenario.key:>6}: "
                f"{result.requests_per_second:9.1f} req/s  "
                f"p50 {result.p50_ms:7.2f} ms  p99 {result.p99_ms:7.2f} ms  "
                f"server CPU {_cpu_us(runs[server.scenario.key][-1]):6.1f} us/request",
                flush=True,
            )
    return runs


def _cpu_us(run: dict[str, Any]) -> float:
    """Server CPU microseconds per request served in one run."""
    return float(1e6 * run["server_cpu_s"] / run["served"]) if run["served"] else 0.0


def _diff(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0)}


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    served = sum(r["served"] for r in runs)
    names: dict[str, int] = {}
    for run in runs:
        for name, count in run["names"].items():
            names[name] = names.get(name, 0) + count
    return {
        "rps": statistics.median(r["requests_per_second"] for r in runs),
        "rps_min": min(r["requests_per_second"] for r in runs),
        "rps_max": max(r["requests_per_second"] for r in runs),
        "p50": statistics.median(r["p50_ms"] for r in runs),
        "p99": statistics.median(r["p99_ms"] for r in runs),
        "cpu_us": statistics.median(_cpu_us(r) for r in runs),
        "ops": sum(r["commands"] for r in runs) / served if served else float("nan"),
        "ops_by_name": {k: v / served for k, v in sorted(names.items())},
        "runs": runs,
    }


def seed(mongo_url: str, collection: str, count: int) -> None:
    """Fill ``collection`` with ``count`` session documents as MongoStore writes."""
    client: MongoClient[dict[str, Any]] = MongoClient(mongo_url)
    try:
        target = client["bench"][collection]
        target.drop()
        batch: list[dict[str, Any]] = []
        for _ in range(count):
            batch.append(floor_document())
            if len(batch) == 5000:
                target.insert_many(batch, ordered=False)
                batch = []
        if batch:
            target.insert_many(batch, ordered=False)
    finally:
        client.close()


def check_express() -> None:
    """Fail early when the express apps' packages are not installed."""
    if not (EXPRESS_DIR / "node_modules" / "express-session").is_dir():
        raise SystemExit(
            "bench/express has no node_modules: run `npm ci` there (make bench does)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=8, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--only", default=None, help="comma-separated keys")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--no-scale", action="store_true")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument(
        "--write-to",
        type=Path,
        default=ROOT / "bench",
        help="directory for RESULTS.md and results.png (bench/ by default)",
    )
    args = parser.parse_args()

    started = time.monotonic()
    busy0, own0 = cpu_busy_seconds(), own_cpu_seconds()
    facts = report.machine_facts()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    check_express()
    mongo = start_mongo_server(OUT / "mongo")
    servers: list[ServerProcess] = []
    results: dict[str, Any] = {
        "facts": facts,
        "config": {
            k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()
        },
        "argv": " ".join(sys.argv[1:]),
        "wrk": " ".join(
            wrk_command(
                "http://127.0.0.1:PORT/",
                duration=args.duration,
                connections=args.connections,
                threads=1,
                cookie="<cookie>",
            )
        ),
    }
    try:
        chosen = MAIN
        if args.only:
            keys = set(args.only.split(","))
            chosen = [s for s in MAIN if s.key in keys]
        servers = [start_server(s, mongo.url, OUT / "logs") for s in chosen]
        runs = measure(servers, args.rounds, args.duration, args.connections)
        results["scenarios"] = {
            s.key: {"label": s.label, **summarize(runs[s.key])} for s in chosen
        }
        for server in servers:
            server.stop()
        servers = []

        if not args.no_scale:
            results["scale"] = run_scale(mongo.url, args)
        if not args.no_profile:
            results["profiles"] = run_profiles(mongo.url, args.connections)
    finally:
        for server in servers:
            server.stop()
        mongo.stop()

    if not args.no_memory:
        print("memory: tracemalloc over 100,000 MemoryStore sessions...", flush=True)
        results["memory"] = asdict(memory.measure(100_000))
    busy, own = cpu_busy_seconds() - busy0, own_cpu_seconds() - own0
    wall = time.monotonic() - started
    results["load"] = {
        "wall_s": wall,
        "busy_s": busy,
        "own_s": own,
        "other_s": max(0.0, busy - own),
        "loadavg_end": os.getloadavg(),
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str))
    report.write(results, args.write_to)
    print(report.summary_text(results), flush=True)


def run_scale(mongo_url: str, args: argparse.Namespace) -> dict[str, Any]:
    """Scenario 6 against a collection of 1,000 sessions and one of 100,000."""
    sizes = (SCALE_SIZES[0], args.sessions)
    scenarios = []
    for size in sizes:
        print(f"seeding {size} sessions...", flush=True)
        # The logged-in session is the last one; the rest are other users'.
        seed(mongo_url, f"scale_{size}", size - 1)
        scenarios.append(
            Scenario(
                f"6@{size}",
                f"scenario 6, {size} sessions",
                "tornado",
                "6",
                True,
                f"scale_{size}",
            )
        )
    servers = [start_server(s, mongo_url, OUT / "logs") for s in scenarios]
    try:
        runs = measure(servers, args.rounds, args.duration, args.connections)
    finally:
        for server in servers:
            server.stop()
    return {
        str(size): summarize(runs[s.key])
        for size, s in zip(sizes, scenarios, strict=True)
    }


def run_profiles(mongo_url: str, connections: int) -> dict[str, str]:
    """Sample scenarios 5 to 8 with pyinstrument under a short wrk load."""
    paths: dict[str, str] = {}
    for key in "5678":
        scenario = next(s for s in MAIN if s.key == key)
        path = OUT / f"profile-{key}.txt"
        server = start_server(scenario, mongo_url, OUT / "logs", profile=path)
        try:
            result: WrkResult = run_wrk(
                server.url, duration=4, connections=connections, cookie=server.cookie
            )
        finally:
            server.stop()
        print(f"profile {key}: {result.requests_per_second:.0f} req/s -> {path}")
        paths[key] = str(path.relative_to(ROOT))
    return paths


if __name__ == "__main__":
    main()
