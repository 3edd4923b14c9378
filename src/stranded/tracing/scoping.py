"""What a field member sees: personal data located in an area its team holds now, nothing else.

An area is held from its assignment until it is released, swept or its lock expires. Roles that
see the whole operation's persons (coordinator, tracing officer) see every area; roles that see
no persons see none. Every page and API that shows something personal tied to a place (persons,
leads, names on visits, addresses of pet inquiries, owners of animals) asks these functions, so
the rule changes in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from stranded.core.roles import Perm

if TYPE_CHECKING:
    from stranded.core.models import User


def team_area_filter(team: Any, field: str = "area") -> Q:
    from stranded.places.models import Area

    if team is None:
        return Q(pk__in=[])
    # The ids, not a subquery: a team holds a handful of areas, and with the ids in hand the
    # database plans from the area index (a subquery it guesses at one row and may walk a whole
    # name index of 200,000 persons, filtering: 0.2 s instead of 5 ms).
    return Q(**{f"{field}__in": list(Area.objects.held_by(team).values_list("pk", flat=True))})


def sees_whole_operation(user: User) -> bool:
    return bool(user.can(Perm.VIEW_PERSONS))


def personal_scope(user: User, field: str = "area") -> Q:
    """A filter on records whose `field` (an Area) is within what `user` may see personally."""
    if sees_whole_operation(user):
        return Q()
    if user.can(Perm.VIEW_PERSONS_IN_AREAS):
        return team_area_filter(user.team, field)
    return Q(pk__in=[])


def sees_personal_data_in(user: User, area_id: Any) -> bool:
    """Whether `user` may see personal data located in the area `area_id` (None: no area)."""
    if sees_whole_operation(user):
        return True
    if area_id is None or not user.can(Perm.VIEW_PERSONS_IN_AREAS) or user.team is None:
        return False
    from stranded.places.models import Area

    return Area.objects.held_by(user.team).filter(pk=area_id).exists()


def areas_in_scope(user: User) -> set[Any] | None:
    """The ids of the areas where `user` sees personal data; None for the whole operation."""
    if sees_whole_operation(user):
        return None
    if not user.can(Perm.VIEW_PERSONS_IN_AREAS) or user.team is None:
        return set()
    from stranded.places.models import Area

    return set(Area.objects.held_by(user.team).values_list("pk", flat=True))


def visible_leads(user: User) -> Any:
    """Leads (an inquiry's reference and address) of the user's operation within their scope."""
    from stranded.tracing.models import Lead

    operation = getattr(user, "operation", None)
    if operation is None or not user.is_active:
        return Lead.objects.none()
    return Lead.objects.filter(operation=operation).filter(personal_scope(user))
