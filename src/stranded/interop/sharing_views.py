"""Sharing requests: list and draft (roles that see aggregates), approve (coordinator, then the
second approver), revoke (coordinator); the recipient's download by token, audited."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.http import download_response
from stranded.core.roles import Perm
from stranded.interop.access import get_sharing_request, request_for_token, sharing_requests
from stranded.interop.actions import (
    SharingError,
    approve_request,
    create_request,
    is_second_approver,
    record_download,
    revoke_request,
)
from stranded.interop.forms import SharingRequestForm


@require_http_methods(["GET", "POST"])
@require_perm(Perm.VIEW_AGGREGATES)
def requests_page(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    operation = ensure_operation(user, Perm.VIEW_AGGREGATES)
    from stranded.evacuation.models import Plan, PlanStatus

    published = Plan.objects.filter(operation=operation, status=PlanStatus.PUBLISHED)
    plans = [(str(p.pk), f"{p.destination} from {p.starts_at:%d %b %H:%M}") for p in published]
    form = SharingRequestForm(request.POST or None, plans=plans)
    if request.method == "POST" and form.is_valid():
        created = create_request(operation=operation, data=form.cleaned_data, by=user)
        messages.success(
            request, _("Sharing request %(reference)s drafted.") % {"reference": created.reference}
        )
        return redirect("interop:requests")
    context = {
        "requests": sharing_requests(user).select_related(
            "approved_by", "second_approved_by", "revoked_by"
        ),
        "form": form,
        "can_approve": user.can(Perm.APPROVE_SHARING),
        "second_approver": is_second_approver(user, operation),
    }
    return render(request, "interop/requests.html", context, status=400 if form.errors else 200)


@require_POST
@require_perm(Perm.VIEW_AGGREGATES)
def approve(request: HttpRequest, request_id: UUID) -> HttpResponse:
    user = actor(request)
    sharing = get_sharing_request(user, request_id)
    try:
        sharing, token = approve_request(request=sharing, by=user)
    except SharingError as error:
        return render(request, "interop/sharing_error.html", {"error": str(error)}, status=403)
    if token:
        link = request.build_absolute_uri(f"/sharing/download/{token}")
        return render(request, "interop/token.html", {"sharing": sharing, "link": link})
    messages.success(
        request,
        _("%(reference)s approved; it needs a second approver.") % {"reference": sharing.reference},
    )
    return redirect("interop:requests")


@require_POST
@require_perm(Perm.APPROVE_SHARING)
def revoke(request: HttpRequest, request_id: UUID) -> HttpResponse:
    user = actor(request)
    sharing = get_sharing_request(user, request_id)
    reason = request.POST.get("reason", "").strip()[:300]
    if not reason:
        return render(
            request,
            "interop/sharing_error.html",
            {"error": _("revoke: reason: required")},
            status=400,
        )
    try:
        revoke_request(request=sharing, reason=reason, by=user)
    except SharingError as error:
        return render(request, "interop/sharing_error.html", {"error": str(error)}, status=409)
    messages.success(request, _("%(reference)s revoked.") % {"reference": sharing.reference})
    return redirect("interop:requests")


@require_GET
def download(request: HttpRequest, token: str) -> HttpResponse:
    """The recipient's download: no login, the token is the key; 404 once revoked, 410 once
    expired."""
    sharing = request_for_token(token)
    if sharing.expired:
        return HttpResponse(
            _("This sharing request has expired."), status=410, content_type="text/plain"
        )
    ip = request.META.get("REMOTE_ADDR")
    data, filename, content_type = record_download(request=sharing, via="token", ip=ip)
    response = download_response(data, content_type=content_type, filename=filename)
    response["Cache-Control"] = "no-store"
    return response
