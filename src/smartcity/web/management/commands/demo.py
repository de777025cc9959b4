"""`smartcity demo`: migrate, load Bălți's demo data unless present, and serve."""

from __future__ import annotations

import ipaddress
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from smartcity.appointments import demo as appointments_demo
from smartcity.city import demo as city_demo
from smartcity.city.selectors import city_profile
from smartcity.collaboration import demo as collaboration_demo
from smartcity.housing import demo as housing_demo
from smartcity.institutions import demo as institutions_demo
from smartcity.lighting import demo as lighting_demo
from smartcity.public_services import demo as services_demo
from smartcity.service_requests import demo as requests_demo
from smartcity.service_requests import services as request_services
from smartcity.simulation import demo as simulation_demo
from smartcity.skills import demo as skills_demo
from smartcity.strategy import demo as strategy_demo
from smartcity.transit import demo as transit_demo
from smartcity.transit.realtime import demo as transit_realtime_demo
from smartcity.utilities import demo as utilities_demo
from smartcity.waste import demo as waste_demo

Progress = Callable[[str], None]

# Each domain's demo after the city's, in order, loaded when it is missing (also into a
# database made before the domain existed): whether it is there, what to say, the load.
DOMAINS: tuple[tuple[Callable[[], bool], str, Callable[[int, Progress], object]], ...] = (
    (
        collaboration_demo.collaboration_loaded,
        "Loading the collaboration: needs, ideas, a joint project…",
        lambda seed, progress: collaboration_demo.collaboration_load(),
    ),
    (
        strategy_demo.strategy_loaded,
        "Loading the strategy and the economic plan (illustrative)…",
        lambda seed, progress: strategy_demo.strategy_load(),
    ),
    (
        transit_demo.transit_loaded,
        "Generating the public transport feed (illustrative lines)…",
        lambda seed, progress: transit_demo.transit_load(),
    ),
    (
        transit_realtime_demo.history_loaded,
        "Simulating a week of trolleybus and bus runs (illustrative)…",
        lambda seed, progress: transit_realtime_demo.history_load(seed=seed, progress=progress),
    ),
    (
        # The study's enterprises join the organisations' directory, so it comes after.
        skills_demo.skills_loaded,
        "Loading the skills study: questionnaire, enterprises, three rounds…",
        lambda seed, progress: skills_demo.skills_load(seed=seed, progress=progress),
    ),
    (
        # After the building meters: their suspicions become the managers' work.
        housing_demo.housing_loaded,
        "Loading apartment blocks, outages and heating (illustrative)…",
        lambda seed, progress: housing_demo.housing_load(seed=seed, progress=progress),
    ),
    (
        lambda: services_demo.catalogue_loaded() and services_demo.applications_loaded(),
        "Loading the city hall's services and applications (illustrative)…",
        lambda seed, progress: services_demo.public_services_load(seed=seed, progress=progress),
    ),
    (
        # After the catalogue: a desk for each department's bookable services.
        appointments_demo.desks_loaded,
        "Opening front desks for appointments (illustrative)…",
        lambda seed, progress: appointments_demo.desks_load(seed=seed),
    ),
    (
        # After the city's staff: the directorates' demo staff announce the events.
        institutions_demo.institutions_loaded,
        "Loading schools, kindergartens and culture (illustrative)…",
        lambda seed, progress: institutions_demo.institutions_load(seed=seed, progress=progress),
    ),
)


class Command(BaseCommand):
    help = "Run the platform with the demo data of Bălți (SQLite by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--addr", default="127.0.0.1")
        parser.add_argument("--seed", type=int, default=2026, help="seed of the generated data")
        parser.add_argument("--no-serve", action="store_true", help="load the data and stop")

    def handle(
        self,
        *args: object,
        port: int,
        addr: str,
        seed: int,
        no_serve: bool,
        **options: object,
    ) -> None:
        # Links in e-mails, feeds and the standards' documents point where this demo serves,
        # unless the site's address was set explicitly.
        settings.SMARTCITY_SITE_URL = demo_site_url(addr, port, os.environ)
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if city_profile() is None:
            self.stdout.write("Loading the demo data of Bălți…")
            city_demo.city_load()
            requests_demo.categories_load()
            requests_demo.sample_requests_load(seed=seed, progress=self.stdout.write)
            self.stdout.write("Training the category suggestions on that history…")
            call_command("train_classifier", stdout=self.stdout)
            self.stdout.write("Placing street lights, cabinets and sensors, with their history…")
            lighting_demo.profiles_load()
            simulation_demo.devices_load(seed=seed, progress=self.stdout.write)
            simulator = simulation_demo.simulator_gateway()
            self.stdout.write("Placing waste containers and building meters, with their history…")
            waste_demo.waste_load(seed=seed, gateway=simulator, progress=self.stdout.write)
            utilities_demo.utilities_load(seed=seed, gateway=simulator, progress=self.stdout.write)
        else:
            self.stdout.write("Demo data already present; keeping it.")
        for loaded, message, load in DOMAINS:
            if not loaded():
                self.stdout.write(message)
                load(seed, self.stdout.write)
        _client, key = request_services.open311_client_set_key(
            name="Demo integrator", key=settings.SMARTCITY_DEMO_API_KEY or None
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"\nBălți Smart City at {settings.SMARTCITY_SITE_URL}/\n"
                f"  Staff logins: admin, dispecer, iluminat, drumuri, salubrizare, … "
                f"(collaboration: partener, evaluator, cabinet) "
                f"(password {city_demo.DEMO_PASSWORD})\n"
                f"  Open311 API key: {key}\n"
            )
        )
        if not no_serve:
            self._serve(addr, port, seed)

    def _serve(self, addr: str, port: int, seed: int) -> None:
        # Emails, alerts and other background tasks wait in the database queue: a worker
        # beside the web server runs them (emails go to the console in development). The
        # simulator keeps the demo devices reporting: over MQTT through an ingest worker
        # when a broker is configured, else over HTTP to this server.
        here = [sys.executable, "-m", "smartcity"]
        # The worker sends the e-mails: it links to the address this process serves.
        env = {**os.environ, "SMARTCITY_SITE_URL": settings.SMARTCITY_SITE_URL}
        helpers = [subprocess.Popen([*here, "worker"], env=env)]
        simulate = [*here, "simulate", "--seed", str(seed)]
        if settings.SMARTCITY_MQTT_URL:
            ingest = [*here, "ingest", "--client-id", "smartcity-demo"]
            helpers.append(subprocess.Popen(ingest, env=env))
        else:
            token = simulation_demo.simulator_token_reset()
            simulate += ["--url", f"http://{addr}:{port}", "--token", token]
        helpers.append(subprocess.Popen(simulate, stdout=subprocess.DEVNULL, env=env))
        # The vehicles likewise: over MQTT through the transit ingest worker, else over
        # HTTP to this server, each vehicle with its own token.
        transit = [*here, "transit_simulate", "--seed", str(seed)]
        if settings.SMARTCITY_MQTT_URL:
            ingest = [*here, "transit_ingest", "--client-id", "smartcity-demo-transit"]
            helpers.append(subprocess.Popen(ingest, env=env))
        else:
            transit += ["--url", f"http://{addr}:{port}"]
        helpers.append(subprocess.Popen(transit, stdout=subprocess.DEVNULL, env=env))
        # Python's default for SIGTERM ends the process without unwinding, which left the
        # helpers running; as an exit it reaches the `finally` that stops them.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            call_command("runserver", f"{addr}:{port}", use_reloader=False)
        finally:
            helpers_stop(helpers)


def demo_site_url(addr: str, port: int, environ: Mapping[str, str]) -> str:
    """The site's address for a demo serving on `addr:port`: SMARTCITY_SITE_URL when set,
    else that address (a wildcard one, which no browser can open, as 127.0.0.1)."""
    if environ.get("SMARTCITY_SITE_URL"):
        return environ["SMARTCITY_SITE_URL"].rstrip("/")
    host = addr.strip("[]")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return f"http://{host}:{port}"  # a host name
    if ip.is_unspecified:
        return f"http://127.0.0.1:{port}"
    return f"http://[{ip}]:{port}" if ip.version == 6 else f"http://{ip}:{port}"


def helpers_stop(helpers: list[subprocess.Popen], seconds: float = 15.0) -> None:
    """SIGTERM to every helper (each finishes what it has in hand), SIGKILL to any that
    has not stopped within `seconds`."""
    for helper in helpers:
        helper.terminate()
    for helper in helpers:
        try:
            helper.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            helper.kill()
            helper.wait()
