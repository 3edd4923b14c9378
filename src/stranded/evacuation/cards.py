"""Dashboard: evacuation requests by state, persons evacuated and handed over (counts only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from stranded.core.dashboard import Card, register_card
from stranded.core.roles import Perm
from stranded.evacuation.models import Boarding, EvacuationRequest, RequestState, counts_by

if TYPE_CHECKING:
    from stranded.core.models import Operation, User


@register_card(Perm.VIEW_DASHBOARD)
def evacuation_card(user: User, operation: Operation) -> Card | None:
    states = counts_by(EvacuationRequest.objects.filter(operation=operation), "state")
    boarded = Boarding.objects.filter(trip__plan__operation=operation, status="boarded")
    return Card(
        title=_("Evacuation"),
        template="evacuation/_card.html",
        context={
            "states": [(label, states.get(value, 0)) for value, label in RequestState.choices],
            "evacuated": boarded.count(),
            "handed_over": boarded.filter(person__status="handed_over").count(),
            "link": user.can(Perm.PLAN_EVACUATION),
        },
    )
