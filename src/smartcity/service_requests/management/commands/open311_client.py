"""Give an integrator an Open311 API key (shown this once), or revoke it."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcity.service_requests import services
from smartcity.service_requests.models import Open311Client


class Command(BaseCommand):
    help = (
        "Create the named Open311 client or give it a new key (printed once: only its hash "
        "is kept); --revoke stops its key working."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="who integrates, e.g. 'Aplicația mobilă a primăriei'")
        parser.add_argument("--revoke", action="store_true", help="deactivate the client's key")

    def handle(self, *args: object, name: str, revoke: bool, **options: object) -> None:
        if revoke:
            if not Open311Client.objects.filter(name=name).update(is_active=False):
                raise CommandError(f"there is no Open311 client named {name!r}")
            self.stdout.write(f"The key of {name!r} no longer works.")
            return
        _client, key = services.open311_client_set_key(name=name)
        self.stdout.write(key)
