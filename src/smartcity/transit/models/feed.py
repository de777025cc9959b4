"""The city's GTFS static feed, one table per GTFS file, with GTFS field semantics.

Identifiers from the feed are kept in `gtfs_id` (unique); database keys are our own.
Times of day are GTFS service times: whole seconds since "noon minus 12h" of the service
date, so they may pass 24:00:00 (a trip leaving at 25:10 runs after midnight) and stay
correct on the days clocks change.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RouteType(models.IntegerChoices):
    """GTFS route_type (the basic values)."""

    TRAM = 0, _("Tram")
    SUBWAY = 1, _("Metro")
    RAIL = 2, _("Rail")
    BUS = 3, _("Bus")
    FERRY = 4, _("Ferry")
    CABLE_TRAM = 5, _("Cable tram")
    AERIAL_LIFT = 6, _("Aerial lift")
    FUNICULAR = 7, _("Funicular")
    TROLLEYBUS = 11, _("Trolleybus")
    MONORAIL = 12, _("Monorail")


class LocationType(models.IntegerChoices):
    """GTFS stops.txt location_type."""

    STOP = 0, _("Stop or platform")
    STATION = 1, _("Station")
    ENTRANCE = 2, _("Entrance or exit")
    GENERIC_NODE = 3, _("Generic node")
    BOARDING_AREA = 4, _("Boarding area")


class Accessibility(models.IntegerChoices):
    """GTFS wheelchair_boarding / wheelchair_accessible / bikes_allowed (0, 1, 2)."""

    UNKNOWN = 0, _("No information")
    YES = 1, _("Yes")
    NO = 2, _("No")


class PickupDropOff(models.IntegerChoices):
    """GTFS stop_times.txt pickup_type / drop_off_type."""

    REGULAR = 0, _("Regular")
    NONE = 1, _("Not available")
    PHONE = 2, _("Phone the agency")
    DRIVER = 3, _("Ask the driver")


class Agency(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    gtfs_id = models.CharField(_("GTFS agency_id"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"))
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Chisinau")
    lang = models.CharField(_("language"), max_length=16, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    fare_url = models.URLField(_("fares page"), blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("transport operator")
        verbose_name_plural = _("transport operators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Route(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    gtfs_id = models.CharField(_("GTFS route_id"), max_length=100, unique=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="routes"
    )
    short_name = models.CharField(_("number"), max_length=50, blank=True)
    long_name = models.CharField(_("name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    route_type = models.PositiveSmallIntegerField(_("type"), choices=RouteType.choices)
    url = models.URLField(_("web page"), blank=True)
    color = models.CharField(_("colour"), max_length=6, blank=True)
    text_color = models.CharField(_("text colour"), max_length=6, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), null=True, blank=True)

    class Meta:
        verbose_name = _("line")
        verbose_name_plural = _("lines")
        ordering = ["sort_order", "route_type", "short_name"]

    def __str__(self) -> str:
        return " ".join(part for part in (self.short_name, self.long_name) if part)


class Stop(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    gtfs_id = models.CharField(_("GTFS stop_id"), max_length=100, unique=True)
    code = models.CharField(_("stop code"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    zone_id = models.CharField(_("fare zone"), max_length=100, blank=True)
    url = models.URLField(_("web page"), blank=True)
    location_type = models.PositiveSmallIntegerField(
        _("location type"), choices=LocationType.choices, default=LocationType.STOP
    )
    parent_station = models.ForeignKey(
        "self",
        verbose_name=_("station"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    wheelchair_boarding = models.PositiveSmallIntegerField(
        _("wheelchair boarding"), choices=Accessibility.choices, default=Accessibility.UNKNOWN
    )
    platform_code = models.CharField(_("platform"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["name", "gtfs_id"]

    def __str__(self) -> str:
        return self.name or self.gtfs_id


class Shape(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    gtfs_id = models.CharField(_("GTFS shape_id"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("shape")
        verbose_name_plural = _("shapes")
        ordering = ["gtfs_id"]

    def __str__(self) -> str:
        return self.gtfs_id


class ShapePoint(models.Model):
    shape = models.ForeignKey(
        Shape, verbose_name=_("shape"), on_delete=models.CASCADE, related_name="points"
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    # Metres along the shape in the feed's own unit (ours: metres); null when not given.
    dist_traveled = models.FloatField(_("distance travelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("shape point")
        verbose_name_plural = _("shape points")
        ordering = ["shape", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["shape", "sequence"], name="transit_shape_point_once")
        ]


class Service(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """A service_id: the days a set of trips runs (calendar.txt and calendar_dates.txt).

    `start_date` is null when the feed had no calendar.txt row for the service, so only
    its calendar_dates define it.
    """

    gtfs_id = models.CharField(_("GTFS service_id"), max_length=100, unique=True)
    monday = models.BooleanField(_("Monday"), default=False)
    tuesday = models.BooleanField(_("Tuesday"), default=False)
    wednesday = models.BooleanField(_("Wednesday"), default=False)
    thursday = models.BooleanField(_("Thursday"), default=False)
    friday = models.BooleanField(_("Friday"), default=False)
    saturday = models.BooleanField(_("Saturday"), default=False)
    sunday = models.BooleanField(_("Sunday"), default=False)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("service calendar")
        verbose_name_plural = _("service calendars")
        ordering = ["gtfs_id"]

    def __str__(self) -> str:
        return self.gtfs_id


class CalendarDate(models.Model):
    class ExceptionType(models.IntegerChoices):
        ADDED = 1, _("Service added")
        REMOVED = 2, _("Service removed")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="dates"
    )
    date = models.DateField(_("date"))
    exception_type = models.PositiveSmallIntegerField(_("exception"), choices=ExceptionType.choices)

    class Meta:
        verbose_name = _("service exception")
        verbose_name_plural = _("service exceptions")
        ordering = ["service", "date"]
        constraints = [
            models.UniqueConstraint(fields=["service", "date"], name="transit_calendar_date_once")
        ]


class Trip(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    gtfs_id = models.CharField(_("GTFS trip_id"), max_length=100, unique=True)
    route = models.ForeignKey(
        Route, verbose_name=_("line"), on_delete=models.CASCADE, related_name="trips"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="trips"
    )
    headsign = models.CharField(_("destination"), max_length=255, blank=True)
    short_name = models.CharField(_("trip number"), max_length=50, blank=True)
    direction_id = models.PositiveSmallIntegerField(_("direction"), null=True, blank=True)
    block_id = models.CharField(_("block"), max_length=100, blank=True)
    shape = models.ForeignKey(
        Shape,
        verbose_name=_("shape"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trips",
    )
    wheelchair_accessible = models.PositiveSmallIntegerField(
        _("wheelchair accessible"), choices=Accessibility.choices, default=Accessibility.UNKNOWN
    )
    bikes_allowed = models.PositiveSmallIntegerField(
        _("bicycles allowed"), choices=Accessibility.choices, default=Accessibility.UNKNOWN
    )

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["route", "direction_id", "gtfs_id"]
        indexes = [models.Index(fields=["route", "service"], name="transit_trip_route_service")]

    def __str__(self) -> str:
        return self.gtfs_id


class StopTime(models.Model):
    """A trip's call at a stop; for a frequency-based trip the times are a template
    (offsets from its first departure count, not the absolute times)."""

    trip = models.ForeignKey(
        Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="stop_times"
    )
    stop_sequence = models.PositiveIntegerField(_("sequence"))
    stop = models.ForeignKey(
        Stop, verbose_name=_("stop"), on_delete=models.CASCADE, related_name="stop_times"
    )
    # GTFS service seconds (may exceed 86,400); null for untimed intermediate stops.
    arrival_time = models.PositiveIntegerField(_("arrival"), null=True, blank=True)
    departure_time = models.PositiveIntegerField(_("departure"), null=True, blank=True)
    stop_headsign = models.CharField(_("destination shown"), max_length=255, blank=True)
    pickup_type = models.PositiveSmallIntegerField(
        _("boarding"), choices=PickupDropOff.choices, default=PickupDropOff.REGULAR
    )
    drop_off_type = models.PositiveSmallIntegerField(
        _("alighting"), choices=PickupDropOff.choices, default=PickupDropOff.REGULAR
    )
    shape_dist_traveled = models.FloatField(_("distance along the shape"), null=True, blank=True)
    timepoint = models.BooleanField(_("exact time"), default=True)

    class Meta:
        verbose_name = _("stop time")
        verbose_name_plural = _("stop times")
        ordering = ["trip", "stop_sequence"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "stop_sequence"], name="transit_stop_time_once")
        ]
        indexes = [models.Index(fields=["stop", "trip"], name="transit_stop_time_stop")]


class Frequency(models.Model):
    """frequencies.txt: the trip's template repeats every `headway_secs` from
    `start_time` (inclusive) to `end_time` (exclusive), in service seconds."""

    trip = models.ForeignKey(
        Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="frequencies"
    )
    start_time = models.PositiveIntegerField(_("from"))
    end_time = models.PositiveIntegerField(_("until"))
    headway_secs = models.PositiveIntegerField(_("interval (seconds)"))
    # True: departures at exactly start + k·headway (schedule-based); False: only the
    # interval is kept (frequency-based, GTFS exact_times=0).
    exact_times = models.BooleanField(_("exact times"), default=False)

    class Meta:
        verbose_name = _("interval service")
        verbose_name_plural = _("interval services")
        ordering = ["trip", "start_time"]


class FeedInfo(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """feed_info.txt of the current feed, plus where it came from (one row at most)."""

    publisher_name = models.CharField(_("publisher"), max_length=200)
    publisher_url = models.URLField(_("publisher's website"))
    lang = models.CharField(_("language"), max_length=16)
    default_lang = models.CharField(_("default language"), max_length=16, blank=True)
    start_date = models.DateField(_("valid from"), null=True, blank=True)
    end_date = models.DateField(_("valid until"), null=True, blank=True)
    version = models.CharField(_("version"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_url = models.URLField(_("contact page"), blank=True)
    # Illustrative feeds (the demo) say so on every page showing their data.
    is_illustrative = models.BooleanField(_("illustrative data"), default=False)
    notice = models.TextField(_("notice"), blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("feed information")
        verbose_name_plural = _("feed information")

    def __str__(self) -> str:
        return f"{self.publisher_name} {self.version}".strip()
