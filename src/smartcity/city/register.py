"""The city hall's register of correspondence: one numbering per register and year.

Every incoming paper the city hall must answer — an application for a service, a
petition, a letter to the Mayor — is entered in the register of the department that
answers it and gets `<CODE>-<year>/<number>` (CAN-2026/0042). The letters to the Mayor
are entered in the chancellery's register, which the Mayor's office keeps.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from smartcity.city.models import Department, RegisterCounter

# The chancellery keeps the Mayor's register; its code if its department is not loaded.
CHANCELLERY_SLUG = "cancelaria"
CHANCELLERY_CODE = "CAN"


@dataclass(frozen=True)
class RegisterEntry:
    code: str
    year: int
    sequence: int

    @property
    def number(self) -> str:
        return f"{self.code}-{self.year}/{self.sequence:04d}"


def register_code_of(department: Department | None) -> str:
    """The department's register code; papers of a department without one, or of none,
    are entered in the chancellery's register."""
    if department is not None and department.register_code:
        return department.register_code
    return chancellery_code()


def chancellery_code() -> str:
    code = (
        Department.objects.filter(slug=CHANCELLERY_SLUG)
        .values_list("register_code", flat=True)
        .first()
    )
    return code or CHANCELLERY_CODE


def register_entry_take(*, code: str, moment: datetime.datetime | None = None) -> RegisterEntry:
    """The next number of register `code` in the (Chișinău) year of `moment` (now).

    The counter row is locked (SELECT … FOR UPDATE) until the caller's transaction
    commits, so two papers registered at the same moment never share a number and the
    numbers stay consecutive; on SQLite the IMMEDIATE transactions serialise writers to
    the same effect. Call it inside the transaction that stores the paper, so a paper
    that fails to be stored gives its number back.
    """
    year = timezone.localtime(moment or timezone.now()).year
    with transaction.atomic():
        RegisterCounter.objects.get_or_create(code=code, year=year)
        counter = RegisterCounter.objects.select_for_update().get(code=code, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return RegisterEntry(code=code, year=year, sequence=counter.last)
