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


class PeriodicRun(models.Model):
    """One due time of one periodic job, claimed by the worker that enqueued it.

    The unique constraint is the lock: every worker tries to insert the row for the job's
    latest due time, exactly one insert succeeds, and only that worker enqueues the job.
    """

    job = models.CharField(_("job"), max_length=120)
    due_at = models.DateTimeField(_("due at"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    worker = models.CharField(_("worker"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "due_at"], name="operations_periodic_run_unique")
        ]
        indexes = [models.Index(fields=["enqueued_at"], name="operations_periodic_enq_idx")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.due_at:%Y-%m-%d %H:%M}"


class DrawnDocument(models.Model):
    """A document too heavy to draw inside a request (a yearly report as PDF), drawn by
    the worker and kept in the media storage until what it shows changes.

    `version` is the fingerprint of the data the kept file was drawn from; `wanted_version`
    the one a draw was last asked for, so many readers asking at once enqueue one draw.
    """

    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("key"), max_length=200)
    file = models.CharField(_("file"), max_length=300, blank=True)
    version = models.CharField(_("version"), max_length=64, blank=True)
    wanted_version = models.CharField(_("wanted version"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("drawn document")
        verbose_name_plural = _("drawn documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="operations_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"
