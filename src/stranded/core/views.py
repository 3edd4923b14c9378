from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from stranded.core.access import actor, audit_events, ensure_operation, require_perm
from stranded.core.actions import create_staff_user, set_user_active, update_operation_settings
from stranded.core.audit import record_event
from stranded.core.forms import AuditFilterForm, NewUserForm, OperationSettingsForm
from stranded.core.models import Membership, User
from stranded.core.roles import Perm

# Where each role lands after login: the first of these pages it may open (an admin has no
# dashboard, a driver only their trip).
LANDING = [
    (Perm.VIEW_DASHBOARD, "core:dashboard"),
    (Perm.MANAGE_USERS, "core:users"),
    (Perm.VIEW_AUDIT, "core:audit-log"),
    (Perm.VIEW_OWN_TRIP, "evacuation:my-trip"),
]


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        for perm, name in LANDING:
            if user.can(perm):  # type: ignore[union-attr]
                return reverse(name)
        return reverse("core:dashboard")


# Roles without a dashboard land on the page of their own work after login.
START_PAGES = (
    (Perm.VIEW_OWN_TRIP, "evacuation:my-trip"),
    (Perm.VIEW_AUDIT, "core:audit-log"),
    (Perm.MANAGE_USERS, "core:users"),
)


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from stranded.core.dashboard import cards_for

    user = request.user
    if not (isinstance(user, User) and user.can(Perm.VIEW_DASHBOARD)):
        for perm, page in START_PAGES:
            if isinstance(user, User) and user.can(perm):
                return redirect(page)
        raise Http404
    return render(request, "core/dashboard.html", {"cards": cards_for(user)})


def _audit_page(request: HttpRequest, template: str, extra: dict[str, Any]) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = audit_events(request.user).select_related("actor")
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events.order_by("-at"), 100).get_page(request.GET.get("page"))
    filters = {k: v for k, v in request.GET.items() if k != "page"}
    record_event(actor=actor(request), verb="audit.viewed", detail={"filters": filters})
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


@require_perm(Perm.MANAGE_OPERATION)
def operation_settings(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(request.user, Perm.MANAGE_OPERATION)
    form = OperationSettingsForm(request.POST or None, instance=operation)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.changed_data}
        if changes:
            update_operation_settings(operation=operation, changes=changes, by=actor(request))
        messages.success(request, "Settings saved.")
        return redirect("core:operation-settings")
    return render(request, "core/operation_settings.html", {"form": form})


@require_perm(Perm.MANAGE_USERS)
def users(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(request.user, Perm.MANAGE_USERS)
    form = NewUserForm(request.POST or None, operation=operation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        create_staff_user(
            operation=operation, username=data["username"], role=data["role"],
            team=data["team"], password=data["password"], by=actor(request),
        )  # fmt: skip
        messages.success(request, f"User {data['username']} created.")
        return redirect("core:users")
    memberships = (
        Membership.objects.filter(operation=operation)
        .select_related("user", "team")
        .order_by("role", "user__username")
    )
    return render(request, "core/users.html", {"form": form, "memberships": memberships})


@require_POST
@require_perm(Perm.MANAGE_USERS)
def user_active(request: HttpRequest, user_id: UUID) -> HttpResponse:
    operation = ensure_operation(request.user, Perm.MANAGE_USERS)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), operation=operation, user__uuid=user_id
    )
    if membership.user != request.user:
        set_user_active(
            user=membership.user, active=request.POST.get("active") == "1", by=actor(request)
        )
    return redirect("core:users")
