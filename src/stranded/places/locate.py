"""Which area a point falls in: exactly one, or none when it lies outside every area.

Overlaps are settled by rank (town cells before village circles), then by code, so the answer
never depends on the order rows come back in.
"""

from __future__ import annotations

from shapely.geometry import Point, shape

from stranded.core.models import Operation
from stranded.places.geometry import Locator
from stranded.places.models import Area


def area_for(operation: Operation, lat: float | None, lon: float | None) -> Area | None:
    if lat is None or lon is None:
        return None
    candidates = Area.objects.filter(
        operation=operation,
        min_lat__lte=lat,
        max_lat__gte=lat,
        min_lon__lte=lon,
        max_lon__gte=lon,
    ).order_by("rank", "code")
    point = Point(lon, lat)
    for area in candidates:
        if shape(area.geometry).intersects(point):
            return area
    return None


def locator_for(operation: Operation) -> Locator:
    """For many points at once (imports, demo, benchmarks): area ids by point."""
    rows = Area.objects.filter(operation=operation).values_list("id", "geometry", "rank", "code")
    return Locator(list(rows))
