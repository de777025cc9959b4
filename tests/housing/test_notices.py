"""Residents subscribe to a building or a street, confirm by email, and hear of its
outages a day before, when they start and when they end; nobody else does."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from smartcity.housing import notices, services, tasks
from smartcity.housing.models import OutageNotice, OutageSubscription
from tests.housing.conftest import DAY, HOUR, NOW, entry


def confirmed(email, **where):
    subscription = services.subscription_create(email=email, language="en", **where)
    return services.subscription_confirm(token=subscription.token)


def link(message, name):
    return re.search(rf"http://testserver(/housing/{name}/[^\s]+)", message.body).group(1)


def test_subscribing_sends_a_confirmation_link_and_nothing_else_until_it_is_opened(
    client, blocks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("housing:subscribe"),
            {"email": "ana@example.md", "block": blocks["decebal-12"].pk},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["ana@example.md"]
    assert "str. Decebal 12" in message.body
    subscription = OutageSubscription.objects.get()
    assert subscription.confirmed_at is None
    response = client.get(link(message, "subscriptions"))
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.confirmed_at == NOW


def test_subscribing_twice_is_one_subscription_with_the_link_sent_again(
    blocks, django_capture_on_commit_callbacks
):
    for _time in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.subscription_create(
                email="Ana@example.md", language="en", block=blocks["decebal-12"]
            )
    assert OutageSubscription.objects.count() == 1
    assert len(mail.outbox) == 2
    services.subscription_confirm(token=OutageSubscription.objects.get().token)
    services.subscription_create(email="ana@example.md", language="en", block=blocks["decebal-12"])
    assert OutageSubscription.objects.count() == 1 and len(mail.outbox) == 2


def test_an_unconfirmed_subscription_hears_nothing(blocks, providers):
    services.subscription_create(email="ana@example.md", language="en", block=blocks["decebal-12"])
    mail.outbox.clear()
    outage = services.outage_save(entry=entry(providers["water"], starts_at=NOW + 20 * HOUR))
    assert notices.outage_notices_send(outage_id=outage.pk) == 0
    assert mail.outbox == []


def test_a_bad_confirmation_link_is_not_found(client, blocks):
    assert client.get(reverse("housing:subscription_confirm", args=["nope"])).status_code == 404


def test_a_subscription_needs_a_building_or_a_street(client, blocks):
    response = client.post(reverse("housing:subscribe"), {"email": "ana@example.md"})
    assert response.status_code == 400
    assert "Choose a building or a street." in response.content.decode()
    response = client.post(reverse("housing:subscribe"), {"email": "not-an-email", "block": "1"})
    assert response.status_code == 400
    assert not OutageSubscription.objects.exists()


def test_a_planned_outage_reaches_its_buildings_subscribers_a_day_before_at_start_and_end(
    blocks, providers
):
    confirmed("ana@example.md", block=blocks["decebal-12"])
    confirmed("ion@example.md", street="Decebal")  # the whole street
    confirmed("far@example.md", block=blocks["decebal-20"])  # outside the range
    confirmed("other@example.md", block=blocks["independentei-12"])
    mail.outbox.clear()
    outage = services.outage_save(entry=entry(providers["water"]))  # in two days, 8–14

    assert tasks.outage_notices_send.call() == 0  # two days ahead: not yet
    with time_machine.travel(NOW + DAY + HOUR, tick=False):
        assert tasks.outage_notices_send.call() == 2
        assert tasks.outage_notices_send.call() == 0  # once only
    before = sorted(m.to[0] for m in mail.outbox)
    assert before == ["ana@example.md", "ion@example.md"]
    assert "A planned outage (water) is coming at str. Decebal 12." in mail.outbox[0].body
    mail.outbox.clear()

    with time_machine.travel(outage.starts_at + HOUR, tick=False):
        assert tasks.outage_notices_send.call() == 2
    assert all("has started" in m.body for m in mail.outbox)
    mail.outbox.clear()

    with time_machine.travel(outage.starts_at + 7 * HOUR, tick=False):
        services.outage_end(outage=outage)
        assert tasks.outage_notices_send.call() == 2
        assert tasks.outage_notices_send.call() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.md", "ion@example.md"]
    assert all("is over" in m.body for m in mail.outbox)
    assert OutageNotice.objects.filter(kind="ended").count() == 2


def test_an_emergency_is_told_when_entered_and_never_announced_before(
    blocks, providers, django_capture_on_commit_callbacks
):
    confirmed("ana@example.md", block=blocks["independentei-12"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.outage_save(
            entry=entry(
                providers["heating"],
                kind="emergency",
                street="",
                number_from=None,
                number_to=None,
                blocks=[blocks["independentei-12"]],
                starts_at=NOW - HOUR,
                expected_end_at=NOW + 5 * HOUR,
            )
        )
    (message,) = mail.outbox
    assert message.subject == "Outage (heating) now at str. Independenței 12"
    assert list(OutageNotice.objects.values_list("kind", flat=True)) == ["started"]


def test_every_notice_has_a_working_unsubscribe_link(client, blocks, providers):
    confirmed("ana@example.md", block=blocks["decebal-12"])
    mail.outbox.clear()
    outage = services.outage_save(entry=entry(providers["water"], starts_at=NOW + HOUR))
    notices.outage_notices_send(outage_id=outage.pk)
    (message,) = mail.outbox
    address = link(message, "unsubscribe")
    assert client.get(address).status_code == 200
    assert client.post(address).status_code == 302
    assert not OutageSubscription.objects.exists()
    assert client.get(address).status_code == 404


@pytest.mark.parametrize("language", ["ro", "ru", "en"])
def test_a_notice_is_in_the_subscribers_language(blocks, providers, language):
    subscription = services.subscription_create(
        email="ana@example.md", language=language, block=blocks["decebal-12"]
    )
    services.subscription_confirm(token=subscription.token)
    mail.outbox.clear()
    outage = services.outage_save(entry=entry(providers["water"], starts_at=NOW + HOUR))
    notices.outage_notices_send(outage_id=outage.pk)
    (message,) = mail.outbox
    assert f"/housing/unsubscribe/{subscription.token}/" in message.body
    assert "S.A. Apă-Canal Bălți" in message.body
