"""The settings a city sets come from the environment; production refuses what would lose
or leak residents' data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from smartcity.config import env

README = Path(__file__).resolve().parents[2] / "README.md"
ENV_MODULE = Path(env.__file__)

PRODUCTION = {
    "SMARTCITY_ENV": "production",
    "SMARTCITY_SECRET_KEY": "k" * 50,
    "SMARTCITY_ALLOWED_HOSTS": "smart.balti.md",
    "SMARTCITY_SITE_URL": "https://smart.balti.md",
    "SMARTCITY_EMAIL_HOST": "smtp.balti.md",
    "SMARTCITY_EMAIL_USER": "platforma",
    "SMARTCITY_EMAIL_PASSWORD": "secret",
}


@pytest.fixture
def environment(monkeypatch, tmp_path):
    """set(**variables): the process environment holds exactly these SMARTCITY_ settings."""
    import os

    for name in list(os.environ):
        if name.startswith("SMARTCITY_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("SMARTCITY_DATA_DIR", str(tmp_path))

    def set_(**variables: str) -> env.Environment:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return env.read()

    return set_


def test_a_complete_production_environment_is_accepted(environment):
    found = environment(**PRODUCTION)
    assert found.environment == "production"
    assert not found.debug
    assert found.email.security == "starttls"  # a relay with a password is reached over TLS
    assert found.email.port == 587


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("SMARTCITY_EMAIL_HOST", "", "SMARTCITY_EMAIL_HOST"),
        ("SMARTCITY_DEBUG", "true", "SMARTCITY_DEBUG"),
        ("SMARTCITY_SECRET_KEY", "short", "SMARTCITY_SECRET_KEY"),
        ("SMARTCITY_SITE_URL", "http://smart.balti.md", "SMARTCITY_SITE_URL"),
        ("SMARTCITY_EMAIL_SECURITY", "none", "SMARTCITY_EMAIL_SECURITY"),
        ("SMARTCITY_ALLOWED_HOSTS", "*", "SMARTCITY_ALLOWED_HOSTS"),
        ("SMARTCITY_SECOND_FACTOR", "off", "SMARTCITY_SECOND_FACTOR"),
        ("SMARTCITY_MQTT_URL", "mqtt://127.0.0.1:1883", "SMARTCITY_MQTT_AUTH_DIR"),
        ("SMARTCITY_TRUSTED_PROXIES", "0.0.0.0/0", "SMARTCITY_TRUSTED_PROXIES"),
        ("SMARTCITY_TRUSTED_PROXIES", "127.0.0.1, ::/0", "SMARTCITY_TRUSTED_PROXIES"),
        ("SMARTCITY_MEDIA_ACCEL_REDIRECT", "/internal-media/", "SMARTCITY_TRUSTED_PROXIES"),
        ("SMARTCITY_MAP_TILE_URL", "https://tiles.balti.md/{z}/{x}/{y}.png", "ATTRIBUTION"),
        ("SMARTCITY_MPASS_IDP_METADATA", "/etc/smartcity/mpass.xml", "SMARTCITY_MPASS_SP_KEY"),
    ],
)
def test_production_refuses_to_start_with_a_setting_that_loses_or_leaks_data(
    environment, variable, value, named
):
    with pytest.raises(ImproperlyConfigured, match=named):
        environment(**{**PRODUCTION, variable: value})


def test_production_with_a_broker_accepts_the_broker_accounts_directory(environment):
    found = environment(
        **PRODUCTION,
        SMARTCITY_MQTT_URL="mqtt://127.0.0.1:1883",
        SMARTCITY_MQTT_AUTH_DIR="/var/lib/smartcity/mosquitto",
    )
    assert str(found.mqtt_auth_dir) == "/var/lib/smartcity/mosquitto"


@pytest.mark.parametrize(
    "variables",
    [
        {"SMARTCITY_TRUSTED_PROXIES": "127.0.0.1/32,::1/128"},
        {"SMARTCITY_SSL_REDIRECT": "off"},  # TLS redirected by nginx alone
    ],
)
def test_production_behind_nginx_accepts_a_trusted_proxy_or_no_redirect_of_its_own(
    environment, variables
):
    found = environment(
        **PRODUCTION, SMARTCITY_MEDIA_ACCEL_REDIRECT="/internal-media/", **variables
    )
    assert found.media.accel_redirect == "/internal-media/"


def test_openstreetmap_tiles_carry_the_wording_and_link_its_licence_asks_for(environment):
    found = environment()
    assert found.map_tile_url == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert found.map_tile_attribution == "© OpenStreetMap contributors"
    assert found.map_tile_attribution_url == "https://www.openstreetmap.org/copyright"


def test_another_tile_server_takes_the_citys_attribution_not_openstreetmaps(environment):
    found = environment(
        **PRODUCTION,
        SMARTCITY_MAP_TILE_URL="https://tiles.balti.md/{z}/{x}/{y}.png",
        SMARTCITY_MAP_TILE_ATTRIBUTION="© Primăria Bălți",
        SMARTCITY_MAP_TILE_ATTRIBUTION_URL="https://balti.md/harta",
    )
    assert (found.map_tile_attribution, found.map_tile_attribution_url) == (
        "© Primăria Bălți",
        "https://balti.md/harta",
    )
    bare = environment(SMARTCITY_ENV="development", SMARTCITY_MAP_TILE_ATTRIBUTION_URL="")
    assert "openstreetmap" not in bare.map_tile_attribution_url


def test_production_asks_browsers_for_https_by_default(environment):
    found = environment(**PRODUCTION)
    assert (found.hsts_seconds, found.hsts_include_subdomains, found.ssl_redirect) == (
        31_536_000,
        False,
        True,
    )
    chosen = environment(
        **PRODUCTION, SMARTCITY_HSTS_SECONDS="600", SMARTCITY_HSTS_INCLUDE_SUBDOMAINS="yes"
    )
    assert (chosen.hsts_seconds, chosen.hsts_include_subdomains) == (600, True)


def test_development_sends_no_hsts_and_no_redirect(environment):
    found = environment()
    assert (found.hsts_seconds, found.ssl_redirect) == (0, False)


def test_production_without_a_relay_says_residents_mail_would_go_to_the_log(environment):
    with pytest.raises(ImproperlyConfigured, match="printed into the log"):
        environment(**{**PRODUCTION, "SMARTCITY_EMAIL_HOST": ""})


def test_a_relay_on_the_same_machine_may_take_a_password_without_tls(environment):
    found = environment(
        **{**PRODUCTION, "SMARTCITY_EMAIL_HOST": "127.0.0.1", "SMARTCITY_EMAIL_SECURITY": "none"}
    )
    assert found.email.port == 25


def test_development_prints_mail_without_a_relay(environment):
    found = environment()
    assert found.email.host == ""
    assert found.debug


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"SMARTCITY_EMAIL_SECURITY": "ssl"}, "SMARTCITY_EMAIL_SECURITY"),
        ({"SMARTCITY_EMAIL_PORT": "smtp"}, "SMARTCITY_EMAIL_PORT"),
        ({"SMARTCITY_CACHE_URL": "memcached://x"}, "SMARTCITY_CACHE_URL"),
        ({"SMARTCITY_MEDIA_STORAGE": "ftp"}, "SMARTCITY_MEDIA_STORAGE"),
        ({"SMARTCITY_MEDIA_STORAGE": "s3"}, "SMARTCITY_S3_BUCKET"),
        ({"SMARTCITY_MEDIA_ACCEL_REDIRECT": "internal"}, "SMARTCITY_MEDIA_ACCEL_REDIRECT"),
        ({"SMARTCITY_TRUSTED_PROXIES": "10.0.0.0/33"}, "SMARTCITY_TRUSTED_PROXIES"),
        (
            {"SMARTCITY_MAP_TILE_ATTRIBUTION_URL": "javascript:alert(1)"},
            "SMARTCITY_MAP_TILE_ATTRIBUTION_URL",
        ),
    ],
)
def test_a_bad_value_stops_the_process_naming_the_variable(environment, variables, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        environment(**variables)


def test_the_implicit_tls_port_follows_the_security_chosen(environment):
    found = environment(SMARTCITY_EMAIL_HOST="smtp.balti.md", SMARTCITY_EMAIL_SECURITY="tls")
    assert found.email.port == 465


def test_every_variable_the_platform_reads_is_documented_in_the_readme():
    read = set(re.findall(r'"((?:SMARTCITY|DATABASE)_[A-Z0-9_]+)"', ENV_MODULE.read_text()))
    configuration = README.read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`((?:SMARTCITY|DATABASE)_[A-Z0-9_]+)`", configuration))
    assert read, "no variable found: the pattern no longer matches env.py"
    assert read - documented == set()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SMARTCITY_METRICS_TOKEN", "guessable"),
        ("SMARTCITY_SENTRY_DSN", "key@sentry.example.md/1"),
        ("SMARTCITY_SENTRY_TRACES_SAMPLE_RATE", "1.5"),
        ("SMARTCITY_SENTRY_TRACES_SAMPLE_RATE", "often"),
    ],
)
def test_a_bad_monitoring_setting_stops_the_process_naming_it(environment, variable, value):
    with pytest.raises(ImproperlyConfigured, match=variable):
        environment(**{variable: value})


def test_monitoring_settings_are_read_when_given(environment):
    found = environment(
        SMARTCITY_METRICS_TOKEN="t" * 32,
        SMARTCITY_SENTRY_DSN="https://key@sentry.example.md/1",
        SMARTCITY_SENTRY_TRACES_SAMPLE_RATE="0.25",
    )
    assert found.metrics_token == "t" * 32
    assert found.sentry_dsn == "https://key@sentry.example.md/1"
    assert found.sentry_traces_sample_rate == 0.25


MPASS = {
    "SMARTCITY_MPASS_IDP_METADATA": "/etc/smartcity/mpass-metadata.xml",
    "SMARTCITY_MPASS_SP_ENTITY_ID": "https://smart.balti.md/signin/mpass/metadata/",
    "SMARTCITY_MPASS_SP_CERT": "/etc/smartcity/mpass.crt",
    "SMARTCITY_MPASS_SP_KEY": "/etc/smartcity/mpass.key",
}


def test_mpass_is_off_unless_configured(environment):
    assert environment(**PRODUCTION).mpass is None


def test_production_accepts_every_mpass_setting_together(environment):
    found = environment(**PRODUCTION, **MPASS)
    assert found.mpass is not None
    assert found.mpass.sp_key == Path("/etc/smartcity/mpass.key")


@pytest.mark.parametrize("left_out", sorted(MPASS))
def test_production_refuses_an_mpass_setting_half_given(environment, left_out):
    given = {name: value for name, value in MPASS.items() if name != left_out}
    with pytest.raises(ImproperlyConfigured, match=left_out):
        environment(**PRODUCTION, **given)


def test_development_leaves_mpass_off_when_half_given(environment):
    found = environment(SMARTCITY_MPASS_IDP_METADATA="/etc/smartcity/mpass.xml")
    assert found.mpass is None
    assert found.mpass_missing


def test_a_relative_mpass_key_path_stops_the_process_naming_it(environment):
    with pytest.raises(ImproperlyConfigured, match="SMARTCITY_MPASS_SP_KEY"):
        environment(**{**MPASS, "SMARTCITY_MPASS_SP_KEY": "mpass.key"})


def test_mnotify_without_its_certificate_stops_the_process(environment):
    with pytest.raises(ImproperlyConfigured, match="SMARTCITY_MNOTIFY_CERT"):
        environment(SMARTCITY_MNOTIFY_URL="https://mnotify.staging.egov.md:8443/api")


MPAY = {
    "SMARTCITY_MPAY_SERVICE_ID": "balti-fees",
    "SMARTCITY_MPAY_ALLOWED_NETWORKS": "185.108.180.0/24",
}


def test_mpay_is_off_unless_configured(environment):
    assert environment(**PRODUCTION).mpay is None


def test_production_accepts_mpay_with_its_networks(environment):
    found = environment(**PRODUCTION, **MPAY)
    assert found.mpay is not None
    assert found.mpay.service_id == "balti-fees"
    assert found.mpay.pay_url == "https://mpay.gov.md/service/pay"


def test_production_refuses_mpay_without_the_networks_allowed_to_call_it(environment):
    with pytest.raises(ImproperlyConfigured, match="SMARTCITY_MPAY_ALLOWED_NETWORKS"):
        environment(**PRODUCTION, SMARTCITY_MPAY_SERVICE_ID="balti-fees")


def test_production_refuses_mpay_open_to_every_address(environment):
    with pytest.raises(ImproperlyConfigured, match="SMARTCITY_MPAY_ALLOWED_NETWORKS"):
        environment(**PRODUCTION, **{**MPAY, "SMARTCITY_MPAY_ALLOWED_NETWORKS": "0.0.0.0/0"})


def test_an_mpay_pay_page_that_is_not_http_stops_the_process(environment):
    with pytest.raises(ImproperlyConfigured, match="SMARTCITY_MPAY_PAY_URL"):
        environment(SMARTCITY_MPAY_SERVICE_ID="balti-fees", SMARTCITY_MPAY_PAY_URL="mpay.gov.md")
