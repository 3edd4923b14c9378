"""Which operation a user in several works in: chosen per session, remembered in the session."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from stranded.core.models import User

SESSION_KEY = "stranded_operation"


class OperationChoiceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if chosen and request.user.is_authenticated and isinstance(request.user, User):
            request.user.chosen_operation_id = chosen
        return self.get_response(request)
