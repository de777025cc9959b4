from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def cache_table_create(sender: AppConfig, *, using: str, verbosity: int = 1, **kwargs) -> None:
    """After `migrate`, make the table of every database cache in CACHES (the default
    cache is one unless SMARTCITY_CACHE_URL names Redis). Without it a freshly migrated
    installation answers its first rate-limited request (a resident's report) with a 500;
    the demo loader used to be the only thing that made it. Idempotent: an existing
    table is left alone."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))


class OperationsConfig(AppConfig):
    name = "smartcity.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Connected for this app only, so one migrate creates the table once, not once
        # per installed app.
        post_migrate.connect(cache_table_create, sender=self, dispatch_uid="cache_table_create")
