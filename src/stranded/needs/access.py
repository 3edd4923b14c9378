"""Permission-aware lookups of needs: the only way views and API get them.

A need linked to a person shows the person's name only to those who may see that person
(Person.objects.visible_to), and each such showing is a read of personal data, logged in the
request's transaction. Missing and forbidden look alike (404).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.utils.translation import gettext as _

from stranded.core.access import ensure, get_visible
from stranded.core.audit import record_reads
from stranded.core.http import reference
from stranded.core.inputs import InputError
from stranded.core.roles import Perm
from stranded.needs.models import Need, NeedQuerySet

if TYPE_CHECKING:
    from stranded.core.models import User


def visible_needs(user: User) -> NeedQuerySet:
    ensure(user, Perm.VIEW_NEEDS)
    return Need.objects.visible_to(user)


def get_need(user: User, need_id: UUID, *, write: bool = False) -> Need:
    if write:
        ensure(user, Perm.EDIT_NEEDS)
    need = get_visible(
        user, visible_needs(user).select_related("area", "address", "person", "visit"), id=need_id
    )
    show_persons(user, [need])
    return need


def show_persons(user: User, needs: Sequence[Need]) -> Sequence[Need]:
    """Mark each need's `person_shown`; log one read per person whose name is shown."""
    from stranded.tracing.models import Person

    ids = {n.person_id for n in needs if n.person_id}
    visible = set()
    if ids:
        visible = set(
            Person.objects.visible_to(user).filter(id__in=ids).values_list("id", flat=True)
        )
    shown: dict[Any, Any] = {}
    for need in needs:
        need.person_shown = need.person_id in visible  # type: ignore[attr-defined]
        if need.person_shown:  # type: ignore[attr-defined]
            shown[need.person_id] = need.person
    record_reads(actor=user, targets=list(shown.values()))
    return needs


def resolve(user: User, cleaned: dict[str, Any]) -> dict[str, Any]:
    """The records a new need names, as this user may see them; the area derived if not given."""
    from stranded.places.models import Address, Area
    from stranded.sweeps.models import Visit
    from stranded.tracing.models import Person

    operation = user.operation
    found: dict[str, Any] = {"area": None, "address": None, "person": None, "visit": None}
    sources = {
        "visit": Visit.objects.visible_to(user),
        "address": Address.objects.filter(operation=operation),
        "person": Person.objects.visible_to(user),
    }
    for key, queryset in sources.items():
        if cleaned[key]:
            found[key] = queryset.filter(pk=reference(cleaned[key], key)).first()
            if found[key] is None:
                raise InputError(key, _("no such %(key)s in this operation") % {"key": key})
    if found["person"] is not None:
        record_reads(actor=user, targets=[found["person"]])
    if cleaned["area"]:
        found["area"] = Area.objects.of(operation).filter(code=cleaned["area"]).first()
        if found["area"] is None:
            raise InputError(
                "area", _("no area '%(area)s' in this operation") % {"area": cleaned["area"]}
            )
    for key in ("address", "visit", "person"):
        if found["area"] is None and found[key] is not None:
            found["area"] = found[key].area
    if found["area"] is None:
        raise InputError("area", _("the area cannot be told from the household or person; give it"))
    if found["address"] is None and found["visit"] is not None:
        found["address"] = found["visit"].address
    everywhere = user.can(Perm.ASSIGN_AREAS) or user.can(Perm.VIEW_PERSONS)
    if not everywhere and not Area.objects.held_by(user.team).filter(pk=found["area"].pk):
        raise InputError(
            "area", _("%(code)s is not held by your team") % {"code": found["area"].code}
        )
    return found
