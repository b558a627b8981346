"""Turn the measurements into bench/RESULTS.md and bench/results.png."""

from __future__ import annotations

import json
import math
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from .processes import EXPRESS_DIR, ROOT

NOTES = ROOT / "bench" / "NOTES.md"


def _run(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    return (done.stdout or done.stderr).strip()


def machine_facts() -> dict[str, str]:
    lscpu = _run(["lscpu"])
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in lscpu.splitlines()
            if line.startswith("Model name")
        ),
        "unknown",
    )
    memory = next(
        (line for line in _run(["free", "-m"]).splitlines() if line.startswith("Mem")),
        "unknown",
    )
    lock = json.loads((EXPRESS_DIR / "package-lock.json").read_text())
    packages = lock.get("packages", {})

    def npm(name: str) -> str:
        return str(packages.get(f"node_modules/{name}", {}).get("version", "?"))

    return {
        "nproc": _run(["nproc"]),
        "cpu": model,
        "memory (free -m)": " ".join(memory.split()),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "tornado": metadata.version("tornado"),
        "pymongo": metadata.version("pymongo"),
        "nx-27017": metadata.version("nx-27017"),
        "node": _run(["node", "--version"]),
        "express / express-session / connect-mongo / mongodb": " / ".join(
            npm(n) for n in ("express", "express-session", "connect-mongo", "mongodb")
        ),
        "wrk": _run(["wrk", "-v"]).splitlines()[0],
    }


def _fmt_ops(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}"


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(target, what was measured, met) for every target of the issue."""
    s = results.get("scenarios", {})
    rows: list[tuple[str, str, bool]] = []

    def ratio(a: str, b: str) -> float:
        return float(s[a]["rps"] / s[b]["rps"])

    def by_cpu(a: str, b: str) -> str:
        """The same ratio from the app process's CPU time per request."""
        mine, floor = s[a].get("cpu_us"), s[b].get("cpu_us")
        return f"; by app CPU {floor / mine:.1%}" if mine and floor else ""

    def have(*keys: str) -> bool:
        return all(k in s for k in keys)

    if have("5", "1"):
        r, ops = ratio("5", "1"), s["5"]["ops"]
        rows.append(
            (
                "(5) >= 95% of (1), 0 store ops",
                f"{r:.1%} of (1){by_cpu('5', '1')}, {_fmt_ops(ops)} ops",
                r >= 0.95 and ops == 0,
            )
        )
    if have("6", "3"):
        r, ops = ratio("6", "3"), s["6"]["ops"]
        rows.append(
            (
                "(6) exactly 1 store op, >= 90% of (3)",
                f"{r:.1%} of (3){by_cpu('6', '3')}, {_fmt_ops(ops)} ops",
                r >= 0.90 and abs(ops - 1) < 0.005,
            )
        )
    if have("7", "4"):
        r, ops = ratio("7", "4"), s["7"]["ops"]
        rows.append(
            (
                "(7) <= 2 store ops, >= 85% of (4)",
                f"{r:.1%} of (4){by_cpu('7', '4')}, {_fmt_ops(ops)} ops",
                r >= 0.85 and ops <= 2.005,
            )
        )
    if have("8", "2"):
        r = ratio("8", "2")
        rows.append(
            ("(8) >= 85% of (2)", f"{r:.1%} of (2){by_cpu('8', '2')}", r >= 0.85)
        )
    for ours, theirs in (("5", "9a"), ("6", "9b"), ("7", "9c")):
        if have(ours, theirs):
            a, b = s[ours]["ops"], s[theirs]["ops"]
            rows.append(
                (
                    f"store ops ({ours}) <= express ({theirs})",
                    f"{_fmt_ops(a)} vs {_fmt_ops(b)}",
                    a <= b + 0.005,
                )
            )
    if have("6", "3", "9b", "9f"):
        ours_cost = 1 - ratio("6", "3")
        theirs_cost = 1 - ratio("9b", "9f")
        extra_ours = 1e6 / s["6"]["rps"] - 1e6 / s["3"]["rps"]
        extra_theirs = 1e6 / s["9b"]["rps"] - 1e6 / s["9f"]["rps"]
        rows.append(
            (
                "cost over floor: (6) vs (3) < (9b) vs (9f)",
                f"ours {ours_cost:.1%} ({extra_ours:.0f} us/request), express "
                f"{theirs_cost:.1%} ({extra_theirs:.0f} us/request)",
                ours_cost < theirs_cost,
            )
        )
    mem = results.get("memory")
    if mem:
        rows.append(
            (
                "MemoryStore <= 1 KiB per live session",
                f"{mem['bytes_per_session']:.0f} bytes over "
                f"{mem['sessions']:,} sessions",
                mem["bytes_per_session"] <= 1024,
            )
        )
        rows.append(
            (
                "stored authenticated session, no data, <= 256 B BSON",
                f"{mem['bson_bytes']} B (user id 'user-1'); "
                f"{mem['bson_bytes_objectid_user']} B (24-hex user id)",
                max(mem["bson_bytes"], mem["bson_bytes_objectid_user"]) <= 256,
            )
        )
    scale = results.get("scale")
    if scale:
        small, large = (scale[k] for k in sorted(scale, key=int))
        big = max(scale, key=int)
        r = large["p99"] / small["p99"]
        rows.append(
            (
                f"p99 of (6) with {int(big):,} sessions <= 1.3 x with 1,000",
                f"{large['p99']:.2f} ms vs {small['p99']:.2f} ms = {r:.2f}x",
                r <= 1.3,
            )
        )
    return rows


def _table(results: dict[str, Any]) -> list[str]:
    lines = [
        "| # | scenario | req/s (median) | req/s min-max | p50 ms | p99 ms "
        "| server CPU us/request | store ops/request | commands/request |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for key, row in results.get("scenarios", {}).items():
        names = ", ".join(f"{n} {v:.2f}" for n, v in row["ops_by_name"].items())
        lines.append(
            f"| {key} | {row['label']} | {row['rps']:.0f} | "
            f"{row['rps_min']:.0f}-{row['rps_max']:.0f} | {row['p50']:.2f} | "
            f"{row['p99']:.2f} | {row.get('cpu_us', math.nan):.0f} | "
            f"{_fmt_ops(row['ops'])} | {names or '-'} |"
        )
    return lines


def _chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results.get("scenarios", {})
    keys = list(rows)
    colors = [
        "#8c8c8c" if k in "1234" else "#2b7bba" if k in "5678" else "#d9822b"
        for k in keys
    ]
    medians = [rows[k]["rps"] for k in keys]
    low = [rows[k]["rps"] - rows[k]["rps_min"] for k in keys]
    high = [rows[k]["rps_max"] - rows[k]["rps"] for k in keys]
    figure, axes = plt.subplots(figsize=(10, 5.5))
    axes.barh(range(len(keys)), medians, xerr=[low, high], color=colors, capsize=3)
    axes.set_yticks(range(len(keys)))
    axes.set_yticklabels([f"{k}: {rows[k]['label']}" for k in keys], fontsize=8)
    axes.invert_yaxis()
    for index, key in enumerate(keys):
        axes.text(
            rows[key]["rps_max"] + max(medians) * 0.01,
            index,
            f" {medians[index]:.0f}  ({_fmt_ops(rows[key]['ops'])} ops)",
            va="center",
            fontsize=7,
        )
    config = results["config"]
    axes.set_xlabel(
        f"requests per second, median of {config['rounds']} runs of "
        f"{config['duration']} s, {config['connections']} connections "
        "(bars: min-max)"
    )
    axes.set_title(
        "Session layer cost: bare Tornado (grey), satr_tornado (blue), "
        "express (orange)",
        fontsize=10,
    )
    axes.set_xlim(0, max(rows[k]["rps_max"] for k in keys) * 1.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write(results: dict[str, Any], bench_dir: Path) -> None:
    config, load = results["config"], results["load"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`.venv/bin/python -m bench.run`); do not edit by "
        "hand: the analysis lives in `bench/NOTES.md` and is copied in below.",
        "",
        f"Each scenario ran {config['rounds']} times for {config['duration']} s, "
        f"interleaved (1 2 ... 9f, 1 2 ... 9f, ...), after a 1 s warm-up, with "
        f"{config['connections']} connections from one wrk thread, all against one "
        "nx-27017 server on loopback. Figures are medians of the runs; store "
        "operations are counted by the drivers' command monitoring over all runs.",
        "",
        *_table(results),
        "",
        "![requests per second](results.png)",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for name, measured, met in targets(results):
        lines.append(f"| {name} | {measured} | {'yes' if met else '**no**'} |")
    scale = results.get("scale")
    if scale:
        lines += [
            "",
            "## Scale: scenario 6 by sessions in the store",
            "",
            "| sessions | req/s | p50 ms | p99 ms | store ops/request |",
            "|---:|---:|---:|---:|---:|",
        ]
        for size in sorted(scale, key=int):
            row = scale[size]
            lines.append(
                f"| {int(size):,} | {row['rps']:.0f} | {row['p50']:.2f} | "
                f"{row['p99']:.2f} | {_fmt_ops(row['ops'])} |"
            )
    lines += ["", "## Machine", ""]
    lines += [f"- {name}: {value}" for name, value in results["facts"].items()]
    lines += [
        f"- run time {load['wall_s'] / 60:.1f} min; CPU busy {load['busy_s']:.0f} s "
        f"of which this benchmark's processes {load['own_s']:.0f} s and other "
        f"processes {load['other_s']:.0f} s "
        f"({load['other_s'] / load['wall_s']:.0%} of one core on average); "
        f"load average at the end {', '.join(f'{x:.2f}' for x in load['loadavg_end'])}",
    ]
    if load["other_s"] / load["wall_s"] > 0.05:
        lines.append(
            "- **Other load was present** during this run (other processes "
            "on the same 2 cores): absolute figures are lower and noisier "
            "than on an idle machine; the interleaving spreads it over all "
            "scenarios."
        )
    lines += [
        "",
        "## Commands",
        "",
        "```",
        "make bench   # = make system-deps (Debian wrk),",
        "             #   .venv/bin/pip install matplotlib pyinstrument,",
        "             #   npm ci (in bench/express), .venv/bin/python -m bench.run",
        f"python -m bench.run {results['argv']}".rstrip(),
        f"{results['wrk']}",
        "python -m bench.server --scenario N --port PORT --mongo URL "
        "--collection sN   # scenarios 1-8",
        "SCENARIO=anon|read|write|floor PORT=... MONGO_URL=... node server.js"
        "   # 9a/9b/9c/9f, in bench/express",
        "```",
        "",
        "Raw figures of every run: `bench/out/results.json` (not committed).",
    ]
    if results.get("profiles"):
        lines += [
            "Profiles (pyinstrument, 4 s under wrk): "
            + ", ".join(f"`{p}`" for p in results["profiles"].values())
            + " (not committed)."
        ]
    if NOTES.exists():
        lines += ["", NOTES.read_text().strip()]
    (bench_dir / "RESULTS.md").write_text("\n".join(lines) + "\n")
    if results.get("scenarios"):
        _chart(results, bench_dir / "results.png")


def summary_text(results: dict[str, Any]) -> str:
    out = ["", *_table(results), ""]
    for name, measured, met in targets(results):
        out.append(f"{'ok  ' if met else 'MISS'} {name}: {measured}")
    return "\n".join(out)


def main() -> None:
    """Render RESULTS.md and the chart again from bench/out/results.json."""
    results = json.loads((ROOT / "bench" / "out" / "results.json").read_text())
    write(results, ROOT / "bench")


if __name__ == "__main__":
    main()
