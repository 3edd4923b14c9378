"""Writing the gazetteer: all-or-nothing and idempotent."""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from stranded.core.audit import record_event
from stranded.core.models import User
from stranded.lib.fold import fold, skeleton
from stranded.lib.geo import great_circle_km
from stranded.places.files import read_files
from stranded.places.importers import (
    SAME_PLACE_KM,
    Gazetteer,
    SourcePlace,
    build_gazetteer,
    script_of,
)
from stranded.places.models import Place, PlaceName

FIELDS = (
    "name",
    "kind",
    "lat",
    "lon",
    "population",
    "country_code",
    "added_by_hand",
    "source_note",
)


@dataclass
class ImportResult:
    places_created: int
    places_updated: int
    names_added: int
    places_total: int
    names_total: int
    unmatched: list[str]
    places_merged: int = 0  # a file's places that were already held under another source


@transaction.atomic
def add_place(
    *,
    names: list[tuple[str, str]],
    kind: str,
    lat: float,
    lon: float,
    by: User,
    parent: Place | None = None,
    note: str = "",
) -> Place:
    """A place added in the field (names as (text, language)); searchable at once by every
    name, since the resolver is rebuilt when the gazetteer changes."""
    # Lists show one name: the English one, else the first in Latin script, else the first.
    latin = [t for t, _ in names if script_of(t) == "Latn"]
    main = next((t for t, lang in names if lang == "en"), latin[0] if latin else names[0][0])
    place = Place.objects.create(
        kind=kind,
        name=main[:200],
        lat=lat,
        lon=lon,
        parent=parent,
        source="field",
        source_id=str(uuid.uuid4()),
        added_by_hand=True,
        country_code=parent.country_code if parent else "",
        source_note=note or f"Added in the field by {by.username}.",
    )
    PlaceName.objects.bulk_create(
        PlaceName(
            place=place,
            text=text[:200],
            language=language,
            script=script_of(text),
            kind=PlaceName.Kind.OFFICIAL if language else PlaceName.Kind.ALTERNATE,
            source="field",
        )
        for text, language in names
    )
    record_event(
        actor=by,
        verb="place.added",
        target=place,
        detail={"kind": kind, "names": len(names), "lat": round(lat, 5), "lon": round(lon, 5)},
    )
    return place


@transaction.atomic
def import_gazetteer(*, by: User | None = None, gazetteer: Gazetteer | None = None) -> ImportResult:
    gazetteer = gazetteer or build_gazetteer()
    return write_places(
        sources=gazetteer.places, by=by, origin="packages", unmatched=gazetteer.report.unmatched
    )


@transaction.atomic
def import_place_files(
    *, geonames: list[str], alternate_names: list[str], csvs: list[str], by: User | None = None
) -> ImportResult:
    """Full gazetteers the user brings (GeoNames dumps, CSV): merged with what is held, a place
    with the same geonameid or with the same name within SAME_PLACE_KM taking the new names."""
    held = [
        SourcePlace(
            source="geonames",
            source_id=source_id,
            name="",
            kind="",
            lat=0,
            lon=0,
            country_code="",
            names_only=True,
        )
        for source_id in Place.objects.filter(source="geonames").values_list("source_id", flat=True)
    ]
    sources = read_files(geonames=geonames, alternate_names=alternate_names, csvs=csvs, held=held)
    names = [os.path.basename(p) for p in (*geonames, *alternate_names, *csvs)]
    return write_places(sources=sources, by=by, origin=", ".join(names), merge_near=True)


def write_places(
    *,
    sources: list[SourcePlace],
    by: User | None,
    origin: str,
    unmatched: list[str] | None = None,
    merge_near: bool = False,
) -> ImportResult:
    existing = {(p.source, p.source_id): p for p in Place.objects.all()}
    namesakes = NearNamesakes(existing.values()) if merge_near else None
    created, updated, merged = 0, 0, 0
    rows: dict[tuple[str, str], Place] = {}
    for source in sources:
        place = existing.get(source.key)
        if place is None and namesakes is not None:
            place = namesakes.find(source)
            if place is not None:
                merged += 1
                rows[source.key] = place
                continue
        if place is None:
            if source.names_only:
                continue
            place = Place(source=source.source, source_id=source.source_id)
            created += 1
        elif source.names_only or not _changed(place, source):
            rows[source.key] = place
            continue
        else:
            updated += 1
        for field in FIELDS:
            setattr(place, field, getattr(source, field))
        place.save()
        rows[source.key] = place
    _link_parents(sources, rows)
    names_added = _add_names([s for s in sources if s.key in rows], rows)
    result = ImportResult(
        created,
        updated,
        names_added,
        Place.objects.count(),
        PlaceName.objects.count(),
        unmatched or [],
        merged,
    )
    if created or updated or names_added:
        record_event(
            actor=by,
            verb="places.imported",
            target=("places.gazetteer", origin[:60]),
            detail={
                "created": created,
                "updated": updated,
                "names_added": names_added,
                "merged": merged,
            },
        )
    return result


class NearNamesakes:
    """Held places by name key, to merge a new source's place into the one it duplicates."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.by_key: dict[str, list[Place]] = defaultdict(list)
        held = {p.pk: p for p in places}
        for place_id, text in PlaceName.objects.values_list("place_id", "text").iterator():
            for key in {fold(text), skeleton(text)} - {""}:
                self.by_key[key].append(held[place_id])

    def find(self, source: SourcePlace) -> Place | None:
        admin = source.kind in ("district", "region")
        near = [
            place
            for key in source.name_keys()
            for place in self.by_key.get(key, [])
            if (place.kind in ("district", "region")) == admin
            and great_circle_km((place.lat, place.lon), (source.lat, source.lon)) <= SAME_PLACE_KM
        ]
        if not near:
            return None
        return min(near, key=lambda p: great_circle_km((p.lat, p.lon), (source.lat, source.lon)))


def _changed(place: Place, source: SourcePlace) -> bool:
    return any(getattr(place, field) != getattr(source, field) for field in FIELDS)


def _link_parents(sources: list[SourcePlace], rows: dict[tuple[str, str], Place]) -> None:
    for source in sources:
        if source.key not in rows or source.names_only:
            continue
        parent = rows.get(source.parent_key) if source.parent_key else None
        if parent is None and source.parent_name:
            parent = held_parent(source)
        place = rows[source.key]
        if parent is not None and place.parent_id != parent.pk:
            place.parent = parent
            place.save(update_fields=["parent"])


def held_parent(source: SourcePlace) -> Place | None:
    """A parent named in a CSV row that the gazetteer already holds: the nearest so named."""
    keys = {fold(source.parent_name), skeleton(source.parent_name)} - {""}
    named = Place.objects.filter(names__text__in=[source.parent_name]).distinct()
    options = list(named) or [
        p
        for p in Place.objects.filter(kind__in=["district", "region", "city", "town"])
        if keys & {fold(p.name), skeleton(p.name)}
    ]
    point = (source.lat, source.lon)
    return min(options, key=lambda p: great_circle_km((p.lat, p.lon), point), default=None)


def _add_names(sources: list[SourcePlace], rows: dict[tuple[str, str], Place]) -> int:
    have = set(PlaceName.objects.values_list("place_id", "text", "language", "source"))
    new = []
    for source in sources:
        place = rows[source.key]
        for name in source.names:
            key = (place.pk, name.text[:200], name.language, name.source)
            if key in have:
                continue
            have.add(key)
            new.append(
                PlaceName(
                    place=place,
                    text=name.text[:200],
                    language=name.language,
                    script=name.script,
                    kind=name.kind,
                    source=name.source,
                )
            )
    PlaceName.objects.bulk_create(new, batch_size=2000)
    return len(new)
