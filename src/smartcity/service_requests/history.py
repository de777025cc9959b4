"""Generated history of reports for the demo and the benchmarks.

Texts come from `data/report_texts.tsv` (written for this project in the way residents
of Bălți type: Romanian with and without diacritics, Russian). Places, dates and the
course of each request are drawn from a seeded generator, so a seed gives the same city.
"""

from __future__ import annotations

import csv
import datetime
import random
import secrets
from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point, shape

from smartcity.city.models import District
from smartcity.service_requests.models import (
    ClosureReason,
    RequestUpdate,
    ServiceCategory,
    ServiceRequest,
    Source,
    Status,
)
from smartcity.service_requests.services import CODE_ALPHABET

TEXTS = Path(__file__).parent / "data" / "report_texts.tsv"
STREETS = [
    "str. Ștefan cel Mare",
    "str. Independenței",
    "str. Decebal",
    "bd. Victoriei",
    "str. Sorocii",
    "str. Kiev",
    "str. Pușkin",
    "str. Sf. Nicolae",
    "str. Bulgară",
    "str. Alexandru cel Bun",
    "str. I. Franko",
    "str. Feroviarilor",
    "str. Cahul",
    "str. Konev",
    "str. 31 August",
    "str. Iu. Gagarin",
    "str. M. Lesecico",
    "str. Caraciobanu",
]


@cache
def report_texts() -> list[tuple[str, str, str]]:
    """(category code, language, text) rows of the shipped corpus."""
    with TEXTS.open(encoding="utf-8") as handle:
        return [
            (r["category"], r["language"], r["text"])
            for r in csv.DictReader(handle, delimiter="\t")
        ]


def _code(rng: random.Random) -> str:
    body = "".join(rng.choices(CODE_ALPHABET, k=8))
    return f"BL-{body[:4]}-{body[4:]}"


def _point_in(boundary: dict, rng: random.Random) -> tuple[float, float]:
    polygon = shape(boundary)
    min_x, min_y, max_x, max_y = polygon.bounds
    while True:
        lon, lat = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if polygon.contains(Point(lon, lat)):
            return round(lat, 6), round(lon, 6)


def _course(rng: random.Random, age: datetime.timedelta) -> list[tuple[str, str, float]]:
    """The statuses a request went through: (status, closure reason, hours after report)."""
    hours = age.total_seconds() / 3600
    # A city works through its backlog: the older a report, the likelier it moved on.
    settled = min(0.97, 0.55 + hours / (24 * 60))
    steps: list[tuple[str, str, float]] = []
    if hours < 2 or rng.random() > max(settled, 0.9):
        return steps
    t = rng.uniform(0.5, min(hours, 30))
    steps.append((Status.ACKNOWLEDGED, "", t))
    if t + 4 < hours and rng.random() < max(settled, 0.8):
        t = rng.uniform(t + 1, min(hours, t + 72))
        steps.append((Status.IN_PROGRESS, "", t))
        if t + 2 < hours and rng.random() < settled:
            t = rng.uniform(t + 1, min(hours, t + rng.choice([12, 48, 200])))
            reason = rng.choices(
                [
                    ClosureReason.FIXED,
                    ClosureReason.DUPLICATE,
                    ClosureReason.NOT_RESPONSIBLE,
                    ClosureReason.NO_FURTHER_ACTION,
                ],
                weights=[85, 6, 5, 4],
            )[0]
            steps.append((Status.CLOSED, reason, t))
    return steps


def requests_generate(
    *,
    count: int,
    seed: int,
    days: int = 365,
    now: datetime.datetime | None = None,
    progress: Callable[[str], object] | None = None,
    batch_size: int = 2000,
) -> int:
    """Store `count` generated requests with their history, in batches; returns the count."""
    rng = random.Random(seed)
    now = now or timezone.now()
    categories = {c.code: c for c in ServiceCategory.objects.select_related("department")}
    districts = list(District.objects.all())
    texts = [row for row in report_texts() if row[0] in categories]
    if not (categories and districts and texts):
        return 0
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        with transaction.atomic():
            _batch_store(rng, size, now, days, categories, districts, texts)
        made += size
        if progress:
            progress(f"  {made:,} / {count:,} reports")
    return made


def _batch_store(rng, size, now, days, categories, districts, texts) -> None:  # noqa: ANN001
    requests, courses = [], []
    for _ in range(size):
        code, language, text = rng.choice(texts)
        category = categories[code]
        district = rng.choice(districts)
        lat, lon = _point_in(district.boundary, rng)
        age = datetime.timedelta(seconds=rng.uniform(0, days * 86400) ** 1.0)
        requested_at = now - age
        course = _course(rng, age)
        last_status: str
        last_status, last_reason, last_t = (Status.OPEN, "", 0.0)
        if course:
            last_status, last_reason, last_t = course[-1]
        at_last = requested_at + datetime.timedelta(hours=last_t)
        requests.append(
            ServiceRequest(
                tracking_code=_code(rng),
                category=category,
                department=category.department,
                status=last_status,
                closure_reason=last_reason,
                description=text,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                latitude=lat,
                longitude=lon,
                district=district,
                language=language if language in ("ro", "ru") else "ro",
                source=rng.choice([Source.WEB, Source.WEB, Source.OPEN311, Source.STAFF]),
                requested_at=requested_at,
                updated_at=at_last,
                due_at=requested_at + datetime.timedelta(hours=category.sla_hours),
                closed_at=at_last if last_status == Status.CLOSED else None,
                feedback_token=secrets.token_urlsafe(24),
                subscribers_notified_at=requested_at,
            )
        )
        courses.append(course)
    ServiceRequest.objects.bulk_create(requests, batch_size=500)
    if requests[0].pk is None:  # backends that do not return ids from bulk inserts
        codes = [r.tracking_code for r in requests]
        ids = dict(
            ServiceRequest.objects.filter(tracking_code__in=codes).values_list(
                "tracking_code", "pk"
            )
        )
        for r in requests:
            r.pk = ids[r.tracking_code]
    updates = []
    for request, course in zip(requests, courses, strict=True):
        updates.append(
            RequestUpdate(
                request_id=request.pk,
                kind=RequestUpdate.Kind.CREATED,
                status=Status.OPEN,
                created_at=request.requested_at,
                reporter_notified_at=request.requested_at,
            )
        )
        for status, reason, hours in course:
            updates.append(
                RequestUpdate(
                    request_id=request.pk,
                    kind=RequestUpdate.Kind.STATUS,
                    status=status,
                    closure_reason=reason,
                    created_at=request.requested_at + datetime.timedelta(hours=hours),
                    reporter_notified_at=request.requested_at,
                )
            )
    RequestUpdate.objects.bulk_create(updates, batch_size=1000)


def history_load(
    *, seed: int, progress: Callable[[str], object] | None = None, count: int = 1200
) -> int:
    """The demo's history of reports in Bălți (several hundred, over the past year)."""
    return requests_generate(count=count, seed=seed, progress=progress)
