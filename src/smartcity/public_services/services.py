"""Writes on applications and petitions: registering, reviewing, extending, answering.

Deadlines follow the Administrative Code (Law 116/2018): the term counts calendar days
from the day of registration in Chișinău (a 30-day term registered on 1 March ends on
31 March), and it may be extended once, by at most 15 days, with a reason the resident
is told.
"""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from smartcity.city import register
from smartcity.city.access import is_staff_of
from smartcity.city.models import Department
from smartcity.public_services import tasks
from smartcity.public_services.answer_pdf import answer_pdf
from smartcity.public_services.attachments import CheckedAttachment, attachments_check
from smartcity.public_services.models import (
    EXTENSION_MAX_DAYS,
    LEGAL_TERM_DAYS,
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    Service,
)
from smartcity.service_requests.text import clean_text

_IDNP = re.compile(r"^\d{13}$")
Status = Application.Status


@dataclass
class Applicant:
    name: str
    idnp: str
    email: str
    phone: str = ""
    address: str = ""


@dataclass
class PetitionContent:
    petition_kind: str
    subject: str
    text: str
    department: Department | None = None


def deadline_for(registered_at: datetime.datetime, term_days: int) -> datetime.date:
    """The last day to answer: the registration's day in Chișinău plus the term, in
    calendar days (weekends and holidays count)."""
    return timezone.localtime(registered_at).date() + datetime.timedelta(days=term_days)


def applicant_check(applicant: Applicant) -> Applicant:
    """The applicant's fields trimmed, or a ValidationError per field."""
    errors: dict[str, list[str]] = {}
    name = clean_text(applicant.name)[:200]
    idnp = re.sub(r"\s", "", applicant.idnp or "")
    if not name:
        errors["applicant_name"] = [_("Give your full name.")]
    if not _IDNP.match(idnp):
        errors["idnp"] = [_("The IDNP has exactly 13 digits.")]
    if not applicant.email or "@" not in applicant.email:
        errors["email"] = [_("Give an email address for the answer.")]
    if errors:
        raise ValidationError(errors)
    return Applicant(
        name=name,
        idnp=idnp,
        email=applicant.email.strip(),
        phone=clean_text(applicant.phone)[:40],
        address=clean_text(applicant.address)[:250],
    )


def _event(application: Application, status: str, *, by=None, note: str = "") -> None:  # noqa: ANN001
    ApplicationEvent.objects.create(
        application=application, at=timezone.now(), status=status, by=by, note=note
    )


def _register(
    *,
    by,  # noqa: ANN001
    applicant: Applicant,
    department: Department,
    term_days: int,
    files: list[CheckedAttachment],
    values: dict[str, Any],
) -> Application:
    """Enter the paper in its department's register with its attachments, all in one
    transaction: a file that fails to store takes the paper and its number with it."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            entry = register.register_entry_take(
                code=register.register_code_of(department), moment=now
            )
            deadline = deadline_for(now, term_days)
            application = Application.objects.create(
                department=department,
                applicant=by,
                applicant_name=applicant.name,
                idnp=applicant.idnp,
                email=applicant.email,
                phone=applicant.phone,
                address=applicant.address,
                language=(translation.get_language() or "ro")[:2],
                register_code=entry.code,
                year=entry.year,
                sequence=entry.sequence,
                number=entry.number,
                registered_at=now,
                legal_deadline=deadline,
                deadline=deadline,
                **values,
            )
            for checked in files:
                name = default_storage.save(
                    f"applications/{entry.year}/{checked.stored_name}", ContentFile(checked.data)
                )
                stored.append(name)
                ApplicationAttachment.objects.create(
                    application=application,
                    file=name,
                    name=checked.name,
                    content_type=checked.content_type,
                    size=len(checked.data),
                )
            _event(application, Status.REGISTERED, by=by)
            transaction.on_commit(
                lambda: tasks.application_notify.enqueue(application.pk, "registered")
            )
    except Exception:
        for name in stored:
            default_storage.delete(name)
        raise
    return application


def application_submit(
    *,
    by,  # noqa: ANN001 - the signed-in resident
    service: Service,
    applicant: Applicant,
    answers: dict[str, Any],
    uploads: list,
) -> Application:
    """Register a resident's application for a service: a number in the department's
    register, the legal deadline (the service's term), the confirmation email.

    Everything is checked before anything is written; raises ValidationError."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to apply."))
    if not (service.is_active and service.applies_online):
        raise ValidationError(_("This service cannot be applied for online."))
    applicant = applicant_check(applicant)
    files = attachments_check(uploads)
    return _register(
        by=by,
        applicant=applicant,
        department=service.department,
        term_days=service.legal_term_days or LEGAL_TERM_DAYS,
        files=files,
        values={"kind": Application.Kind.SERVICE, "service": service, "answers": answers},
    )


def petition_submit(
    *,
    by,  # noqa: ANN001 - the signed-in resident
    applicant: Applicant,
    content: PetitionContent,
    uploads: list,
) -> Application:
    """Register a petition (request, proposal, complaint) to a department, or to the
    chancellery when none is chosen; 30 days to answer. A petition must name its author
    (anonymous petitions are not examined), so the applicant's fields are required."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to send a petition."))
    errors: dict[str, list[str]] = {}
    if content.petition_kind not in Application.PetitionKind.values:
        errors["petition_kind"] = [_("Choose a request, a proposal or a complaint.")]
    subject, text = clean_text(content.subject)[:200], clean_text(content.text)[:10000]
    if not subject:
        errors["subject"] = [_("Give the petition a subject.")]
    if len(text) < 10:
        errors["text"] = [_("Write what you ask, propose or complain about.")]
    if errors:
        raise ValidationError(errors)
    applicant = applicant_check(applicant)
    files = attachments_check(uploads)
    department = (
        content.department or Department.objects.filter(slug=register.CHANCELLERY_SLUG).first()
    )
    if department is None:
        raise ValidationError({"department": [_("Choose the department to address.")]})
    return _register(
        by=by,
        applicant=applicant,
        department=department,
        term_days=LEGAL_TERM_DAYS,
        files=files,
        values={
            "kind": Application.Kind.PETITION,
            "petition_kind": content.petition_kind,
            "subject": subject,
            "text": text,
        },
    )


def _handled(application: Application, by) -> Application:  # noqa: ANN001
    if not is_staff_of(by, [application.department.slug]):
        raise PermissionDenied(_("Only the department's staff handle this application."))
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_open:
        raise ValidationError(_("This application is closed."))
    return locked


def application_review_start(*, application: Application, by) -> Application:  # noqa: ANN001
    with transaction.atomic():
        application = _handled(application, by)
        if application.status == Status.REGISTERED:
            application.status = Status.IN_REVIEW
            application.save(update_fields=["status"])
            _event(application, Status.IN_REVIEW, by=by)
    return application


def application_extend(
    *,
    application: Application,
    by,  # noqa: ANN001
    days: int,
    reason: str,
) -> Application:
    """Extend the term once, by 1 to 15 days, with the reason the resident is told."""
    reason = clean_text(reason)
    if not 1 <= days <= EXTENSION_MAX_DAYS:
        raise ValidationError({"days": [_("An extension is of 1 to 15 days.")]})
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the extension.")]})
    with transaction.atomic():
        application = _handled(application, by)
        if application.extended_at is not None:
            raise ValidationError(_("The term can be extended only once."))
        application.deadline = application.legal_deadline + datetime.timedelta(days=days)
        application.extension_reason = reason
        application.extended_at = timezone.now()
        application.status = Status.EXTENDED
        application.save()
        _event(application, Status.EXTENDED, by=by, note=reason)
        pk = application.pk
        transaction.on_commit(lambda: tasks.application_notify.enqueue(pk, "extended"))
    return application


def application_answer(
    *,
    application: Application,
    by,  # noqa: ANN001
    decision: str,
    answer: str,
) -> Application:
    """Record the answer, draw its PDF and email it to the applicant."""
    answer = clean_text(answer)
    if decision not in Application.Decision.values:
        raise ValidationError({"decision": [_("Choose approved or refused.")]})
    if not answer:
        raise ValidationError({"answer": [_("Write the answer.")]})
    with transaction.atomic():
        application = _handled(application, by)
        application.decision = decision
        application.answer = answer[:20000]
        application.answered_at = timezone.now()
        application.answered_by = by
        application.status = Status.ANSWERED
        content = answer_pdf(application)
        name = f"{application.number.replace('/', '-')}-{secrets.token_hex(8)}.pdf"
        application.answer_pdf.save(name, ContentFile(content), save=False)
        application.save()
        _event(application, Status.ANSWERED, by=by)
        pk = application.pk
        transaction.on_commit(lambda: tasks.application_notify.enqueue(pk, "answered"))
    return application


def application_withdraw(*, application: Application, by) -> Application:  # noqa: ANN001
    """The applicant withdraws an application still open."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.applicant_id != by.pk:
            raise PermissionDenied(_("Only the applicant can withdraw an application."))
        if not application.is_open:
            raise ValidationError(_("This application is closed."))
        application.status = Status.WITHDRAWN
        application.save(update_fields=["status"])
        _event(application, Status.WITHDRAWN, by=by)
    return application
