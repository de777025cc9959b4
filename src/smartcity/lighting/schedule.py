"""Dimming schedules worked out for a night in Bălți from a profile's steps."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from smartcity.lighting.models import DimmingProfile
from smartcity.lighting.sun import ZONE, sun_times

CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def steps_validate(steps: object) -> list[dict]:
    """The steps of a profile, checked; ValidationError says what is wrong."""
    if not isinstance(steps, list) or not steps:
        raise ValidationError(_("A profile needs at least one step."))
    for step in steps:
        at = step.get("at") if isinstance(step, dict) else None
        if at not in ("sunset", "sunrise") and not (isinstance(at, str) and CLOCK.match(at)):
            raise ValidationError(_("Each step starts at sunset, sunrise or a time such as 23:30."))
        level = step.get("level")
        if isinstance(level, bool) or not isinstance(level, int | float) or not 0 <= level <= 1:
            raise ValidationError(_("Each step's level is between 0 and 1."))
        offset = step.get("offset", 0)
        if isinstance(offset, bool) or not isinstance(offset, int) or abs(offset) > 180:
            raise ValidationError(_("An offset is a whole number of minutes, at most 180."))
    return steps


def night_schedule(
    steps: list[dict], night: datetime.date
) -> list[tuple[datetime.datetime, float]]:
    """(local time, level) changes from the sunset of `night` to the next sunrise."""
    _rise, sunset = sun_times(night)
    sunrise, _set = sun_times(night + datetime.timedelta(days=1))
    changes = []
    for step in steps:
        at = step["at"]
        if at == "sunset":
            moment = sunset
        elif at == "sunrise":
            moment = sunrise
        else:
            hour, minute = map(int, at.split(":"))
            day = night if hour >= 12 else night + datetime.timedelta(days=1)
            moment = datetime.datetime.combine(day, datetime.time(hour, minute), ZONE)
        moment += datetime.timedelta(minutes=step.get("offset", 0))
        changes.append((moment, float(step["level"])))
    changes.sort(key=lambda change: change[0])
    return changes


def profile_for(district_id: int | None) -> DimmingProfile | None:
    matching = Q(district__isnull=True) | Q(district_id=district_id)
    profiles = {p.district_id: p for p in DimmingProfile.objects.filter(matching)}
    return profiles.get(district_id) or profiles.get(None)


def level_at(steps: list[dict], moment: datetime.datetime) -> float:
    """The scheduled light level at a moment (0 in daylight)."""
    local = moment.astimezone(ZONE)
    night = local.date() if local.hour >= 12 else local.date() - datetime.timedelta(days=1)
    level = 0.0
    for when, step_level in night_schedule(steps, night):
        if when > local:
            break
        level = step_level
    return level
