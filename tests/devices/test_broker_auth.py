"""The broker's own security, through a private Mosquitto with the production settings."""

from __future__ import annotations

import getpass
import subprocess
import time

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from smartcity.devices import services
from smartcity.devices.broker_auth import INGEST_USER
from tests.devices.test_mqtt import MOSQUITTO, wait_for
from tests.processes import free_port

pytestmark = [pytest.mark.real_time, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def secured_broker(tmp_path, settings):
    auth = tmp_path / "auth"
    settings.SMARTCITY_MQTT_AUTH_DIR = auth
    settings.SMARTCITY_MQTT_BROKER_PID_FILE = tmp_path / "mosquitto.pid"
    settings.SMARTCITY_MQTT_INGEST_PASSWORD = "ingest-secret"
    from smartcity.devices.broker_auth import broker_auth_sync

    broker_auth_sync()
    port = free_port()
    config = tmp_path / "mosquitto.conf"
    config.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous false\n"
        f"password_file {auth / 'passwords'}\nacl_file {auth / 'acl'}\n"
        f"pid_file {tmp_path / 'mosquitto.pid'}\npersistence false\nuser {getpass.getuser()}\n"
    )
    process = subprocess.Popen([MOSQUITTO, "-c", str(config)], stderr=subprocess.DEVNULL)
    assert wait_for(lambda: (tmp_path / "mosquitto.pid").exists(), 10)
    yield port
    process.terminate()
    process.wait(10)


def _connect(port: int, username: str, password: str) -> int:
    """The broker's CONNACK reason code (0: accepted)."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.username_pw_set(username, password)
    codes = []
    client.on_connect = lambda c, u, f, reason, p: codes.append(reason.value)
    client.connect("127.0.0.1", port)
    client.loop_start()
    wait_for(lambda: codes, 10)
    client.disconnect()
    client.loop_stop()
    return codes[0]


def test_a_device_connects_with_its_own_key_and_an_impostor_is_refused(lamp, secured_broker):
    key = services.device_token_issue(device=lamp)
    assert wait_for(lambda: _connect(secured_broker, f"device/{lamp.ref}", key) == 0, 10)
    assert _connect(secured_broker, f"device/{lamp.ref}", "a guessed key") != 0
    assert _connect(secured_broker, INGEST_USER, "ingest-secret") == 0


def test_a_rotated_key_and_a_retired_device_are_refused_by_the_broker(lamp, secured_broker):
    old = services.device_token_issue(device=lamp)
    assert wait_for(lambda: _connect(secured_broker, f"device/{lamp.ref}", old) == 0, 10)
    new = services.device_token_issue(device=lamp)
    assert wait_for(lambda: _connect(secured_broker, f"device/{lamp.ref}", old) != 0, 60)
    assert _connect(secured_broker, f"device/{lamp.ref}", new) == 0
    services.device_retire(device=lamp)
    started = time.monotonic()
    assert wait_for(lambda: _connect(secured_broker, f"device/{lamp.ref}", new) != 0, 60)
    assert time.monotonic() - started < 60


def test_the_ingest_worker_stores_a_devices_own_readings_and_never_an_impostors(
    lamp, station, secured_broker
):
    import datetime
    import threading

    import orjson

    from smartcity.devices.models import Reading
    from smartcity.devices.mqtt import IngestWorker
    from tests.conftest import iso

    key = services.device_token_issue(device=lamp)
    worker = IngestWorker(
        url=f"mqtt://127.0.0.1:{secured_broker}",
        client_id="test-secured-ingest",
        session_seconds=0,
        username=INGEST_USER,
        password="ingest-secret",
    )
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    try:
        assert worker.subscribed.wait(10), "the worker's own account was refused"
        publisher = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        publisher.username_pw_set(f"device/{lamp.ref}", key)
        publisher.connect("127.0.0.1", secured_broker)
        publisher.loop_start()
        now = iso(datetime.datetime.now(datetime.UTC).replace(microsecond=0))
        own = orjson.dumps({"observedAt": now, "values": {"activePower": 60.0}})
        other = orjson.dumps({"observedAt": now, "values": {"pm25": 12.0}})
        # The lamp's key used to speak for the air station: the broker drops it.
        publisher.publish(f"balti/devices/air/{station.ref}", other, qos=1).wait_for_publish(10)
        publisher.publish(f"balti/devices/streetlight/{lamp.ref}", own, qos=1).wait_for_publish(10)
        assert wait_for(lambda: Reading.objects.filter(device=lamp).exists(), 20)
        time.sleep(1)
        assert not Reading.objects.filter(device=station).exists()
        publisher.disconnect()
        publisher.loop_stop()
    finally:
        stop.set()
        thread.join(10)
