"""Which persons a field team may see: those whose address lies in an area assigned to the team.

Areas and assignments arrive with the sweeps app; until an area is assigned, a field member sees
no person at all. `visible_to` calls this one function, so the rule changes in one place.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q


def team_area_filter(team: Any) -> Q:
    return Q(pk__in=[])
