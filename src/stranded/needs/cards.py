"""Dashboard card: active needs by kind, overdue against the first frost, utilities not working."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils.translation import gettext as _

from stranded.core.dashboard import Card, register_card
from stranded.core.roles import Perm
from stranded.needs.models import Kind, Need
from stranded.needs.summary import all_utility_counts

if TYPE_CHECKING:
    from stranded.core.models import Operation, User


@register_card(Perm.VIEW_NEEDS)
def needs_card(user: User, operation: Operation) -> Card | None:
    from stranded.places.models import Address

    needs = Need.objects.visible_to(user)
    counts = dict.fromkeys(Kind.values, 0)
    by_kind = needs.active().order_by().values_list("kind").annotate(n=Count("id"))
    counts.update(dict(by_kind))
    utilities = all_utility_counts(Address.objects.filter(operation=operation))
    return Card(
        title=_("Needs before winter"),
        template="needs/_card.html",
        context={
            "kinds": [
                (label, counts[value], value) for value, label in Kind.choices if counts[value]
            ],
            "active": sum(counts.values()),
            "overdue": needs.overdue().count(),
            "utilities": [
                (u, c["not_working"], c["working"] + c["not_working"] + c["unknown"])
                for u, c in utilities.items()
            ],
        },
    )
