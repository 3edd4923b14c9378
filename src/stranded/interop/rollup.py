"""Small counts are aggregated upward before anything is suppressed.

Humanitarian data exchanges publish small areas by pooling them into the unit above: a count too
small to show for a 250 m cell is added to the rest of its town or village, then to its district,
then to the whole operation, and only what is still small at the top is suppressed. Every cell of
the source table lands in exactly one published row (the rows partition the counts, no totals are
published beside their parts), so no hidden count follows by subtraction.

The chain of an area: the area itself; its town or village (`Area.place`, else the nearest city,
town or village within `LOCALITY_KM`, a grid cell preferring a town); its district (the place's
parent of kind district or region, else the nearest district seat within `DISTRICT_KM`, since the
gazetteer places ISO 3166-2 districts at their seat); the operation.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from stranded.core.caching import kept
from stranded.core.models import Operation
from stranded.lib.geo import great_circle_km
from stranded.places.naming import area_name, place_name

LOCALITY_KM = 6.0
DISTRICT_KM = 40.0
TOWNS = ("city", "town")
LOCALITIES = ("city", "town", "village")
DISTRICTS = ("district", "region")


@dataclass(frozen=True)
class Unit:
    """A row's place: the level it was published at, a code and a name (never empty)."""

    level: str  # area, town, village, district, operation
    code: str
    name: str
    lat: float | None
    lon: float | None


Counts = tuple[int, ...]
Key = tuple[Any, ...]


@dataclass(frozen=True)
class Row:
    unit: Unit | None
    key: Key
    counts: tuple[int | None, ...]  # None: suppressed


def chains(operation: Operation) -> dict[Any, list[Unit]]:
    """Area id -> [area, locality, district, operation] (levels without a place are skipped).

    Worked out once for the areas and places as they are (each dataset of a request, and the
    requests after it, reuse it): kept in the process's cache under a stamp of the operation's
    centre, display policy, the reader's language, its areas and the places (count and latest
    change), which any change to them moves.
    """
    from django.db.models import Count, Max
    from django.utils.translation import get_language

    from stranded.places.models import Area, Place

    stamp = (
        operation.pk,
        operation.name,
        operation.center_lat,
        operation.center_lon,
        operation.place_display,
        get_language(),  # the names depend on the policy and reader
        tuple(Area.objects.of(operation).aggregate(n=Count("pk"), at=Max("updated_at")).values()),
        tuple(Place.objects.aggregate(n=Count("pk"), at=Max("updated_at")).values()),
    )
    return dict(kept("rollup-chains", stamp, lambda: _chains(operation)))


def _chains(operation: Operation) -> dict[Any, list[Unit]]:
    from stranded.places.models import Area, Place

    areas = list(Area.objects.of(operation).select_related("place"))
    top = Unit("operation", "ALL", operation.name, operation.center_lat, operation.center_lon)
    policy = operation.place_display
    if not areas:
        return {None: [top]}
    lats = [a.center_lat for a in areas]
    lons = [a.center_lon for a in areas]
    margin = 0.6  # degrees: about the district distance around the areas
    nearby = list(
        Place.objects.filter(
            kind__in=(*LOCALITIES, *DISTRICTS),
            lat__range=(min(lats) - margin, max(lats) + margin),
            lon__range=(min(lons) - margin, max(lons) + margin),
        ).select_related("parent")
    )
    localities = [p for p in nearby if p.kind in LOCALITIES]
    districts = [p for p in nearby if p.kind in DISTRICTS]
    out: dict[Any, list[Unit]] = {None: [top]}  # a record without an area counts for all
    for area in areas:
        chain = [
            Unit(
                "area",
                area.code,
                _area_name(area, policy),
                round(area.center_lat, 5),
                round(area.center_lon, 5),
            )
        ]
        locality = area.place or _locality(area, localities)
        district = _district(locality, districts) if locality else None
        for place in (locality, district):
            if place is not None:
                level = place.kind if place.kind in ("village", "district") else "town"
                chain.append(
                    Unit(
                        level,
                        _place_code(place),
                        place_name(place, policy=policy),
                        round(place.lat, 5),
                        round(place.lon, 5),
                    )
                )
        chain.append(top)
        out[area.pk] = chain
    return out


def _area_name(area: Any, policy: str) -> str:
    return area_name(area, policy=policy) or f"{area.get_kind_display()} {area.code}"


def _place_code(place: Any) -> str:
    if place.source in ("pycountry",):
        return str(place.source_id)
    return f"{place.source}:{place.source_id}"


def _nearest(lat: float, lon: float, places: Iterable[Any], km: float) -> Any | None:
    best, best_km = None, km
    for place in places:
        distance = great_circle_km((lat, lon), (place.lat, place.lon))
        if distance <= best_km:
            best, best_km = place, distance
    return best


def _locality(area: Any, localities: list[Any]) -> Any | None:
    if area.kind == "cell":  # a grid cell is part of a town's grid
        towns = [p for p in localities if p.kind in TOWNS]
        town = _nearest(area.center_lat, area.center_lon, towns, LOCALITY_KM)
        if town is not None:
            return town
    return _nearest(area.center_lat, area.center_lon, localities, LOCALITY_KM)


def _district(place: Any, districts: list[Any]) -> Any | None:
    parent, seen = place.parent, 0
    while parent is not None and seen < 8:
        if parent.kind in DISTRICTS:
            return parent
        parent, seen = parent.parent, seen + 1
    return _nearest(place.lat, place.lon, districts, DISTRICT_KM)


def roll_up(
    cells: dict[tuple[Any, Key], Counts],
    chain_of: dict[Any, list[Unit]],
    threshold: int,
    group: Callable[[Key], Hashable] = lambda key: key,
    coarser: Callable[[Key], Key | None] = lambda key: None,
) -> list[Row]:
    """Publish each group of cells at the lowest unit where none of its counts is small.

    `cells` maps (area id, key) to counts; `group` says which keys must move together (the
    states of a utility in an area count the same buildings, so they move as one). A group still
    small at the top is pooled under a coarser key (`coarser`: "food, high, other" for the small
    statuses left over) and, when nothing is coarser, published with its counts suppressed.
    """
    parents: dict[Unit, Unit] = {}
    buckets: dict[Unit, dict[Key, Counts]] = {}
    for (area_id, key), counts in cells.items():
        chain = chain_of[area_id]
        for child, parent in itertools.pairwise(chain):
            parents[child] = parent
        _add(buckets.setdefault(chain[0], {}), key, counts)
    rows: list[Row] = []
    while buckets:
        moved: dict[Unit, dict[Key, Counts]] = {}
        for unit, keyed in buckets.items():
            above = parents.get(unit)
            for members in _groups(keyed, group):
                if not _small(members.values(), threshold):
                    rows.extend(Row(unit, k, c) for k, c in members.items())
                elif above is None:
                    coarse = {k: coarser(k) for k in members}
                    if any(c is None for c in coarse.values()):  # nothing coarser: hidden whole
                        rows.extend(Row(unit, k, _hide(c)) for k, c in members.items())
                    else:  # pooled with the same place's other small rows of a coarser kind
                        for key, counts in members.items():
                            _add(moved.setdefault(unit, {}), coarse[key] or key, counts)
                else:
                    for key, counts in members.items():
                        _add(moved.setdefault(above, {}), key, counts)
        buckets = moved
    return rows


OTHER = "other"


def coarser_key(key: Key, parts: int) -> Key | None:
    """The key with its last specific part replaced by "other" (only the last `parts` parts may
    be); None when none is left."""
    for index in range(len(key) - 1, len(key) - 1 - parts, -1):
        if key[index] != OTHER:
            return (*key[:index], OTHER, *key[index + 1 :])
    return None


def suppress_rows(cells: dict[Key, Counts], threshold: int) -> list[Row]:
    """A table without places: small counts are suppressed one by one."""
    return [Row(None, key, _suppress(c, threshold)) for key, c in cells.items()]


def _groups(keyed: dict[Key, Counts], group: Callable[[Key], Hashable]) -> list[dict[Key, Counts]]:
    out: dict[Hashable, dict[Key, Counts]] = {}
    for key, counts in keyed.items():
        out.setdefault(group(key), {})[key] = counts
    return list(out.values())


def _add(target: dict[Key, Counts], key: Key, counts: Counts) -> None:
    previous = target.get(key)
    target[key] = (
        counts if previous is None else tuple(a + b for a, b in zip(previous, counts, strict=True))
    )


def _small(values: Iterable[Counts], threshold: int) -> bool:
    return any(0 < n < threshold for counts in values for n in counts)


def _hide(counts: Counts) -> tuple[int | None, ...]:
    return tuple(None if n else 0 for n in counts)


def _suppress(counts: Counts, threshold: int) -> tuple[int | None, ...]:
    return tuple(None if 0 < n < threshold else n for n in counts)
