"""Django settings; every value from the environment comes through `env.read()`."""

from __future__ import annotations

import datetime
import logging
import os
import sys
import warnings
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import dj_database_url
import xstatic.pkg.leaflet
from django.utils.translation import gettext_lazy as _

from smartcity.config import csp
from smartcity.config import env as environment
from smartcity.config.storage import media_storage

ENV = environment.read()
TESTING = "pytest" in sys.modules or ENV.environment == "test"

DEBUG = ENV.debug
SECRET_KEY = ENV.secret_key
ALLOWED_HOSTS = ENV.allowed_hosts
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "js_lib_htmx",
    "smartcity.web",
    "smartcity.city",
    "smartcity.service_requests",
    "smartcity.devices",
    "smartcity.sensorthings",
    "smartcity.lighting",
    "smartcity.environment",
    "smartcity.simulation",
    "smartcity.collaboration",
    "smartcity.waste",
    "smartcity.utilities",
    "smartcity.housing",
    "smartcity.public_services",
    "smartcity.institutions",
    "smartcity.appointments",
    "smartcity.strategy",
    "smartcity.transit",
    "smartcity.imports",
    "smartcity.opendata",
    "smartcity.transit.realtime",
    "smartcity.skills",
    "smartcity.operations",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "smartcity.signin",
    # Not "djangosaml2": an installed app's template tags are imported when the first
    # template renders, and its `idplist` tag imports pysaml2, whose XML schemas take
    # seconds to compile, in every process. Its templates are found below instead; the
    # SAML library loads on the first MPass request (egov.mpass.urls).
    "smartcity.egov",
]

MIDDLEWARE = [
    # Probes first: no host check, TLS redirect, session or language for a load balancer.
    "smartcity.operations.probes.ProbeMiddleware",
    # Then the request counts and latencies: the time measured covers all that follows.
    "smartcity.operations.metrics.RequestMetricsMiddleware",
    # Then the client's address: everything after (the request log, rate limits, sign-in
    # throttling) sees the resident's, not the proxy's.
    "smartcity.web.proxies.TrustedProxyMiddleware",
    "smartcity.operations.request_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # MPass's Response comes back as a cross-site POST, which brings no Lax session
    # cookie: djangosaml2 keeps the outstanding request on a cookie of its own.
    "djangosaml2.middleware.SamlSessionMiddleware",
    "smartcity.web.middleware.CityLanguageMiddleware",
    "smartcity.web.middleware.NullCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff who see residents' data confirm their sign-in with a TOTP code first.
    "smartcity.signin.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "smartcity.config.urls"
WSGI_APPLICATION = "smartcity.config.wsgi.application"

# djangosaml2's templates, since it is not an installed app (see INSTALLED_APPS).
SAML_TEMPLATES = Path(str(getattr(find_spec("djangosaml2"), "origin", ""))).parent / "templates"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SAML_TEMPLATES],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "smartcity.web.context_processors.city",
            ],
        },
    },
]

# Persistent connections are checked before each request reuses them, so a database
# restart (which ends every connection) costs no request an error.
DATABASES = {
    "default": dj_database_url.parse(
        ENV.database_url, conn_max_age=ENV.database_conn_max_age, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a report is being written; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock between two writers.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if TESTING:
        # A file, not memory: the ingest worker tests start workers in other processes,
        # which must see the test database.
        DATABASES["default"]["TEST"] = {"NAME": str(ENV.data_dir / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate-limit slots and submission tokens live in the default cache, which every process
# must share: the database by default, Redis when SMARTCITY_CACHE_URL names one.
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "smartcity_cache",
            # The default of 300 entries would drop rate-limit slots early under load.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
        if ENV.cache_url == "db"
        else {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": ENV.cache_url}
    ),
    # Rendered API responses, per process; keys carry the data's version, so a change
    # is visible at once and the timeout only bounds memory and rare unversioned edits.
    "responses": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "smartcity-responses",
        "TIMEOUT": 60,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    # Deliberately weak hashing keeps the suite fast; never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Sign-in is throttled per account and per address (django-axes): after
# SMARTCITY_SIGNIN_FAILURES wrong passwords either is locked for the cool-off, on the
# staff login and the admin's alike. The address is the client's (web/proxies.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Residents through MPass (smartcity.egov.mpass); it answers only a verified Response.
    "smartcity.egov.mpass.backends.MPassBackend",
]
AXES_FAILURE_LIMIT = ENV.signin_failures
AXES_COOLOFF_TIME = datetime.timedelta(minutes=ENV.signin_cooloff_minutes)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "smartcity.web.proxies.request_client_address"
AXES_LOCKOUT_CALLABLE = "smartcity.web.views.signin_locked_out"
AXES_VERBOSE = False
SMARTCITY_SECOND_FACTOR = ENV.second_factor
# Sign-in with MPass (SAML 2.0, djangosaml2), off when None. An MPass sign-in is strong
# authentication, but staff still confirm it with their own second factor (signin/).
SMARTCITY_MPASS = ENV.mpass
SAML_CONFIG_LOADER = "smartcity.egov.mpass.config.sp_config"
# MPass takes the AuthnRequest by HTTP-Redirect too: no self-submitting form, which the
# Content-Security-Policy would block; the pages keep the site's policy unchanged.
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_CSP_HANDLER = ""
SAML_SESSION_COOKIE_NAME = "saml_session"
# The issuer authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Bălți Smart City"
# The admin never shows an authenticator's key or QR code: whoever reads it can make the
# codes of that staff member (each enrols on their own page). Its key and QR pages answer
# 403 (without this, a deleted device's page failed with a 500).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_URL = "login"
# A refused form (CSRF) gets the site's own error page, in the visitor's language.
CSRF_FAILURE_VIEW = "smartcity.web.errors.csrf_failure"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "ro"
LANGUAGES = [("ro", _("Romanian")), ("ru", _("Russian")), ("en", _("English"))]
# One catalog per language for the whole platform keeps "complete" checkable in one place.
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "ro"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ro", "ru", "en")}
TIME_ZONE = "Europe/Chisinau"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = ENV.static_root
MEDIA_URL = "media/"
MEDIA_ROOT = ENV.media.root
STORAGES = {
    "default": media_storage(ENV.media),
    # In production, collectstatic writes names with a hash of the content (and gzip
    # copies), so browsers and nginx may keep them for a year; the templates ask for them
    # by their plain names.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if ENV.environment == "production"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Leaflet comes from its XStatic package, so no copy of it lives in this repository.
STATICFILES_DIRS = [("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR)]
WHITENOISE_USE_FINDERS = True
# Static files are served from the apps through the finders until `collectstatic` has run.
warnings.filterwarnings("ignore", message="No directory at")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

if ENV.email.host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = ENV.email.host
    EMAIL_PORT = ENV.email.port
    EMAIL_HOST_USER = ENV.email.user
    EMAIL_HOST_PASSWORD = ENV.email.password
    EMAIL_USE_TLS = ENV.email.security == "starttls"
    EMAIL_USE_SSL = ENV.email.security == "tls"
    EMAIL_TIMEOUT = ENV.email.timeout
else:
    # Development only: production refuses to start without a relay (env.py).
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = ENV.email.sender
SERVER_EMAIL = ENV.email.sender

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = ENV.environment == "production"
CSRF_COOKIE_SECURE = ENV.environment == "production"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = csp.policy(map_tile_url=ENV.map_tile_url, media=ENV.media)
# Browsers keep to https for the site once they saw it (production: a year by default).
SECURE_HSTS_SECONDS = ENV.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = ENV.hsts_include_subdomains
SECURE_SSL_REDIRECT = ENV.ssl_redirect

# X-Forwarded-For and X-Forwarded-Proto are believed only from these (web/proxies.py).
SMARTCITY_TRUSTED_PROXIES = ENV.trusted_proxies
if ENV.trusted_proxies:
    # The middleware drops the header from any other peer, so a client cannot claim https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Notices through MNotify beside e-mail (smartcity.egov.notify), off when None.
SMARTCITY_MNOTIFY = ENV.mnotify
# Fees paid through MPay (smartcity.egov.mpay), off when None.
SMARTCITY_MPAY = ENV.mpay

# Non-public addresses NGSI-LD notifications may still reach (devices/notify_targets.py).
SMARTCITY_NOTIFY_ALLOWED_NETWORKS = ENV.notify_allowed_networks
SMARTCITY_MAP_TILE_URL = ENV.map_tile_url
# Shown in every map's corner, linked to the address when there is one (as text: escaped).
SMARTCITY_MAP_TILE_ATTRIBUTION = ENV.map_tile_attribution
SMARTCITY_MAP_TILE_ATTRIBUTION_URL = ENV.map_tile_attribution_url
SMARTCITY_MEDIA_ACCEL_REDIRECT = ENV.media.accel_redirect
SMARTCITY_DEMO_API_KEY = ENV.demo_api_key
SMARTCITY_SITE_URL = ENV.site_url
SMARTCITY_CITY_DIR = ENV.city_dir
SMARTCITY_REPORTS_PER_HOUR = ENV.reports_per_hour
# Appointments one address can book in an hour (smartcity.appointments.throttle).
SMARTCITY_BOOKINGS_PER_HOUR = ENV.bookings_per_hour
SMARTCITY_MQTT_URL = ENV.mqtt_url
# The ingest workers' own broker accounts (smartcity-ingest, smartcity-transit).
SMARTCITY_MQTT_INGEST_PASSWORD = ENV.mqtt_ingest_password
SMARTCITY_MQTT_TRANSIT_PASSWORD = ENV.mqtt_transit_password
# Where `smartcity mqtt_sync` writes the broker's password and ACL files; None: the
# platform does not manage the broker's accounts.
SMARTCITY_MQTT_AUTH_DIR = ENV.mqtt_auth_dir
SMARTCITY_MQTT_BROKER_PID_FILE = ENV.mqtt_broker_pid_file
SMARTCITY_DEVICE_READINGS_PER_MINUTE = ENV.device_readings_per_minute
SMARTCITY_RAW_READINGS_DAYS = ENV.raw_readings_days
SMARTCITY_VEHICLE_POSITIONS_DAYS = ENV.vehicle_positions_days
SMARTCITY_TASK_RESULTS_DAYS = ENV.task_results_days
SMARTCITY_INGEST_MAX_BYTES = ENV.ingest_max_bytes
# /metrics asks for this bearer token when set; else it answers this machine only.
SMARTCITY_METRICS_TOKEN = ENV.metrics_token

# Error reports to Sentry only with a DSN: without one not even the SDK is imported.
if ENV.sentry_dsn:
    from smartcity.operations.error_reports import sentry_start

    sentry_start(
        dsn=ENV.sentry_dsn,
        environment=ENV.environment,
        traces_sample_rate=ENV.sentry_traces_sample_rate,
    )

# Every line carries time, level, logger and request id, residents' data masked
# (smartcity.operations.request_log); JSON for a log collector when asked.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "smartcity.operations.request_log.RequestContextFilter"}},
    "formatters": {
        "text": {"()": "smartcity.operations.request_log.text_formatter"},
        "json": {"()": "smartcity.operations.request_log.json_formatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": ENV.log_format,
        }
    },
    # Libraries speak up from WARNING (botocore, paho and WeasyPrint are chatty below).
    "root": {
        "handlers": ["console"],
        "level": max(logging.getLevelName(ENV.log_level), logging.WARNING),
    },
    "loggers": {
        "smartcity": {"handlers": ["console"], "level": ENV.log_level, "propagate": False},
        "django": {"handlers": ["console"], "level": ENV.log_level, "propagate": False},
    },
}
