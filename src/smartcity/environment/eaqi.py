"""The European Air Quality Index (EEA): six levels from the worst of four pollutants.

Bands in µg/m³ as the European Environment Agency publishes them (2021 revision); an
hour's index uses the hourly mean of NO₂ and O₃ and the 24-hour running mean of PM2.5
and PM10, and is the worst level among the pollutants measured.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Upper bounds of levels 1–5; anything above the fifth is level 6.
BANDS: dict[str, tuple[float, float, float, float, float]] = {
    "pm25": (10, 20, 25, 50, 75),
    "pm10": (20, 40, 50, 100, 150),
    "no2": (40, 90, 120, 230, 340),
    "o3": (50, 100, 130, 240, 380),
}
RUNNING_24H = ("pm25", "pm10")
LEVELS = {
    1: _("Good"),
    2: _("Fair"),
    3: _("Moderate"),
    4: _("Poor"),
    5: _("Very poor"),
    6: _("Extremely poor"),
}
ADVICE = {
    1: _("The air quality is good. Enjoy your usual outdoor activities."),
    2: _("Enjoy your usual outdoor activities."),
    3: _("Sensitive people should consider reducing intense outdoor activities."),
    4: _("With symptoms such as sore eyes or a cough, reduce intense outdoor activities."),
    5: _("Reduce physical activities outdoors, especially if you have symptoms."),
    6: _("Avoid physical activities outdoors."),
}


def pollutant_level(pollutant: str, concentration: float) -> int:
    for level, upper in enumerate(BANDS[pollutant], start=1):
        if concentration <= upper:
            return level
    return 6


@dataclass(frozen=True)
class Index:
    level: int
    pollutant: str  # the one that sets the level

    @property
    def label(self) -> str:
        return str(LEVELS[self.level])

    @property
    def advice(self) -> str:
        return str(ADVICE[self.level])


def index_of(concentrations: dict[str, float]) -> Index | None:
    """The index of one hour from the concentrations to use (see the module's note)."""
    levels = [(pollutant_level(p, value), p) for p, value in concentrations.items() if p in BANDS]
    if not levels:
        return None
    level, pollutant = max(levels)
    return Index(level, pollutant)
