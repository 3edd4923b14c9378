"""Which persons a field team may see: those whose address lies in an area its team holds now.

An area is held from its assignment until it is released, swept or its lock expires; a field
member sees no person outside the areas of the team. `visible_to` calls this one function, so the
rule changes in one place.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q


def team_area_filter(team: Any) -> Q:
    from stranded.sweeps.models import Area

    if team is None:
        return Q(pk__in=[])
    return Q(area__in=Area.objects.held_by(team))
