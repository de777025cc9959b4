"""`make benchmark` (python -m benchmarks): run every benchmark, print a table, write
docs/benchmarks.md.

Timings on this shared machine are noisy, so every speed figure is reported as a ratio
against a baseline measured in the same run, interleaved with it.
"""

from __future__ import annotations

import argparse
import os

from benchmarks import harness


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--requests",
        type=int,
        default=100_000,
        help="service requests in the database (default 100,000)",
    )
    parser.add_argument(
        "--seconds", type=float, default=3.0, help="time per measured endpoint and round"
    )
    parser.add_argument(
        "--postgres",
        metavar="DATABASE_URL",
        default="",
        help="also run on this PostgreSQL database (it is emptied)",
    )
    parser.add_argument(
        "--readings",
        type=int,
        default=int(os.environ.get("SMARTCITY_BENCH_READINGS", 50_000_000)),
        help="the data hub's stored readings on PostgreSQL (default 50,000,000, or "
        "SMARTCITY_BENCH_READINGS)",
    )
    parser.add_argument(
        "--sqlite-readings",
        type=int,
        default=int(os.environ.get("SMARTCITY_BENCH_SQLITE_READINGS", 5_000_000)),
        help="the same on SQLite (default 5,000,000, or SMARTCITY_BENCH_SQLITE_READINGS)",
    )
    parser.add_argument(
        "--ingest-seconds", type=float, default=15.0, help="the data hub's window per ingest run"
    )
    parser.add_argument(
        "--only", choices=harness.MODULES, action="append", help="run only this module"
    )
    parser.add_argument("--output", default="docs/benchmarks.md")
    args = parser.parse_args()
    harness.run(
        requests=args.requests,
        seconds=args.seconds,
        postgres_url=args.postgres,
        output=args.output,
        hub={
            "readings": args.readings,
            "sqlite_readings": args.sqlite_readings,
            "seconds": args.ingest_seconds,
        },
        modules=tuple(args.only or harness.MODULES),
    )


if __name__ == "__main__":
    main()
