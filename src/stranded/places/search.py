"""Place search for pages, API and command line: the resolver, built once per process.

The resolver is rebuilt when the gazetteer changes (a cheap stamp query: count and last update),
so a second process sees an import made by another.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max

from stranded.lib.fold import skeleton
from stranded.lib.geo import great_circle_km
from stranded.places.models import Place, PlaceName
from stranded.places.resolver import PlaceCandidate, PlaceEntry, Region, Resolver

_lock = threading.Lock()
_cache: dict[str, Any] = {"stamp": None, "resolver": None}


def _stamp() -> tuple[int, Any, int]:
    places = Place.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return places["n"], places["last"], PlaceName.objects.count()


def resolver() -> Resolver:
    stamp = _stamp()
    with _lock:
        if _cache["stamp"] == stamp and _cache["resolver"] is not None:
            return _cache["resolver"]  # type: ignore[no-any-return]
    built = Resolver.build(place_entries())
    with _lock:
        _cache.update(stamp=stamp, resolver=built)
    return built


def place_entries() -> Iterable[PlaceEntry]:
    names: dict[Any, list[str]] = defaultdict(list)
    for place_id, text in PlaceName.objects.values_list("place_id", "text").iterator():
        names[place_id].append(text)
    for place in Place.objects.only("id", "name", "kind", "lat", "lon", "population"):
        yield PlaceEntry(
            id=str(place.pk),
            names=(place.name, *names[place.pk]),
            kind=place.kind,
            lat=place.lat,
            lon=place.lon,
            population=place.population,
        )


def display_name(place: Place, names: list[PlaceName], policy: str) -> str:
    """The neutral display policy of an operation: both traditions' names, or one language.

    "both" gives the source's main name and, when a differently spelt English name exists from
    another source (the Armenian-side area codes say Stepanakert where GeoNames says
    Khankendi), that one too: "Khankendi / Stepanakert". "both:hy" (the policy "both" for a
    user reading Armenian; also ru, az) gives the main name and the name in that language when
    it is spelt otherwise: "Khankendi / Ստեփանակերտ"; else as "both".
    """
    policy, _sep, reader = policy.partition(":")
    if policy == "both" and reader:
        script = {"hy": "Armn", "ru": "Cyrl"}.get(reader)
        own = [n.text for n in names if n.language == reader] or [
            n.text for n in names if script and n.script == script
        ]
        own = [text for text in own if skeleton(text) != skeleton(place.name)]
        if own:
            return f"{place.name} / {own[0]}"
    if policy == "both":
        main = place.name
        others = [
            n.text for n in names if n.language == "en" and skeleton(n.text) != skeleton(main)
        ]
        return f"{main} / {others[0]}" if others else main
    tagged = [n.text for n in names if n.language == policy]
    if tagged:
        return tagged[0]
    script = {"hy": "Armn", "ru": "Cyrl"}.get(policy)
    by_script = [n.text for n in names if script and n.script == script]
    return by_script[0] if by_script else place.name


def search_places(
    query: str,
    *,
    limit: int = 10,
    display: str = "both",
    near: tuple[float, float] | None = None,
    region: Region | None = None,
) -> list[dict[str, Any]]:
    """The confident answers only, best first (see `find_places`)."""
    region = region or (Region((near,)) if near else None)
    return find_places(query, limit=limit, display=display, region=region)["candidates"]


def find_places(
    query: str, *, limit: int = 10, display: str = "both", region: Region | None = None
) -> dict[str, Any]:
    """{"found", "candidates": confident, best first, "weak": beyond their evidence's reach}.

    Each candidate: {"id", "display_name", "names", "kind", "lat", "lon", "score", "evidence",
    "distance_km"}; "distance_km" is from the operation's region (null without one).
    """
    answer = resolver().answer(query, region=region, limit=limit)
    return {
        "found": answer.found,
        "candidates": describe(answer.candidates, display),
        "weak": describe(answer.weak, display),
    }


def describe(found: list[PlaceCandidate], display: str) -> list[dict[str, Any]]:
    ids = [c.id for c in found]
    places = {str(pk): place for pk, place in Place.objects.in_bulk(ids).items()}
    names: dict[Any, list[PlaceName]] = defaultdict(list)
    for name in PlaceName.objects.filter(place_id__in=ids).order_by("pk"):
        names[name.place_id].append(name)
    results = []
    for candidate in found:
        place = places[candidate.id]
        place_names = names[place.pk]
        tagged_first = sorted(place_names, key=lambda n: (n.language == "", n.pk))
        unique = list(dict.fromkeys([place.name, *(n.text for n in tagged_first)]))
        results.append(
            {
                "id": str(place.pk),
                "display_name": display_name(place, place_names, display),
                "names": unique,
                "kind": place.kind,
                "lat": place.lat,
                "lon": place.lon,
                "score": candidate.score,
                "evidence": candidate.evidence,
                "distance_km": candidate.distance_km,
            }
        )
    return results


DUPLICATE_KM = 2.0  # a place this close to a new one is proposed as a duplicate, whatever its name


def possible_duplicates(*, names: list[tuple[str, str]], lat: float, lon: float) -> list[Place]:
    """Held places that may be the one being added: one of its names spelt the same (in any
    script or fold, or one letter apart) within reach of the point, or any settlement within
    DUPLICATE_KM of it."""
    region = Region(((lat, lon),))
    ids: dict[str, None] = {}
    for text, _ in names:
        for candidate in resolver().answer(text, region=region, limit=5).candidates:
            if candidate.evidence != "fuzzy-2":
                ids[candidate.id] = None
    box = Place.objects.filter(
        lat__range=(lat - 0.03, lat + 0.03), lon__range=(lon - 0.04, lon + 0.04)
    ).exclude(kind__in=["district", "region", "country"])
    for place in box:
        if great_circle_km((lat, lon), (place.lat, place.lon)) <= DUPLICATE_KM:
            ids[str(place.pk)] = None
    found = {str(pk): place for pk, place in Place.objects.in_bulk(list(ids)).items()}
    return [found[key] for key in ids if key in found]
