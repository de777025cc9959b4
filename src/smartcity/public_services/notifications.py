"""Emails to applicants, in the language they applied in: registered, extended, answered
(the answer's PDF attached)."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from smartcity.config.site import absolute_url
from smartcity.public_services.models import Application

REASONS = ("registered", "extended", "answered")


def application_notify(*, application_id: int, reason: str) -> bool:
    """Email the applicant about the application's registration, extension or answer."""
    application = (
        Application.objects.select_related("service", "department")
        .filter(pk=application_id)
        .first()
    )
    if application is None or reason not in REASONS or not application.email:
        return False
    with translation.override(application.language):
        context = {
            "application": application,
            "url": absolute_url(reverse("public_services:application", args=[application.pk])),
        }
        subject = render_to_string(f"public_services/email/{reason}_subject.txt", context)
        body = render_to_string(f"public_services/email/{reason}.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, None, [application.email])
    if reason == "answered" and application.answer_pdf:
        with application.answer_pdf.open("rb") as pdf:
            message.attach(
                f"{application.number.replace('/', '-')}.pdf", pdf.read(), "application/pdf"
            )
    message.send()
    return True
