"""The one place that maps roles to permissions.

Views, API endpoints and `visible_to` querysets ask `can(user, Perm.X)`; nothing else in the code
compares role names. A user holds one role per operation through a Membership.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    TRACING_OFFICER = "tracing_officer", _("Tracing officer")
    FIELD_MEMBER = "field_member", _("Field team member")
    DRIVER = "driver", _("Driver / convoy lead")
    LIAISON = "liaison", _("Liaison")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class Perm(StrEnum):
    VIEW_DASHBOARD = "dashboard.view"
    MANAGE_OPERATION = "operation.manage"  # operation settings (display policy, ...)
    VIEW_PLACES = "places.view"
    EDIT_PLACES = "places.edit"
    # personal records (persons, inquiries, remains): need to know
    VIEW_PERSONS = "persons.view"  # all persons of the operation
    VIEW_PERSONS_IN_AREAS = "persons.view_in_areas"  # only in the team's assigned areas
    EDIT_PERSONS = "persons.edit"
    VIEW_INQUIRIES = "inquiries.view"
    EDIT_INQUIRIES = "inquiries.edit"
    DECIDE_MATCHES = "matches.decide"
    VIEW_REMAINS = "remains.view"
    EDIT_REMAINS = "remains.edit"
    # sweeps
    VIEW_AREAS = "areas.view"
    ASSIGN_AREAS = "areas.assign"
    RECORD_VISITS = "visits.record"
    # evacuation
    PLAN_EVACUATION = "evacuation.plan"
    VIEW_OWN_TRIP = "evacuation.own_trip"
    RECORD_HANDOVER = "evacuation.handover"
    # needs, animals, sharing
    VIEW_NEEDS = "needs.view"
    EDIT_NEEDS = "needs.edit"
    VIEW_ANIMALS = "animals.view"
    EDIT_ANIMALS = "animals.edit"
    VIEW_AGGREGATES = "aggregates.view"
    APPROVE_SHARING = "sharing.approve"
    # oversight and administration
    VIEW_AUDIT = "audit.view"
    MANAGE_USERS = "users.manage"
    APPROVE_ROLES = "roles.approve"  # give a role that reads personal data; see role changes
    MANAGE_PHONES = "phones.manage"  # phones' own OpenRosa credentials (core.phones)


_P = Perm
ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.COORDINATOR: frozenset(
        {
            _P.VIEW_DASHBOARD,
            _P.MANAGE_OPERATION,
            _P.VIEW_PLACES,
            _P.EDIT_PLACES,
            _P.VIEW_PERSONS,
            _P.EDIT_PERSONS,
            _P.VIEW_INQUIRIES,
            _P.EDIT_INQUIRIES,
            _P.DECIDE_MATCHES,
            _P.VIEW_REMAINS,
            _P.EDIT_REMAINS,
            _P.VIEW_AREAS,
            _P.ASSIGN_AREAS,
            _P.RECORD_VISITS,
            _P.PLAN_EVACUATION,
            _P.RECORD_HANDOVER,
            _P.VIEW_NEEDS,
            _P.EDIT_NEEDS,
            _P.VIEW_ANIMALS,
            _P.EDIT_ANIMALS,
            _P.VIEW_AGGREGATES,
            _P.APPROVE_SHARING,
            _P.APPROVE_ROLES,
            _P.MANAGE_PHONES,
        }
    ),
    Role.TRACING_OFFICER: frozenset(
        {
            _P.VIEW_DASHBOARD,
            _P.VIEW_PLACES,
            _P.VIEW_PERSONS,
            _P.EDIT_PERSONS,
            _P.VIEW_INQUIRIES,
            _P.EDIT_INQUIRIES,
            _P.DECIDE_MATCHES,
            _P.VIEW_REMAINS,
            _P.VIEW_AREAS,
            _P.VIEW_NEEDS,
            _P.VIEW_ANIMALS,
            _P.VIEW_AGGREGATES,
        }
    ),
    Role.FIELD_MEMBER: frozenset(
        {
            _P.VIEW_DASHBOARD,
            _P.VIEW_PLACES,
            _P.VIEW_PERSONS_IN_AREAS,
            _P.EDIT_PERSONS,
            _P.VIEW_AREAS,
            _P.RECORD_VISITS,
            _P.EDIT_REMAINS,
            _P.VIEW_NEEDS,
            _P.EDIT_NEEDS,
            _P.VIEW_ANIMALS,
            _P.EDIT_ANIMALS,
        }
    ),
    Role.DRIVER: frozenset({_P.VIEW_PLACES, _P.VIEW_OWN_TRIP, _P.RECORD_HANDOVER}),
    Role.LIAISON: frozenset({_P.VIEW_DASHBOARD, _P.VIEW_PLACES, _P.VIEW_AGGREGATES}),
    Role.AUDITOR: frozenset({_P.VIEW_AUDIT}),
    Role.ADMIN: frozenset({_P.MANAGE_USERS, _P.VIEW_PLACES}),
}

# Roles whose members may read some personal record; admins and auditors never are.
PERSONAL_DATA_PERMS = frozenset(
    {_P.VIEW_PERSONS, _P.VIEW_PERSONS_IN_AREAS, _P.VIEW_INQUIRIES, _P.VIEW_REMAINS}
)


def reads_personal_data(role: str | None) -> bool:
    """Giving such a role needs a coordinator of the operation (an admin only asks for it)."""
    return bool(permissions_for(role) & PERSONAL_DATA_PERMS)


def permissions_for(role: str | None) -> frozenset[Perm]:
    if role is None:
        return frozenset()
    return ROLE_PERMISSIONS.get(role, frozenset())
