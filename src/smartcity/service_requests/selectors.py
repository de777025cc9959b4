"""Reads on service requests for pages and APIs."""

from __future__ import annotations

from django.db.models import Prefetch

from smartcity.service_requests.models import RequestUpdate, ServiceRequest


def recent_public_requests(*, limit: int = 10) -> list[ServiceRequest]:
    return list(
        ServiceRequest.objects.public().select_related("category").order_by("-requested_at")[:limit]
    )


def public_request_by_code(tracking_code: str) -> ServiceRequest | None:
    """A request with its public history and photos, or None (also for hidden ones)."""
    code = (tracking_code or "").strip().upper()
    return (
        ServiceRequest.objects.public()
        .select_related("category", "department", "district", "duplicate_of")
        .prefetch_related(
            "photos",
            Prefetch(
                "updates",
                queryset=RequestUpdate.objects.exclude(kind=RequestUpdate.Kind.ASSIGNED).order_by(
                    "created_at", "id"
                ),
                to_attr="public_history",
            ),
        )
        .filter(tracking_code=code)
        .first()
    )
