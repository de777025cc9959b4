"""Strategy tracking benchmarks, run in a child process on one database (see harness.py):
one plan of 20 priorities × 10 objectives × 20 actions (4,000 actions), an indicator per
objective with 5 years of monthly values; the public progress page, the plan's tree in
the JSON API, and the yearly report as PDF.

Prints progress on stderr and one JSON line of results on stdout. The sizes are options
(`--priorities 2 --objectives 2 --actions 2 --years 1` runs in seconds).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from benchmarks.service_requests import Endpoint, log, page_row  # noqa: E402
from smartcity.city import demo as city_demo  # noqa: E402
from smartcity.city.models import Department  # noqa: E402
from smartcity.strategy.models import (  # noqa: E402
    ActionStatus,
    Indicator,
    IndicatorValue,
    Level,
    Node,
    Plan,
)
from smartcity.strategy.report import report_pdf  # noqa: E402

PAGE_AIM_MS = 2000  # the whole tree of 4,000 actions on one page
PDF_AIM_S = 60
CODE = "bench-plan"


def database_fill(
    *, priorities: int, objectives: int, actions: int, years: int, seed: int = 1
) -> Plan:
    """The plan at scale: priorities × objectives × actions, an indicator per objective
    with a value on the first of every month of `years` years up to last year's end."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    city_demo.city_load()
    rng = random.Random(seed)
    end_year = datetime.date.today().year - 1
    plan = Plan.objects.create(
        code=CODE,
        title_ro="Strategia de dezvoltare a municipiului Bălți (test de performanță)",
        title_ru="Стратегия развития муниципия Бельцы (нагрузочный тест)",
        start_year=end_year - years + 1,
        end_year=end_year + 5,
    )
    departments = list(Department.objects.all())
    log(f"generating {priorities * objectives * actions:,} actions …")
    order = 0

    def node(level: str, code: str, parent: Node | None, **extra: object) -> Node:
        nonlocal order
        order += 1
        return Node(
            plan=plan,
            parent=parent,
            level=level,
            code=code,
            title_ro=f"Elementul {code}: îmbunătățirea serviciilor publice",
            weight=Decimal(rng.choice(["1", "1", "2"])),
            order=order,
            **extra,
        )

    tops = Node.objects.bulk_create(
        node(Level.PRIORITY, f"P{p}", None) for p in range(1, priorities + 1)
    )
    middles = Node.objects.bulk_create(
        node(Level.OBJECTIVE, f"O{p}.{o}", top)
        for p, top in enumerate(tops, 1)
        for o in range(1, objectives + 1)
    )
    statuses = [s for s in ActionStatus.values if s != ActionStatus.COMPLETED]
    Node.objects.bulk_create(
        node(
            Level.ACTION,
            f"A{middle.code[1:]}.{a}",
            middle,
            status=rng.choice(statuses),
            progress=rng.randint(0, 99),
            start_year=plan.start_year,
            end_year=plan.end_year,
            responsible_department=rng.choice(departments),
            cost=Decimal(rng.randrange(10_000, 5_000_000)),
            funding_source_ro="buget local",
        )
        for middle in middles
        for a in range(1, actions + 1)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            node=middle,
            code=f"I{middle.code[1:]}",
            name_ro=f"Indicatorul obiectivului {middle.code}",
            unit="%",
            baseline=Decimal("10"),
            target=Decimal("90"),
            order=n,
        )
        for n, middle in enumerate(middles)
    )
    months = [
        datetime.date(year, month, 1)
        for year in range(plan.start_year, end_year + 1)
        for month in range(1, 13)
    ]
    log(f"generating {len(indicators) * len(months):,} indicator values …")
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(
                indicator=indicator,
                measured_on=day,
                value=Decimal(10 + n * 80 / len(months) + rng.random()).quantize(Decimal("0.01")),
            )
            for indicator in indicators
            for n, day in enumerate(months)
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return plan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--priorities", type=int, default=20)
    parser.add_argument("--objectives", type=int, default=10, help="per priority")
    parser.add_argument("--actions", type=int, default=20, help="per objective")
    parser.add_argument("--years", type=int, default=5, help="of monthly indicator values")
    parser.add_argument("--pdf-runs", type=int, default=1)
    args = parser.parse_args()
    settings.ROOT_URLCONF = "benchmarks.urls"
    plan = database_fill(
        priorities=args.priorities,
        objectives=args.objectives,
        actions=args.actions,
        years=args.years,
    )
    size = (
        f"{args.priorities}×{args.objectives}×{args.actions} = "
        f"{args.priorities * args.objectives * args.actions:,} actions, "
        f"{IndicatorValue.objects.count():,} values"
    )
    baseline = Endpoint("/bench/minimal.json")
    rows = [
        page_row(
            f"public progress page ({size})",
            f"/strategy/{CODE}/",
            baseline,
            args.seconds,
            PAGE_AIM_MS,
        ),
        page_row(
            "plan tree in the JSON API",
            f"/api/strategy/plans/{CODE}",
            baseline,
            args.seconds,
            PAGE_AIM_MS,
        ),
    ]
    year = plan.start_year + args.years - 1
    log(f"drawing the {year} report as PDF …")
    # The first draw loads the fonts; the baseline of the same run is the trivial page
    # (its time per request), so the ratio says how many page views one report costs.
    base_ms = 1000 / baseline.rate(args.seconds)
    timings = []
    for _ in range(max(1, args.pdf_runs)):
        start = time.perf_counter()
        pdf = report_pdf(plan, year=year)
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    rows.append(
        {
            "measure": f"yearly report as PDF ({len(pdf) // 1024:,} KiB), s per report",
            "value": f"{median:.2f}",
            "baseline": f"{base_ms / 1000:.4f}",
            "ratio": f"{median * 1000 / base_ms:.0f}×",
            "aim": f"< {PDF_AIM_S} s",
            "met": median < PDF_AIM_S,
        }
    )
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
