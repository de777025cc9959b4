"""What the platform knows about its own running processes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessHeartbeat(models.Model):
    """The last sign of life of one long-running process (a task worker, an ingest worker).

    One row per process name, updated in place: readiness checks read how old it is, and
    the process's own figures (`details`: lag, backlog, counts) travel with it.
    """

    class Kind(models.TextChoices):
        WORKER = "worker", _("task worker")
        INGEST = "ingest", _("device ingest worker")
        TRANSIT_INGEST = "transit_ingest", _("vehicle position ingest worker")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    host = models.CharField(_("host"), max_length=120)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"))
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("process heartbeat")
        verbose_name_plural = _("process heartbeats")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="operations_heartbeat_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"
