"""Events and the directory of organisations in the open data catalogue."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from smartcity.collaboration import selectors
from smartcity.opendata.registry import CC_BY_4, ODBL, Column, Dataset, dataset_register


def _events_modified() -> datetime.datetime | None:
    span = selectors.events_span()
    return span[1] if span else None


dataset_register(
    Dataset(
        slug="events",
        title=_("Events of the partnership"),
        description=_(
            "Workshops, hackathons, study visits, public consultations and information "
            "sessions of the city hall and its partners: what, when and where, with a link "
            "to register. No participant is listed."
        ),
        themes=("GOVE", "SOCI"),
        keywords=(_("events"), _("public consultation"), _("collaboration")),
        licence=CC_BY_4,
        frequency="UPDATE_CONT",
        columns=(
            Column("id", _("event"), "integer"),
            Column("title", _("title")),
            Column("kind", _("kind")),
            Column("starts_at", _("starts at"), "datetime"),
            Column("ends_at", _("ends at"), "datetime"),
            Column("place", _("place")),
            Column("online_url", _("online link")),
            Column("capacity", _("capacity"), "integer"),
            Column("url", _("page")),
        ),
        rows=selectors.events_for_open_data,
        count=selectors.events_count,
        modified=_events_modified,
        temporal=selectors.events_span,
        app_label="collaboration",
    )
)

dataset_register(
    Dataset(
        slug="organisations",
        title=_("Organisations of the innovation ecosystem"),
        description=_(
            "Businesses, schools and universities, associations and public authorities "
            "working with the city hall: kind, sector, size, website and location (often "
            "approximate). Contact emails and phones are left out."
        ),
        themes=("ECON", "TECH"),
        keywords=(_("organisations"), _("ecosystem"), _("innovation")),
        licence=ODBL,
        frequency="UPDATE_CONT",
        columns=(
            Column("id", _("organisation"), "integer"),
            Column("name", _("name")),
            Column("kind", _("kind")),
            Column("sector", _("sector")),
            Column("size", _("size")),
            Column("website", _("website")),
            Column("address", _("address")),
            Column("latitude", _("latitude"), "number"),
            Column("longitude", _("longitude"), "number"),
            Column("location_is_approximate", _("approximate location"), "boolean"),
            Column("center_relation", _("relation to the center")),
        ),
        rows=selectors.organisations_for_open_data,
        count=selectors.organisations_count,
        located=True,
        app_label="collaboration",
    )
)
