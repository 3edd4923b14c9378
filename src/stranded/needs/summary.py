"""Counts for the dashboard, the API and the card: active needs by area and kind, overdue ones
against the first frost, buildings by the state of a utility. Counts only, no personal data."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from stranded.core import clock
from stranded.needs.models import Kind, NeedQuerySet, Urgency
from stranded.places.naming import area_name

UTILITIES = ("electricity", "water", "gas")
UTILITY_LABELS = {"electricity": _("Electricity"), "water": _("Water"), "gas": _("Gas")}


def by_area_and_kind(needs: NeedQuerySet, *, policy: str | None = None) -> dict[str, Any]:
    """Active needs per area: counts by kind and urgency, overdue; most urgent areas first.
    Each area is named by the operation's place display `policy` (its village's names)."""
    today = clock.today()
    rows = (
        needs.active()
        .order_by()
        .values("area_id", "area__code", "area__name", "area__place_id", "kind", "urgency")
        .annotate(n=Count("id"))
    )
    overdue = dict(
        needs.overdue(today)
        .order_by()
        .values("area_id")
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )
    areas: dict[Any, dict[str, Any]] = {}
    kinds: Counter[str] = Counter()
    urgencies: Counter[str] = Counter()
    for row in rows:
        area = areas.setdefault(
            row["area_id"],
            {
                "id": row["area_id"],
                "code": row["area__code"],
                "name": area_name(
                    {"place_id": row["area__place_id"], "name": row["area__name"]}, policy=policy
                ),
                "kinds": defaultdict(int),
                "urgency": defaultdict(int),
                "total": 0,
                "overdue": overdue.get(row["area_id"], 0),
            },
        )
        area["kinds"][row["kind"]] += row["n"]
        area["urgency"][row["urgency"]] += row["n"]
        area["total"] += row["n"]
        kinds[row["kind"]] += row["n"]
        urgencies[row["urgency"]] += row["n"]
    ordered = sorted(areas.values(), key=_most_urgent)
    for area in ordered:
        area["cells"] = [area["kinds"].get(k, 0) for k in Kind.values]
        area["kinds"], area["urgency"] = dict(area["kinds"]), dict(area["urgency"])
    return {
        "areas": ordered,
        "kinds": {k: kinds.get(k, 0) for k in Kind.values},
        "urgency": {u: urgencies.get(u, 0) for u in Urgency.values},
        "total": sum(kinds.values()),
        "overdue": sum(overdue.values()),
    }


def _most_urgent(area: dict[str, Any]) -> tuple[int, int, int, str]:
    urgency = area["urgency"]
    return (-urgency[Urgency.CRITICAL], -urgency[Urgency.HIGH], -area["total"], area["code"])


def all_utility_counts(addresses: Any) -> dict[str, dict[str, int]]:
    """Buildings by state, for each utility, in one query."""
    states = ("working", "not_working", "unknown")
    found = addresses.order_by().aggregate(
        **{
            f"{utility}__{state}": Count("id", filter=Q(**{utility: state}))
            for utility in UTILITIES
            for state in states
        }
    )
    return {u: {state: found[f"{u}__{state}"] for state in states} for u in UTILITIES}


def utility_counts(addresses: Any, utility: str) -> dict[str, int]:
    counts = dict(
        addresses.order_by().values(utility).annotate(n=Count("id")).values_list(utility, "n")
    )
    return {state: counts.get(state, 0) for state in ("working", "not_working", "unknown")}
