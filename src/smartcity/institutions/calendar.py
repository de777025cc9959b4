"""The public calendar's filters "education" and "culture": the events module offers
them (`?only=education`) without knowing about institutions."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext_lazy as _

from smartcity.collaboration.selectors import calendar_filter_register
from smartcity.institutions import selectors
from smartcity.institutions.models import Sector

calendar_filter_register(
    Sector.EDUCATION.value,
    label=_("Schools and kindergartens"),
    event_ids=partial(selectors.event_ids_of_sector, Sector.EDUCATION),
)
calendar_filter_register(
    Sector.CULTURE.value,
    label=_("Culture: libraries, museums, theatres"),
    event_ids=partial(selectors.event_ids_of_sector, Sector.CULTURE),
)
