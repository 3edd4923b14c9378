"""Session timeouts and the audit context of each request."""

from __future__ import annotations

import functools
import ipaddress
import logging
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.utils import timezone
from django.utils.translation import gettext as _

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
    """The client's address: REMOTE_ADDR, or what a trusted proxy says it forwarded.

    X-Forwarded-For and X-Real-IP are believed only when the connection comes from an address in
    STRANDED_TRUSTED_PROXIES; anyone else could write them. X-Forwarded-For is read from the
    right, skipping trusted proxies, so a value the client wrote itself is never taken.
    Used by the audit log and the login lockout (AXES_CLIENT_IP_CALLABLE).
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None or not _trusted(remote):
        return str(remote) if remote is not None else None
    hops = [_address(v) for v in request.headers.get("X-Forwarded-For", "").split(",")]
    for hop in reversed([h for h in hops if h is not None]):
        if not _trusted(hop):
            return str(hop)
    real = _address(request.headers.get("X-Real-IP", ""))
    return str(real or remote)


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(value: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: IPAddress) -> bool:
    return any(
        address in network for network in _networks(tuple(settings.STRANDED_TRUSTED_PROXIES))
    )


@functools.cache
def _networks(proxies: tuple[str, ...]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(proxy, strict=False) for proxy in proxies]


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
                    _("The audit log could not be written, so nothing is shown. Try again."),
                    content_type="text/plain",
                )
            return response
