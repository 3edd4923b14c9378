from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils.translation import gettext as _

from stranded.core.dashboard import Card, register_card
from stranded.core.roles import Perm

if TYPE_CHECKING:
    from stranded.core.models import Operation, User


@register_card(Perm.VIEW_DASHBOARD)
def teams_card(user: User, operation: Operation) -> Card | None:
    teams = operation.teams.annotate(member_count=Count("members")).order_by("name")
    return Card(
        title=_("Teams"),
        template="core/_card_teams.html",
        context={"teams": list(teams), "my_team": user.team},
    )
