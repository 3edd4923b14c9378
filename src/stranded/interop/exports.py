"""What leaves the operation for partners: aggregates only, HXL-tagged, small counts suppressed.

Each dataset is a list of rows of counts grouped by area, kind and state; nothing in it names or
locates a person, a household or a body: no names, no addresses, no record ids, no free text.
Areas appear by code, name and centre (a 250 m cell or a village). A count below the operation's
`sharing_min_count` (default 5) is written as "<5" (HXL practice for small cells), so a single
household or body cannot be singled out. No hidden count can be worked out by subtraction: a
total in the GeoJSON is hidden when a count under it is, and the utilities of an area (three
counts of the same buildings) are hidden whole when one of their counts is small.

CSV files carry a header row and a row of HXL hashtags (https://hxlstandard.org/); the GeoJSON of
open needs carries one feature per area with counts per kind.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum

from stranded.core.models import Operation

DEFAULT_MIN_COUNT = 5


def min_count(operation: Operation) -> int:
    return max(1, int(operation.setting("sharing_min_count", DEFAULT_MIN_COUNT)))


def shown(count: int, threshold: int) -> int | str:
    return count if count == 0 or count >= threshold else f"<{threshold}"


@dataclass(frozen=True)
class Column:
    header: str
    hxl: str
    count: bool = False  # suppressed when small


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Operation], Iterable[tuple[Any, ...]]]

    def table(self, operation: Operation) -> list[list[Any]]:
        threshold = min_count(operation)
        out = []
        for row in self.rows(operation):
            out.append([
                shown(int(value), threshold) if column.count else value
                for column, value in zip(self.columns, row, strict=True)
            ])  # fmt: skip
        return out

    def csv(self, operation: Operation) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.header for c in self.columns])
        writer.writerow([c.hxl for c in self.columns])
        writer.writerows(self.table(operation))
        return buffer.getvalue()


AREA = (
    Column("Area code", "#loc+code"),
    Column("Area", "#loc+name"),
    Column("Latitude", "#geo+lat"),
    Column("Longitude", "#geo+lon"),
)


def _areas(operation: Operation) -> dict[Any, tuple[str, str, float, float]]:
    from stranded.sweeps.models import Area

    return {
        a.pk: (a.code, a.name, round(a.center_lat, 5), round(a.center_lon, 5))
        for a in Area.objects.of(operation)
    }


def _needs_rows(operation: Operation) -> Iterable[tuple[Any, ...]]:
    from stranded.needs.models import Need

    areas = _areas(operation)
    grouped = (
        Need.objects.filter(operation=operation)
        .values("area_id", "kind", "urgency", "status")
        .annotate(n=Count("id"))
        .order_by("area__code", "kind", "urgency", "status")
    )
    for row in grouped:
        yield (*areas[row["area_id"]], row["kind"], row["urgency"], row["status"], row["n"])


def _utilities_rows(operation: Operation) -> Iterable[tuple[Any, ...]]:
    from stranded.sweeps.models import Address

    areas = _areas(operation)
    threshold = min_count(operation)
    for utility in ("electricity", "water", "gas"):
        grouped = (
            Address.objects.filter(operation=operation, area__isnull=False)
            .values("area_id", utility)
            .annotate(n=Count("id"))
            .order_by("area__code", utility)
        )
        by_area: dict[Any, list[dict[str, Any]]] = {}
        for row in grouped:
            by_area.setdefault(row["area_id"], []).append(row)
        for area_id, rows in by_area.items():
            # The three utilities count the same buildings: one small cell would follow from
            # the others and another utility's total, so a group with one is hidden whole.
            hide = any(0 < r["n"] < threshold for r in rows)
            for row in rows:
                count = 1 if hide else row["n"]  # 1 is written as "<N"
                yield (*areas[area_id], utility, row[utility], count)


def _remains_rows(operation: Operation) -> Iterable[tuple[Any, ...]]:
    from stranded.remains.models import Remains

    grouped = (
        Remains.objects.filter(operation=operation)
        .values("id_status", "current_kind")
        .annotate(n=Count("id"))
        .order_by("id_status", "current_kind")
    )
    for row in grouped:
        yield row["id_status"], row["current_kind"], row["n"]


def _animals_rows(operation: Operation) -> Iterable[tuple[Any, ...]]:
    from stranded.animals.models import Sighting

    areas = _areas(operation)
    grouped = (
        Sighting.objects.filter(operation=operation, area__isnull=False)
        .values("area_id", "species")
        .annotate(
            sightings=Count("id"), animals=Sum("count"),
            food=Count("id", filter=_q(needs_food=True)),
            water=Count("id", filter=_q(needs_water=True)),
            vet=Count("id", filter=_q(needs_veterinary=True)),
        )
        .order_by("area__code", "species")
    )  # fmt: skip
    for row in grouped:
        yield (*areas[row["area_id"]], row["species"], row["sightings"], row["animals"] or 0,
               row["food"], row["water"], row["vet"])  # fmt: skip


def _q(**lookups: Any) -> Any:
    from django.db.models import Q

    return Q(**lookups)


DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        Dataset(
            "needs-by-area", "Needs by area, kind, urgency and status",
            "Needs recorded by the teams (households, persons and whole areas), counted.",
            (*AREA, Column("Need", "#indicator+need"), Column("Urgency", "#severity"),
             Column("Status", "#status"), Column("Needs", "#indicator+num", count=True)),
            _needs_rows,
        ),
        Dataset(
            "utilities-by-area", "Electricity, water and gas in buildings, by area",
            "The latest state seen at each building visited, counted per area.",
            (*AREA, Column("Utility", "#service"), Column("State", "#status"),
             Column("Buildings", "#indicator+num+buildings", count=True)),
            _utilities_rows,
        ),
        Dataset(
            "remains-by-status", "Remains by identification and custody",
            "Bodies recovered, by identification status and where they are in custody.",
            (Column("Identification", "#status+identification"),
             Column("Custody", "#status+custody"),
             Column("Remains", "#affected+killed+num", count=True)),
            _remains_rows,
        ),
        Dataset(
            "animals-by-area", "Animals seen, by area and species",
            "Sightings of animals left behind and what they still need.",
            (*AREA, Column("Species", "#indicator+species"),
             Column("Sightings", "#indicator+num+sightings", count=True),
             Column("Animals", "#indicator+num+animals", count=True),
             Column("Needing food", "#indicator+num+food", count=True),
             Column("Needing water", "#indicator+num+water", count=True),
             Column("Needing veterinary care", "#indicator+num+vet", count=True)),
            _animals_rows,
        ),
    )
}  # fmt: skip


def open_needs_geojson(operation: Operation) -> dict[str, Any]:
    """One feature per area with active needs: its shape and counts per kind (suppressed)."""
    from stranded.needs.models import ACTIVE, Need
    from stranded.sweeps.models import Area

    threshold = min_count(operation)
    counts: dict[Any, Counter[str]] = {}
    hidden: set[tuple[Any, str]] = set()  # (area, kind) with a cell the CSV shows as "<N"
    rows = (
        Need.objects.filter(operation=operation, status__in=ACTIVE)
        .values("area_id", "kind", "urgency", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts.setdefault(row["area_id"], Counter())[row["kind"]] += row["n"]
        if 0 < row["n"] < threshold:
            hidden.add((row["area_id"], row["kind"]))
    small = f"<{threshold}"
    features = []
    for area in Area.objects.filter(pk__in=counts).order_by("code"):
        # A kind's total is hidden when one of its cells in the CSV is, and the area's total when
        # one kind is: otherwise a hidden count would follow by subtraction.
        kinds = {
            k: small if (area.pk, k) in hidden else shown(n, threshold)
            for k, n in sorted(counts[area.pk].items())
        }
        total = sum(counts[area.pk].values())
        properties: dict[str, Any] = {
            "code": area.code, "name": area.name, "kind": area.kind,
            "open_needs": small if small in kinds.values() else shown(total, threshold),
        }  # fmt: skip
        properties.update(kinds)
        features.append({"type": "Feature", "geometry": area.geometry, "properties": properties})
    return {
        "type": "FeatureCollection",
        "name": f"Open needs by area: {operation.name}",
        "features": features,
    }


def geojson_text(operation: Operation) -> str:
    return json.dumps(open_needs_geojson(operation), ensure_ascii=False)
