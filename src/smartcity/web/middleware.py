"""Language choice: Romanian unless the visitor picked another language.

Django's LocaleMiddleware would follow the browser's Accept-Language, and most browsers
here say English or Russian; the city's pages speak the official language first and
offer the others through the switcher (a cookie). Machine clients of the APIs, which
cannot click a switcher, may still ask through Accept-Language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIXES = ("/api/", "/open311/")


class CityLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def _language(self, request: HttpRequest) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in self.supported:
            return chosen
        if request.path.startswith(API_PREFIXES):
            asked = translation.get_language_from_request(request)
            if asked in self.supported:
                return asked
        return settings.LANGUAGE_CODE

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class NullCharacterMiddleware:
    """Refuse requests whose path or parameters contain NUL characters.

    No legitimate input has them, and PostgreSQL refuses them in any query (the request
    would end in a database error instead of a clear answer).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path:
            return True
        params = [request.GET]
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            params.append(request.POST)
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for query in params
            for key, values in query.lists()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            message = translation.gettext("The request contains a NUL character.")
            if request.path.startswith("/open311/"):
                return JsonResponse([{"code": 400, "description": message}], safe=False, status=400)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
