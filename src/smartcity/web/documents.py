"""Answering a request for a heavy document (smartcity.operations.documents): the kept
file when it is current, else a page that says it is being prepared and refreshes."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from smartcity.operations.documents import DocumentKind, document_wanted

REFRESH_SECONDS = 5


def document_response(
    request: HttpRequest, *, kind: DocumentKind, key: str, filename: str
) -> HttpResponseBase:
    document = document_wanted(kind=kind, key=key)
    if document is None:
        # 202: accepted, being drawn; not cached anywhere, so the refresh asks again.
        response: HttpResponseBase = render(
            request,
            "web/document_pending.html",
            {"filename": filename, "refresh_seconds": REFRESH_SECONDS},
            status=202,
        )
        response["Retry-After"] = str(REFRESH_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    response = FileResponse(default_storage.open(document.file), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
