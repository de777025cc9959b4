"""`make benchmark` (python -m benchmarks): run every benchmark, print a table, write
docs/benchmarks.md.

Timings on this shared machine are noisy, so every speed figure is reported as a ratio
against a baseline measured in the same run, interleaved with it.
"""

from __future__ import annotations

import argparse

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
    parser.add_argument("--output", default="docs/benchmarks.md")
    args = parser.parse_args()
    harness.run(
        requests=args.requests, seconds=args.seconds, postgres_url=args.postgres, output=args.output
    )


if __name__ == "__main__":
    main()
