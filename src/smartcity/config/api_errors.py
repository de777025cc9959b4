"""The JSON API's error bodies, for the OpenAPI document of every router.

`config/api.py` answers every error in one of two shapes: a sentence (`HttpError`,
unknown objects, bad combinations of parameters) or, for parameters that fail their
schema, one message per field. Generated clients only decode an error body the
document describes, so each operation lists the error answers it can give::

    @router.get("/things/{ref}", response={200: ThingOut, **error_responses(400, 404, 422)})

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


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


def error_responses(*codes: int) -> dict[int, type[Schema]]:
    """The error bodies for these status codes: 422 is per field, the others a sentence."""
    return {code: ValidationErrorOut if code == 422 else ErrorOut for code in codes}
