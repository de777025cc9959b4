"""Collaboration benchmarks, run in a child process on one database (see harness.py):
10,000 ideas, 1,000 events, 2,000 organisations (each in two events) and 1,000 scored
needs; the list and ranking pages, who works with whom, and drawing one letter to the
Mayor as PDF.

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
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.service_requests import Endpoint, interleaved, log  # noqa: E402
from smartcity.city import demo as city_demo  # noqa: E402
from smartcity.collaboration import demo as collaboration_demo  # noqa: E402
from smartcity.collaboration import services  # noqa: E402
from smartcity.collaboration.letterhead import letter_pdf  # noqa: E402
from smartcity.collaboration.models import (  # noqa: E402
    Criterion,
    Domain,
    Event,
    IdeaStatus,
    Need,
    NeedScore,
    NeedSupport,
    Organisation,
    ProjectIdea,
)
from smartcity.service_requests import demo as requests_demo  # noqa: E402

IDEAS, EVENTS, ORGANISATIONS, NEEDS = 10_000, 1_000, 2_000, 1_000
PAGE_AIM_MS = 200


def database_fill(seed: int = 1) -> ProjectIdea:
    """The collaboration at scale; returns one submitted idea with its letter."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    city_demo.city_load()
    requests_demo.categories_load()
    collaboration_demo.criteria_load()
    collaboration_demo.members_load()
    rng = random.Random(seed)
    partner = collaboration_demo.members_partner()
    now = timezone.now()
    log(f"generating {IDEAS:,} ideas, {EVENTS:,} events, {ORGANISATIONS:,} organisations…")
    statuses = [s for s in IdeaStatus.values if s != IdeaStatus.DRAFT]
    ProjectIdea.objects.bulk_create(
        ProjectIdea(
            author=partner,
            title=f"Idee de proiect {n}",
            domain=rng.choice(Domain.values),
            problem="O problemă a orașului, descrisă pe larg.",
            solution="O soluție propusă.",
            cost_estimate=Decimal(rng.randrange(10_000, 5_000_000)),
            timeline="6 luni",
            status=rng.choice(statuses),
            submitted_at=now - datetime.timedelta(minutes=n),
        )
        for n in range(IDEAS)
    )
    Event.objects.bulk_create(
        Event(
            title=f"Eveniment {n}",
            kind=rng.choice(Event.Kind.values),
            starts_at=now + datetime.timedelta(hours=n - EVENTS // 2),
            ends_at=now + datetime.timedelta(hours=n - EVENTS // 2 + 2),
            place="Bălți",
            capacity=rng.choice([None, 30, 100]),
        )
        for n in range(EVENTS)
    )
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Organizația {n}",
            kind=rng.choice(Organisation.Kind.values),
            sector="TIC",
            latitude=47.73 + rng.random() * 0.06,
            longitude=27.89 + rng.random() * 0.07,
        )
        for n in range(ORGANISATIONS)
    )
    # Who works with whom: every organisation takes part in two events.
    events = list(Event.objects.values_list("pk", flat=True))
    link = Organisation.events.through
    link.objects.bulk_create(
        link(organisation_id=organisation_id, event_id=event_id)
        for organisation_id in Organisation.objects.values_list("pk", flat=True)
        for event_id in rng.sample(events, 2)
    )
    needs = Need.objects.bulk_create(
        Need(title=f"Necesitate {n}", description="d", service="s", affected="a")
        for n in range(NEEDS)
    )
    criteria = list(Criterion.objects.all())
    NeedScore.objects.bulk_create(
        NeedScore(need=need, criterion=criterion, side=side, value=rng.randint(1, 5))
        for need in needs
        for criterion in criteria
        for side in ("city", "partner")
    )
    NeedSupport.objects.bulk_create(
        NeedSupport(need=rng.choice(needs), session_key=f"s{n}") for n in range(5_000)
    )
    idea = services.idea_draft_create(by=partner)
    services.idea_draft_save(
        idea=idea,
        by=partner,
        content=services.IdeaContent(
            title="Școală digitală în Bălțiul Nou: tablete și rețea",
            domain="education",
            problem="Elevii nu au acces la lecții digitale în clasă.",
            solution="Rețea Wi-Fi și tablete.",
            cost_estimate=Decimal("480000"),
            timeline="6 luni",
        ),
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return services.idea_submit(idea=idea, by=partner)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    settings.ROOT_URLCONF = "benchmarks.urls"
    idea = database_fill()
    baseline = Endpoint("/bench/minimal.json")
    rows = []
    pages = [
        ("/collaboration/ideas/", f"project ideas list ({IDEAS:,} ideas)"),
        ("/collaboration/needs/", f"needs ranking ({NEEDS:,} scored needs)"),
        ("/collaboration/events/", f"events list ({EVENTS:,} events)"),
        ("/collaboration/organisations/", f"organisations list ({ORGANISATIONS:,})"),
        (
            "/collaboration/organisations/network/",
            f"who works with whom ({ORGANISATIONS * 2:,} organisation–event links)",
        ),
    ]
    for path, name in pages:
        log(f"measuring {path} …")
        page, base = interleaved(Endpoint(path), baseline, args.seconds)
        page_ms, base_ms = 1000 / page, 1000 / base
        rows.append(
            {
                "measure": f"{name}, ms per request",
                "value": f"{page_ms:.1f}",
                "baseline": f"{base_ms:.2f}",
                "ratio": f"{page_ms / base_ms:.1f}×",
                "aim": f"< {PAGE_AIM_MS} ms",
                "met": page_ms < PAGE_AIM_MS,
            }
        )
    log("drawing the letter to the Mayor …")
    letter_pdf(idea.letter)  # fonts loaded once per process
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        letter_pdf(idea.letter)
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    rows.append(
        {
            "measure": "letter to the Mayor as PDF (WeasyPrint), s per letter",
            "value": f"{median:.2f}",
            "aim": "< 1 s",
            "met": median < 1,
        }
    )
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
