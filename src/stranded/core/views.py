from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stranded.core.access import actor, audit_events, ensure_operation, require_perm
from stranded.core.actions import (
    change_role,
    create_staff_user,
    decide_role_request,
    issue_set_password_link,
    set_password_path,
    set_user_active,
    set_user_language,
    update_operation_settings,
)
from stranded.core.audit import record_event
from stranded.core.forms import AuditFilterForm, NewUserForm, OperationSettingsForm, RoleForm
from stranded.core.models import AuditEvent, Membership, RoleRequest, User
from stranded.core.roles import Perm, Role

ROLE_VERBS = ["user.created", "role.requested", "role.changed", "role.approved", "role.refused"]

# Where each role lands after login: the first of these pages it may open (an admin has no
# dashboard, a driver only their trip).
LANDING = [
    (Perm.VIEW_DASHBOARD, "core:dashboard"),
    (Perm.MANAGE_USERS, "core:users"),
    (Perm.VIEW_AUDIT, "core:audit-log"),
    (Perm.VIEW_OWN_TRIP, "evacuation:my-trip"),
]


def landing_url(user: User | AnonymousUser) -> str:
    for perm, name in LANDING:
        if isinstance(user, User) and user.can(perm):
            return reverse(name)
    return reverse("core:dashboard")


class LoginView(auth_views.LoginView):
    """The password; then, for an account that has or needs a second factor, the login is held
    until its code or its enrolment (stranded.core.twofactor)."""

    template_name = "core/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        from stranded.core import twofactor

        user = form.get_user()
        if not twofactor.needs_two_factor(user):
            return super().form_valid(form)
        next_url = self.get_redirect_url()
        return redirect(twofactor.hold(self.request, user, next_url=next_url))

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from stranded.core.dashboard import cards_for

    user = request.user
    if not (isinstance(user, User) and user.can(Perm.VIEW_DASHBOARD)):
        for perm, page in LANDING[1:]:  # "/" of a role without a dashboard: its own start page
            if isinstance(user, User) and user.can(perm):
                return redirect(page)
        raise Http404
    return render(request, "core/dashboard.html", {"cards": cards_for(user)})


def _audit_page(request: HttpRequest, template: str, extra: dict[str, Any]) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = audit_events(actor(request)).select_related("actor")
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
    operation = ensure_operation(actor(request), Perm.MANAGE_OPERATION)
    form = OperationSettingsForm(request.POST or None, instance=operation)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.changed_data}
        if changes:
            update_operation_settings(operation=operation, changes=changes, by=actor(request))
        messages.success(request, _("Settings saved."))
        return redirect("core:operation-settings")
    return render(request, "core/operation_settings.html", {"form": form})


@require_perm(Perm.MANAGE_USERS)
def users(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.MANAGE_USERS)
    form = NewUserForm(request.POST or None, operation=operation)
    link = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, pending = create_staff_user(
            operation=operation,
            username=data["username"],
            role=data["role"],
            team=data["team"],
            by=actor(request),
        )
        if pending is None:
            link = request.build_absolute_uri(set_password_path(user))
            messages.success(
                request,
                _("User %(username)s created: hand over the link below.")
                % {"username": user.username},
            )
        else:
            text = _(
                "User %(username)s created; a coordinator approves the role and hands over "
                "the set-password link."
            )
            messages.success(request, text % {"username": user.username})
        form = NewUserForm(operation=operation)
    return _users_page(request, operation, form, link)


def _users_page(
    request: HttpRequest, operation: Any, form: Any, link: str | None, status: int = 200
) -> HttpResponse:
    memberships = (
        Membership.objects.filter(operation=operation)
        .select_related("user", "team")
        .order_by("role", "user__username")
    )
    pending = RoleRequest.objects.filter(operation=operation, status=RoleRequest.Status.PENDING)
    context = {
        "form": form,
        "memberships": memberships,
        "link": link,
        "pending": pending.select_related("user", "team"),
        "roles": Role.choices,
        "teams": operation.teams.order_by("name"),
    }
    return render(request, "core/users.html", context, status=status)


def _member(request: HttpRequest, user_id: UUID, perm: Perm) -> tuple[Any, User]:
    """A user of the actor's operation: a member, or an account waiting for a role there."""
    operation = ensure_operation(actor(request), perm)
    in_operation = Q(memberships__operation=operation) | Q(
        role_requests__operation=operation, role_requests__status=RoleRequest.Status.PENDING
    )
    user = get_object_or_404(User.objects.filter(in_operation).distinct(), uuid=user_id)
    return operation, user


@require_POST
@require_perm(Perm.MANAGE_USERS)
def user_role(request: HttpRequest, user_id: UUID) -> HttpResponse:
    operation, user = _member(request, user_id, Perm.MANAGE_USERS)
    form = RoleForm(request.POST, operation=operation)
    if not form.is_valid() or user == request.user:
        messages.error(request, _("Role not changed: choose a role (and a team of the operation)."))
        return redirect("core:users")
    data = form.cleaned_data
    pending = change_role(
        operation=operation, user=user, role=data["role"], team=data["team"], by=actor(request)
    )
    done = (
        _("Role changed.") if pending is None else _("Role requested: a coordinator approves it.")
    )
    messages.success(request, done)
    return redirect("core:users")


@require_POST
@require_perm(Perm.MANAGE_USERS, Perm.APPROVE_ROLES)
def user_link(request: HttpRequest, user_id: UUID) -> HttpResponse:
    """A new one-time set-password link (forgotten password, link expired)."""
    perm = Perm.MANAGE_USERS if actor(request).can(Perm.MANAGE_USERS) else Perm.APPROVE_ROLES
    operation, user = _member(request, user_id, perm)
    try:
        link = request.build_absolute_uri(issue_set_password_link(user=user, by=actor(request)))
    except PermissionError:
        messages.error(request, _("A coordinator issues the link for this account."))
        link = None
    if perm == Perm.APPROVE_ROLES:
        return _role_changes_page(request, operation, link)
    return _users_page(request, operation, NewUserForm(operation=operation), link)


@require_perm(Perm.APPROVE_ROLES)
def role_changes(request: HttpRequest) -> HttpResponse:
    """Coordinators: pending role requests to decide, and every role change of the operation."""
    operation = ensure_operation(actor(request), Perm.APPROVE_ROLES)
    return _role_changes_page(request, operation, None)


def _role_changes_page(request: HttpRequest, operation: Any, link: str | None) -> HttpResponse:
    pending = RoleRequest.objects.filter(operation=operation, status=RoleRequest.Status.PENDING)
    changes = AuditEvent.objects.filter(operation=operation, verb__in=ROLE_VERBS).order_by("-at")[
        :200
    ]
    names = dict(
        User.objects.filter(
            pk__in=[int(e.target_id) for e in changes if e.target_id.isdigit()]
        ).values_list("pk", "username")
    )
    rows = [(e, names.get(int(e.target_id)) if e.target_id.isdigit() else None) for e in changes]
    members = Membership.objects.filter(operation=operation).select_related("user", "team")
    context = {
        "pending": pending.select_related("user", "team", "requested_by"),
        "changes": rows,
        "link": link,
        "members": members.order_by("user__username"),
    }
    return render(request, "core/role_changes.html", context)


@require_POST
@require_perm(Perm.APPROVE_ROLES)
def role_decide(request: HttpRequest, request_id: UUID) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.APPROVE_ROLES)
    role_request = get_object_or_404(
        RoleRequest.objects.select_related("user"),
        operation=operation,
        id=request_id,
        status=RoleRequest.Status.PENDING,
    )
    approve = request.POST.get("approve") == "1"
    decide_role_request(request=role_request, approve=approve, by=actor(request))
    link = request.build_absolute_uri(set_password_path(role_request.user)) if approve else None
    return _role_changes_page(request, operation, link)


@require_POST
@require_perm(Perm.MANAGE_USERS)
def user_active(request: HttpRequest, user_id: UUID) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.MANAGE_USERS)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), operation=operation, user__uuid=user_id
    )
    if membership.user != request.user:
        set_user_active(
            user=membership.user, active=request.POST.get("active") == "1", by=actor(request)
        )
    return redirect("core:users")


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link: the person chooses a password (checked against their username)."""

    template_name = "core/set_password.html"
    success_url = reverse_lazy("core:login")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        from stranded.core.twofactor import remove_devices

        response = super().form_valid(form)
        record_event(actor=form.user, verb="user.password_set", target=form.user)
        # A new start (forgotten password, lost phone): the next login enrols a second factor.
        remove_devices(user=form.user)
        messages.success(self.request, _("Password set: log in with it."))
        return response


@require_POST
@login_required
def switch_operation(request: HttpRequest) -> HttpResponse:
    """Work in another of the user's operations for the rest of this session."""
    from stranded.core.switcher import SESSION_KEY

    user = actor(request)
    try:
        membership = Membership.objects.get(
            user=user, active=True, operation_id=request.POST.get("operation", "")
        )
    except (Membership.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    request.session[SESSION_KEY] = str(membership.operation_id)
    user.chosen_operation_id = str(membership.operation_id)
    user._membership_cache = membership  # type: ignore[attr-defined]
    record_event(actor=user, verb="operation.switched", target=membership.operation)
    return redirect("core:dashboard" if user.can(Perm.VIEW_DASHBOARD) else "places:map")


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """The language switch in the header: saved on the account, and in a cookie for the login
    page (anonymous visitors get the cookie only). Back to the page it was pressed on."""
    from django.views.i18n import set_language

    from stranded.core.language import language_codes

    language = request.POST.get("language", "")
    if language not in language_codes():
        return HttpResponse(_("Unknown language."), status=400, content_type="text/plain")
    response = set_language(request)
    if isinstance(request.user, User) and request.user.is_authenticated:
        set_user_language(user=request.user, language=language)
    return response
