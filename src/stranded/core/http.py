"""Small request and response helpers shared by every app: an id read from the query, the body or
a checked form, and a download."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from stranded.core.inputs import InputError


def parse_uuid(value: str | None) -> UUID | None:
    """The UUID a text spells, or None (empty, missing, or not a UUID)."""
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


def uuid_or_404(value: str | None) -> UUID:
    """The UUID a request names; a text that is no UUID finds nothing, as a missing id would."""
    found = parse_uuid(value)
    if found is None:
        raise Http404
    return found


def reference(value: str, field: str) -> UUID:
    """The id a form's reference field holds (an address, a place, a partner); text that is no
    id is a fault of that field."""
    found = parse_uuid(value)
    if found is None:
        raise InputError(field, _("'%(value)s' is not a reference") % {"value": value})
    return found


def download_response(body: str | bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A response the browser saves as `filename` instead of showing it."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
