"""Set up a throw-away database, fill it, measure, report.

Django is configured once per process, so each database (SQLite, then PostgreSQL) is
measured in child processes running each module of MODULES.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each fills the database its own way and measures its part; rows are reported in order.
MODULES = ("benchmarks.service_requests", "benchmarks.collaboration", "benchmarks.strategy")


def _child(
    module: str, database: str, url: str, requests: int, seconds: float, data_dir: str
) -> dict:
    env = dict(
        os.environ,
        SMARTCITY_DATA_DIR=data_dir,
        SMARTCITY_ENV="test",
        PYTHONPATH=str(ROOT / "src") + os.pathsep + str(ROOT),
    )
    if url:
        env["DATABASE_URL"] = url
    else:
        env.pop("DATABASE_URL", None)
    arguments = ["--seconds", str(seconds)]
    if module == "benchmarks.service_requests":
        arguments += ["--requests", str(requests)]
    out = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["database"] = database
    return result


def _postgres_database_ensure(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it does not exist yet."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def run(*, requests: int, seconds: float, postgres_url: str, output: str) -> None:
    if postgres_url:
        _postgres_database_ensure(postgres_url)
    results = []
    with tempfile.TemporaryDirectory(prefix="smartcity-bench-") as data_dir:
        for module in MODULES:
            results.append(_child(module, "SQLite", "", requests, seconds, data_dir))
        if postgres_url:
            for module in MODULES:
                results.append(
                    _child(module, "PostgreSQL", postgres_url, requests, seconds, data_dir)
                )
    report = _report(results, requests)
    print(report)
    path = ROOT / output
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report, encoding="utf-8")
    print(f"written to {path}")


def _report(results: list[dict], requests: int) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Run on {datetime.date.today():%Y-%m-%d}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{requests:,} service requests in the database (the collaboration's rows: their "
        "own database of 10,000 ideas, 1,000 events, 2,000 organisations and 1,000 needs; the "
        "strategy's: one plan of 20 priorities × 10 objectives × 20 actions, an indicator per "
        "objective with 5 years of monthly values). "
        "Command: `make benchmark` (or `python -m benchmarks --postgres postgres://…`).",
        "",
        "Speeds are measured in-process through Django's full request handling "
        "(middleware included), interleaved with the baseline in the same run: a minimal "
        "Django view returning a small JSON object. Ratios are what count; absolute figures "
        "vary with the machine's load.",
        "",
        "The Open311 request list reuses a rendered page until any request changes (each "
        "process reads the newest update time at most once a second, so a change shows "
        "within a second); the second row renders every response anew (100 requests per "
        "page, the default). The classifier's accuracy is measured on a held-out fifth of the "
        "distinct texts of the demo corpus; the corpus was written for this project from "
        "phrase variations, so similar wordings fall on both sides of the split and real "
        "reports will score lower.",
        "",
        "| database | measure | value | baseline | ratio | aim | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for result in results:
        for row in result["rows"]:
            lines.append(
                f"| {result['database']} | {row['measure']} | {row['value']} | "
                f"{row.get('baseline', '—')} | {row.get('ratio', '—')} | {row['aim']} | "
                f"{'yes' if row['met'] else 'NO'} |"
            )
    lines.append("")
    return "\n".join(lines)
