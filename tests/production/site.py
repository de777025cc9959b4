"""The production set as a city runs it, on this machine, for the production-day test.

A fresh PostgreSQL database, the documented set-up commands, gunicorn with
deploy/gunicorn.conf.py, Debian's nginx with deploy/nginx/smartcity.conf (ports, paths
and certificate substituted, nothing else), the task worker, Mosquitto with
deploy/mosquitto.conf (port and paths substituted) and the accounts `smartcity mqtt_sync`
writes, `smartcity ingest` reading from it, and an SMTP relay that wants a password over
STARTTLS. Every process is a real one, stopped with SIGTERM.
"""

from __future__ import annotations

import getpass
import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

from tests.mail_relay import MailRelay
from tests.processes import SMARTCITY, Process, free_port, run, wait_until
from tests.tls import certificate_self_signed

ROOT = Path(__file__).resolve().parents[2]
# The server the production day creates its own database on (never the suite's).
POSTGRES_URL = os.environ.get(
    "SMARTCITY_PRODUCTION_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
# SMARTCITY_PRODUCTION_DATABASE lets two runs on one machine keep out of each other's way.
DATABASE_NAME = os.environ.get("SMARTCITY_PRODUCTION_DATABASE", "smartcity_production_day")
REPORTS_PER_HOUR = 3
# The bearer token the city's Prometheus scrapes /metrics with.
METRICS_TOKEN = secrets.token_urlsafe(32)


@dataclass
class ProductionSite:
    root: Path
    environment: dict[str, str]
    base_url: str
    certificate: Path
    relay: MailRelay
    database_url: str
    processes: dict[str, Process] = field(default_factory=dict)

    def smartcity(self, *arguments: str) -> str:
        return run([*SMARTCITY, *arguments], self.environment, cwd=ROOT)

    @property
    def mqtt_port(self) -> int:
        return int(self.environment["SMARTCITY_MQTT_URL"].rsplit(":", 1)[1])

    def start(self, name: str, command: list[str]) -> Process:
        process = Process(name, command, self.environment, self.root / "logs", cwd=ROOT)
        self.processes[name] = process.start()
        return process

    def stop(self) -> dict[str, int | None]:
        """Every process stopped as systemd stops a unit (SIGTERM); their exit codes."""
        codes = {}
        for name in reversed(list(self.processes)):
            codes[name] = self.processes[name].stop()
        self.relay.stop()
        return codes


def server_connect(database: str | None = None) -> psycopg.Connection:
    """A connection to the production day's server, to its maintenance database or to
    `database`."""
    config = dj_database_url.parse(POSTGRES_URL)
    return psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname=database or config["NAME"],
        autocommit=True,
    )


def database_fresh(name: str) -> str:
    """The URL of an empty database `name` on the production day's server (dropped first)."""
    database_drop(name)
    with server_connect() as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server_database_url(name)


def server_database_url(name: str) -> str:
    """The URL of database `name` on the production day's server (whether it exists or not)."""
    base, _slash, _name = POSTGRES_URL.partition("?")[0].rpartition("/")
    return f"{base}/{name}"


def database_drop(name: str) -> None:
    with server_connect() as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def production_environment(
    root: Path, database_url: str, *, host: str, site_url: str
) -> dict[str, str]:
    """What every production process of an installation in `root` is started with: no
    variable of the test's own environment but PATH, SMARTCITY_ENV=production."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(root),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT / "src"),
        "SMARTCITY_ENV": "production",
        "SMARTCITY_SECRET_KEY": secrets.token_urlsafe(48),
        "SMARTCITY_ALLOWED_HOSTS": host,
        "SMARTCITY_SITE_URL": site_url,
        "DATABASE_URL": database_url,
        "SMARTCITY_DATA_DIR": str(root / "data"),
        "SMARTCITY_STATIC_ROOT": str(root / "data" / "static"),
        "SMARTCITY_MEDIA_ROOT": str(root / "data" / "media"),
    }


def nginx_site(root: Path, *, https_port: int, http_port: int, web_port: int) -> Path:
    """deploy/nginx/smartcity.conf with this machine's ports, paths and certificate."""
    site = (ROOT / "deploy" / "nginx" / "smartcity.conf").read_text()
    replacements = {
        "listen [::]:80;\n": "",
        "listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{web_port};",
        "/etc/letsencrypt/live/balti.example.md/fullchain.pem": str(root / "cert.pem"),
        "/etc/letsencrypt/live/balti.example.md/privkey.pem": str(root / "key.pem"),
        "/var/lib/smartcity/": f"{root / 'data'}/",
        "/var/www/letsencrypt": str(root / "acme"),
        "balti.example.md": "localhost",
    }
    for example, here in replacements.items():
        assert example in site, f"deploy/nginx/smartcity.conf no longer has {example!r}"
        site = site.replace(example, here)
    (root / "site.conf").write_text(site)
    temp = root / "nginx-temp"
    temp.mkdir()
    # As root, nginx's workers would run as nobody and could not read the test's files.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = root / "nginx.conf"
    main.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {root / 'nginx.pid'};\n"
        f"error_log {root / 'logs' / 'nginx-error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log {root / 'logs' / 'nginx-access.log'};\n"
        + "".join(
            f"  {kind}_temp_path {temp / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {root / 'site.conf'};\n}}\n"
    )
    return main


def mosquitto_config(root: Path, *, port: int) -> Path:
    """deploy/mosquitto.conf with this machine's port and paths, its settings untouched."""
    conf = (ROOT / "deploy" / "mosquitto.conf").read_text()
    auth = root / "data" / "broker"
    replacements = {
        "listener 1883\n": f"listener {port} 127.0.0.1\n",
        "/var/lib/smartcity/broker/passwords": str(auth / "passwords"),
        "/var/lib/smartcity/broker/acl": str(auth / "acl"),
    }
    for example, here in replacements.items():
        assert example in conf, f"deploy/mosquitto.conf no longer has {example!r}"
        conf = conf.replace(example, here)
    (root / "mosquitto").mkdir()
    # What Debian's main file adds (persistence_location, pid_file); as root, Mosquitto
    # would become the user `mosquitto`, who could not write here.
    conf += (
        f"\npersistence_location {root / 'mosquitto'}/\npid_file {root / 'mosquitto.pid'}\n"
        f"user {getpass.getuser()}\n"
    )
    (root / "mosquitto.conf").write_text(conf)
    return root / "mosquitto.conf"


def _broker_accepting(port: int) -> bool:
    import socket

    with socket.socket() as attempt:
        return attempt.connect_ex(("127.0.0.1", port)) == 0


def broker_start(site: ProductionSite) -> Process:
    """Mosquitto (again, on a restart) as its unit would start it; once it takes connections."""
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    config = site.root / "mosquitto.conf"
    if "broker" in site.processes:
        process = site.processes["broker"].start()
    else:
        process = site.start("broker", [mosquitto, "-c", str(config)])
    wait_until(lambda: _broker_accepting(site.mqtt_port), seconds=20, what="mosquitto accepting")
    return process


def site_start(root: Path) -> ProductionSite:
    """Set up a city as README § Production says, and start its processes."""
    (root / "logs").mkdir(parents=True)
    certificate, key = certificate_self_signed(root)
    relay = MailRelay(certificate=certificate, key=key).start()
    https_port, http_port, web_port = free_port(), free_port(), free_port()
    mqtt_port = free_port()
    base_url = f"https://localhost:{https_port}"
    database_url = database_fresh(DATABASE_NAME)
    environment = production_environment(
        root, database_url, host="localhost", site_url=base_url
    ) | {
        "SMARTCITY_CSRF_TRUSTED_ORIGINS": base_url,
        "SMARTCITY_TRUSTED_PROXIES": "127.0.0.1/32,::1/128",
        "SMARTCITY_MEDIA_ACCEL_REDIRECT": "/internal-media/",
        "SMARTCITY_EMAIL_HOST": "localhost",
        "SMARTCITY_EMAIL_PORT": str(relay.port),
        "SMARTCITY_EMAIL_USER": relay.user,
        "SMARTCITY_EMAIL_PASSWORD": relay.password,
        "SMARTCITY_EMAIL_SECURITY": "starttls",
        "SMARTCITY_REPORTS_PER_HOUR": str(REPORTS_PER_HOUR),
        "SMARTCITY_METRICS_TOKEN": METRICS_TOKEN,
        "SMARTCITY_MQTT_URL": f"mqtt://127.0.0.1:{mqtt_port}",
        "SMARTCITY_MQTT_INGEST_PASSWORD": secrets.token_urlsafe(24),
        "SMARTCITY_MQTT_AUTH_DIR": str(root / "data" / "broker"),
        "SMARTCITY_MQTT_BROKER_PID_FILE": str(root / "mosquitto.pid"),
        # The relay's certificate is self-signed: trusted the way a city trusts its own CA.
        "SSL_CERT_FILE": str(certificate),
    }
    site = ProductionSite(
        root=root,
        environment=environment,
        base_url=base_url,
        certificate=certificate,
        relay=relay,
        database_url=database_url,
    )
    site.smartcity("migrate", "--noinput")
    # The city itself, as README § Production loads it: Bălți's files (profile, districts,
    # departments, categories, staff), and nothing of the demo.
    site.smartcity("city_load", str(ROOT / "data" / "city" / "balti"))
    site.smartcity("collectstatic", "--noinput")
    site.start(
        "web",
        [
            *SMARTCITY[:1],
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{web_port}",
            "--workers",
            "2",
            "--worker-tmp-dir",
            str(root),
        ],
    )
    site.start("worker", [*SMARTCITY, "worker"])
    # The broker's accounts before the broker: it will not start without its files.
    site.smartcity("mqtt_sync")
    mosquitto_config(root, port=mqtt_port)
    broker_start(site)
    ingest = site.start("ingest", [*SMARTCITY, "ingest", "--partition", "1/1"])
    wait_until(lambda: "Subscribed to" in ingest.log(), seconds=60, what="ingest subscribed")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    config = nginx_site(root, https_port=https_port, http_port=http_port, web_port=web_port)
    run([nginx, "-t", "-p", str(root), "-c", str(config)], environment)
    site.start("nginx", [nginx, "-p", str(root), "-c", str(config)])
    wait_until(
        lambda: _answers(base_url + "/", certificate),
        seconds=60,
        what=f"the site through nginx ({site.processes['web'].log()[-2000:]})",
    )
    return site


def _answers(url: str, certificate: Path) -> bool:
    import requests

    return requests.get(url, verify=str(certificate), timeout=5).status_code == 200
