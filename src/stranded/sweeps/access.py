"""Permission-aware lookups of areas and visits: the only way views and API get them.

Every role that works with areas sees the operation's areas (their state is not personal);
changing one needs the right to assign, or, for field members, that their team holds it.
Visits list the persons met: reading one is a read of personal data, logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from stranded.core.access import ensure, get_visible
from stranded.core.audit import record_reads
from stranded.core.models import Team
from stranded.core.roles import Perm
from stranded.places.models import Area
from stranded.sweeps.models import Visit

if TYPE_CHECKING:
    from stranded.core.models import User


def visible_areas(user: User) -> Any:
    ensure(user, Perm.VIEW_AREAS)
    return Area.objects.of(user.operation)


def get_area(user: User, area_id: UUID, *, write: bool = False) -> Area:
    area = get_object_or_404(visible_areas(user).select_related("team"), id=area_id)
    if write and not (
        user.can(Perm.ASSIGN_AREAS)
        or (user.can(Perm.RECORD_VISITS) and Area.objects.held_by(user.team).filter(pk=area.pk))
    ):
        raise Http404
    return area


def get_team(user: User, team_id: UUID) -> Team:
    return get_object_or_404(Team.objects.filter(operation=user.operation), id=team_id)


def worklist_team(user: User, team_id: UUID | None) -> Team:
    """Field members see their own team's worklist; coordinators any team's."""
    ensure(user, Perm.VIEW_AREAS)
    if user.can(Perm.ASSIGN_AREAS):
        if team_id:
            return get_team(user, team_id)
        first = Team.objects.filter(operation=user.operation).order_by("name").first()
        if first is not None and user.team is None:
            return first
    if user.team is None:
        raise Http404
    return user.team


def visible_visits(user: User) -> Any:
    return Visit.objects.visible_to(user)


def get_visit(user: User, visit_id: UUID) -> Visit:
    """The visit; `visit.met` lists (visit person, shown): a person met is shown (and the read
    logged) only if the user may see that person, by the same rule as the person's own page."""
    from stranded.tracing.models import Person

    visit = get_visible(
        user, visible_visits(user).select_related("area", "address", "team", "lead"), id=visit_id
    )
    met = list(visit.persons.select_related("person"))
    seen = set(
        Person.objects.visible_to(user)
        .filter(pk__in=[vp.person_id for vp in met])
        .values_list("pk", flat=True)
    )
    visit.met = [(vp, vp.person_id in seen) for vp in met]  # type: ignore[attr-defined]
    record_reads(actor=user, targets=[vp.person for vp in met if vp.person_id in seen])
    return visit


def leads_read(user: User, keys: Any, purpose: str = "") -> None:
    """Leads shown (an inquiry's reference and last known address): one logged read each."""
    record_reads(actor=user, targets=[("tracing.lead", str(key)) for key in keys], purpose=purpose)


def read_worklist(user: User, team: Team) -> dict[str, Any]:
    from stranded.sweeps.worklist import worklist

    result = worklist(team)
    items = result["items"]
    leads_read(user, [i.key for i in items if i.kind == "lead"], purpose="worklist")  # type: ignore[attr-defined]
    return result
