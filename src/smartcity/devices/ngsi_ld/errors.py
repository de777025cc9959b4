"""NGSI-LD errors: RFC 7807 problem details with the types ETSI GS CIM 009 defines."""

from __future__ import annotations

import orjson
from django.http import HttpResponse

BASE = "https://uri.etsi.org/ngsi-ld/errors/"
STATUS = {
    "BadRequestData": 400,
    "InvalidRequest": 400,
    "ResourceNotFound": 404,
    "AlreadyExists": 409,
    "OperationNotSupported": 422,
    "TooManyResults": 403,
    "NotAcceptable": 406,
    "UnsupportedMediaType": 415,
    "RequestEntityTooLarge": 413,
    "InternalError": 500,
    "LdContextNotAvailable": 503,
}
TITLES = {
    "BadRequestData": "The request includes input data which does not meet the requirements",
    "InvalidRequest": "The request is not well-formed",
    "ResourceNotFound": "The referred resource has not been found",
    "AlreadyExists": "The referred element already exists",
    "OperationNotSupported": "The operation is not supported",
    "NotAcceptable": "The media type asked for is not offered",
    "UnsupportedMediaType": "The request's media type is not supported",
    "RequestEntityTooLarge": "The request is too large",
    "LdContextNotAvailable": "The JSON-LD @context cannot be retrieved",
    "InternalError": "The server could not carry out the request",
    "TooManyResults": "The query selects too many results",
}
UNAUTHORIZED_TYPE = "https://smartcity.balti.md/ngsi-ld/errors/Unauthorized"


class NgsiError(Exception):
    def __init__(self, kind: str, detail: str, *, status: int | None = None) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail
        # The kind's usual status unless the standard says otherwise for the case (an
        # operation the API does not offer at all is 501, not 422).
        self.status = status or STATUS.get(kind, 400)

    def problem(self) -> dict[str, str]:
        return {
            "type": BASE + self.kind,
            "title": TITLES.get(self.kind, self.kind),
            "detail": self.detail,
        }

    def response(self) -> HttpResponse:
        return HttpResponse(
            orjson.dumps(self.problem()),
            status=self.status,
            content_type="application/json",
        )


def unauthorized(detail: str) -> HttpResponse:
    response = HttpResponse(
        orjson.dumps({"type": UNAUTHORIZED_TYPE, "title": "Unauthorized", "detail": detail}),
        status=401,
        content_type="application/json",
    )
    response["WWW-Authenticate"] = 'Bearer realm="ngsi-ld"'
    return response
