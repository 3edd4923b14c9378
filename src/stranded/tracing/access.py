"""Permission-aware lookups of tracing records: the only way views and API get them.

Every read of a person or inquiry is audit-logged in the request's transaction. Missing and
forbidden look alike (404).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from stranded.core.access import ensure, get_visible
from stranded.core.audit import record_read, record_reads
from stranded.core.roles import Perm
from stranded.tracing.models import Inquiry, Match, MatchQuerySet, Person

if TYPE_CHECKING:
    from stranded.core.models import User


def get_person(user: User, person_id: UUID, *, write: bool = False, purpose: str = "") -> Person:
    if write:
        ensure(user, Perm.EDIT_PERSONS)
    person = get_visible(user, Person.objects.visible_to(user), id=person_id)
    record_read(actor=user, target=person, purpose=purpose)
    return person


def get_inquiry(user: User, inquiry_id: UUID, *, write: bool = False) -> Inquiry:
    if write:
        ensure(user, Perm.EDIT_INQUIRIES)
    inquiry = get_visible(
        user,
        Inquiry.objects.visible_to(user).select_related("sought", "matched_person"),
        id=inquiry_id,
    )
    record_read(actor=user, target=inquiry)
    record_read(actor=user, target=inquiry.sought)
    return inquiry


def get_match(user: User, match_id: UUID, *, write: bool = False) -> Match:
    ensure(user, Perm.DECIDE_MATCHES if write else Perm.VIEW_INQUIRIES)
    match = get_visible(
        user,
        Match.objects.visible_to(user).select_related("left", "right", "inquiry"),
        id=match_id,
    )
    record_reads(actor=user, targets=[match.left, match.right])
    return match


def persons_listed(user: User, persons: Sequence[Person]) -> Sequence[Person]:
    """A page that shows persons logs one read per person shown."""
    record_reads(actor=user, targets=persons)
    return persons


def inquiries_listed(user: User, inquiries: Sequence[Inquiry]) -> Sequence[Inquiry]:
    record_reads(actor=user, targets=inquiries)
    return inquiries


def visible_inquiries(user: User) -> QuerySet[Inquiry]:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return Inquiry.objects.visible_to(user)


def visible_matches(user: User) -> MatchQuerySet:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return Match.objects.visible_to(user)


def visible_persons(user: User) -> QuerySet[Person]:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return Person.objects.visible_to(user)
