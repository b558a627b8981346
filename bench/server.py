"""Serve one scenario: ``python -m bench.server --scenario 6 --port P --mongo URL``.

Runs until SIGTERM or SIGINT. With ``--profile FILE`` the whole process is
sampled by pyinstrument and the report is written to FILE on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from .apps import make_app
from .counting import CommandCounter


async def serve(args: argparse.Namespace) -> None:
    counter = CommandCounter()
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        args.mongo, event_listeners=[counter]
    )
    collection = client[args.db][args.collection]
    app = make_app(args.scenario, collection, counter)
    server = app.listen(args.port, address="127.0.0.1")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.stop()
    await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mongo", required=True, help="MongoDB URL")
    parser.add_argument("--db", default="bench")
    parser.add_argument("--collection", default="sessions")
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    if args.profile is None:
        asyncio.run(serve(args))
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    try:
        asyncio.run(serve(args))
    finally:
        profiler.stop()
        args.profile.write_text(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
