"""Dashboard: coverage now, coverage over time and persons found per day (counts only)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.db.models.functions import TruncDay
from django.utils import timezone
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.dashboard import Card, register_card
from stranded.core.roles import Perm
from stranded.sweeps.coverage import summary
from stranded.sweeps.models import AreaEvent, VisitPerson

if TYPE_CHECKING:
    from stranded.core.models import Operation, User

DAYS = 7


def bars(values: list[tuple[str, int]], height: int = 60) -> list[dict[str, Any]]:
    """Bars for an inline SVG: label, value, x and height in pixels."""
    top = max((v for _, v in values), default=0) or 1
    return [
        {
            "label": label,
            "value": value,
            "x": i * 28,
            "h": round(height * value / top),
            "y": height - round(height * value / top),
        }
        for i, (label, value) in enumerate(values)
    ]


def _days(operation: Any) -> list[Any]:
    today = clock.today(operation)
    return [today - timedelta(days=n) for n in range(DAYS - 1, -1, -1)]


def coverage_over_time(operation: Any) -> list[dict[str, Any]]:
    """Areas reached at least once, by the end of each day."""
    swept = list(
        AreaEvent.objects.filter(area__operation=operation, verb="swept")
        .order_by("area", "at")
        .values_list("area", "at")
    )
    first_at: dict[Any, Any] = {}
    for area, at in swept:
        first_at.setdefault(area, at)
    values = []
    for day in _days(operation):
        count = sum(1 for at in first_at.values() if timezone.localdate(at) <= day)
        values.append((day.strftime("%d"), count))
    return bars(values)


def persons_found_per_day(operation: Any) -> list[dict[str, Any]]:
    rows = dict(
        VisitPerson.objects.filter(visit__operation=operation)
        .annotate(day=TruncDay("visit__visited_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    per_day = {
        timezone.localdate(day) if hasattr(day, "tzinfo") else day: n for day, n in rows.items()
    }
    return bars([(day.strftime("%d"), per_day.get(day, 0)) for day in _days(operation)])


@register_card(Perm.VIEW_AREAS)
def sweeps_card(user: User, operation: Operation) -> Card | None:
    return Card(
        title=_("Sweeps"),
        template="sweeps/_card.html",
        context={
            "summary": summary(operation),
            "coverage": coverage_over_time(operation),
            "found": persons_found_per_day(operation),
        },
    )
