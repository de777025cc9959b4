"""The web process's resident memory after its first 100 requests (issue 12's bar: under
150 MB), against Django alone under the same gunicorn in the same run.

Both run as one gunicorn sync worker from deploy/gunicorn.conf.py; the platform on the
demo city (`smartcity demo --no-serve`, its own SQLite database), the baseline on
benchmarks/bare_site.py. The requests are residents' pages and the public APIs, each
several times; the figure is the worker's VmRSS read from /proc after the last answer.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AIM_MB = 150
REQUESTS = 100
PAGES = [
    "/",
    "/requests/",
    "/requests/new/",
    "/requests/stats/",
    "/requests/map.geojson",
    "/open311/v2/services.json",
    "/open311/v2/requests.json",
    "/transit/",
    "/transit/live/",
    "/transit/stops/CENTRU/",
    "/lighting/",
    "/environment/air/",
    "/waste/",
    "/utilities/",
    "/strategy/",
    "/collaboration/ideas/",
    "/collaboration/events/",
    "/opendata/",
    "/dashboard/",
    "/skills/",
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _worker_rss_mb(master: int) -> float:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    (worker,) = children  # one worker
    for line in Path(f"/proc/{worker}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _measured(app: str, paths: list[str], env: dict[str, str]) -> tuple[float, dict]:
    """The worker's RSS in MB after GETting `paths` in turn, and the statuses seen."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "--worker-tmp-dir",
            tempfile.gettempdir(),
            app,
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"gunicorn did not start: {server.stderr.read()}") from None
                time.sleep(0.2)
        statuses = collections.Counter(_get(base + path) for path in paths)
        return _worker_rss_mb(server.pid), dict(statuses)
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    argparse.ArgumentParser().parse_known_args()  # the harness passes --seconds
    data_dir = Path(os.environ.get("SMARTCITY_DATA_DIR") or tempfile.mkdtemp()) / "web-memory"
    env = dict(
        os.environ,
        SMARTCITY_DATA_DIR=str(data_dir),
        PYTHONPATH=str(ROOT / "src") + os.pathsep + str(ROOT),
    )
    env.pop("DATABASE_URL", None)  # its own SQLite database: the figure is the process's
    log("loading the demo city for the web memory benchmark …")
    subprocess.run(
        [sys.executable, "-m", "smartcity", "demo", "--no-serve"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    pages = [PAGES[i % len(PAGES)] for i in range(REQUESTS)]
    log("measuring Django alone …")
    bare, bare_statuses = _measured(
        "benchmarks.bare_site:application", ["/bench/minimal.json"] * REQUESTS, env
    )
    log("measuring the platform …")
    platform, statuses = _measured("smartcity.config.wsgi:application", pages, env)
    failed = sum(count for status, count in statuses.items() if status >= 500)
    suggest = "/api/service-requests/suggest?text=" + urllib.request.quote("nu arde felinarul")
    with_model, model_statuses = _measured(
        "smartcity.config.wsgi:application", [suggest, *pages[1:]], env
    )
    rows = [
        {
            "measure": f"web process resident memory after its first {REQUESTS} requests "
            f"({len(PAGES)} residents' pages and public APIs in turn; answers "
            f"{', '.join(f'{s}: {n}' for s, n in sorted(statuses.items()))}), MB; "
            "baseline: Django alone, one JSON view, same gunicorn",
            "value": f"{platform:.0f}",
            "baseline": f"{bare:.0f}",
            "ratio": f"{platform / bare:.2f}×",
            "aim": f"< {AIM_MB} MB, no 5xx",
            "met": platform < AIM_MB and failed == 0 and bare_statuses == {200: REQUESTS},
        },
        {
            "measure": f"the same when one of the {REQUESTS} asks for a category suggestion "
            "(the stored model predicts with NumPy alone, without scikit-learn), MB",
            "value": f"{with_model:.0f}",
            "baseline": f"{bare:.0f}",
            "ratio": f"{with_model / bare:.2f}×",
            "aim": f"< {AIM_MB} MB",
            "met": with_model < AIM_MB and all(s < 500 for s in model_statuses),
        },
    ]
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
