"""Demo devices of Bălți: street lights along the main streets, their control cabinets,
air-quality stations, the alert rules that watch them, and a few weeks of history.

Everything here is illustrative: the street axes are hand-drawn approximations
(data/street_axes.csv), the stations are placed at district centres. Deterministic for
a seed.
"""

from __future__ import annotations

import csv
import datetime
import math
import random
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from shapely.geometry import shape

from smartcity.city.models import Department, District
from smartcity.city.selectors import locator
from smartcity.devices import storage
from smartcity.devices.ingest import directory, quantity_value, token_hash
from smartcity.devices.models import AlertRule, Device, Gateway
from smartcity.devices.selectors import distance_m
from smartcity.devices.types import DEVICE_TYPES
from smartcity.service_requests.models import ServiceCategory
from smartcity.simulation.model import CityModel

AXES = Path(__file__).parent / "data" / "street_axes.csv"
SPACING_M = 25.0  # between poles on one side of the street
SIDE_OFFSET_M = 12.0  # from the axis to each row of poles
LIGHTS_PER_CABINET = 60
SIMULATOR = "Simulator demo"


def _axes() -> list[tuple[str, list[tuple[float, float]]]]:
    with AXES.open(encoding="utf-8") as handle:
        return [
            (row["name"], [_point(p) for p in row["points"].split(";")])
            for row in csv.DictReader(handle)
        ]


def _point(text: str) -> tuple[float, float]:
    """A "latitude longitude" pair of the axes file."""
    latitude, longitude = text.split()
    return float(latitude), float(longitude)


def _along(points: list[tuple[float, float]], spacing: float, offset: float):  # noqa: ANN202
    """Points every `spacing` metres along a polyline, `offset` metres to its right."""
    for (lat1, lon1), (lat2, lon2) in zip(points, points[1:], strict=False):
        length = distance_m(lat1, lon1, lat2, lon2)
        steps = max(int(length // spacing), 1)
        metres_per_lat = 111_320.0
        metres_per_lon = 111_320.0 * math.cos(math.radians(lat1))
        dy, dx = (lat2 - lat1) * metres_per_lat, (lon2 - lon1) * metres_per_lon
        norm = math.hypot(dx, dy) or 1.0
        # The right-hand normal of the segment, in metres, back to degrees.
        ny, nx = -dx / norm * offset, dy / norm * offset
        for step in range(steps):
            t = step / steps
            yield (
                lat1 + (lat2 - lat1) * t + ny / metres_per_lat,
                lon1 + (lon2 - lon1) * t + nx / metres_per_lon,
            )


def _new(ref, kind, lat, lon, place, department, gateway, **fields) -> Device:  # noqa: ANN001
    return Device(
        ref=ref,
        device_type=kind,
        latitude=round(lat, 6),
        longitude=round(lon, 6),
        district=place.district,
        department=department,
        gateway=gateway,
        **fields,
    )


def _light(
    number: int, lat: float, lon: float, place, cabinet: str, street: str, context
) -> Device:  # noqa: ANN001
    rng, lighting, gateway = context
    # Most lamps were replaced by dimmable LEDs with controllers; some old sodium
    # lamps on the outskirts still burn on a photocell alone.
    led = rng.random() < 0.82
    attributes = {
        "lampPower": rng.choice((60, 80, 100)) if led else 150,
        "lampTechnology": "LED" if led else "HPS",
        "refStreetlightControlCabinet": f"urn:ngsi-ld:StreetlightControlCabinet:{cabinet}",
    }
    return _new(
        f"SL-{number:05d}",
        "StreetLight",
        lat,
        lon,
        place,
        lighting,
        gateway,
        address=street,
        is_connected=led,
        attributes=attributes,
    )


def lights_and_cabinets(rng: random.Random, gateway: Gateway) -> list[Device]:
    locate = locator()
    lighting = Department.objects.filter(slug="iluminat").first()
    context = (rng, lighting, gateway)
    devices: list[Device] = []
    lights = cabinets = 0
    for street, points in _axes():
        poles = [p for side in (1, -1) for p in _along(points, SPACING_M, side * SIDE_OFFSET_M)]
        for start in range(0, len(poles), LIGHTS_PER_CABINET):
            group = [
                (lat, lon, locate(lat, lon))
                for lat, lon in poles[start : start + LIGHTS_PER_CABINET]
            ]
            group = [(lat, lon, place) for lat, lon, place in group if place.inside_city]
            if not group:
                continue
            cabinets += 1
            cabinet = f"CAB-{cabinets:03d}"
            lat, lon, place = group[len(group) // 2]
            devices.append(
                _new(
                    cabinet,
                    "StreetlightControlCabinet",
                    lat,
                    lon,
                    place,
                    lighting,
                    gateway,
                    name=f"Cutie de comandă {street}",
                    address=street,
                )
            )
            for lat, lon, place in group:
                lights += 1
                devices.append(_light(lights, lat, lon, place, cabinet, street, context))
    return devices


def air_stations(gateway: Gateway) -> list[Device]:
    locate = locator()
    stations = []
    for number, district in enumerate(District.objects.all(), start=1):
        centre = shape(district.boundary).representative_point()
        place = locate(centre.y, centre.x)
        stations.append(
            _new(
                f"AQ-{number:02d}",
                "AirQualityObserved",
                centre.y,
                centre.x,
                place,
                None,
                gateway,
                name=f"Stația de calitate a aerului {district.name}",
            )
        )
    return stations


def rules_load() -> None:
    """The alert rules a city would start with; staff change them in the back office."""
    out = ServiceCategory.objects.filter(code="street-light-out").first()
    by_day = ServiceCategory.objects.filter(code="street-light-day").first()
    rules: list[dict[str, Any]] = [
        dict(
            name="Felinar raportat defect de controler",
            kind="threshold",
            device_type="StreetLight",
            quantity="status",
            operator="!=",
            threshold=0,
            severity="warning",
            creates_service_request=out is not None,
            service_category=out,
        ),
        dict(
            name="Felinar stins noaptea",
            kind="check",
            device_type="StreetLight",
            check_code="lamp_off_at_night",
            creates_service_request=out is not None,
            service_category=out,
        ),
        dict(
            name="Felinar aprins ziua",
            kind="check",
            device_type="StreetLight",
            check_code="lamp_on_by_day",
            creates_service_request=by_day is not None,
            service_category=by_day,
        ),
        dict(
            name="Putere anormală a felinarului",
            kind="check",
            device_type="StreetLight",
            check_code="lamp_power_out_of_range",
            severity="info",
        ),
        dict(
            name="Controler de felinar fără date",
            kind="silence",
            device_type="StreetLight",
            minutes=30,
        ),
        dict(
            name="PM10 peste 50 µg/m³",
            kind="threshold",
            device_type="AirQualityObserved",
            quantity="pm10",
            operator=">",
            threshold=50,
        ),
        dict(
            name="PM2.5 peste 25 µg/m³",
            kind="threshold",
            device_type="AirQualityObserved",
            quantity="pm25",
            operator=">",
            threshold=25,
        ),
        dict(
            name="NO₂ peste 200 µg/m³",
            kind="threshold",
            device_type="AirQualityObserved",
            quantity="no2",
            operator=">",
            threshold=200,
            severity="critical",
        ),
        dict(
            name="Stație de aer fără date",
            kind="silence",
            device_type="AirQualityObserved",
            minutes=90,
        ),
        dict(
            name="Indicele calității aerului: slab sau mai rău",
            kind="check",
            device_type="AirQualityObserved",
            check_code="air_quality_poor",
        ),
    ]
    for fields in rules:
        AlertRule.objects.get_or_create(name=fields.pop("name"), defaults=fields)


def _stored(device: Device, quantity: str, value: object) -> float:
    return quantity_value(DEVICE_TYPES[device.device_type].quantities[quantity], value)


def history_load(
    devices: list[Device], *, hours: dict[str, int], seed: int, progress: Callable[[str], None]
) -> None:
    """Hourly readings of the last hours (per device type) from the simulator's model."""
    model = CityModel(seed=seed)
    model.devices_add(devices)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    longest = max(hours.values())
    for hour in range(longest, 0, -1):
        moment = now - datetime.timedelta(hours=hour)
        types = {kind for kind, span in hours.items() if hour <= span}
        rows = [
            storage.Row(device.pk, quantity, moment, _stored(device, quantity, value))
            for device, values in model.readings(moment, hourly=True, types=types)
            for quantity, value in values.items()
        ]
        with transaction.atomic():
            storage.rows_store(rows)
        if hour % 168 == 0 and hour != longest:
            progress(f"  … {(longest - hour) // 24} of {longest // 24} days")


def simulator_gateway() -> Gateway:
    """The gateway the demo devices report through (the simulator holds its token)."""
    return Gateway.objects.get(name=SIMULATOR)


def simulator_token_reset() -> str:
    """A fresh token for the simulator's gateway (the old one stops working)."""
    token = secrets.token_urlsafe(32)
    Gateway.objects.filter(name=SIMULATOR).update(token_hash=token_hash(token))
    return token


def devices_load(
    *, seed: int = 2026, days: int = 21, progress: Callable[[str], None] = print
) -> None:
    """The demo devices, the rules that watch them, and `days` of history."""
    rng = random.Random(seed)
    gateway, _created = Gateway.objects.get_or_create(
        name=SIMULATOR, defaults={"token_hash": f"unset-{seed}", "writes_any_device": True}
    )
    with transaction.atomic():
        Device.objects.bulk_create(lights_and_cabinets(rng, gateway) + air_stations(gateway))
        rules_load()
    directory.clear()
    devices = list(Device.objects.filter(gateway=gateway))
    lights = sum(d.device_type == "StreetLight" for d in devices)
    progress(f"  {lights} street lights, {len(devices) - lights} cabinets and air stations")
    # Lamps only need their latest state; meters and stations a few weeks of history.
    spans = {
        "StreetLight": 1,
        "StreetlightControlCabinet": days * 24,
        "AirQualityObserved": days * 24,
    }
    history_load(devices, hours=spans, seed=seed, progress=progress)
