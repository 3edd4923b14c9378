"""The JSON API: one NinjaAPI, each app contributes a router from its api.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import django_auth

from stranded.animals.api import router as animals_router
from stranded.core.api import router as core_router
from stranded.evacuation.api import router as evacuation_router
from stranded.fieldwork.api import router as fieldwork_router
from stranded.interop.api import router as interop_router
from stranded.needs.api import router as needs_router
from stranded.places.api import router as places_router
from stranded.remains.api import router as remains_router
from stranded.sweeps.api import router as sweeps_router
from stranded.tracing.api import router as tracing_router

api = NinjaAPI(
    title="stranded",
    version="1",
    description="Operations API of stranded. Every call is authenticated and audited.",
    auth=django_auth,
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=login_required,
)
api.add_router("/core/", core_router)
api.add_router("/places/", places_router)
api.add_router("/tracing/", tracing_router)
api.add_router("/sweeps/", sweeps_router)
api.add_router("/sweeps/", fieldwork_router)  # the visit itself: POST /api/sweeps/visits
api.add_router("/evacuation/", evacuation_router)
api.add_router("/needs/", needs_router)
api.add_router("/remains/", remains_router)
api.add_router("/animals/", animals_router)
api.add_router("/sharing/", interop_router)


@api.exception_handler(RawPostDataException)
def _multipart_to_json_endpoint(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A multipart body (parsed by RequestBodyMiddleware) sent where a JSON body is expected.
    return api.create_response(
        request, {"detail": _("This endpoint takes a JSON body (application/json).")}, status=415
    )
