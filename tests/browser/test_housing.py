"""A resident finds their block in a real browser, subscribes to its outages, confirms
by the emailed link, hears of a planned outage the day before, and sees it on the map."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from smartcity.city import demo as city_demo
from smartcity.housing import notices, services
from smartcity.housing.models import OutageSubscription, UtilityProvider


@pytest.fixture
def blocks(transactional_db):
    city_demo.city_load()
    provider = UtilityProvider.objects.create(name="S.A. Apă-Canal Bălți", utilities=["water"])
    made = [
        services.block_save(
            street="str. Decebal",
            number=number,
            latitude=47.7560,
            longitude=27.9230 + 0.001 * n,
            floors=9,
            apartments=72,
        )
        for n, number in enumerate(("12", "14"))
    ]
    return provider, made


def test_a_resident_subscribes_to_a_buildings_outages_and_is_told_before_one(page, blocks):
    provider, (ours, theirs) = blocks
    page.goto("/housing/blocks/?q=decebal 12")
    page.get_by_role("link", name="str. Decebal 12").click()
    page.get_by_test_id("subscribe-form").locator("input[type=email]").fill("ana@example.md")
    page.get_by_test_id("subscribe-form").locator("button[type=submit]").click()
    page.wait_for_selector("ul.messages li.success")
    (confirmation,) = mail.outbox
    link = re.search(r"http://testserver(\S+)", confirmation.body).group(1)
    page.goto(link)
    page.wait_for_selector("ul.messages li.success")
    assert page.url.endswith(f"/housing/blocks/{ours.pk}/")
    assert OutageSubscription.objects.get().confirmed_at is not None

    mail.outbox.clear()
    now = timezone.now()
    # Less than a day ahead: the notice goes as soon as the outage is saved.
    outage = services.outage_save(
        entry=services.OutageEntry(
            utility="water",
            kind="planned",
            provider=provider,
            street="str. Decebal",
            number_from=10,
            number_to=12,
            starts_at=now + datetime.timedelta(hours=20),
            expected_end_at=now + datetime.timedelta(hours=28),
            reason="Înlocuirea vanelor",
        )
    )
    (notice,) = mail.outbox
    assert notices.notices_send_all() == 0  # and only once
    assert notice.to == ["ana@example.md"]
    assert "/housing/unsubscribe/" in notice.body

    page.goto("/housing/")
    page.wait_for_selector("#outages-map path.leaflet-interactive")  # the outage's dot
    assert page.get_by_test_id("outage").count() == 1
    page.get_by_test_id("outage").get_by_role("link").click()
    assert page.url.endswith(f"/housing/outages/{outage.pk}/")
    assert page.get_by_test_id("outage-blocks").inner_text().strip() == "str. Decebal 12"
