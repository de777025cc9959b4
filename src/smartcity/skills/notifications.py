"""Emails to invited enterprises: the invitation, and reminders while they have not
answered; each carries the enterprise's personal link."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from smartcity.config.site import absolute_url
from smartcity.skills.models import Invitation, StudyRound
from smartcity.skills.services import invitations_due_reminder


def _send(invitation: Invitation, *, reminder: bool) -> None:
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "round": invitation.round,
            "reminder": reminder,
            "url": absolute_url(reverse("skills:respond", args=[invitation.token])),
        }
        subject = render_to_string("skills/email/invitation_subject.txt", context)
        body = render_to_string("skills/email/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])


def invitation_send(*, invitation_id: int) -> bool:
    """Email the invitation once (a rerun does nothing)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("round", "organisation")
            .filter(pk=invitation_id, sent_at__isnull=True)
            .exclude(email="")
            .first()
        )
        if invitation is None:
            return False
        _send(invitation, reminder=False)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


def reminders_send(*, round_id: int) -> int:
    """Remind the enterprises of an open round that have not submitted (see
    `invitations_due_reminder`); returns how many were emailed."""
    study_round = StudyRound.objects.filter(pk=round_id).first()
    if study_round is None:
        return 0
    sent = 0
    for pk in list(invitations_due_reminder(round=study_round).values_list("pk", flat=True)):
        with transaction.atomic():
            invitation = (
                invitations_due_reminder(round=study_round)
                .select_for_update(of=("self",))
                .select_related("round", "organisation")
                .filter(pk=pk)
                .first()
            )
            if invitation is None:
                continue  # answered or reminded meanwhile
            _send(invitation, reminder=True)
            Invitation.objects.filter(pk=pk).update(
                reminded_at=timezone.now(), reminders=F("reminders") + 1
            )
            sent += 1
    return sent


def reminders_send_all() -> int:
    """Reminders for every round open now (the worker runs this daily)."""
    now = timezone.now()
    return sum(
        reminders_send(round_id=pk)
        for pk in StudyRound.objects.filter(opens_at__lte=now, closes_at__gt=now).values_list(
            "pk", flat=True
        )
    )
