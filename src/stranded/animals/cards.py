"""Dashboard: sightings by species and by open need; animals still needing food or water."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from stranded.animals.models import NEED_LABELS, Sighting, Species
from stranded.core.dashboard import Card, register_card
from stranded.core.roles import Perm

if TYPE_CHECKING:
    from stranded.core.models import Operation, User


@register_card(Perm.VIEW_ANIMALS)
def animals_card(user: User, operation: Operation) -> Card | None:
    """Counts only: no owner data on the dashboard."""
    sightings = Sighting.objects.visible_to(user)
    active = sightings.active()
    totals = sightings.aggregate(total=Count("pk"), animals=Sum("count"))
    labels = dict(Species.choices)
    rows = sightings.values("species").annotate(n=Count("pk")).order_by("-n", "species")
    by_species = [(labels[row["species"]], row["n"]) for row in rows]
    needs = active.aggregate(
        food=Count("pk", filter=Q(needs_food=True)),
        water=Count("pk", filter=Q(needs_water=True)),
        vet=Count("pk", filter=Q(needs_veterinary=True)),
    )
    hungry = active.filter(Q(needs_food=True) | Q(needs_water=True))
    return Card(
        title=_("Animals"),
        template="animals/_card.html",
        context={
            "total": totals["total"],
            "animals": totals["animals"] or 0,
            "active": active.count(),
            "by_species": by_species,
            "by_need": [
                (NEED_LABELS["food"], needs["food"]),
                (NEED_LABELS["water"], needs["water"]),
                (NEED_LABELS["veterinary_care"], needs["vet"]),
            ],
            "hungry": hungry.count(),
            "hungry_animals": hungry.aggregate(n=Sum("count"))["n"] or 0,
        },
    )
