from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils.translation import gettext as _

from stranded.core.dashboard import Card, register_card
from stranded.core.roles import Perm
from stranded.places.models import Place, PlaceName

if TYPE_CHECKING:
    from stranded.core.models import Operation, User


@register_card(Perm.VIEW_PLACES)
def gazetteer_card(user: User, operation: Operation) -> Card | None:
    by_kind = dict(Place.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    return Card(
        title=_("Gazetteer"),
        template="places/_card.html",
        context={
            "places": sum(by_kind.values()),
            "names": PlaceName.objects.count(),
            "settlements": sum(by_kind.get(k, 0) for k in ("city", "town", "village")),
            "crossings": by_kind.get("crossing", 0),
        },
    )
