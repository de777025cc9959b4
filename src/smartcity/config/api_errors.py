"""The JSON API's error bodies, for the OpenAPI document of every router.

`config/api.py` answers every error with a `detail` sentence (`HttpError`, unknown
objects, bad combinations of parameters). A request the client malformed in its URL (a
query or path parameter that fails its schema: not a number, out of range, missing)
answers 400 and names each parameter in `fields`; only a request body that fails its
schema answers 422, one message per field. Generated clients only decode an error body
the document describes, so each operation lists the error answers it can give::

    @router.get("/things/{ref}", response={200: ThingOut, **error_responses(400, 404)})

Every operation can answer 400: `web.middleware.NullCharacterMiddleware` refuses a NUL
character anywhere in the path or the query, before the operation runs.
"""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    detail: str = Field(description="what went wrong, in the language of the request")


class FieldErrorOut(Schema):
    field: str = Field(description="the parameter, dotted for a nested one")
    message: str


class BadRequestOut(ErrorOut):
    fields: list[FieldErrorOut] = Field(
        default_factory=list,
        description="each query or path parameter refused, when that is the reason",
    )


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


BODIES: dict[int, type[Schema]] = {400: BadRequestOut, 422: ValidationErrorOut}


def error_responses(*codes: int) -> dict[int, type[Schema]]:
    """The error bodies for these status codes: 400 a sentence with the parameters it
    refused, 422 (a request body) per field, the others a sentence."""
    return {code: BODIES.get(code, ErrorOut) for code in codes}
