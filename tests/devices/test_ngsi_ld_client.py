"""The PyPI client ngsildclient drives the NGSI-LD API of a running platform."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from smartcity.devices import services
from smartcity.devices.models import Device, Reading

ROOT = Path(__file__).resolve().parents[2]
CLIENT_PYTHON = ROOT / ".venv-ngsildclient" / "bin" / "python"
SESSION = Path(__file__).with_name("ngsildclient") / "session.py"


@pytest.mark.real_time
def test_ngsildclient_creates_queries_upserts_updates_deletes_and_batches(
    transactional_db, live_server, balti
):
    assert CLIENT_PYTHON.exists(), "run `make .venv/.installed`: it makes the client's venv"
    _gateway, token = services.gateway_create(name="City integration", writes_any_device=True)
    services.device_register(
        ref="AQ-1", device_type="AirQualityObserved", latitude=47.762, longitude=27.93
    )
    address = urlsplit(live_server.url)
    finished = subprocess.run(
        [str(CLIENT_PYTHON), str(SESSION), address.hostname, str(address.port), token],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    results = json.loads(finished.stdout.strip().splitlines()[-1])
    lamp = "urn:ngsi-ld:StreetLight:SL-C1"
    assert results["created"] is True
    assert (results["got_type"], results["got_power"]) == ("StreetLight", 40.0)
    assert results["by_type"] == results["by_iri"] == [lamp]
    assert results["count"] == 1
    assert results["after_upsert"] == 55.0
    assert results["updated"] is True and results["after_update"] == 60.0
    assert results["exists"] is True
    batch = ["urn:ngsi-ld:StreetLight:SL-B1", "urn:ngsi-ld:StreetLight:SL-B2"]
    assert results["batch_created"] == batch
    # 201 lists the entities the upsert created (the standard's answer); SL-B1 was updated.
    assert results["batch_upserted"] == ["urn:ngsi-ld:StreetLight:SL-B3"]
    assert Reading.objects.filter(device__ref="SL-B1", value=11.0).exists()
    assert results["batch_updated"] == [batch[1]]
    assert results["batch_deleted"] == batch
    assert results["deleted"] is True and results["exists_after_delete"] is False
    assert set(results["types"]) == {"AirQualityObserved", "StreetLight"}
    # What the client wrote is the hub's own data: devices and their readings.
    assert Device.objects.get(ref="SL-B3").is_active
    assert not Device.objects.get(ref="SL-C1").is_active
    assert sorted(Reading.objects.filter(device__ref="SL-C1").values_list("value", flat=True)) == [
        40.0,
        55.0,
        60.0,
    ]
