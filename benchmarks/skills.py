"""Skills study benchmarks, run in a child process on one database (see harness.py):
2,000 enterprises answering five yearly rounds, 10,000 responses in all; the public
results page and the report PDF, and the CSV export's memory against its length.

Prints progress on stderr and one JSON line of results on stdout.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.service_requests import Endpoint, interleaved, log  # noqa: E402
from smartcity.collaboration.models import Organisation  # noqa: E402
from smartcity.skills import demo, exports, services  # noqa: E402
from smartcity.skills.analysis import results_of  # noqa: E402
from smartcity.skills.models import Invitation, StudyRound  # noqa: E402
from smartcity.skills.report import report_pdf  # noqa: E402

ENTERPRISES, ROUNDS = 2_000, 5
AIM_SECONDS = 5.0
SECTORS = list(demo.OCCUPATIONS_BY_SECTOR)
SIZES = ["micro", "micro", "small", "small", "medium", "large"]


def database_fill(seed: int = 1) -> StudyRound:
    """Five rounds, each answered by all 2,000 enterprises; returns the newest round."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    services.classification_load()
    survey = services.questionnaire_load()
    rng = random.Random(seed)
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Întreprinderea {n} (exemplu)", kind="business", sector="TIC")
        for n in range(ENTERPRISES)
    )
    sectors = {o.pk: (rng.choice(SECTORS), rng.choice(SIZES)) for o in organisations}
    now = timezone.now()
    newest = None
    for year in range(now.year - ROUNDS + 1, now.year + 1):
        log(f"round {year}: {ENTERPRISES:,} responses…")
        opens = now - datetime.timedelta(days=365 * (now.year - year) + 90)  # all closed
        newest = StudyRound.objects.create(
            survey=survey, year=year, opens_at=opens, closes_at=opens + datetime.timedelta(days=60)
        )
        invitations = Invitation.objects.bulk_create(
            Invitation(round=newest, organisation=o, token=services.token_new())
            for o in organisations
        )
        demo.responses_fill(
            newest,
            invitations,
            rng=rng,
            sectors=sectors,
            submitted_at=opens + datetime.timedelta(days=5),
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return newest


def _export_peak(study_round: StudyRound, rows: int) -> tuple[float, float]:
    """Peak traced memory (MiB) and seconds to produce the first `rows` CSV lines."""
    tracemalloc.start()
    start = time.perf_counter()
    produced = 0
    for _line in exports.csv_lines(study_round):
        produced += 1
        if produced > rows:
            break
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    settings.ROOT_URLCONF = "benchmarks.urls"
    newest = database_fill()
    if not results_of(newest).published:
        raise SystemExit("the measured round must be closed and published")
    rows = []
    log("measuring the results page …")
    page, base = interleaved(
        Endpoint(f"/skills/?year={newest.year}"), Endpoint("/bench/minimal.json"), args.seconds
    )
    page_s, base_ms = 1 / page, 1000 / base
    rows.append(
        {
            "measure": f"skills results page ({ENTERPRISES:,} responses in the round, "
            f"{ENTERPRISES * ROUNDS:,} in {ROUNDS} rounds compared), s per request",
            "value": f"{page_s:.2f}",
            "baseline": f"{base_ms / 1000:.4f}",
            "ratio": f"{page_s * 1000 / base_ms:.0f}×",
            "aim": f"< {AIM_SECONDS:.0f} s",
            "met": page_s < AIM_SECONDS,
        }
    )
    log("drawing the study report …")
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        report_pdf(newest)
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    rows.append(
        {
            "measure": "skills study report as PDF (WeasyPrint, charts and tables), s per report",
            "value": f"{median:.2f}",
            "aim": f"< {AIM_SECONDS:.0f} s",
            "met": median < AIM_SECONDS,
        }
    )
    log("exporting responses as CSV …")
    peaks = {count: _export_peak(newest, count) for count in (500, 1_000, ENTERPRISES)}
    full, one_batch = peaks[ENTERPRISES][0], peaks[500][0]
    # The baseline: the same rows held in a list, as an export that does not stream would.
    tracemalloc.start()
    held = list(exports.response_rows(newest))
    _current, listed = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del held
    rows.append(
        {
            "measure": "responses CSV export, traced memory peak (MiB) streaming 500 / 1,000 / "
            f"{ENTERPRISES:,} rows (batches of {exports.BATCH}); baseline: all rows in a list",
            "value": " / ".join(f"{peak:.1f}" for peak, _s in peaks.values()),
            "baseline": f"{listed / 2**20:.1f}",
            "ratio": f"{full / one_batch:.2f}× from 500 to {ENTERPRISES:,} rows",
            "aim": f"constant: at {ENTERPRISES:,} rows within 10% of one batch (500 rows)",
            "met": full < 1.1 * one_batch,
        }
    )
    start = time.perf_counter()
    for _line in exports.csv_lines(newest):
        pass
    export_s = time.perf_counter() - start  # without tracemalloc, which slows it down
    rows.append(
        {
            "measure": f"responses CSV export of {ENTERPRISES:,} rows, s",
            "value": f"{export_s:.2f}",
            "aim": f"< {AIM_SECONDS:.0f} s",
            "met": export_s < AIM_SECONDS,
        }
    )
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
