"""Validation of needs and status changes, shared by pages and API.

Input arrives as a plain dict; `clean_need` and `clean_status` return it cleaned or raise
NeedError naming the field. Records named in the input (area, address, person, visit) are
resolved by access.py, which knows what the user may see.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from stranded.needs.models import Kind, Status, Urgency
from stranded.sweeps.forms import VisitError, choice, nested, persons_given, visit_items, whole


class NeedError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _choice(data: dict[str, Any], key: str, allowed: list[str], default: str = "") -> str:
    value = str(data.get(key) or default).strip()
    if value not in allowed:
        raise NeedError(
            key,
            _("'%(value)s' is not one of %(join)s") % {"value": value, "join": ", ".join(allowed)},
        )
    return value


def _date(data: dict[str, Any], key: str) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value).strip())
    if parsed is None:
        raise NeedError(key, _("'%(value)s' is not a date (YYYY-MM-DD)") % {"value": value})
    return parsed


def clean_need(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {
        "kind": _choice(data, "kind", Kind.values),
        "urgency": _choice(data, "urgency", Urgency.values, Urgency.MEDIUM),
        "due_before": _date(data, "due_before"),
        "note": str(data.get("note") or "").strip()[:300],
    }
    for key in ("area", "address", "person", "visit"):
        cleaned[key] = str(data.get(key) or "").strip()
    if not any(cleaned[k] for k in ("area", "address", "person", "visit")):
        raise NeedError(
            "area", _("give the area, the household (address), the person or the visit")
        )
    return cleaned


def clean_status(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {
        "status": _choice(data, "status", Status.values),
        "partner": str(data.get("partner") or "").strip()[:200],
        "reason": str(data.get("reason") or "").strip()[:300],
    }
    if cleaned["status"] == Status.REFERRED and not cleaned["partner"]:
        raise NeedError("partner", _("a referral names the partner it goes to"))
    if cleaned["status"] == Status.CANNOT_BE_MET and not cleaned["reason"]:
        raise NeedError("reason", _("say why the need cannot be met"))
    return cleaned


def clean_visit_needs(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A visit's `needs` list: each a kind of this app's vocabulary, an urgency, whose it is."""
    return visit_items(data, "needs", _visit_need, persons_given(data))


def _visit_need(data: dict[str, Any], index: int, persons: int) -> dict[str, Any]:
    try:
        need: dict[str, Any] = {
            "kind": choice(data, "kind", Kind.values),
            "urgency": choice(data, "urgency", Urgency.values, "medium"),
            "note": str(data.get("note") or "").strip()[:300],
        }
        # Whose need: the number of a person met at this visit (1 = persons[1]), if given.
        number = whole(data, "person", low=1, high=persons)
        if number is not None:
            need["person"] = number - 1
        return need
    except VisitError as error:
        raise nested(f"needs[{index + 1}]", error) from None
