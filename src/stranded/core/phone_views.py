"""Coordinators: the phones' own credentials for ODK Collect (stranded.core.phones)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.models import Membership, Operation, PhoneCredential, User
from stranded.core.phones import collect_qr_svg, create_phone_credential, revoke_phone_credential
from stranded.core.roles import Perm, Role


class PhoneForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=gettext_lazy("Field member"))
    label = forms.CharField(max_length=100, label=gettext_lazy("Phone (a name you will recognise)"))

    def __init__(self, *args: Any, operation: Operation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(
            operation=operation, active=True, role=Role.FIELD_MEMBER, user__is_active=True
        )
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=members.values("user")
        ).order_by("username")


@require_perm(Perm.MANAGE_PHONES)
def phones(request: HttpRequest) -> HttpResponse:
    """The operation's phone credentials with their last use; a new one is shown once here."""
    operation = ensure_operation(actor(request), Perm.MANAGE_PHONES)
    form = PhoneForm(request.POST or None, operation=operation)
    shown = None
    if request.method == "POST" and form.is_valid():
        credential, secret = create_phone_credential(
            operation=operation,
            user=form.cleaned_data["user"],
            label=form.cleaned_data["label"],
            by=actor(request),
        )
        server_url = request.build_absolute_uri(reverse("openrosa:form-list")).removesuffix(
            "/formList"
        )
        shown = {
            "credential": credential,
            "secret": secret,
            "server_url": server_url,
            "qr": collect_qr_svg(
                server_url=server_url, username=credential.username, password=secret
            ),
        }
        form = PhoneForm(operation=operation)
    credentials = PhoneCredential.objects.filter(operation=operation).select_related(
        "user", "created_by", "revoked_by"
    )
    context = {"form": form, "credentials": credentials[:500], "shown": shown}
    return render(request, "core/phones.html", context)


@require_POST
@require_perm(Perm.MANAGE_PHONES)
def phone_revoke(request: HttpRequest, credential_id: UUID) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.MANAGE_PHONES)
    credential = get_object_or_404(PhoneCredential, operation=operation, id=credential_id)
    revoke_phone_credential(credential=credential, by=actor(request))
    messages.success(request, _("Phone %(label)s revoked.") % {"label": credential.label})
    return redirect("core:phones")
