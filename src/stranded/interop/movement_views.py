"""Movement notifications: made and answered by the liaison or a coordinator (roles that see
aggregates), overridden after a refusal by a coordinator only, as PDF and JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stranded.core import clock
from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.http import download_response
from stranded.core.models import Team
from stranded.core.roles import Perm
from stranded.interop.actions import SharingError
from stranded.interop.forms import AnswerForm, MovementForm
from stranded.interop.models import MovementNotification
from stranded.interop.movement_pdf import to_pdf
from stranded.interop.movements import create_notification, override_refusal, record_answer

if TYPE_CHECKING:
    from stranded.core.models import User


def get_notification(user: User, notification_id: UUID) -> MovementNotification:
    operation = ensure_operation(user, Perm.VIEW_AGGREGATES)
    return get_object_or_404(MovementNotification, operation=operation, pk=notification_id)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.VIEW_AGGREGATES)
def movements(request: HttpRequest) -> HttpResponse:
    from stranded.evacuation.models import Plan, PlanStatus

    user = actor(request)
    operation = ensure_operation(user, Perm.VIEW_AGGREGATES)
    form = MovementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = team = None
        if data["plan"]:
            plan = get_object_or_404(Plan, operation=operation, pk=data["plan"])
        if data["team"]:
            team = get_object_or_404(Team, operation=operation, pk=data["team"])
        try:
            made = create_notification(
                operation=operation,
                authority=data["authority"],
                by=user,
                plan=plan,
                team=team,
                day=data.get("day"),
                start=data.get("start"),
                end=data.get("end"),
                plates=data["plates"],
            )
        except SharingError as error:
            form.add_error(None, str(error))
        else:
            return redirect("interop:movement", made.pk)
    context = {
        "notifications": MovementNotification.objects.filter(operation=operation),
        "plans": Plan.objects.filter(operation=operation, status=PlanStatus.PUBLISHED),
        "teams": Team.objects.filter(operation=operation),
        "form": form,
    }
    return render(request, "interop/movements.html", context, status=400 if form.errors else 200)


@require_GET
@require_perm(Perm.VIEW_AGGREGATES)
def movement(request: HttpRequest, notification_id: UUID) -> HttpResponse:
    user = actor(request)
    notification = get_notification(user, notification_id)
    context = {
        "n": notification,
        "events": notification.events.select_related("by"),
        "answer": AnswerForm(),
        "can_override": user.can(Perm.PLAN_EVACUATION),
    }
    return render(request, "interop/movement.html", context)


@require_POST
@require_perm(Perm.VIEW_AGGREGATES)
def answer(request: HttpRequest, notification_id: UUID) -> HttpResponse:
    user = actor(request)
    notification = get_notification(user, notification_id)
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise SharingError(_("answer: %(errors)s") % {"errors": form.errors.as_text()})
        data = form.cleaned_data
        record_answer(
            notification=notification,
            status=data["status"],
            at=data["at"] or clock.now(),
            by=user,
            contact=data["contact"],
            note=data["note"],
        )
    except SharingError as error:
        return render(request, "interop/sharing_error.html", {"error": str(error)}, status=400)
    messages.success(
        request,
        _("%(reference)s: %(status)s recorded.")
        % {"reference": notification.reference, "status": data["status"]},
    )
    return redirect("interop:movement", notification.pk)


@require_POST
@require_perm(Perm.PLAN_EVACUATION)
def override(request: HttpRequest, notification_id: UUID) -> HttpResponse:
    user = actor(request)
    notification = get_notification(user, notification_id)
    try:
        override_refusal(notification=notification, reason=request.POST.get("reason", ""), by=user)
    except SharingError as error:
        return render(request, "interop/sharing_error.html", {"error": str(error)}, status=400)
    messages.warning(
        request,
        _("%(reference)s: refusal overridden; trips may start.")
        % {"reference": notification.reference},
    )
    return redirect("interop:movement", notification.pk)


@require_GET
@require_perm(Perm.VIEW_AGGREGATES)
def movement_pdf(request: HttpRequest, notification_id: UUID) -> HttpResponse:
    notification = get_notification(actor(request), notification_id)
    body = to_pdf(notification)
    return download_response(
        body, content_type="application/pdf", filename=f"{notification.reference}.pdf"
    )


@require_GET
@require_perm(Perm.VIEW_AGGREGATES)
def movement_json(request: HttpRequest, notification_id: UUID) -> HttpResponse:
    n = get_notification(actor(request), notification_id)
    data = {
        "reference": n.reference,
        "authority": n.authority,
        "status": n.status,
        "status_at": n.status_at.isoformat() if n.status_at else None,
        "override_reason": n.override_reason,
        "created_at": n.created_at.isoformat(),
        "operation": n.operation.name,
        **n.content,
        "history": [
            {
                "status": e.status,
                "at": e.at.isoformat(),
                "by": e.by.username,
                "contact": e.contact,
                "note": e.note,
            }
            for e in n.events.select_related("by")
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
