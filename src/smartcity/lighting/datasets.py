"""Street lights and their live state in the open data catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from smartcity.devices.selectors import latest_observation
from smartcity.lighting import selectors
from smartcity.opendata.registry import CC_BY_4, Column, Dataset, dataset_register

dataset_register(
    Dataset(
        slug="street-lights",
        title=_("Street lights and their state"),
        description=_(
            "Every street light of the city with its position, whether it is remotely "
            "managed, and its state as last reported: on, dimmed, off, faulty, without "
            "remote control or not reported yet, with its dimming level and power."
        ),
        themes=("ENER", "REGI"),
        keywords=(_("street lighting"), _("energy"), _("ISO 37122")),
        licence=CC_BY_4,
        frequency="UPDATE_CONT",
        columns=(
            Column("id", _("light")),
            Column("district", _("district")),
            Column("address", _("address")),
            Column("latitude", _("latitude"), "number"),
            Column("longitude", _("longitude"), "number"),
            Column("remotely_managed", _("remotely managed"), "boolean"),
            Column("state", _("state")),
            Column("dimming_percent", _("light level (%)"), "integer"),
            Column("power_w", _("power (W)"), "number"),
            Column("observed_at", _("last reported"), "datetime"),
        ),
        rows=selectors.lights_for_open_data,
        count=selectors.lights_count,
        paged=True,
        located=True,
        modified=lambda: latest_observation("StreetLight"),
        app_label="lighting",
    )
)
