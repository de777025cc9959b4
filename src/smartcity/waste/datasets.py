"""Waste containers and their fill levels in the open data catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from smartcity.devices.selectors import latest_observation
from smartcity.opendata.registry import CC_BY_4, Column, Dataset, dataset_register
from smartcity.waste import selectors

dataset_register(
    Dataset(
        slug="waste-containers",
        title=_("Waste containers and their fill level"),
        description=_(
            "Every waste container with a sensor: position, address, capacity in litres "
            "and how full it was at its last reading (full to the brim is 100%)."
        ),
        themes=("ENVI", "REGI"),
        keywords=(_("waste"), _("containers"), _("sensors")),
        licence=CC_BY_4,
        frequency="UPDATE_CONT",
        columns=(
            Column("id", _("container")),
            Column("district", _("district")),
            Column("address", _("address")),
            Column("latitude", _("latitude"), "number"),
            Column("longitude", _("longitude"), "number"),
            Column("capacity_l", _("capacity (l)"), "number"),
            Column("fill_percent", _("fill level (%)"), "integer"),
            Column("observed_at", _("last reported"), "datetime"),
        ),
        rows=selectors.containers_for_open_data,
        count=selectors.containers_count,
        located=True,
        modified=lambda: latest_observation(selectors.CONTAINER),
        app_label="waste",
    )
)
