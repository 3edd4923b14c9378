"""The requests a plan leaves out, grouped by why, each with what would serve it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from stranded.core.models import User
from stranded.evacuation import access
from stranded.evacuation.models import Plan

# the planner's reasons (planner.problem.unserved_reasons) by their opening words
KINDS = [
    ("no vehicle has", "fleet"),
    ("no destination", "destination"),
    ("ready only after", "ready"),
    ("no vehicle can reach", "reach"),
    ("not within the window", "window"),
]


def _labels() -> dict[str, tuple[str, str]]:
    return {
        "fleet": (
            _("No vehicle of the fleet can carry them"),
            _("a vehicle with the places they need"),
        ),
        "destination": (
            _("No destination receives them"),
            _("a destination that receives such cases"),
        ),
        "ready": (_("Ready only after the window"), _("a later plan, or a longer window")),
        "reach": (
            _("Out of reach within the shifts and the window"),
            _("a vehicle based nearer, a longer shift or a longer window"),
        ),
        "window": (
            _("Not within the window (the lowest ranked are left first)"),
            _("another vehicle, or a longer window"),
        ),
    }


def unserved_groups(user: User, plan: Plan) -> list[dict[str, Any]]:
    """One table per reason, in the order of KINDS; each request read is logged."""
    reasons = plan.result.get("unserved_reasons", {})
    groups = {g["id"]: g for g in plan.inputs.get("groups", [])}
    addresses = {
        str(r.pk): r.address
        for r in access.requests_listed(
            user,
            access.visible_requests(user).filter(pk__in=[u for u in plan.unserved if u in groups]),
        )
    }
    labels = _labels()
    tables: dict[str, dict[str, Any]] = {}
    for gid in plan.unserved:
        detail = reasons.get(gid, "")
        kind = next((k for opening, k in KINDS if detail.startswith(opening)), "window")
        label, remedy = labels[kind]
        table = tables.setdefault(
            kind, {"kind": kind, "label": label, "remedy": remedy, "rows": []}
        )
        group = groups.get(gid, {})
        table["rows"].append(
            {
                "reference": group.get("reference", gid),
                "address": addresses.get(gid, ""),
                "seated": group.get("seated", 0),
                "wheelchair": group.get("wheelchair", 0),
                "stretcher": group.get("stretcher", 0),
                "detail": detail if kind in ("fleet", "destination") else "",
            }
        )
    order = [k for _, k in KINDS]
    return sorted(tables.values(), key=lambda t: order.index(t["kind"]))
