from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stranded.core.access import audit_events, require_perm
from stranded.core.audit import record_event
from stranded.core.forms import AuditFilterForm
from stranded.core.roles import Perm


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


@require_GET
@require_perm(Perm.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    from stranded.core.dashboard import cards_for

    return render(request, "core/dashboard.html", {"cards": cards_for(request.user)})


def _audit_page(request: HttpRequest, template: str, extra: dict[str, Any]) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = audit_events(request.user).select_related("actor")
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events.order_by("-at"), 100).get_page(request.GET.get("page"))
    filters = {k: v for k, v in request.GET.items() if k != "page"}
    record_event(actor=request.user, verb="audit.viewed", detail={"filters": filters})  # type: ignore[arg-type]
    return render(request, template, {"form": form, "page": page, **extra})


@require_GET
@require_perm(Perm.VIEW_AUDIT)
def audit_log(request: HttpRequest) -> HttpResponse:
    return _audit_page(request, "core/audit_log.html", {})


@require_GET
@require_perm(Perm.VIEW_AUDIT)
def record_access(request: HttpRequest) -> HttpResponse:
    """Who accessed record X: every event on one target, oldest last."""
    return _audit_page(request, "core/record_access.html", {})
