"""An application is prefilled from the identity MPass vouched for, else from the account."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from smartcity.egov.models import MPassIdentity
from smartcity.public_services.identity import applicant_prefill

pytestmark = pytest.mark.django_db


def test_a_resident_signed_in_with_mpass_gets_mpass_name_idnp_and_email():
    user = get_user_model().objects.create_user("r1", first_name="Ion", last_name="Vechi")
    MPassIdentity.objects.create(
        user=user,
        idnp="2001234567890",
        first_name="Ion",
        last_name="Țurcanu",
        email="i@e.md",
        last_signed_in_at=timezone.now(),
    )

    assert applicant_prefill(user) == {
        "applicant_name": "Ion Țurcanu",
        "idnp": "2001234567890",
        "email": "i@e.md",
    }


def test_an_account_without_mpass_gets_its_own_name_and_email_and_no_idnp():
    user = get_user_model().objects.create_user(
        "r2", first_name="Ana", last_name="Rusu", email="ana@e.md"
    )

    assert applicant_prefill(user) == {"applicant_name": "Ana Rusu", "email": "ana@e.md"}
