"""Permission-aware lookups of tracing records: the only way views and API get them.

Every read of a person or inquiry is audit-logged in the request's transaction. Missing and
forbidden look alike (404).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from stranded.core.access import ensure, get_visible
from stranded.core.audit import record_read, record_reads
from stranded.core.roles import Perm
from stranded.tracing.models import FollowUp, Inquiry, Match, MatchQuerySet, Person

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


def related_inquiries(user: User, inquiry: Inquiry) -> list[dict[str, Any]]:
    """Other inquiries about the same person, seen from either side: those whose sought record
    the matcher paired with this one's (whichever inquiry came first), and those linked as
    duplicates. Each read is logged; the match (if any) gives band and probability."""
    sought = inquiry.sought_id
    pairs = Match.objects.visible_to(user).filter(Q(left_id=sought) | Q(right_id=sought))
    other_of = {
        (m.right_id if m.left_id == sought else m.left_id): m
        for m in pairs.exclude(decision=Match.Decision.REJECTED)
    }
    others = list(
        visible_inquiries(user)
        .filter(Q(sought_id__in=other_of) | Q(duplicate_of=inquiry) | Q(duplicates=inquiry))
        .exclude(pk=inquiry.pk)
        .select_related("sought")
        .distinct()
        .order_by("received_at")
    )
    inquiries_listed(user, others)
    persons_listed(user, [o.sought for o in others])
    return [{"inquiry": o, "match": other_of.get(o.sought_id)} for o in others]


def visible_follow_ups(user: User) -> QuerySet[FollowUp]:
    """The families to tell: of the inquiries the user may see."""
    return FollowUp.objects.filter(inquiry__in=visible_inquiries(user))


def get_follow_up(user: User, follow_up_id: UUID, *, write: bool = False) -> FollowUp:
    if write:
        ensure(user, Perm.EDIT_INQUIRIES)
    task = get_visible(user, visible_follow_ups(user).select_related("inquiry"), id=follow_up_id)
    record_read(actor=user, target=task.inquiry)
    return task


def matches_to_decide(user: User, match_ids: Sequence[str]) -> list[Match]:
    """The matches chosen for a decision together, each read as if opened alone; one not
    visible (or no id at all) is a 404 for the whole choice."""
    return [get_match(user, match_id, write=True) for match_id in match_ids]  # type: ignore[arg-type]
