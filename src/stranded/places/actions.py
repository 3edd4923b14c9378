"""Writing the gazetteer: all-or-nothing and idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from stranded.core.audit import record_event
from stranded.core.models import User
from stranded.places.importers import Gazetteer, SourcePlace, build_gazetteer
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


@transaction.atomic
def import_gazetteer(*, by: User | None = None, gazetteer: Gazetteer | None = None) -> ImportResult:
    gazetteer = gazetteer or build_gazetteer()
    existing = {(p.source, p.source_id): p for p in Place.objects.all()}
    created, updated = 0, 0
    rows: dict[tuple[str, str], Place] = {}
    for source in gazetteer.places:
        place = existing.get(source.key)
        if place is None:
            place = Place(source=source.source, source_id=source.source_id)
            created += 1
        elif not _changed(place, source):
            rows[source.key] = place
            continue
        else:
            updated += 1
        for field in FIELDS:
            setattr(place, field, getattr(source, field))
        place.save()
        rows[source.key] = place
    _link_parents(gazetteer.places, rows)
    names_added = _add_names(gazetteer.places, rows)
    result = ImportResult(
        created, updated, names_added, Place.objects.count(), PlaceName.objects.count(),
        gazetteer.report.unmatched,
    )  # fmt: skip
    if created or updated or names_added:
        record_event(
            actor=by, verb="places.imported", target=("places.gazetteer", "packages"),
            detail={"created": created, "updated": updated, "names_added": names_added},
        )  # fmt: skip
    return result


def _changed(place: Place, source: SourcePlace) -> bool:
    return any(getattr(place, field) != getattr(source, field) for field in FIELDS)


def _link_parents(sources: list[SourcePlace], rows: dict[tuple[str, str], Place]) -> None:
    for source in sources:
        parent = rows.get(source.parent_key) if source.parent_key else None
        place = rows[source.key]
        if parent is not None and place.parent_id != parent.pk:
            place.parent = parent
            place.save(update_fields=["parent"])


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
