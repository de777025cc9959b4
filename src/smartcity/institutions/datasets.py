"""The institutions and the kindergarten places in the open data catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from smartcity.institutions import selectors
from smartcity.opendata.registry import CC_BY_4, Column, Dataset, dataset_register

dataset_register(
    Dataset(
        slug="education-culture-institutions",
        title=_("Educational and cultural institutions"),
        description=_(
            "The city's schools, kindergartens, art schools, libraries, museums, theatres "
            "and culture houses: kind, name in Romanian, Russian and English, address, "
            "position, public contacts, opening hours (OpenStreetMap opening_hours), "
            "languages of instruction and the responsible department. Demo rows are "
            "marked illustrative, approximate positions as approximate."
        ),
        themes=("EDUC", "REGI"),
        keywords=(_("schools"), _("kindergartens"), _("libraries"), _("museums"), _("culture")),
        licence=CC_BY_4,
        frequency="IRREG",
        columns=(
            Column("id", _("institution"), "integer"),
            Column("kind", _("kind")),
            Column("sector", _("sector")),
            Column("name_ro", _("name (Romanian)")),
            Column("name_ru", _("name (Russian)")),
            Column("name_en", _("name (English)")),
            Column("address", _("address")),
            Column("district", _("district")),
            Column("phone", _("phone")),
            Column("email", _("email")),
            Column("website", _("website")),
            Column("languages", _("languages of instruction")),
            Column("opening_hours", _("opening hours")),
            Column("department", _("responsible department")),
            Column("latitude", _("latitude"), "number"),
            Column("longitude", _("longitude"), "number"),
            Column("location_approximate", _("approximate position"), "boolean"),
            Column("illustrative", _("illustrative (demo) data"), "boolean"),
            Column("url", _("page")),
        ),
        rows=selectors.institutions_for_open_data,
        count=selectors.institutions_count,
        located=True,
        modified=selectors.institutions_latest_change,
        app_label="institutions",
    )
)

dataset_register(
    Dataset(
        slug="kindergarten-places",
        title=_("Kindergarten places per district"),
        description=_(
            "For each district and period: the places in its kindergartens, the children "
            "enrolled, the waiting list and the free places, with where and when the city "
            "published the figures."
        ),
        themes=("EDUC", "SOCI"),
        keywords=(_("kindergartens"), _("places"), _("waiting list")),
        licence=CC_BY_4,
        frequency="IRREG",
        columns=(
            Column("period", _("period")),
            Column("district", _("district")),
            Column("district_name", _("district name")),
            Column("capacity", _("capacity"), "integer"),
            Column("enrolled", _("enrolled"), "integer"),
            Column("waiting_list", _("waiting list"), "integer"),
            Column("free_places", _("free places"), "integer"),
            Column("source", _("source")),
            Column("published_on", _("published on")),
            Column("illustrative", _("illustrative (demo) data"), "boolean"),
        ),
        rows=selectors.places_for_open_data,
        count=selectors.places_count,
        modified=selectors.places_latest_change,
        app_label="institutions",
    )
)
