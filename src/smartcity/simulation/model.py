"""A model of Bălți's devices that says what each would report at a given moment.

Street lights follow the sun and their district's dimming profile, with a few faulty
lamps; cabinets meter their lamps; air quality follows traffic peaks, winter heating and
the odd pollution episode; containers fill and are emptied; water and heat meters follow
the day and the weather. Randomness is drawn from the seed, the device and the moment,
so the same inputs give the same readings.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import random
from collections import defaultdict

from smartcity.devices.models import Device, DeviceState
from smartcity.lighting.schedule import level_at, profile_for
from smartcity.lighting.sun import ZONE, sun_elevation

DEFAULT_STEPS = [
    {"at": "sunset", "level": 1.0},
    {"at": "sunrise", "level": 0.0},
]
# Mean air temperature in Bălți by month (°C), rounded climatology.
MONTHLY_TEMPERATURE = (-3.5, -2.0, 2.5, 9.5, 15.5, 19.0, 21.0, 20.5, 15.0, 9.0, 3.5, -1.0)


def _rng(*parts: object) -> random.Random:
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def _peak(hour: float, centre: float, width: float) -> float:
    return math.exp(-(((hour - centre) / width) ** 2))


def outdoor_temperature(moment: datetime.datetime, seed: int) -> float:
    local = moment.astimezone(ZONE)
    hour = local.hour + local.minute / 60
    day_noise = _rng(seed, "weather", local.date()).gauss(0, 2.5)
    return (
        MONTHLY_TEMPERATURE[local.month - 1]
        + 4.0 * math.cos((hour - 15) / 24 * 2 * math.pi)
        + day_noise
    )


class CityModel:
    def __init__(self, *, seed: int) -> None:
        self.seed = seed
        self.devices: list[Device] = []
        self.counters: dict[tuple[int, str], float] = {}
        self.levels: dict[tuple[int, str], float] = {}
        self.last: dict[int, datetime.datetime] = {}
        self.cabinet_lamps: dict[str, list[Device]] = defaultdict(list)
        self.steps: dict[int | None, list[dict]] = {}
        self._faults: dict[tuple[str, datetime.date], str] = {}
        self._levels: dict[tuple[int | None, datetime.datetime], float] = {}

    def devices_add(self, devices: list[Device]) -> None:
        """Take devices into the model, continuing their meters from the latest state."""
        self.devices += [d for d in devices if d.is_connected or d.device_type == "StreetLight"]
        states = DeviceState.objects.filter(device__in=devices)
        for device_id, quantity, value in states.values_list("device_id", "quantity", "value"):
            self.counters[(device_id, quantity)] = value
        for device in devices:
            cabinet = (device.attributes or {}).get("refStreetlightControlCabinet", "")
            if cabinet:
                self.cabinet_lamps[cabinet.rsplit(":", 1)[-1]].append(device)

    def _steps(self, district_id: int | None) -> list[dict]:
        if district_id not in self.steps:
            profile = profile_for(district_id)
            self.steps[district_id] = profile.steps if profile else DEFAULT_STEPS
        return self.steps[district_id]

    def _counter(self, device: Device, quantity: str, increment: float, start: float) -> float:
        key = (device.pk, quantity)
        value = self.counters.get(key, start) + max(increment, 0.0)
        self.counters[key] = value
        return round(value, 3)

    # --- street lights ----------------------------------------------------------

    def _lamp_fault(self, device: Device, moment: datetime.datetime) -> str:
        key = (device.ref, moment.astimezone(ZONE).date())
        if key not in self._faults:
            self._faults[key] = self._lamp_fault_draw(*key)
        return self._faults[key]

    def _lamp_fault_draw(self, ref: str, day: datetime.date) -> str:
        draw = _rng(self.seed, "fault", ref, day).random()
        if draw < 0.012:
            return "dark"
        if draw < 0.016:
            return "defective"
        if draw < 0.020:
            return "day"
        if draw < 0.024:
            return "power"
        return ""

    def lamp_power(
        self, device: Device, moment: datetime.datetime
    ) -> tuple[str, float, float, str]:
        """(powerState, level, watts, status) of a lamp at a moment."""
        key = (device.district_id, moment)
        if key not in self._levels:
            self._levels = {key: level_at(self._steps(device.district_id), moment)} | (
                self._levels if len(self._levels) < 100 else {}
            )
        level = self._levels[key]
        fault = self._lamp_fault(device, moment) if device.is_connected else ""
        status = "ok"
        if fault in ("dark", "defective"):
            level = 0.0
            status = "defectiveLamp" if fault == "defective" else "ok"
        elif fault == "day" and level == 0.0:
            level = 1.0
        rated = float((device.attributes or {}).get("lampPower", 100))
        watts = rated * level * _rng(self.seed, device.ref, moment).uniform(0.97, 1.03)
        if fault == "power" and level > 0:
            watts *= 2.0
        if level == 0.0:
            watts = 0.4  # the controller's own standby draw
        return ("on" if level > 0 else "off"), level, round(watts, 1), status

    def _street_light(self, device: Device, moment: datetime.datetime, _hours: float) -> dict:
        if not device.is_connected:
            return {}
        state, level, watts, status = self.lamp_power(device, moment)
        return {
            "powerState": state,
            "illuminanceLevel": round(level, 2),
            "activePower": watts,
            "status": status,
        }

    def _cabinet(self, device: Device, moment: datetime.datetime, hours: float) -> dict:
        lamps = self.cabinet_lamps.get(device.ref, [])
        kilowatts = sum(self.lamp_power(lamp, moment)[2] for lamp in lamps) / 1000
        return {
            "activePower": round(kilowatts, 3),
            "energyConsumed": self._counter(device, "energyConsumed", kilowatts * hours, 10_000.0),
            "voltage": round(_rng(self.seed, device.ref, moment).gauss(229, 2), 1),
        }

    # --- air --------------------------------------------------------------------

    def _air(self, device: Device, moment: datetime.datetime, _hours: float) -> dict:
        local = moment.astimezone(ZONE)
        hour = local.hour + local.minute / 60
        day = _rng(self.seed, "air-day", device.ref, local.date())
        noise = _rng(self.seed, device.ref, moment)
        traffic = _peak(hour, 8, 1.5) + 0.8 * _peak(hour, 18, 2)
        heating = 1.0 if local.month in (10, 11, 12, 1, 2, 3) else 0.0
        evening = _peak(hour, 21, 3)
        episode = 30.0 * _peak(hour, day.uniform(6, 22), 3) if day.random() < 0.15 else 0.0
        district_factor = 0.7 + 0.6 * _rng(self.seed, "district", device.district_id).random()
        pm25 = 6 + 12 * traffic * district_factor + 10 * heating * evening + episode
        pm25 *= noise.uniform(0.85, 1.15)
        no2 = (12 + 50 * traffic * district_factor) * noise.uniform(0.85, 1.15)
        sunlight = max(0.0, math.sin(math.radians(sun_elevation(moment))))
        o3 = max(4.0, 25 + 70 * sunlight - 0.3 * no2 + noise.gauss(0, 4))
        temperature = outdoor_temperature(moment, self.seed) + noise.gauss(0, 0.3)
        humidity = min(
            1.0,
            max(0.2, 0.8 - 0.25 * math.cos((hour - 15) / 24 * 2 * math.pi) + noise.gauss(0, 0.03)),
        )
        return {
            "pm25": round(pm25, 1),
            "pm10": round(pm25 * noise.uniform(1.4, 1.9), 1),
            "no2": round(no2, 1),
            "o3": round(o3, 1),
            "temperature": round(temperature, 1),
            "relativeHumidity": round(humidity, 2),
        }

    # --- waste and meters -------------------------------------------------------

    def _container(self, device: Device, moment: datetime.datetime, hours: float) -> dict:
        rate = 0.04 + 0.2 * _rng(self.seed, "fill-rate", device.ref).random()  # per day
        key = (device.pk, "fillingLevel")
        level = self.counters.get(key, _rng(self.seed, "fill", device.ref).uniform(0.05, 0.6))
        local = moment.astimezone(ZONE)
        emptied = (
            level > 0.75
            and 7 <= local.hour <= 11
            and _rng(self.seed, device.ref, local.date()).random() < 0.6
        )
        level = 0.03 if emptied else min(1.3, level + rate * hours / 24)
        self.counters[key] = level
        return {
            "fillingLevel": round(level, 3),
            "temperature": round(outdoor_temperature(moment, self.seed) + 2, 1),
        }

    def _water(self, device: Device, moment: datetime.datetime, hours: float) -> dict:
        local = moment.astimezone(ZONE)
        hour = local.hour + local.minute / 60
        homes = float((device.attributes or {}).get("apartments", 60))
        profile = 0.15 + _peak(hour, 7.5, 1.5) + 0.9 * _peak(hour, 20, 2)
        leak = 0.4 if _rng(self.seed, "leak", device.ref).random() < 0.05 else 0.0
        flow = (
            homes * 0.012 * profile * _rng(self.seed, device.ref, moment).uniform(0.8, 1.2) + leak
        )
        return {
            "flow": round(flow, 3),
            "consumption": self._counter(device, "consumption", flow * hours, 1_000.0),
        }

    def _heat(self, device: Device, moment: datetime.datetime, hours: float) -> dict:
        homes = float((device.attributes or {}).get("apartments", 60))
        outside = outdoor_temperature(moment, self.seed)
        demand = max(0.0, (18 - outside) / 20)
        if _rng(self.seed, "heat-waste", device.ref).random() < 0.04:
            demand *= 1.8  # a building with open windows or a faulty substation
        power = homes * 1.1 * demand * _rng(self.seed, device.ref, moment).uniform(0.9, 1.1)
        supply = 55 + 1.2 * max(0.0, 18 - outside)
        return {
            "thermalPower": round(power, 2),
            "thermalEnergy": self._counter(device, "thermalEnergy", power * hours, 50_000.0),
            "flowTemperature": round(min(supply, 110), 1),
            "returnTemperature": round(min(supply, 110) - 18 * min(1.0, demand + 0.2), 1),
        }

    def readings(
        self, moment: datetime.datetime, *, hourly: bool = False, types: set[str] | None = None
    ) -> list[tuple[Device, dict[str, object]]]:
        """What the devices (of `types`, or all) report at `moment`.

        Meters integrate since their previous call; `hourly` makes that one hour.
        """
        kinds = {
            "StreetLight": self._street_light,
            "StreetlightControlCabinet": self._cabinet,
            "AirQualityObserved": self._air,
            "WasteContainer": self._container,
            "WaterConsumptionObserved": self._water,
            "HeatMeter": self._heat,
        }
        result = []
        for device in self.devices:
            if types is not None and device.device_type not in types:
                continue
            previous = self.last.get(device.pk)
            hours = 1.0 if previous is None else (moment - previous).total_seconds() / 3600
            if hourly:
                hours = 1.0
            values = kinds[device.device_type](device, moment, hours)
            self.last[device.pk] = moment
            if values:
                result.append((device, values))
        return result
