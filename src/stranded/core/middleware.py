"""Session timeouts and the audit context of each request."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.utils import timezone

from stranded.core.audit import audit_context, collected_reads, store_reads

logger = logging.getLogger(__name__)

LOGIN_AT = "stranded_login_at"
SEEN_AT = "stranded_seen_at"


class SessionTimeoutMiddleware:
    """Logs out after 30 minutes idle or 12 hours after login, whichever comes first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            login_at = _stamp(request.session.get(LOGIN_AT))
            seen_at = _stamp(request.session.get(SEEN_AT))
            if login_at is None or seen_at is None:
                request.session[LOGIN_AT] = request.session.get(LOGIN_AT) or now.isoformat()
            elif (
                now - seen_at > settings.SESSION_IDLE_TIMEOUT
                or now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
            ):
                logout(request)
            if request.user.is_authenticated:
                request.session[SEEN_AT] = now.isoformat()
        return self.get_response(request)


def _stamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    # Behind the reverse proxy, the proxy sets X-Real-IP; REMOTE_ADDR is the proxy otherwise.
    if getattr(settings, "STRANDED_TRUST_X_REAL_IP", False):
        forwarded = request.headers.get("X-Real-IP")
        if forwarded:
            return forwarded.strip()
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Sets the request's audit context and stores its read events in one short transaction
    before the response leaves: no read is returned unless its event is stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        purpose = request.headers.get("X-Stranded-Purpose", "")[:200]
        with audit_context(ip=client_ip(request), purpose=purpose), collected_reads() as reads:
            response = self.get_response(request)
            try:
                store_reads(reads)
            except Exception:
                logger.exception("read events not stored (%d); response withheld", len(reads))
                return HttpResponseServerError(
                    "The audit log could not be written, so nothing is shown. Try again.",
                    content_type="text/plain",
                )
            return response
