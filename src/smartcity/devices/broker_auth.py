"""The MQTT broker's own security, kept in step with the registry: who may connect, and
to which topics each account may publish.

Mosquitto checks every connection against a password file and every message against an
ACL file; `broker_auth_sync` writes both from the database and has the broker re-read
them (SIGHUP). On a reload Mosquitto also disconnects the clients whose account is gone
or whose password no longer matches, so a removed device or an old key is refused at
once, not only at its next connection.

Why files and not Mosquitto's dynamic security plugin: in Mosquitto 2.0 the plugin takes
clear-text passwords over its control topic, and the registry keeps only hashes of the
devices' keys. With the plugin the platform could push a key only at the moment it is
issued, and could never rebuild the broker's accounts afterwards (a broker reinstalled,
its state lost, a key issued while it was unreachable) without keeping every key. The
password file holds Mosquitto's own salted PBKDF2-SHA512 hash, which the platform
computes when it issues a key and keeps beside the token hash: the files are then a
function of the database alone, rewritten as often as needed, and there is no broker
administrator account whose password would unlock every device.

Accounts (user names) and what they may do:
- `device/<ref>`: publish to `balti/devices/<type>/<ref>`; its password is its key.
- `gateway/<id>`: publish to the topics of the devices behind it (all devices' topics for
  a gateway that may write every device).
- `vehicle/<ref>`: publish to `balti/vehicles/<ref>`.
- `smartcity-ingest`, `smartcity-transit`: the ingest workers, which read the devices'
  and the vehicles' topics (passwords from settings).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import secrets
import signal
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from smartcity.devices.models import Device, Gateway
from smartcity.devices.types import DEVICE_TYPES

log = logging.getLogger(__name__)

DEVICE_TOPICS = "balti/devices"
VEHICLE_TOPICS = "balti/vehicles"
INGEST_USER = "smartcity-ingest"
TRANSIT_USER = "smartcity-transit"
PASSWORD_FILE, ACL_FILE = "passwords", "acl"
# Mosquitto 2's own format ($7$: PBKDF2-SHA512) with its default work factor; the keys are
# 256-bit random tokens, which no number of iterations makes easier or harder to guess.
_ITERATIONS = 101
_SALT_BYTES = 12
# A topic level or user name may not hold MQTT's wildcards or separator, nor what the
# files use as separators (':' in the password file, blanks in the ACL file).
_UNSAFE = re.compile(r"[/+#:\s\x00-\x1f]")
_HEADER = "# Written by `smartcity mqtt_sync` from the device registry; edits are overwritten.\n"


def broker_password_hash(password: str, *, salt: bytes | None = None) -> str:
    """`password` as a line of Mosquitto's password file holds it."""
    salt = salt if salt is not None else secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, _ITERATIONS)
    encoded = base64.b64encode(salt).decode(), base64.b64encode(digest).decode()
    return f"$7${_ITERATIONS}${encoded[0]}${encoded[1]}"


@dataclass
class BrokerAccount:
    username: str
    password_hash: str
    publishes: list[str] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BrokerSync:
    accounts: int
    skipped: list[str]
    written: bool
    reloaded: bool


def _worker_account(username: str, password: str, reads: str) -> BrokerAccount | None:
    if not password:
        return None
    # A salt fixed per installation and account keeps the file unchanged from one sync to
    # the next (no needless reload); the secret key keeps it unknown outside.
    salt = hashlib.sha256(f"{settings.SECRET_KEY}:{username}".encode()).digest()[:_SALT_BYTES]
    return BrokerAccount(username, broker_password_hash(password, salt=salt), reads=[reads])


def broker_accounts() -> tuple[list[BrokerAccount], list[str]]:
    """Every account the broker must know, and the registry entries left out because
    their id cannot be an MQTT topic level (they can still use HTTP)."""
    from smartcity.transit.realtime.models import Vehicle  # the one app that adds accounts

    accounts = [
        account
        for account in (
            _worker_account(
                INGEST_USER, settings.SMARTCITY_MQTT_INGEST_PASSWORD, "balti/devices/#"
            ),
            _worker_account(
                TRANSIT_USER, settings.SMARTCITY_MQTT_TRANSIT_PASSWORD, "balti/vehicles/#"
            ),
        )
        if account is not None
    ]
    skipped: list[str] = []
    topic_of: dict[int, str] = {}
    devices = Device.objects.filter(is_active=True, is_connected=True).values_list(
        "id", "ref", "device_type", "gateway_id", "broker_password_hash"
    )
    behind: dict[int, list[str]] = {}
    for device_id, ref, device_type, gateway_id, password_hash in devices.order_by("ref"):
        if _UNSAFE.search(ref) or device_type not in DEVICE_TYPES:
            skipped.append(f"device {ref}")
            continue
        topic = f"{DEVICE_TOPICS}/{DEVICE_TYPES[device_type].segment}/{ref}"
        topic_of[device_id] = topic
        if gateway_id:
            behind.setdefault(gateway_id, []).append(topic)
        if password_hash:
            accounts.append(BrokerAccount(f"device/{ref}", password_hash, publishes=[topic]))
    gateways = Gateway.objects.filter(is_active=True).exclude(broker_password_hash="")
    for gateway in gateways.order_by("id"):
        topics = [f"{DEVICE_TOPICS}/#"] if gateway.writes_any_device else behind.get(gateway.id)
        if topics:
            accounts.append(
                BrokerAccount(f"gateway/{gateway.id}", gateway.broker_password_hash, topics)
            )
    vehicles = Vehicle.objects.filter(is_active=True).exclude(broker_password_hash="")
    for ref, password_hash in vehicles.order_by("ref").values_list("ref", "broker_password_hash"):
        if _UNSAFE.search(ref):
            skipped.append(f"vehicle {ref}")
            continue
        accounts.append(
            BrokerAccount(f"vehicle/{ref}", password_hash, publishes=[f"{VEHICLE_TOPICS}/{ref}"])
        )
    return accounts, skipped


def broker_files(accounts: list[BrokerAccount]) -> dict[str, str]:
    """The password file and the ACL file for `accounts`, by file name."""
    passwords = "".join(f"{a.username}:{a.password_hash}\n" for a in accounts)
    # Nothing before the first `user` line: such lines would apply to every client.
    acl = _HEADER + "".join(
        f"\nuser {a.username}\n"
        + "".join(f"topic read {t}\n" for t in a.reads)
        + "".join(f"topic write {t}\n" for t in a.publishes)
        for a in accounts
    )
    return {PASSWORD_FILE: passwords, ACL_FILE: acl}


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text() == text:
        return False
    # A new file renamed over the old one: the broker never reads half a file. Readable by
    # the broker's group, not by everyone (it holds password hashes).
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
        os.chmod(temporary, 0o640)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _broker_reload(pid_file: Path) -> bool:
    """Ask the broker to re-read its files; False when it cannot be signalled from here
    (then a watcher of the files reloads it, see deploy/systemd)."""
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, signal.SIGHUP)
    except (OSError, ValueError) as error:
        log.warning("could not signal the MQTT broker through %s: %s", pid_file, error)
        return False
    return True


def broker_auth_sync(
    *, directory: Path | None = None, pid_file: Path | None = None, reload: bool = False
) -> BrokerSync:
    """Write the broker's password and ACL files from the registry into `directory`
    (default SMARTCITY_MQTT_AUTH_DIR) when they changed, and signal the broker whose pid
    `pid_file` holds (default SMARTCITY_MQTT_BROKER_PID_FILE), also when `reload`.

    Idempotent: run after every change of the registry and every minute."""
    directory = directory or settings.SMARTCITY_MQTT_AUTH_DIR
    if directory is None:
        return BrokerSync(0, [], written=False, reloaded=False)
    pid_file = pid_file or settings.SMARTCITY_MQTT_BROKER_PID_FILE
    accounts, skipped = broker_accounts()
    directory.mkdir(parents=True, exist_ok=True)
    written = False
    # The password file last: a device added is allowed its topic before it may connect.
    for name, text in sorted(broker_files(accounts).items()):
        written = _write_if_changed(directory / name, text) or written
    reloaded = bool((written or reload) and pid_file and _broker_reload(pid_file))
    if skipped:
        log.warning("not on the broker (id unusable as an MQTT topic): %s", ", ".join(skipped))
    return BrokerSync(len(accounts), skipped, written, reloaded)


def broker_auth_sync_soon() -> None:
    """After the current transaction commits, have the worker bring the broker in step
    (the periodic sync catches what this misses, within a minute)."""
    if settings.SMARTCITY_MQTT_AUTH_DIR is None:
        return
    from django.db import transaction

    from smartcity.devices import tasks

    transaction.on_commit(tasks.broker_auth_sync.enqueue)
