"""The second step of a login (code or enrolment) and the account's own two-factor page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from stranded.core import twofactor
from stranded.core.access import actor
from stranded.core.audit import record_event


def _next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    from stranded.core.views import landing_url

    return landing_url(request.user)


def login_verify(request: HttpRequest) -> HttpResponse:
    """The code of the user's authenticator app, or one of their recovery codes."""
    user = twofactor.held_user(request)
    if user is None:
        return redirect("core:login")
    if not twofactor.has_device(user):
        return redirect("core:login-enrol")
    error = ""
    if request.method == "POST":
        device = twofactor.verify_second_factor(user, request.POST.get("code", ""))
        if device is not None:
            return redirect(_next(request, twofactor.finish_login(request, user, device)))
        if not twofactor.count_wrong_code(request, user):
            messages.error(request, _("Too many wrong codes: log in again."))
            return redirect("core:login")
        error = _("This code is wrong or was used already.")
    return render(request, "core/login_verify.html", {"error": error}, status=400 if error else 200)


def login_enrol(request: HttpRequest) -> HttpResponse:
    """First login of an account that needs a second factor: scan, type the first code, keep the
    recovery codes (shown here once, never again)."""
    user = twofactor.held_user(request)
    if user is None:
        return redirect("core:login")
    if twofactor.has_device(user):  # enrolled already: a held password never adds a device
        return redirect("core:login-verify")
    device = twofactor.enrolment_device(user)
    error = ""
    if request.method == "POST":
        codes = twofactor.confirm_enrolment(device=device, code=request.POST.get("code", ""))
        if codes is not None:
            next_url = _next(request, twofactor.finish_login(request, user, device))
            context = {"codes": codes, "next": next_url}
            return render(request, "core/recovery_codes.html", context)
        if not twofactor.count_wrong_code(request, user):
            messages.error(request, _("Too many wrong codes: log in again."))
            return redirect("core:login")
        error = _("This code is wrong: type the code your app shows now.")
    context = {
        "qr": twofactor.qr_svg(device.config_url),
        "secret": twofactor.secret_for_typing(device),
        "username": user.get_username(),
        "error": error,
    }
    return render(request, "core/login_enrol.html", context, status=400 if error else 200)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """The account's second factor: recovery codes left; new ones (the old ones stop working)."""
    user = actor(request)
    if request.method == "POST":
        if twofactor.verify_second_factor(user, request.POST.get("code", "")) is None:
            messages.error(request, _("This code is wrong: no new recovery codes."))
            return redirect("core:two-factor")
        codes = twofactor.new_recovery_codes(user=user)
        record_event(actor=user, verb="two_factor.recovery_renewed", target=user)
        return render(request, "core/recovery_codes.html", {"codes": codes, "next": ""})
    context = {
        "enrolled": twofactor.has_device(user),
        "left": twofactor.recovery_codes_left(user),
    }
    return render(request, "core/two_factor.html", context)
