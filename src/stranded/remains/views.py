"""Remains pages: the list, a body's record (custody chain, identification, candidates,
attachments), and the forms that add to it. Attachments are served only from here."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.audit import record_read
from stranded.core.inputs import InputError
from stranded.core.models import User
from stranded.core.paging import csv_export, paged, wants_csv
from stranded.core.roles import Perm
from stranded.remains import access
from stranded.remains.actions import (
    add_attachment,
    identify_remains,
    record_custody_event,
    record_found,
)
from stranded.remains.candidates import candidates_for
from stranded.remains.forms import (
    LATER_KINDS,
    AttachmentForm,
    IdentificationForm,
    clean_upload,
)
from stranded.remains.models import (
    ATTACHMENT_SUFFIXES,
    Attachment,
    CustodyKind,
    IdMethod,
    IdStatus,
)
from stranded.tracing.models import Person, Sex

FIELDS = (
    "area",
    "address",
    "found_where",
    "lat",
    "lon",
    "found_at",
    "condition",
    "effects",
    "sex",
    "age_min",
    "age_max",
    "document_names",
)


def _day(moment: Any) -> str:
    return timezone.localdate(moment).isoformat()


# The export of remains: the body codes and where each stands (custody, identification), for the
# coordinator's logistics; never who it may be, the effects, names on documents, free-text
# places or parties, or the point where it was found.
REMAINS_COLUMNS: list[tuple[str, Any]] = [
    ("code", lambda r: r.code), ("found", lambda r: _day(r.found_at)),
    ("area", lambda r: r.area.code if r.area else ""), ("sex", lambda r: r.sex),
    ("age_min", lambda r: r.age_min), ("age_max", lambda r: r.age_max),
    ("identification", lambda r: r.id_status), ("custody", lambda r: r.current_kind),
    ("custody_since", lambda r: _day(r.current_at)),
]  # fmt: skip


def may_export(user: User) -> bool:
    """The coordinator, who sees every body and records custody; not who only reads (tracing)
    or only records (a field team)."""
    return user.can(Perm.VIEW_REMAINS) and user.can(Perm.EDIT_REMAINS)


@require_GET
@require_perm(Perm.VIEW_REMAINS, Perm.EDIT_REMAINS)
def index(request: HttpRequest) -> HttpResponse:
    rows = access.visible_remains(actor(request)).select_related("team", "area")
    status, kind, q = (request.GET.get(k, "") for k in ("status", "kind", "q"))
    if status in IdStatus.values:
        rows = rows.filter(id_status=status)
    if kind in CustodyKind.values:
        rows = rows.filter(current_kind=kind)
    if q:
        rows = rows.filter(code__icontains=q.strip())
    if wants_csv(request):
        if not may_export(actor(request)):
            raise Http404
        target = ("remains.remains", "list")
        return csv_export(request, rows, REMAINS_COLUMNS, name="remains", target=target)
    page = paged(request, rows)
    shown = list(page.object_list)
    access.remains_listed(actor(request), shown)
    context = {
        "page": page,
        "rows": shown,
        "statuses": IdStatus.choices,
        "kinds": CustodyKind.choices,
        "status": status,
        "kind": kind,
        "q": q,
        "can_edit": actor(request).can(Perm.EDIT_REMAINS),
        "export": may_export(actor(request)),
    }
    return render(request, "remains/index.html", context)


@require_GET
@require_perm(Perm.VIEW_REMAINS, Perm.EDIT_REMAINS)
def detail(request: HttpRequest, remains_id: UUID) -> HttpResponse:
    user = actor(request)
    remains = access.get_remains(user, remains_id)
    # the identified person is shown only to those who may see that person (need to know)
    person = None
    if remains.identified_person_id is not None:
        person = Person.objects.visible_to(user).filter(pk=remains.identified_person_id).first()
    if person is not None:
        record_read(actor=user, target=person)
    context = {
        "r": remains,
        "person": person,
        "events": list(remains.events.select_related("by", "team", "corrects")),
        "attachments": list(remains.attachments.all()),
        "candidates": candidates_for(user, remains),
        "event_kinds": [(k, CustodyKind(k).label) for k in LATER_KINDS],
        "statuses": [(v, label) for v, label in IdStatus.choices if access.can_identify(user, v)],
        "methods": IdMethod.choices[1:],
        "can_edit": user.can(Perm.EDIT_REMAINS),
        "can_identify": access.may_change_identification(user, remains),
        "closed": remains.current_kind == CustodyKind.HANDED_OVER,
    }
    return render(request, "remains/detail.html", context)


@require_perm(Perm.EDIT_REMAINS)
def new(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.EDIT_REMAINS)
    user = actor(request)
    error = None
    data: dict[str, Any] = {"area": request.GET.get("area", "")}
    areas = access.recording_areas(user, operation)
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in FIELDS}
        try:
            remains = record_found(operation=operation, areas=areas, data=data, by=user)
            messages.success(request, _("Remains %(code)s recorded.") % {"code": remains.code})
            return redirect("remains:detail", remains_id=remains.pk)
        except InputError as exc:
            error = exc
    context = {"data": data, "error": error, "areas": areas.order_by("code"), "sexes": Sex.choices}
    return render(request, "remains/new.html", context, status=400 if error else 200)


@require_POST
@require_perm(Perm.EDIT_REMAINS)
def event_new(request: HttpRequest, remains_id: UUID) -> HttpResponse:
    remains = access.get_remains(actor(request), remains_id, write=True)
    fields = (
        "kind",
        "at",
        "where",
        "lat",
        "lon",
        "receiving_organisation",
        "receiving_name",
        "note",
        "corrects",
    )
    try:
        event = record_custody_event(
            remains=remains,
            data={k: request.POST.get(k, "") for k in fields},
            by=actor(request),
        )
        messages.success(
            request,
            _("%(code)s: %(kind)s recorded.")
            % {"code": remains.code, "kind": event.get_kind_display().lower()},
        )
    except InputError as error:
        messages.error(request, f"{remains.code}: {error}")
    return redirect("remains:detail", remains_id=remains.pk)


@require_POST
@require_perm(Perm.EDIT_REMAINS, Perm.DECIDE_MATCHES)
def identify(request: HttpRequest, remains_id: UUID) -> HttpResponse:
    user = actor(request)
    status = request.POST.get("status", "")
    remains = access.get_remains_to_identify(user, remains_id, status)
    try:
        cleaned = IdentificationForm.check(request.POST.dict())
        person = access.get_person_for(user, cleaned["person"]) if cleaned["person"] else None
        identify_remains(
            remains=remains,
            status=cleaned["status"],
            method=cleaned["method"],
            person=person,
            by=user,
        )
        messages.success(
            request,
            f"{remains.code}: {IdStatus(cleaned['status']).label}.",
        )
    except InputError as error:
        messages.error(request, f"{remains.code}: {error}")
    return redirect("remains:detail", remains_id=remains.pk)


@require_POST
@require_perm(Perm.EDIT_REMAINS, Perm.DECIDE_MATCHES)
def identify_search(request: HttpRequest, remains_id: UUID) -> HttpResponse:
    """The person to identify is chosen by name, in any script, never typed as an id (htmx)."""
    from stranded.tracing.index import quick_candidates

    user = actor(request)
    remains = access.get_remains(user, remains_id)
    if not access.may_change_identification(user, remains):
        raise Http404
    given = request.POST.get("given_name", "").strip()[:100]
    family = request.POST.get("family_name", "").strip()[:100]
    found = []
    if given or family:
        found = quick_candidates(user, {"given_name": given, "family_name": family}, limit=8)
    return render(
        request, "remains/_person_choices.html", {"found": found, "asked": given or family}
    )


@require_POST
@require_perm(Perm.EDIT_REMAINS)
def attachment_upload(request: HttpRequest, remains_id: UUID) -> HttpResponse:
    remains = access.get_remains(actor(request), remains_id, write=True)
    upload = request.FILES.get("file")
    try:
        content_type = clean_upload(upload)
        cleaned = AttachmentForm.check(request.POST.dict())
        add_attachment(
            remains=remains,
            upload=upload,  # type: ignore[arg-type]
            content_type=content_type,
            by=actor(request),
            **cleaned,
        )
        messages.success(request, _("%(code)s: attachment added.") % {"code": remains.code})
    except InputError as error:
        messages.error(request, f"{remains.code}: {error}")
    return redirect("remains:detail", remains_id=remains.pk)


@require_GET
@require_perm(Perm.VIEW_REMAINS, Perm.EDIT_REMAINS)
def attachment_download(request: HttpRequest, remains_id: UUID, attachment_id: UUID) -> Any:
    attachment = access.get_attachment(actor(request), remains_id, attachment_id)
    return serve_attachment(attachment)


def serve_attachment(attachment: Attachment) -> FileResponse:
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    suffix = ATTACHMENT_SUFFIXES.get(attachment.content_type, ".bin")
    response["Content-Disposition"] = f'attachment; filename="{attachment.pk}{suffix}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
