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
MODULES = (
    "benchmarks.service_requests",
    "benchmarks.collaboration",
    "benchmarks.public_services",
    "benchmarks.transit",
    "benchmarks.transit_board",
    "benchmarks.skills",
    "benchmarks.appointments",
    "benchmarks.data_hub",
    "benchmarks.strategy",
    "benchmarks.opendata",
    "benchmarks.sensorthings",
    "benchmarks.web_memory",
)
# Measured once, on SQLite: the figure is the web process's own memory, not the database's.
SQLITE_ONLY = ("benchmarks.web_memory",)
# The data hub's stored readings: the 50 million on PostgreSQL (kept between runs
# in a database of its own, the URL's name plus this suffix, so the other benchmarks'
# flush leaves it alone); fewer on SQLite, which a full run could not fill in its time.
HUB_DATABASE_SUFFIX = "_hub"


def _child(
    module: str,
    database: str,
    url: str,
    requests: int,
    seconds: float,
    data_dir: str,
    hub: dict,
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
    if module in ("benchmarks.service_requests", "benchmarks.opendata"):
        arguments += ["--requests", str(requests)]
    if module == "benchmarks.data_hub":
        readings = hub["readings"] if url else hub["sqlite_readings"]
        arguments = ["--readings", str(readings), "--seconds", str(hub["seconds"])]
        arguments += hub.get("extra", [])
        if url:
            env["DATABASE_URL"] = _hub_url(url)
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


def _hub_url(url: str) -> str:
    base, _sep, name = url.rpartition("/")
    name, question, options = name.partition("?")
    return f"{base}/{name}{HUB_DATABASE_SUFFIX}{question}{options}"


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


def run(
    *,
    requests: int,
    seconds: float,
    postgres_url: str,
    output: str,
    hub: dict,
    modules: tuple[str, ...] = MODULES,
) -> None:
    if postgres_url:
        _postgres_database_ensure(postgres_url)
        _postgres_database_ensure(_hub_url(postgres_url))
    results = []
    with tempfile.TemporaryDirectory(prefix="smartcity-bench-") as data_dir:
        for module in modules:
            results.append(_child(module, "SQLite", "", requests, seconds, data_dir, hub))
        if postgres_url:
            for module in (m for m in modules if m not in SQLITE_ONLY):
                results.append(
                    _child(module, "PostgreSQL", postgres_url, requests, seconds, data_dir, hub)
                )
    path = ROOT / output
    if set(modules) == set(MODULES):
        report = _report(results, requests, hub)
    else:
        report = _partial_report(results, modules, path)
    print(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report, encoding="utf-8")
    print(f"written to {path}")


def _report(results: list[dict], requests: int, hub: dict) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Run on {datetime.date.today():%Y-%m-%d}, {platform.machine()}, "
        f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} at the end of the run: "
        f"the machine is shared), Python {platform.python_version()}; "
        f"{requests:,} service requests in the database (the collaboration's rows: their "
        "own database of 10,000 ideas, 1,000 events, 2,000 organisations and 1,000 needs; the "
        "skills study's: 2,000 enterprises answering 5 yearly rounds, 10,000 responses; the "
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
        "reports will score lower. The stored model is also measured on residents' texts "
        "kept apart from all training and tuning (benchmarks/data/report_texts_heldout.tsv), "
        "on an independent confirmation set written by someone who had seen neither the "
        "training data, the other sets, the classifier's code nor a score "
        "(report_texts_confirmation.tsv), and on the development texts it was tuned on "
        "(report_texts_dev.tsv).",
        "",
        "The data hub (issue 3) is measured on its own data: "
        f"{hub['readings']:,} stored readings on PostgreSQL and {hub['sqlite_readings']:,} on "
        "SQLite (filling 50 million into SQLite would take most of a run's time; "
        "`--sqlite-readings` changes it), each one value of one device at one time, of "
        "10,000 street lights in one district reporting about hourly and 10 air quality "
        "stations reporting about every minute, over 90 days; with the stations' hourly "
        "aggregates, every device's daily ones and the latest state. The state query is "
        "`selectors.devices_current` for the district's street lights (devices with their "
        "latest values, as the API and the map read them); the aggregate query is "
        "`selectors.history` of one station's PM2.5, hourly over 90 days (2,160 points). "
        "Their baseline is a primary-key lookup of one device through the ORM, timed in "
        "alternation with them (medians). Ingest is measured with real processes while "
        "they push as fast as the hub takes them: for MQTT, `smartcity ingest` workers in "
        "one shared-subscription group (each stores a batch through 2 database "
        "connections on PostgreSQL, the devices split between them, while it receives and "
        "validates the next; a row with 1 connection each shows what the second adds) on "
        "a Mosquitto started for the run with "
        "deploy/mosquitto.conf's settings (the shared broker keeps Mosquitto's default "
        "limit of 1,000 queued messages per client, which drops readings under load), and "
        "2 publisher processes that first publish a backlog of 60,000 messages, one reading "
        "of 3 values per message with QoS 1, and the rate is measured while the workers "
        "drain it (publishers running during the window would take their CPU from the hub: "
        "MQTT does not make them wait for the database); for "
        "HTTP, gunicorn sync workers serving POST /ingest/v1/readings and 2 client "
        "processes posting 500 readings of 3 values per request with a gateway's token, "
        "measured while they post. "
        "The rate is the rows counted in the database over a window of up to "
        f"{hub['seconds']:g} seconds after the flow has started, so it includes "
        "validation, the latest state, the hourly and daily aggregates and the commit. "
        "Its baseline, the ceiling, is the same kind of rows written raw in the same run: "
        "PostgreSQL `COPY` into the same table (with its indexes), and on SQLite an "
        "executemany INSERT in one transaction. Everything shares the machine's 2 cores: "
        "the database, the broker, the workers and the load generators. This machine's "
        "PostgreSQL runs with autovacuum off, so each ingest run starts with a VACUUM of "
        "the latest states and the aggregates, as autovacuum would have done.",
        "",
    ]
    lines += _table(results)
    lines.append("")
    return "\n".join(lines)


def _table(results: list[dict]) -> list[str]:
    lines = [
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
    return lines


def _partial_report(results: list[dict], modules: tuple[str, ...], path: Path) -> str:
    """The last full run's report, with this run's rows in a section of their own (which
    replaces the same modules' section of an earlier partial run)."""
    heading = f"## Partial run: {', '.join(sorted(modules))}"
    kept = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    sections = kept.split("\n## ")
    kept = "\n## ".join(
        part for part in sections if not ("## " + part).startswith(heading + "\n")
    ).rstrip("\n")
    section = [
        heading,
        "",
        f"Run on {datetime.date.today():%Y-%m-%d}, {platform.machine()}, {os.cpu_count()} "
        f"cores (load average {os.getloadavg()[0]:.1f} at the end), Python "
        f"{platform.python_version()}. Command: `python -m benchmarks "
        + " ".join(f"--only {m}" for m in sorted(modules))
        + "`; the table above is the last full run's.",
        "",
        *_table(results),
        "",
    ]
    return kept + "\n\n" + "\n".join(section)
