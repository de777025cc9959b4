"""The open data benchmark runs end to end at a tiny scale, so it does not rot.

Nothing here is timed: the test checks that every measure is produced and that the
export really sent the rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.real_time


def test_open_data_benchmark_runs_on_sqlite(tmp_path):
    env = dict(
        os.environ,
        SMARTCITY_DATA_DIR=str(tmp_path),
        SMARTCITY_ENV="test",
        PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    arguments = ["--requests", "300", "--lights", "40", "--seconds", "0.2"]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.opendata", *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads(done.stdout.strip().splitlines()[-1])["rows"]
    measures = [row["measure"] for row in rows]
    assert measures[0].startswith("full CSV export of 300 service requests")
    assert measures[1].startswith("CSV export's peak memory (tracemalloc) at 300 rows vs 30")
    for name in (
        "dashboard read anew (40 lamps)",
        "dashboard as kept",
        "street lights data page",
        "service requests data page",
        "rows API, page 900",
        "DCAT-AP catalogue (JSON-LD)",
        "DCAT-AP catalogue (RDF/XML)",
    ):
        row = next(r for r in rows if r["measure"].startswith(name))
        assert float(row["value"]) > 0 and float(row["baseline"]) > 0, row
    assert float(rows[1]["value"]) > 0 and float(rows[1]["baseline"]) > 0
