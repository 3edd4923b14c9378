"""One log format for the application and its access log, with request id, user id and verb.

`STRANDED_LOG_FORMAT=json`: one JSON object a line (for journald, Loki, Elasticsearch...);
otherwise one plain line. Every record made during a request carries its request id (taken from
a proxy's X-Request-ID when well-formed, made up otherwise, and sent back in the response) and
the user's numeric id once known. The access line holds the method, the path without its query
string (searches carry names), the status and the duration: never names, bodies or addresses.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

access_logger = logging.getLogger("stranded.access")
_request: ContextVar[HttpRequest | None] = ContextVar("stranded_log_request", default=None)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Attributes every LogRecord has; anything else was passed in `extra` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def user_id(request: HttpRequest, *, load: bool = False) -> int | None:
    """The user's id if the user is already loaded (a log line never causes a query) or `load`."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    if not load and getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestFilter(logging.Filter):
    """Adds request_id and user_id (None outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django's own lines about a request (django.request) come after the middleware is done
        # and carry the request themselves.
        request = _request.get() or getattr(record, "request", None)
        if not isinstance(request, HttpRequest):
            request = None
        if not hasattr(record, "request_id"):
            record.request_id = getattr(request, "request_id", None) if request else None
        if not hasattr(record, "user_id"):
            record.user_id = user_id(request) if request else None
        return True


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        line.pop("request", None)  # Django adds the request object to its own records
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class RequestLogMiddleware:
    """First in MIDDLEWARE: gives the request its id and writes its access line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex  # type: ignore[attr-defined]
        token = _request.set(request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
            access_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "verb": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "user_id": user_id(request, load=True),
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request.reset(token)
