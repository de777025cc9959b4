"""Emails to the authors of ideas, in the language they submitted in."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from smartcity.collaboration.models import IdeaStateChange, Registration
from smartcity.config.site import absolute_url


def idea_author_notify(*, change_id: int) -> bool:
    """Email the author the city's answer recorded by one state change; at most once."""
    with transaction.atomic():
        change = (
            IdeaStateChange.objects.select_for_update()
            .select_related("idea", "idea__author")
            .filter(pk=change_id, author_notified_at__isnull=True)
            .first()
        )
        if change is None or not change.idea.author.email:
            return False
        idea = change.idea
        with translation.override(idea.language):
            context = {
                "idea": idea,
                "change": change,
                "idea_url": absolute_url(reverse("collaboration:idea", args=[idea.pk])),
            }
            subject = render_to_string("collaboration/email/answer_subject.txt", context)
            body = render_to_string("collaboration/email/answer.txt", context)
        send_mail(" ".join(subject.split()), body, None, [idea.author.email])
        change.author_notified_at = timezone.now()
        change.save(update_fields=["author_notified_at"])
    return True


def registration_notify(*, registration_id: int, reason: str) -> bool:
    """Email a registrant the state of their registration and its link: on registering
    ("registered") or on getting a seat from the waiting list ("promoted")."""
    registration = (
        Registration.objects.select_related("event")
        .filter(pk=registration_id)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        return False
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": registration.event,
            "promoted": reason == "promoted",
            "registration_url": absolute_url(
                reverse("collaboration:registration", args=[registration.token])
            ),
        }
        subject = render_to_string("collaboration/email/registration_subject.txt", context)
        body = render_to_string("collaboration/email/registration.txt", context)
    send_mail(" ".join(subject.split()), body, None, [registration.email])
    return True
