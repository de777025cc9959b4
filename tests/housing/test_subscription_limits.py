"""The subscription form mails a confirmation link, so it cannot be used to flood a
mailbox or be scripted from one address."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from smartcity.housing import views
from smartcity.housing.models import OutageSubscription

pytestmark = pytest.mark.django_db


def subscribe(client, email, block, address="203.0.113.7"):
    return client.post(
        reverse("housing:subscribe"), {"email": email, "block": block.pk}, REMOTE_ADDR=address
    )


def test_a_mailbox_gets_three_confirmation_links_an_hour_then_a_clear_refusal(
    client, blocks, django_capture_on_commit_callbacks
):
    block = blocks["decebal-12"]
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(views.CONFIRMATIONS_PER_MAILBOX_HOUR):
            assert subscribe(client, "Ana@example.md", block, f"203.0.113.{n}").status_code == 302
        refused = subscribe(client, "ana@example.md", block, "198.51.100.1")

    assert refused.status_code == 429
    assert "Too many subscriptions were asked; try again in an hour." in refused.text
    assert len(mail.outbox) == views.CONFIRMATIONS_PER_MAILBOX_HOUR


def test_one_address_is_refused_past_its_hourly_subscriptions_and_nothing_is_stored(
    client, blocks, monkeypatch
):
    monkeypatch.setattr(views, "SUBSCRIPTIONS_PER_HOUR", 2)
    block = blocks["decebal-12"]
    assert subscribe(client, "a@example.md", block).status_code == 302
    assert subscribe(client, "b@example.md", block).status_code == 302

    refused = subscribe(client, "c@example.md", block)

    assert refused.status_code == 429
    assert not OutageSubscription.objects.filter(email="c@example.md").exists()
    assert subscribe(client, "c@example.md", block, "198.51.100.9").status_code == 302


def test_the_refusal_is_in_the_residents_language(client, blocks, settings, monkeypatch):
    monkeypatch.setattr(views, "SUBSCRIPTIONS_PER_HOUR", 1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ro"
    block = blocks["decebal-12"]
    subscribe(client, "a@example.md", block)

    refused = subscribe(client, "b@example.md", block)

    assert refused.status_code == 429
    assert "Prea multe abonări" in refused.text
