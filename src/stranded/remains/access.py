"""Permission-aware lookups of remains: the only way views and API get them.

Remains are personal records: each one shown is a logged read, missing and forbidden look alike
(404). Coordinators and tracing officers see the operation's remains; field members those of
their team's areas and those their team found, and they may record custody and a tentative
identification there. Confirming an identification is a tracing decision (Perm.DECIDE_MATCHES).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from stranded.core.access import get_visible
from stranded.core.audit import record_read, record_reads
from stranded.core.inputs import InputError
from stranded.core.models import User
from stranded.core.roles import Perm
from stranded.remains.models import Attachment, IdStatus, Remains


def can_see(user: User) -> bool:
    return isinstance(user, User) and (user.can(Perm.VIEW_REMAINS) or user.can(Perm.EDIT_REMAINS))


def visible_remains(user: User) -> Any:
    if not can_see(user):
        raise Http404
    return Remains.objects.visible_to(user)


def get_remains(user: User, remains_id: UUID, *, write: bool = False) -> Remains:
    if write and not user.can(Perm.EDIT_REMAINS):
        raise Http404
    remains = get_visible(
        user,
        visible_remains(user).select_related("team", "address", "area", "identified_person"),
        id=remains_id,
    )
    record_read(actor=user, target=remains)
    return remains


def remains_listed(user: User, rows: Sequence[Remains]) -> Sequence[Remains]:
    """A list that shows remains logs one read per record shown."""
    record_reads(actor=user, targets=rows)
    return rows


def can_identify(user: User, status: str) -> bool:
    if status == IdStatus.CONFIRMED:
        return bool(user.can(Perm.DECIDE_MATCHES))
    return bool(user.can(Perm.EDIT_REMAINS) or user.can(Perm.DECIDE_MATCHES))


def get_remains_to_identify(user: User, remains_id: UUID, status: str) -> Remains:
    """Field members may propose (tentative) or clear a proposal; confirming, and changing a
    confirmed identification, is for those who decide matches."""
    if not can_identify(user, status):
        raise Http404
    remains = get_remains(user, remains_id)
    if not may_change_identification(user, remains):
        raise Http404
    return remains


def may_change_identification(user: User, remains: Remains) -> bool:
    if remains.id_status == IdStatus.CONFIRMED:
        return can_identify(user, IdStatus.CONFIRMED)
    return can_identify(user, IdStatus.TENTATIVE)


def get_person_for(user: User, person_id: str) -> Any:
    """The person named in an identification, among those the user may see."""
    from stranded.tracing.models import Person

    try:
        pk = UUID(person_id)
    except ValueError:
        raise InputError(
            "person", _("'%(person_id)s' is not a person id") % {"person_id": person_id}
        ) from None
    person = Person.objects.visible_to(user).filter(pk=pk, merged_into__isnull=True).first()
    if person is None:
        raise InputError("person", _("no such person visible to you"))
    record_read(actor=user, target=person)
    return person


def get_attachment(user: User, remains_id: UUID, attachment_id: UUID) -> Attachment:
    remains = get_remains(user, remains_id)
    attachment = get_object_or_404(Attachment, remains=remains, id=attachment_id)
    record_read(actor=user, target=attachment)
    return attachment


def recording_areas(user: User, operation: Any) -> Any:
    """Where a user may record a body found: any area for coordinators, else the team's."""
    from stranded.places.models import Area

    if user.can(Perm.ASSIGN_AREAS):
        return Area.objects.of(operation)
    return Area.objects.held_by(user.team)
