"""How many applications and petitions each department answered in term, as open data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from smartcity.opendata.registry import CC_BY_4, Column, Dataset, dataset_register
from smartcity.public_services import selectors

dataset_register(
    Dataset(
        slug="applications-answered-in-term",
        title=_("Applications and petitions answered in term"),
        description=_(
            "Per department of the city hall and overall (department “*”): how many "
            "applications for services and petitions were answered, and how many of them "
            "by their deadline under the Administrative Code (as extended). No applicant "
            "is named."
        ),
        themes=("GOVE",),
        keywords=(_("applications"), _("petitions"), _("public services")),
        licence=CC_BY_4,
        frequency="DAILY",
        columns=(
            Column("department", _("department")),
            Column("answered", _("answered"), "integer"),
            Column("answered_in_term", _("answered in term"), "integer"),
            Column("rate_percent", _("rate (%)"), "number"),
        ),
        rows=selectors.term_rates_for_open_data,
        count=selectors.term_rates_count,
        modified=selectors.answer_latest,
        app_label="public_services",
    )
)
