"""Background jobs of the data hub: each takes an id (or nothing) and is safe to rerun."""

from __future__ import annotations

from django_tasks import task

from smartcity.devices import alerts, services, subscriptions


@task()
def alert_service_request_open(alert_id: int) -> None:
    services.alert_service_request_open(alert_id=alert_id)


@task()
def alerts_periodic_evaluate() -> None:
    """Periodic (every minute): silence rules and the domains' built-in checks."""
    alerts.periodic_rules_evaluate()


@task()
def raw_readings_prune() -> int:
    """Periodic (daily): drop raw readings past retention; the aggregates stay."""
    return services.raw_readings_prune()


@task()
def subscription_notify(subscription_pk: int, device_ids: list[int]) -> None:
    subscriptions.notification_send(subscription_pk=subscription_pk, device_ids=device_ids)


@task()
def broker_auth_sync() -> None:
    """Periodic (every minute) and after each change of the registry: the MQTT broker's
    accounts follow the registry (see broker_auth)."""
    from smartcity.devices.broker_auth import broker_auth_sync as sync

    sync()
