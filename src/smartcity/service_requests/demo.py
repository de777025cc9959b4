"""Bălți's report categories for the demo, routed to the demo departments, and its reports."""

from __future__ import annotations

from django.conf import settings

from smartcity.city.files import Problems
from smartcity.city.models import Department
from smartcity.service_requests import services
from smartcity.service_requests.category_files import categories_read


def categories_load() -> None:
    """Bălți's categories and their extra questions from its categories.json (the file
    `smartcity city_load` reads, SMARTCITY_CITY_DIR), onto the departments already
    loaded (idempotent)."""
    problems = Problems()
    departments = Department.objects.values_list("slug", flat=True)
    categories = categories_read(settings.SMARTCITY_CITY_DIR, problems, departments)
    problems.raise_any()
    services.categories_save(categories=categories)


def sample_requests_load(*, seed: int, progress=print) -> int:  # noqa: ANN001
    """Demo reports with their history; see `history.py` for the generator."""
    from smartcity.service_requests import history

    return history.history_load(seed=seed, progress=progress)
