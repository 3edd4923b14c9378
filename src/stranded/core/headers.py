"""Response headers for every page and API answer.

- Content-Security-Policy: scripts only from this site (htmx, Leaflet and our own files; no
  inline script, no eval); styles may be inline (Leaflet and htmx set them); map tiles from the
  configured tile server; nothing may frame a page.
- Permissions-Policy: the browser features no page needs are off.
- Cache-Control: no-store unless the view said otherwise: pages and API answers carry personal
  data, and a shared tablet's browser cache must not keep them. Static files (served by
  WhiteNoise before this middleware) keep their own caching.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(self), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), interest-cohort=()"
)


def content_security_policy() -> str:
    images = ["'self'", "data:", "blob:"]
    tiles = getattr(settings, "STRANDED_TILE_URL", "")
    if tiles:
        parts = urlsplit(tiles.replace("{s}", "a"))
        if parts.scheme and parts.netloc:
            host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tiles else parts.netloc
            images.append(f"{parts.scheme}://{host}")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {' '.join(images)}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers:
            patch_cache_control(response, no_store=True, private=True)
        return response
