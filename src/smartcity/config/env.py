"""Every environment variable the platform reads, parsed once and typed.

A bad value stops the process with a message naming the variable: a city service should
refuse to start rather than run half-configured.
"""

from __future__ import annotations

import ipaddress
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


def _rate(name: str, default: float) -> float:
    """A fraction from 0 to 1."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number from 0 to 1, not {raw!r}") from exc
    if not 0.0 <= value <= 1.0:
        raise ImproperlyConfigured(f"{name} must be a number from 0 to 1, not {raw!r}")
    return value


# Anyone who guesses the token reads the platform's figures: no short one.
METRICS_TOKEN_LENGTH = 32


def _metrics_token(name: str) -> str:
    token = os.environ.get(name, "").strip()
    if token and len(token) < METRICS_TOKEN_LENGTH:
        raise ImproperlyConfigured(
            f"{name} must be at least {METRICS_TOKEN_LENGTH} characters "
            "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    return token


def _sentry_dsn(name: str) -> str:
    raw = os.environ.get(name, "").strip()
    if raw and not raw.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"{name} must look like https://<key>@sentry.example.md/<project>, not {raw!r}"
        )
    return raw


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _mqtt_url(name: str) -> str:
    """mqtt://[user:password@]host[:port]; empty means no broker (HTTP ingestion only)."""
    raw = os.environ.get(name, "").strip()
    if raw and not raw.startswith(("mqtt://", "mqtts://")):
        raise ImproperlyConfigured(f"{name} must look like mqtt://host:1883, not {raw!r}")
    return raw


def _absolute_path(name: str) -> Path | None:
    """An absolute path, or None when unset: a relative one would depend on where each
    process happens to start (the worker and the broker's reload unit must agree)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    if not Path(raw).is_absolute():
        raise ImproperlyConfigured(f"{name} must be an absolute path, not {raw!r}")
    return Path(raw)


def _choice(name: str, choices: tuple[str, ...], default: str) -> str:
    raw = os.environ.get(name, "").strip().lower() or default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw


def _cache_url(name: str) -> str:
    """`db` (a table in the platform's database, the default) or redis[s]://host:port/n."""
    raw = os.environ.get(name, "").strip() or "db"
    if raw != "db" and not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name} must be db or redis://host:6379/0, not {raw!r}")
    return raw


def _networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma-separated addresses or CIDR networks (10.0.0.5, 10.0.0.0/24, ::1)."""
    networks = []
    for item in _list(name):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.0/24, not {item!r}"
            ) from exc
    return tuple(networks)


@dataclass(frozen=True)
class Email:
    """The SMTP relay residents' mail leaves through; no host means the console (development)."""

    host: str
    port: int
    user: str
    password: str
    security: str  # none, starttls or tls
    timeout: int
    sender: str


EMAIL_SECURITY = ("none", "starttls", "tls")
_EMAIL_DEFAULT_PORT = {"none": 25, "starttls": 587, "tls": 465}


def _email() -> Email:
    host = os.environ.get("SMARTCITY_EMAIL_HOST", "").strip()
    user = os.environ.get("SMARTCITY_EMAIL_USER", "")
    # A relay that asks for a password is reached over TLS unless told otherwise.
    security = _choice("SMARTCITY_EMAIL_SECURITY", EMAIL_SECURITY, "starttls" if user else "none")
    return Email(
        host=host,
        port=_int("SMARTCITY_EMAIL_PORT", _EMAIL_DEFAULT_PORT[security], minimum=1),
        user=user,
        password=os.environ.get("SMARTCITY_EMAIL_PASSWORD", ""),
        security=security,
        timeout=_int("SMARTCITY_EMAIL_TIMEOUT", 20, minimum=1),
        sender=os.environ.get("SMARTCITY_EMAIL_FROM", "Primăria Bălți <noreply@balti.md>"),
    )


@dataclass(frozen=True)
class MediaStorage:
    """Where uploads (report photos, event documents, drawn PDFs) are kept."""

    backend: str  # local or s3
    root: Path
    s3_bucket: str
    s3_endpoint_url: str
    s3_region: str
    s3_access_key_id: str
    s3_secret_access_key: str
    s3_url_seconds: int
    # nginx's internal location for the media root: the platform checks who may see a
    # file and nginx sends it (X-Accel-Redirect); empty, the platform sends it itself.
    accel_redirect: str = ""


def _accel_redirect(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if value and not (value.startswith("/") and value.endswith("/")):
        raise ImproperlyConfigured(
            f"{name} must be a path that starts and ends with '/', such as /internal-media/"
        )
    return value


def _media(data_dir: Path) -> MediaStorage:
    backend = _choice("SMARTCITY_MEDIA_STORAGE", ("local", "s3"), "local")
    storage = MediaStorage(
        backend=backend,
        root=Path(os.environ.get("SMARTCITY_MEDIA_ROOT") or data_dir / "media"),
        s3_bucket=os.environ.get("SMARTCITY_S3_BUCKET", ""),
        s3_endpoint_url=os.environ.get("SMARTCITY_S3_ENDPOINT_URL", ""),
        s3_region=os.environ.get("SMARTCITY_S3_REGION", ""),
        s3_access_key_id=os.environ.get("SMARTCITY_S3_ACCESS_KEY_ID", ""),
        s3_secret_access_key=os.environ.get("SMARTCITY_S3_SECRET_ACCESS_KEY", ""),
        s3_url_seconds=_int("SMARTCITY_S3_URL_SECONDS", 3600, minimum=60),
        accel_redirect=_accel_redirect("SMARTCITY_MEDIA_ACCEL_REDIRECT"),
    )
    if backend == "s3" and not storage.s3_bucket:
        raise ImproperlyConfigured(
            "SMARTCITY_S3_BUCKET is required with SMARTCITY_MEDIA_STORAGE=s3"
        )
    return storage


@dataclass(frozen=True)
class MPass:
    """Sign-in with MPass, the government's SAML 2.0 identity provider (smartcity.egov)."""

    idp_metadata: str  # an absolute file path or an https:// address of MPass's metadata
    sp_entity_id: str  # our EntityID, as registered with MPass
    sp_cert: Path  # our certificate (PEM), the .cer registered with MPass
    sp_key: Path  # its private key (PEM)


# Every one of these, or none: MPass is off unless all are given.
MPASS_VARIABLES = (
    "SMARTCITY_MPASS_IDP_METADATA",
    "SMARTCITY_MPASS_SP_ENTITY_ID",
    "SMARTCITY_MPASS_SP_CERT",
    "SMARTCITY_MPASS_SP_KEY",
)


def _mpass() -> tuple[MPass | None, tuple[str, ...]]:
    """MPass's settings, or None; and the names of those missing when only some are set."""
    given = {name: os.environ.get(name, "").strip() for name in MPASS_VARIABLES}
    missing = tuple(name for name, value in given.items() if not value)
    if len(missing) == len(MPASS_VARIABLES):
        return None, ()
    if missing:
        return None, missing
    metadata = given["SMARTCITY_MPASS_IDP_METADATA"]
    if not (metadata.startswith(("https://", "http://")) or Path(metadata).is_absolute()):
        raise ImproperlyConfigured(
            "SMARTCITY_MPASS_IDP_METADATA must be an absolute file path or an https:// "
            f"address of MPass's metadata (https://mpass.gov.md/meta/saml), not {metadata!r}"
        )
    cert = _absolute_path("SMARTCITY_MPASS_SP_CERT")
    key = _absolute_path("SMARTCITY_MPASS_SP_KEY")
    assert cert is not None and key is not None  # both given, checked above
    return MPass(
        idp_metadata=metadata,
        sp_entity_id=given["SMARTCITY_MPASS_SP_ENTITY_ID"],
        sp_cert=cert,
        sp_key=key,
    ), ()


@dataclass(frozen=True)
class MNotify:
    """Notices to residents through MNotify, the government's notification service."""

    url: str  # the REST API's base address, e.g. https://mnotify.gov.md/api
    cert: Path  # our system certificate (PEM) for the TLS client authentication
    key: Path
    timeout: int


def _mnotify() -> MNotify | None:
    url = os.environ.get("SMARTCITY_MNOTIFY_URL", "").strip().rstrip("/")
    if not url:
        return None
    if not url.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"SMARTCITY_MNOTIFY_URL must be MNotify's https:// address, not {url!r}"
        )
    cert = _absolute_path("SMARTCITY_MNOTIFY_CERT")
    key = _absolute_path("SMARTCITY_MNOTIFY_KEY")
    if cert is None or key is None:
        raise ImproperlyConfigured(
            "SMARTCITY_MNOTIFY_CERT and SMARTCITY_MNOTIFY_KEY are required with "
            "SMARTCITY_MNOTIFY_URL: MNotify knows the platform by its system certificate"
        )
    return MNotify(
        url=url, cert=cert, key=key, timeout=_int("SMARTCITY_MNOTIFY_TIMEOUT", 20, minimum=1)
    )


MPAY_PAY_URL = "https://mpay.gov.md/service/pay"


@dataclass(frozen=True)
class MPay:
    """Paying the city's fees through MPay, the government's payment service (smartcity.egov).

    MPay calls the platform's SOAP service (/egov/mpay/service/) to ask about an order and
    to confirm its payment; residents are sent to MPay's pay page with the order's key."""

    service_id: str  # the service's identifier in MPay, given at registration
    pay_url: str  # MPay's pay page (https://mpay.staging.egov.md/service/pay for testing)
    # Who may call the SOAP service: MPay's addresses, as MPay's operators give them.
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]


def _mpay() -> MPay | None:
    service_id = os.environ.get("SMARTCITY_MPAY_SERVICE_ID", "").strip()
    if not service_id:
        return None
    if len(service_id) > 36:
        raise ImproperlyConfigured(
            f"SMARTCITY_MPAY_SERVICE_ID must be MPay's service identifier (at most 36 "
            f"characters), not {service_id!r}"
        )
    pay_url = os.environ.get("SMARTCITY_MPAY_PAY_URL", "").strip() or MPAY_PAY_URL
    if not pay_url.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"SMARTCITY_MPAY_PAY_URL must be MPay's https:// pay page, not {pay_url!r}"
        )
    return MPay(
        service_id=service_id,
        pay_url=pay_url,
        allowed_networks=_networks("SMARTCITY_MPAY_ALLOWED_NETWORKS"),
    )


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


# Bălți's files in the repository (data/city/balti), for the demo: found from this file in a
# checkout (an editable install); an install elsewhere sets SMARTCITY_CITY_DIR instead.
CHECKOUT_CITY_DIR = Path(__file__).resolve().parents[3] / "data" / "city" / "balti"


@dataclass(frozen=True)
class Environment:
    environment: str
    debug: bool
    secret_key: str
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    data_dir: Path
    database_url: str
    media: MediaStorage
    static_root: Path
    email: Email
    cache_url: str
    database_conn_max_age: int
    map_tile_url: str
    map_tile_attribution: str
    map_tile_attribution_url: str
    demo_api_key: str
    site_url: str
    reports_per_hour: int
    bookings_per_hour: int
    mqtt_url: str
    mqtt_ingest_password: str
    mqtt_transit_password: str
    mqtt_auth_dir: Path | None
    mqtt_broker_pid_file: Path | None
    device_readings_per_minute: int
    raw_readings_days: int
    vehicle_positions_days: int
    task_results_days: int
    ingest_max_bytes: int
    log_level: str
    log_format: str
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    notify_allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    signin_failures: int = 5
    signin_cooloff_minutes: int = 15
    hsts_seconds: int = 0
    hsts_include_subdomains: bool = False
    ssl_redirect: bool = False
    second_factor: bool = True
    city_dir: Path = CHECKOUT_CITY_DIR
    metrics_token: str = ""
    sentry_dsn: str = ""
    sentry_traces_sample_rate: float = 0.0
    mpass: MPass | None = None
    mpass_missing: tuple[str, ...] = ()
    mnotify: MNotify | None = None
    mpay: MPay | None = None


LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
OSM_COPYRIGHT = "https://www.openstreetmap.org/copyright"


def _link(name: str, default: str) -> str:
    """An http(s) address a page may link to (never javascript: or data:)."""
    raw = os.environ.get(name, "").strip() or default
    if raw and not raw.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"{name} must be an https:// address, not {raw!r}")
    return raw


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

    map_tile_url = os.environ.get("SMARTCITY_MAP_TILE_URL", OSM_TILES)
    # OpenStreetMap's own tiles carry the wording its licence asks for; another server's
    # attribution is the city's to set (production refuses a map without one).
    osm = map_tile_url == OSM_TILES
    map_tile_attribution = os.environ.get(
        "SMARTCITY_MAP_TILE_ATTRIBUTION", OSM_ATTRIBUTION if osm else ""
    ).strip()
    attribution_url = (
        OSM_COPYRIGHT if osm and "SMARTCITY_MAP_TILE_ATTRIBUTION" not in os.environ else ""
    )

    mpass, mpass_missing = _mpass()
    found = Environment(
        environment=environment,
        debug=_bool("SMARTCITY_DEBUG", environment == "development"),
        secret_key=secret_key,
        allowed_hosts=allowed_hosts,
        csrf_trusted_origins=_list("SMARTCITY_CSRF_TRUSTED_ORIGINS"),
        data_dir=data_dir,
        database_url=os.environ.get("DATABASE_URL")
        or f"sqlite:///{data_dir / 'smartcity.sqlite3'}",
        media=_media(data_dir),
        static_root=Path(os.environ.get("SMARTCITY_STATIC_ROOT") or data_dir / "static"),
        email=_email(),
        cache_url=_cache_url("SMARTCITY_CACHE_URL"),
        database_conn_max_age=_int("SMARTCITY_DATABASE_CONN_MAX_AGE", 60),
        map_tile_url=map_tile_url,
        map_tile_attribution=map_tile_attribution,
        map_tile_attribution_url=_link("SMARTCITY_MAP_TILE_ATTRIBUTION_URL", attribution_url),
        demo_api_key=os.environ.get("SMARTCITY_DEMO_API_KEY", ""),
        site_url=os.environ.get("SMARTCITY_SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
        reports_per_hour=_int("SMARTCITY_REPORTS_PER_HOUR", 20, minimum=1),
        bookings_per_hour=_int("SMARTCITY_BOOKINGS_PER_HOUR", 10, minimum=1),
        mqtt_url=_mqtt_url("SMARTCITY_MQTT_URL"),
        mqtt_ingest_password=os.environ.get("SMARTCITY_MQTT_INGEST_PASSWORD", ""),
        mqtt_transit_password=os.environ.get("SMARTCITY_MQTT_TRANSIT_PASSWORD", ""),
        mqtt_auth_dir=_absolute_path("SMARTCITY_MQTT_AUTH_DIR"),
        mqtt_broker_pid_file=_absolute_path("SMARTCITY_MQTT_BROKER_PID_FILE"),
        device_readings_per_minute=_int("SMARTCITY_DEVICE_READINGS_PER_MINUTE", 600, minimum=1),
        raw_readings_days=_int("SMARTCITY_RAW_READINGS_DAYS", 400, minimum=1),
        vehicle_positions_days=_int("SMARTCITY_VEHICLE_POSITIONS_DAYS", 30, minimum=1),
        task_results_days=_int("SMARTCITY_TASK_RESULTS_DAYS", 14, minimum=1),
        ingest_max_bytes=_int("SMARTCITY_INGEST_MAX_BYTES", 2_000_000, minimum=1024),
        log_level=_choice("SMARTCITY_LOG_LEVEL", LOG_LEVELS, "info").upper(),
        log_format=_choice("SMARTCITY_LOG_FORMAT", ("text", "json"), "text"),
        trusted_proxies=_networks("SMARTCITY_TRUSTED_PROXIES"),
        notify_allowed_networks=_networks("SMARTCITY_NOTIFY_ALLOWED_NETWORKS"),
        signin_failures=_int("SMARTCITY_SIGNIN_FAILURES", 5, minimum=1),
        signin_cooloff_minutes=_int("SMARTCITY_SIGNIN_COOLOFF_MINUTES", 15, minimum=1),
        hsts_seconds=_int("SMARTCITY_HSTS_SECONDS", 31_536_000 if production else 0),
        hsts_include_subdomains=_bool("SMARTCITY_HSTS_INCLUDE_SUBDOMAINS", False),
        ssl_redirect=_bool("SMARTCITY_SSL_REDIRECT", production),
        second_factor=_bool("SMARTCITY_SECOND_FACTOR", True),
        city_dir=_absolute_path("SMARTCITY_CITY_DIR") or CHECKOUT_CITY_DIR,
        metrics_token=_metrics_token("SMARTCITY_METRICS_TOKEN"),
        sentry_dsn=_sentry_dsn("SMARTCITY_SENTRY_DSN"),
        sentry_traces_sample_rate=_rate("SMARTCITY_SENTRY_TRACES_SAMPLE_RATE", 0.0),
        mpass=mpass,
        mpass_missing=mpass_missing,
        mnotify=_mnotify(),
        mpay=_mpay(),
    )
    if production:
        _refuse_what_would_lose_or_leak(found)
    return found


def _refuse_what_would_lose_or_leak(found: Environment) -> None:
    """Production stops here, naming the variable, rather than run in a way that loses
    residents' data or shows it to someone it was not meant for."""
    if found.debug:
        raise ImproperlyConfigured(
            "SMARTCITY_DEBUG must be off in production: error pages would show residents' "
            "data and the settings to anyone"
        )
    if not found.email.host:
        raise ImproperlyConfigured(
            "SMARTCITY_EMAIL_HOST is required in production: without an SMTP relay residents' "
            "e-mails would be printed into the log instead of sent"
        )
    if found.email.user and found.email.security == "none" and not _is_local(found.email.host):
        raise ImproperlyConfigured(
            "SMARTCITY_EMAIL_SECURITY must be starttls or tls in production when "
            "SMARTCITY_EMAIL_USER is set: the relay's password would cross the network in clear"
        )
    if not found.second_factor:
        raise ImproperlyConfigured(
            "SMARTCITY_SECOND_FACTOR must be on in production: staff who see residents' "
            "personal data must confirm their sign-in with a code"
        )
    if len(found.secret_key) < 50:
        raise ImproperlyConfigured(
            "SMARTCITY_SECRET_KEY must be at least 50 characters in production "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    if not found.site_url.startswith("https://"):
        raise ImproperlyConfigured(
            "SMARTCITY_SITE_URL must be the site's https:// address in production: links in "
            "e-mails would send residents' sign-in and tracking links in clear"
        )
    # The MQTT ingest takes every message on a device's topic as that device's (the
    # broker's ACL is the only check); without the files the broker has no device accounts.
    if found.mqtt_url and found.mqtt_auth_dir is None:
        raise ImproperlyConfigured(
            "SMARTCITY_MQTT_AUTH_DIR is required in production when SMARTCITY_MQTT_URL is set: "
            "without the password and ACL files written there the broker cannot check who "
            "publishes, and anybody could send readings in any device's name"
        )
    if found.map_tile_url and not found.map_tile_attribution:
        raise ImproperlyConfigured(
            "SMARTCITY_MAP_TILE_ATTRIBUTION is required in production with map tiles "
            "(SMARTCITY_MAP_TILE_URL other than OpenStreetMap's, or the attribution emptied): "
            "tile licences ask for their wording on every map"
        )
    if found.mpass_missing:
        raise ImproperlyConfigured(
            f"{', '.join(found.mpass_missing)} must be set in production with the other "
            f"MPass settings: sign-in with MPass needs all of {', '.join(MPASS_VARIABLES)}, "
            "or none of them (MPass off); half of them would leave residents a button "
            "that fails"
        )
    _refuse_open_mpay(found)
    _refuse_unsafe_proxies(found)


def _refuse_open_mpay(found: Environment) -> None:
    """MPay's SOAP service marks fees paid: only MPay may call it."""
    if found.mpay is None:
        return
    if not found.mpay.allowed_networks:
        raise ImproperlyConfigured(
            "SMARTCITY_MPAY_ALLOWED_NETWORKS is required in production with "
            "SMARTCITY_MPAY_SERVICE_ID: the SOAP service marks fees paid, and only MPay's "
            "addresses may call it (the platform does not check WS-Security signatures yet)"
        )
    if any(n.prefixlen == 0 for n in found.mpay.allowed_networks):
        raise ImproperlyConfigured(
            "SMARTCITY_MPAY_ALLOWED_NETWORKS must list MPay's addresses in production, not "
            "every address: anybody could then mark a fee paid"
        )
    if not found.mpay.pay_url.startswith("https://"):
        raise ImproperlyConfigured(
            "SMARTCITY_MPAY_PAY_URL must be an https:// address in production"
        )


def _refuse_unsafe_proxies(found: Environment) -> None:
    """Behind a proxy only its X-Forwarded-Proto says a request came over https, and only
    its X-Forwarded-For says who sent it (web/proxies.py)."""
    if any(network.prefixlen == 0 for network in found.trusted_proxies):
        raise ImproperlyConfigured(
            "SMARTCITY_TRUSTED_PROXIES must list the reverse proxies in production, not every "
            "address: anybody could then claim https with X-Forwarded-Proto (passing "
            "SMARTCITY_SSL_REDIRECT over plain http) and any address with X-Forwarded-For "
            "(escaping the sign-in and report limits)"
        )
    # X-Accel-Redirect is nginx's: the platform is behind a proxy that ends TLS. Without
    # trusting it, requests look plain http to the platform unless gunicorn happens to
    # believe that proxy itself (forwarded_allow_ips): a redirect to https for ever; and
    # every resident counts as the proxy for the sign-in and report limits.
    if found.ssl_redirect and found.media.accel_redirect and not found.trusted_proxies:
        raise ImproperlyConfigured(
            "SMARTCITY_TRUSTED_PROXIES is required in production behind a proxy "
            "(SMARTCITY_MEDIA_ACCEL_REDIRECT is set) with SMARTCITY_SSL_REDIRECT on: list the "
            "proxy, or its X-Forwarded-Proto is not believed and every request is redirected "
            "to https again"
        )


def _is_local(host: str) -> bool:
    return host in ("localhost", "127.0.0.1", "::1")
