"""The filters and export columns of the area and visit lists (no names: areas and visits
carry none in these columns)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from stranded.core.http import parse_uuid
from stranded.sweeps.models import Outcome

AREA_COLUMNS: list[tuple[str, Any]] = [
    ("code", lambda a: a.code), ("name", lambda a: a.name), ("state", lambda a: a.state),
    ("team", lambda a: a.team.name if a.team else ""),
    ("last_swept_at", lambda a: a.last_swept_at.isoformat() if a.last_swept_at else ""),
    ("priority", lambda a: a.priority),
]  # fmt: skip
VISIT_COLUMNS: list[tuple[str, Any]] = [
    ("visited_at", lambda v: timezone.localtime(v.visited_at).isoformat()),
    ("area", lambda v: v.area.code), ("team", lambda v: v.team.name if v.team else ""),
    ("outcome", lambda v: v.outcome), ("source", lambda v: v.source),
]  # fmt: skip


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def filtered_visits(request: HttpRequest, visits: Any) -> tuple[Any, dict[str, Any]]:
    """Visits by team, outcome and day (from, to: the operation's days); a bad value is
    ignored and shown empty."""
    get = request.GET
    chosen: dict[str, Any] = {
        "team": get.get("team", ""),
        "outcome": get.get("outcome", ""),
        "since": _day(get.get("since", "")),
        "until": _day(get.get("until", "")),
    }
    if parse_uuid(chosen["team"]):
        visits = visits.filter(team_id=parse_uuid(chosen["team"]))
    if chosen["outcome"] in Outcome.values:
        visits = visits.filter(outcome=chosen["outcome"])
    zone = timezone.get_current_timezone()
    if chosen["since"]:
        visits = visits.filter(visited_at__gte=datetime.combine(chosen["since"], time(), zone))
    if chosen["until"]:
        visits = visits.filter(visited_at__lt=datetime.combine(chosen["until"], time.max, zone))
    return visits, chosen
