"""The JSON API: one NinjaAPI, each app contributes a router from its api.py."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from stranded.animals.api import router as animals_router
from stranded.core.api import router as core_router
from stranded.core.inputs import InputError
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


# Pydantic's messages in the reader's language, by the error's type (its `ctx` fills the
# placeholders); `type` and `loc` stay as they are, for programs. A type not listed keeps
# Pydantic's English message.
_WHOLE_NUMBER = gettext_lazy("A whole number is expected.")
_NUMBER = gettext_lazy("A number is expected.")
_DATE = gettext_lazy("A date is expected (YYYY-MM-DD).")
_DATE_TIME = gettext_lazy("A date and time is expected (ISO 8601).")
_OBJECT = gettext_lazy("An object is expected.")
VALIDATION_MESSAGES: dict[str, Promise] = {
    "missing": gettext_lazy("This field is required."),
    "extra_forbidden": gettext_lazy("This field is not expected."),
    "string_type": gettext_lazy("A text is expected."),
    "string_too_short": gettext_lazy("At least %(min_length)s characters."),
    "string_too_long": gettext_lazy("At most %(max_length)s characters."),
    "int_type": _WHOLE_NUMBER,
    "int_parsing": _WHOLE_NUMBER,
    "int_from_float": _WHOLE_NUMBER,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "bool_type": gettext_lazy("true or false is expected."),
    "bool_parsing": gettext_lazy("true or false is expected."),
    "uuid_type": gettext_lazy("An identifier (UUID) is expected."),
    "uuid_parsing": gettext_lazy("An identifier (UUID) is expected."),
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "datetime_type": _DATE_TIME,
    "datetime_parsing": _DATE_TIME,
    "datetime_from_date_parsing": _DATE_TIME,
    "timezone_aware": gettext_lazy("A date and time with its time zone is expected."),
    "list_type": gettext_lazy("A list is expected."),
    "too_short": gettext_lazy("At least %(min_length)s items."),
    "too_long": gettext_lazy("At most %(max_length)s items."),
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "enum": gettext_lazy("One of: %(expected)s."),
    "literal_error": gettext_lazy("One of: %(expected)s."),
    "greater_than": gettext_lazy("More than %(gt)s."),
    "greater_than_equal": gettext_lazy("At least %(ge)s."),
    "less_than": gettext_lazy("Less than %(lt)s."),
    "less_than_equal": gettext_lazy("At most %(le)s."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
}
# Ninja's own messages (a body it cannot parse, no session); the project's are translated.
NINJA_MESSAGES: dict[str, Promise] = {
    "Cannot parse request body": gettext_lazy("The request body cannot be read."),
    "Unauthorized": gettext_lazy("Log in first."),
    "Forbidden": gettext_lazy("Not allowed."),
}


def translated_error(error: dict[str, Any]) -> dict[str, Any]:
    """One Pydantic error with its message in the active language."""
    ctx = error.get("ctx") or {}
    if error.get("type") == "value_error" and "error" in ctx:
        # Our own validators' messages, translated where they are raised: without the
        # "Value error, " Pydantic puts before them.
        return {**error, "msg": str(ctx["error"])}
    message = VALIDATION_MESSAGES.get(error.get("type", ""))
    if message is None:
        return error
    values = {key: str(value) for key, value in ctx.items()}
    if "expected" in values:  # "'dog', 'cat' or 'horse'": the "or" is English
        values["expected"] = values["expected"].replace(" or ", ", ")
    try:
        return {**error, "msg": str(message) % values}
    except (KeyError, TypeError, ValueError):
        return error


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [translated_error(error) for error in exc.errors]
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(InputError)
def _input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
    """Input refused anywhere below a route: every fault, named by its field."""
    return api.create_response(request, {"detail": str(exc)}, status=exc.status)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = str(exc)
    return api.create_response(
        request, {"detail": str(NINJA_MESSAGES.get(detail, detail))}, status=exc.status_code
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)
