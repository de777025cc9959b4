"""The collaboration's needs point at the catalogue's services, or name another one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartcity.collaboration import services

pytestmark = pytest.mark.django_db


def test_a_need_points_at_a_catalogue_service(resident, certificate):
    need = services.need_register(
        by=resident,
        title="Copii online",
        description="Copiile deciziilor să fie cerute online.",
        service="",
        affected="locuitorii",
        public_service_id=certificate.pk,
    )
    assert need.public_service == certificate


def test_a_need_without_any_service_is_refused(resident, catalogue):
    with pytest.raises(ValidationError) as caught:
        services.need_register(by=resident, title="X", description="Y", service="", affected="Z")
    assert "service" in caught.value.message_dict
