"""An OpenRosa server for the visit form, so ODK Collect, KoBoCollect and Enketo submit directly.

    GET  /openrosa/formList                      the form list (OpenRosa Form List API)
    GET  /openrosa/forms/stranded_visit.xml      the XForm, with the user's team's leads
    HEAD /openrosa/submission                    204: where and how much to send
    POST /openrosa/submission                    201 stored; 202 already stored, identical;
                                                 409 same instanceID, other content (the stored
                                                 one is kept); 400 malformed; 403 not allowed

Authentication is HTTP Basic with a phone's own credential (stranded.core.phones; never an
account's password; serve over TLS). No session and no CSRF token: phones cannot carry one. The
visit is recorded by `record_visit`, whose unique instanceID makes two identical submissions at
the same moment one visit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from stranded.core.inputs import InputError
from stranded.core.models import User
from stranded.core.roles import Perm
from stranded.fieldwork import xlsform
from stranded.fieldwork.imports import store
from stranded.fieldwork.submissions import SubmissionError, parse_instance
from stranded.sweeps.actions import VisitConflict, VisitForbidden, VisitNotFound
from stranded.sweeps.models import Visit
from stranded.tracing.index import warm_index

MAX_SUBMISSION_BYTES = 10 * 1024 * 1024  # one request, all parts (Collect splits bigger ones)
MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024  # one part: a photo taken with the form
REALM = 'Basic realm="stranded", charset="UTF-8"'


def _response(
    body: str, status: int, *, content_type: str = "text/xml; charset=utf-8"
) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type=content_type)
    response["X-OpenRosa-Version"] = "1.0"
    response["X-OpenRosa-Accept-Content-Length"] = str(MAX_SUBMISSION_BYTES)
    response["Date"] = http_date()
    return response


def message(text: str, status: int, *, nature: str = "") -> HttpResponse:
    kind = f' nature="{nature}"' if nature else ""
    body = (
        '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f"<message{kind}>{escape(text)}</message></OpenRosaResponse>"
    )
    return _response(body, status)


def _basic_user(request: HttpRequest) -> User | None:
    from stranded.core.phones import phone_user

    return phone_user(request.headers.get("Authorization", ""))


def openrosa_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Basic authentication, the visit-recording permission and an operation, or 401/403."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = _basic_user(request)
        if user is None:
            response = message(_("Authentication required."), 401)
            response["WWW-Authenticate"] = REALM
            return response
        if not user.can(Perm.RECORD_VISITS) or user.operation is None:
            return message(_("This account may not submit field visits."), 403)
        request.user = user
        if user.language:  # the phone's user reads answers in their own language
            translation.activate(user.language)
        return view(request, user, *args, **kwargs)

    return wrapped


_FORMS: dict[str, str] = {}  # XForm by version (the version is a digest of the choices)


def form_for(user: User) -> tuple[xlsform.FormChoices, str]:
    """The XForm this user's phone gets: all open leads for a coordinator, the team's otherwise."""
    assert user.operation is not None
    if user.can(Perm.ASSIGN_AREAS):
        choices = xlsform.choices_for(user.operation, None)
    elif user.team is None:  # a field member with no team yet: areas only, nobody's leads
        choices = replace(xlsform.choices_for(user.operation, None), leads=[])
    else:
        choices = xlsform.choices_for(user.operation, user.team)
    if choices.version not in _FORMS:
        if len(_FORMS) > 64:
            _FORMS.clear()
        _FORMS[choices.version] = xlsform.xform(choices)
    return choices, _FORMS[choices.version]


@openrosa_view
def form_list(request: HttpRequest, user: User) -> HttpResponse:
    if request.method != "GET":
        return message(_("Use GET."), 405)
    choices, document = form_for(user)
    digest = hashlib.md5(document.encode(), usedforsecurity=False).hexdigest()
    url = request.build_absolute_uri(reverse("openrosa:form", args=[xlsform.FORM_ID]))
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<xforms xmlns="http://openrosa.org/xforms/xformsList"><xform>'
        f"<formID>{xlsform.FORM_ID}</formID><name>Field visit</name>"
        f"<version>{choices.version}</version><hash>md5:{digest}</hash>"
        f"<downloadUrl>{escape(url)}</downloadUrl></xform></xforms>"
    )
    return _response(body, 200)


@openrosa_view
def form_download(request: HttpRequest, user: User, form_id: str) -> HttpResponse:
    if form_id != xlsform.FORM_ID:
        return message(_("No such form."), 404)
    choices, document = form_for(user)
    from stranded.sweeps.access import leads_read

    leads_read(user, [lead[0] for lead in choices.leads], purpose="field form")
    return _response(document, 200)


def _too_large(request: HttpRequest) -> str:
    """The whole request and each part against their limits; '' when within them."""
    sizes = {name: f.size or 0 for name, f in request.FILES.items()}  # type: ignore[union-attr]
    total = max(int(request.META.get("CONTENT_LENGTH") or 0), sum(sizes.values()))
    if total > MAX_SUBMISSION_BYTES:
        return _("The submission is too large (%(total)s bytes; at most %(limit)s).") % {
            "total": total,
            "limit": MAX_SUBMISSION_BYTES,
        }
    for name, size in sizes.items():
        limit = MAX_SUBMISSION_BYTES if name == "xml_submission_file" else MAX_ATTACHMENT_BYTES
        if size > limit:
            return _("The part '%(name)s' is too large (%(size)s bytes; at most %(limit)s).") % {
                "name": name,
                "size": size,
                "limit": limit,
            }
    return ""


@openrosa_view
def submission(request: HttpRequest, user: User) -> HttpResponse:
    if request.method == "HEAD":
        response = _response("", 204)
        response["Location"] = request.build_absolute_uri(reverse("openrosa:submission"))
        return response
    if request.method != "POST":
        return message(_("Use HEAD or POST."), 405)
    too_large = _too_large(request)
    if too_large:
        return message(too_large, 413)
    upload = request.FILES.get("xml_submission_file")
    if upload is None:
        return message(_("The request has no 'xml_submission_file' part."), 400)
    try:
        parsed = parse_instance(upload.read(), file="xml_submission_file")
    except SubmissionError as error:
        return message(
            _("Malformed submission: %(field)s: %(message)s")
            % {"field": error.field, "message": error.message},
            400,
        )
    if not parsed.instance_id:
        return message(_("Malformed submission: meta/instanceID is missing."), 400)
    assert user.operation is not None
    warm_index(user.operation.pk)
    try:
        visit, created = store(
            operation=user.operation, submission=parsed, by=user, source=Visit.Source.ODK
        )
    except VisitConflict as error:
        return message(
            _("Rejected: %(field)s: %(message)s")
            % {"field": error.field, "message": error.message},
            409,
        )
    except VisitForbidden as error:
        return message(
            _("Not allowed: %(field)s: %(message)s")
            % {"field": error.field, "message": error.message},
            403,
        )
    except VisitNotFound as error:
        return message(
            _("Not found: %(field)s: %(message)s")
            % {"field": error.field, "message": error.message},
            404,
        )
    except InputError as error:
        return message(
            _("Malformed submission: %(field)s: %(message)s")
            % {"field": error.field, "message": error.message},
            400,
        )
    if created:
        return message(
            _("Visit stored (%(code)s).") % {"code": visit.area.code}, 201, nature="submit_success"
        )
    return message(_("Already received; nothing changed."), 202, nature="submit_success")
