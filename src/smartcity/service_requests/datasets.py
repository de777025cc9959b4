"""The reports of problems, anonymised, in the open data catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from smartcity.opendata.registry import CC_BY_4, Column, Dataset, dataset_register
from smartcity.service_requests import selectors


def _modified():  # noqa: ANN202
    span = selectors.open_data_span()
    return span[1] if span else None


dataset_register(
    Dataset(
        slug="service-requests",
        title=_("Reports of problems in the city"),
        description=_(
            "Every public report of a problem (street lights, roads, waste, heating…) with "
            "its category, status, district, department and times. Anonymised: no "
            "description, address or details of the reporter, and positions rounded to "
            "about 100 m."
        ),
        themes=("GOVE", "REGI"),
        keywords=(_("service requests"), _("Open311"), _("city maintenance")),
        licence=CC_BY_4,
        frequency="UPDATE_CONT",
        columns=(
            Column("service_code", _("category code")),
            Column("category", _("category")),
            Column("status", _("status")),
            Column("closure_reason", _("closure reason")),
            Column("district", _("district")),
            Column("department", _("department")),
            Column("source", _("source")),
            Column("latitude", _("latitude (rounded)"), "number"),
            Column("longitude", _("longitude (rounded)"), "number"),
            Column("requested_at", _("reported at"), "datetime"),
            Column("closed_at", _("closed at"), "datetime"),
        ),
        rows=selectors.requests_for_open_data,
        count=selectors.open_data_count,
        paged=True,
        located=True,
        modified=_modified,
        temporal=selectors.open_data_span,
        app_label="service_requests",
    )
)
