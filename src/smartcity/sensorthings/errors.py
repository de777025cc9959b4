"""Errors of the SensorThings API as JSON bodies, in the shape FROST-Server answers with."""

from __future__ import annotations

import orjson
from django.http import HttpResponse


class StaError(Exception):
    """A request the service refuses: a bad query option, an unknown entity, a write."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> HttpResponse:
        return HttpResponse(
            orjson.dumps({"code": self.status, "type": "error", "message": self.message}),
            status=self.status,
            content_type="application/json",
        )


def bad_request(message: str) -> StaError:
    return StaError(400, message)


def not_found(message: str) -> StaError:
    return StaError(404, message)
