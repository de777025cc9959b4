"""The outages of water, sewage, heating and electricity in the open data catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from smartcity.housing import selectors
from smartcity.opendata.registry import CC_BY_4, Column, Dataset, dataset_register

dataset_register(
    Dataset(
        slug="utility-outages",
        title=_("Outages of water, sewage, heating and electricity"),
        description=_(
            "Every planned and emergency outage the providers announced: the service, "
            "the provider, the street and house numbers or the buildings reached, the "
            "start, the expected and the actual end, and the reason."
        ),
        themes=("ENER", "REGI"),
        keywords=(_("outages"), _("water"), _("heating"), _("electricity"), _("housing")),
        licence=CC_BY_4,
        frequency="UPDATE_CONT",
        columns=(
            Column("id", _("outage"), "integer"),
            Column("service", _("service")),
            Column("kind", _("kind")),
            Column("provider", _("provider")),
            Column("street", _("street")),
            Column("number_from", _("from number"), "integer"),
            Column("number_to", _("to number"), "integer"),
            Column("buildings", _("buildings")),
            Column("starts_at", _("start"), "datetime"),
            Column("expected_end_at", _("expected end"), "datetime"),
            Column("ended_at", _("actual end"), "datetime"),
            Column("reason", _("reason")),
            Column("latitude", _("latitude"), "number"),
            Column("longitude", _("longitude"), "number"),
        ),
        rows=selectors.outages_for_open_data,
        count=selectors.outages_count,
        located=True,
        modified=selectors.outage_latest_change,
        app_label="housing",
    )
)
