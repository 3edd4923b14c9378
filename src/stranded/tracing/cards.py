from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from stranded.core.dashboard import Card, register_card
from stranded.core.roles import Perm
from stranded.tracing.models import Inquiry, Match, Person

if TYPE_CHECKING:
    from stranded.core.models import Operation, User


@register_card(Perm.VIEW_INQUIRIES)
def tracing_card(user: User, operation: Operation) -> Card | None:
    """Counts only: the dashboard shows no names."""
    inquiries = Inquiry.objects.visible_to(user).aggregate(
        open=Count("pk", filter=Q(status=Inquiry.Status.OPEN)),
        matched=Count("pk", filter=Q(status=Inquiry.Status.MATCHED)),
        closed=Count("pk", filter=Q(status=Inquiry.Status.CLOSED)),
    )
    persons = Person.objects.visible_to(user)
    pending = Match.objects.visible_to(user).count_to_review()
    return Card(
        title=_("Tracing"),
        template="tracing/_card.html",
        context={**inquiries, "pending": pending, "persons": persons.count()},
    )
