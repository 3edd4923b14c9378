"""Bad request bodies get a named 4xx before any view or the CSRF check reads them.

Django raises while parsing (a multipart body without a boundary, a broken multipart body, a body
over DATA_UPLOAD_MAX_MEMORY_SIZE); read inside a view or the CSRF check, those surface as 500s.
Parsing once here answers 400 or 413 naming the problem, and a JSON body carrying a lone
surrogate (valid JSON, but no valid text: the database refuses it) is refused naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# No request is larger than this (uploads included): the largest is a remains attachment (20 MB).
MAX_REQUEST_BYTES = 25 * 1024 * 1024


def refuse(request: HttpRequest, status: int, text: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": text}, status=status)
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def lone_surrogate_at(value: Any, path: str = "") -> str | None:
    """The path of the first string that cannot be encoded as UTF-8, or None."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path or "(body)"
        return None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        name = f"{path}.{key}" if path and isinstance(key, str) else f"{path}[{key}]"
        if isinstance(key, str) and not path:
            name = key
        found = lone_surrogate_at(key, name) or lone_surrogate_at(item, name)
        if found:
            return found
    return None


class RequestBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in BODY_METHODS:
            problem = self.check(request)
            if problem is not None:
                return problem
        return self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        content_type = request.content_type or ""
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refuse(request, 400, "The Content-Length header is not a number.")
        if length > MAX_REQUEST_BYTES:
            return refuse(request, 413, f"The request is larger than {MAX_REQUEST_BYTES} bytes.")
        try:
            if content_type.startswith("multipart/"):
                request.POST  # noqa: B018  (parses the body once; views read the result)
                return None
            body = request.body
        except RequestDataTooBig:
            return refuse(request, 413, "The request body is too large.")
        except (TooManyFieldsSent, TooManyFilesSent):
            return refuse(request, 413, "The request has too many fields or files.")
        except (MultiPartParserError, RawPostDataException) as error:
            return refuse(request, 400, f"Malformed multipart body: {error}")
        if content_type == "application/json" and body:
            try:
                data = json.loads(body)
            except (ValueError, RecursionError):
                return None  # the view names the JSON error itself
            field = lone_surrogate_at(data)
            if field is not None:
                return refuse(
                    request,
                    400,
                    f"{field}: the text has an invalid character (a lone UTF-16 surrogate)",
                )
        return None
