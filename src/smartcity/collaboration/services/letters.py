"""Writes on letters to the Mayor: registering in the city hall's register, recording receipt."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.city import register
from smartcity.collaboration import access
from smartcity.collaboration.letterhead import letter_pdf
from smartcity.collaboration.models import LetterToMayor, ProjectIdea


def letter_register(*, idea: ProjectIdea) -> LetterToMayor:
    """Register the idea's letter (once per idea) in the city hall's register of
    correspondence, under the chancellery's code that the Mayor's office keeps."""
    existing = LetterToMayor.objects.filter(idea=idea).first()
    if existing is not None:
        return existing
    now = timezone.now()
    with transaction.atomic():
        entry = register.register_entry_take(code=register.chancellery_code(), moment=now)
        return LetterToMayor.objects.create(
            idea=idea,
            year=entry.year,
            sequence=entry.sequence,
            number=entry.number,
            registered_at=now,
        )


def letter_pdf_store(*, letter: LetterToMayor) -> LetterToMayor:
    """Draw the Romanian PDF of the letter and keep it with the letter."""
    content = letter_pdf(letter, language="ro")
    # A random part keeps the stored file from being guessed where media are served
    # directly; the letter itself is read through the download view, which checks access.
    name = f"{letter.number.replace('/', '-')}-{secrets.token_hex(8)}.pdf"
    letter.pdf.save(name, ContentFile(content), save=False)
    LetterToMayor.objects.filter(pk=letter.pk).update(pdf=letter.pdf.name)
    return letter


def letter_receipt_record(
    *,
    letter: LetterToMayor,
    by,  # noqa: ANN001
    received_on: datetime.date,
    incoming_number: str,
) -> LetterToMayor:
    """The Mayor's office records when the letter arrived and its incoming number."""
    if not access.is_mayors_office(by):
        raise PermissionDenied(_("Only the Mayor's office records the receipt of letters."))
    incoming_number = incoming_number.strip()
    if not incoming_number:
        raise ValidationError({"incoming_number": [_("Give the incoming number.")]})
    if received_on < timezone.localtime(letter.registered_at).date():
        raise ValidationError(
            {"received_on": [_("A letter cannot arrive before it was registered.")]}
        )
    with transaction.atomic():
        letter = LetterToMayor.objects.select_for_update().get(pk=letter.pk)
        letter.received_on = received_on
        letter.incoming_number = incoming_number[:40]
        letter.receipt_recorded_by = by
        letter.receipt_recorded_at = timezone.now()
        letter.save()
    return letter
