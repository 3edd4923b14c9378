"""Bulk work on the coverage page: several areas assigned to one team at once."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stranded.core.access import actor, require_perm
from stranded.core.http import parse_uuid
from stranded.core.roles import Perm
from stranded.sweeps import access
from stranded.sweeps.actions import AreaError, assign_areas
from stranded.sweeps.forms import AssignForm


@require_POST
@require_perm(Perm.ASSIGN_AREAS)
def areas_assign(request: HttpRequest) -> HttpResponse:
    """The areas ticked in the coverage table, to the team chosen above it."""
    user = actor(request)
    form = AssignForm(request.POST)
    ids = [pk for value in request.POST.getlist("area") if (pk := parse_uuid(value))]
    if not form.is_valid() or not ids:
        messages.error(request, _("Tick at least one area and choose a team."))
        return redirect("sweeps:coverage")
    team = access.get_team(user, form.cleaned_data["team"])
    areas = list(access.visible_areas(user).filter(pk__in=ids).order_by("code"))
    try:
        count = assign_areas(areas=areas, team=team, by=user, hours=form.cleaned_data["hours"])
        messages.success(
            request, _("%(count)d areas assigned to %(team)s.") % {"count": count, "team": team}
        )
    except AreaError as error:
        messages.error(request, _("Nothing assigned: %(error)s") % {"error": error})
    return redirect("sweeps:coverage")
