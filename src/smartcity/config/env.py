"""Every environment variable the platform reads, parsed once and typed.

A bad value stops the process with a message naming the variable: a city service should
refuse to start rather than run half-configured.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

ENVIRONMENTS = ("development", "test", "production")


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def _int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _mqtt_url(name: str) -> str:
    """mqtt://[user:password@]host[:port]; empty means no broker (HTTP ingestion only)."""
    raw = os.environ.get(name, "").strip()
    if raw and not raw.startswith(("mqtt://", "mqtts://")):
        raise ImproperlyConfigured(f"{name} must look like mqtt://host:1883, not {raw!r}")
    return raw


def _dev_secret(data_dir: Path) -> str:
    """A secret kept on disk so development sessions survive a restart; never in production."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


@dataclass(frozen=True)
class Environment:
    environment: str
    debug: bool
    secret_key: str
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    data_dir: Path
    database_url: str
    media_root: Path
    static_root: Path
    email_host: str
    email_port: int
    email_from: str
    map_tile_url: str
    demo_api_key: str
    site_url: str
    reports_per_hour: int
    mqtt_url: str
    device_readings_per_minute: int
    raw_readings_days: int
    vehicle_positions_days: int
    ingest_max_bytes: int


def read() -> Environment:
    environment = os.environ.get("SMARTCITY_ENV", "development")
    if environment not in ENVIRONMENTS:
        raise ImproperlyConfigured(
            f"SMARTCITY_ENV must be one of {', '.join(ENVIRONMENTS)}, not {environment!r}"
        )
    production = environment == "production"
    data_dir = Path(os.environ.get("SMARTCITY_DATA_DIR") or Path.cwd() / "var").resolve()

    secret_key = os.environ.get("SMARTCITY_SECRET_KEY", "")
    if not secret_key:
        if production:
            raise ImproperlyConfigured("SMARTCITY_SECRET_KEY is required in production")
        secret_key = _dev_secret(data_dir)

    allowed_hosts = _list("SMARTCITY_ALLOWED_HOSTS")
    if production and (not allowed_hosts or "*" in allowed_hosts):
        raise ImproperlyConfigured(
            "SMARTCITY_ALLOWED_HOSTS must list the site's host names in production (no '*')"
        )
    if not allowed_hosts:
        allowed_hosts = ["127.0.0.1", "localhost", "[::1]", "testserver"]

    return Environment(
        environment=environment,
        debug=_bool("SMARTCITY_DEBUG", environment == "development"),
        secret_key=secret_key,
        allowed_hosts=allowed_hosts,
        csrf_trusted_origins=_list("SMARTCITY_CSRF_TRUSTED_ORIGINS"),
        data_dir=data_dir,
        database_url=os.environ.get("DATABASE_URL")
        or f"sqlite:///{data_dir / 'smartcity.sqlite3'}",
        media_root=Path(os.environ.get("SMARTCITY_MEDIA_ROOT") or data_dir / "media"),
        static_root=Path(os.environ.get("SMARTCITY_STATIC_ROOT") or data_dir / "static"),
        email_host=os.environ.get("SMARTCITY_EMAIL_HOST", ""),
        email_port=_int("SMARTCITY_EMAIL_PORT", 25, minimum=1),
        email_from=os.environ.get("SMARTCITY_EMAIL_FROM", "Primăria Bălți <noreply@balti.md>"),
        map_tile_url=os.environ.get(
            "SMARTCITY_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        ),
        demo_api_key=os.environ.get("SMARTCITY_DEMO_API_KEY", ""),
        site_url=os.environ.get("SMARTCITY_SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
        reports_per_hour=_int("SMARTCITY_REPORTS_PER_HOUR", 20, minimum=1),
        mqtt_url=_mqtt_url("SMARTCITY_MQTT_URL"),
        device_readings_per_minute=_int("SMARTCITY_DEVICE_READINGS_PER_MINUTE", 600, minimum=1),
        raw_readings_days=_int("SMARTCITY_RAW_READINGS_DAYS", 400, minimum=1),
        vehicle_positions_days=_int("SMARTCITY_VEHICLE_POSITIONS_DAYS", 30, minimum=1),
        ingest_max_bytes=_int("SMARTCITY_INGEST_MAX_BYTES", 2_000_000, minimum=1024),
    )
