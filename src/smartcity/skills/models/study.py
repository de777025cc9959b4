"""A study round per year, its invitations to enterprises, and their responses."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration.models import Organisation
from smartcity.skills.models.survey import Question, Survey


class StudyRound(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("survey")
    )
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))

    class Meta:
        verbose_name = _("study round")
        verbose_name_plural = _("study rounds")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    def is_open(self, now=None) -> bool:  # noqa: ANN001
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class Invitation(models.Model):
    """One enterprise invited to one round; its token is its personal link."""

    round = models.ForeignKey(
        StudyRound, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("round")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="skills_invitations",
        verbose_name=_("enterprise"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="ro")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="one_invitation_per_enterprise_and_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.round})"


class Response(models.Model):
    """The answers of one enterprise in one round (the invitation makes it unique)."""

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="response", verbose_name=_("invitation")
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["submitted_at"], name="skills_response_submitted")]

    def __str__(self) -> str:
        return str(self.invitation)


class Answer(models.Model):
    """One question's answer as JSON: a code, a list of codes, a number, a text, or for a
    matrix an object from row code to a column code or a number."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    value = models.JSONField(_("value"))
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]
