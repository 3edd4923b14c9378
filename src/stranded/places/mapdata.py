"""What the places map shows around an operation, and the settings searches run under."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation

from stranded.lib.geo import great_circle_km
from stranded.places.models import Area, Place, PlaceName
from stranded.places.resolver import Region
from stranded.places.search import display_name

if TYPE_CHECKING:
    from stranded.core.models import User

MAP_RADIUS_KM = 120.0
MAP_KINDS = ("city", "town", "village", "hamlet", "crossing", "facility")


def search_settings(user: User) -> tuple[str, Region | None]:
    """The user's operation's display policy and region (its centre and its areas)."""
    operation = getattr(user, "operation", None)
    if operation is None:
        focus = settings.STRANDED_FOCUS
        return "both", Region((focus,)) if focus else None
    return reader_policy(operation.place_display), operation_region(operation)


def reader_policy(policy: str) -> str:
    """The operation's policy as the reader's language meets it: with "both", a user reading
    Armenian, Russian or Azerbaijani sees the name in their language beside the main one."""
    language = translation.get_language() or ""
    return f"{policy}:{language}" if policy == "both" and language in ("hy", "ru", "az") else policy


def operation_region(operation: Any) -> Region | None:
    """The centre first, then its areas' centres (one per ~5 km cell: grids have hundreds)."""
    focus = operation_focus(operation)
    if operation is None or focus is None:
        return Region((focus,)) if focus else None

    cells = {
        (round(lat / 0.05) * 0.05, round(lon / 0.05) * 0.05)
        for lat, lon in Area.objects.filter(operation=operation).values_list(
            "center_lat", "center_lon"
        )
    }
    return Region((focus, *sorted(cells)))


def operation_focus(operation: Any) -> tuple[float, float] | None:
    """Where the operation's place searches look first: its centre, else STRANDED_FOCUS."""
    if (
        operation is not None
        and operation.center_lat is not None
        and operation.center_lon is not None
    ):
        return (operation.center_lat, operation.center_lon)
    focus: tuple[float, float] | None = settings.STRANDED_FOCUS
    return focus


def map_places(*, display: str, near: tuple[float, float] | None) -> dict[str, Any]:
    """Settlements, crossings and facilities within reach of the operation, as GeoJSON."""
    places = [
        p
        for p in Place.objects.filter(kind__in=MAP_KINDS)
        if near is None or great_circle_km(near, (p.lat, p.lon)) <= MAP_RADIUS_KM
    ]
    names: dict[Any, list[PlaceName]] = defaultdict(list)
    for name in PlaceName.objects.filter(place__in=places).order_by("pk"):
        names[name.place_id].append(name)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {
                "id": str(p.pk),
                "kind": p.kind,
                "name": display_name(p, names[p.pk], display),
            },
        }
        for p in places
    ]
    return {"type": "FeatureCollection", "features": features}
