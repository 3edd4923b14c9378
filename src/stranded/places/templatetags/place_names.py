"""`{% place_name place %}`: a place named by the operation's display policy (places/naming.py)."""

from __future__ import annotations

import uuid
from typing import Any

from django import template

from stranded.places.naming import area_name as name_area
from stranded.places.naming import place_name as name_place

register = template.Library()


@register.simple_tag(takes_context=True)
def place_name(context: template.Context, place: Any, policy: str = "") -> str:
    """The policy given, else the one of the operation in the context (its display setting)."""
    operation = context.get("operation")
    chosen = policy or getattr(operation, "place_display", None)
    return name_place(place, policy=chosen)


@register.simple_tag(takes_context=True)
def area_label(context: template.Context, area: Any) -> str:
    """An area by its code and name ("V-KHOJAVEND Khojavend (Martuni)"), the name by the policy."""
    if area is None:
        return ""
    name = name_area(area, policy=getattr(context.get("operation"), "place_display", None))
    return f"{area.code} {name}" if name and name != area.code else str(area.code)


@register.simple_tag(takes_context=True)
def place_or_text(context: template.Context, value: Any) -> str:
    """A value that is a place's id (as match comparisons keep it) named by the policy; any other
    text as it is."""
    try:
        place_id = uuid.UUID(str(value))
    except ValueError:
        return str(value or "")
    return place_name(context, place_id) or str(value)
