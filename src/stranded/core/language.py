"""The language a request speaks: the account's, else the switch's cookie, else the browser's.

LocaleMiddleware (before authentication) picks the cookie or Accept-Language; once the user is
known, the language saved on their account wins, for pages, the API's errors and PDFs alike.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = getattr(request.user, "language", "") if hasattr(request, "user") else ""
        if chosen and chosen in language_codes():
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)
