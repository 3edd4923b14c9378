"""What leaves the operation for partners: aggregates only, HXL-tagged, small counts pooled.

Each dataset is a list of rows of counts grouped by place, kind and state; nothing in it names or
locates a person, a household or a body: no names, no addresses, no record ids, no free text.
A count below the operation's `sharing_min_count` (default 5) is first pooled into the unit above
(area, then town or village, then district, then the operation: see rollup.py), so most rows can
be shown; what is still small at the top is an empty cell with a `#meta+suppressed` flag beside
it, never text in a number column (every CSV validates against libhxl's core schema). The
utilities of a place (three counts of the same buildings) move and hide together.

CSV files carry a header row and a row of HXL hashtags (https://hxlstandard.org/); every row
carries the date (`#date+reported`), the source (`#meta+source`) and the operation
(`#crisis+name`); `metadata()` is the HDX-style description of a dataset (title, source, date,
methodology, licence, disclosure control). The GeoJSON of open needs carries one feature per area
with counts per kind (null when suppressed, listed under `suppressed`).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum

from stranded.core import clock
from stranded.core.models import Operation
from stranded.interop.rollup import Key, Row, chains, coarser_key, roll_up, suppress_rows
from stranded.places.naming import area_name

DEFAULT_MIN_COUNT = 5
DEFAULT_LICENCE = "cc-by-igo"
Cells = dict[tuple[Any, Key], tuple[int, ...]]


def min_count(operation: Operation) -> int:
    return max(1, int(operation.setting("sharing_min_count", DEFAULT_MIN_COUNT)))


@dataclass(frozen=True)
class Column:
    header: str
    hxl: str


META = (
    Column("Date", "#date+reported"),
    Column("Source", "#meta+source"),
    Column("Operation", "#crisis+name"),
)
UNIT = (
    Column("Level", "#loc+type"),
    Column("Place code", "#loc+code"),
    Column("Place", "#loc+name"),
    Column("Latitude", "#geo+lat"),
    Column("Longitude", "#geo+lon"),
)


def source_of(operation: Operation) -> str:
    return f"{operation.organisation.name} (stranded)"


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    keys: tuple[Column, ...]
    counts: tuple[Column, ...]  # each followed by its suppression flag
    cells: Callable[[Operation], Cells]
    by_area: bool = True
    # the states of one utility in a place count the same buildings: one small state would
    # follow from the others and another utility's total, so they move and hide together
    together: bool = False
    # how many of the last keys may become "other" to pool what is still small at the top
    coarsen: int = 1

    @property
    def columns(self) -> tuple[Column, ...]:
        counted: list[Column] = []
        for column in self.counts:
            flag = "#meta+suppressed"
            if len(self.counts) > 1:
                flag += "+" + column.hxl.rsplit("+", 1)[-1]
            counted += [column, Column(f"{column.header} suppressed", flag)]
        return (*META, *(UNIT if self.by_area else ()), *self.keys, *counted)

    def rows(self, operation: Operation) -> list[Row]:
        threshold = min_count(operation)
        cells = self.cells(operation)
        if not self.by_area:
            return suppress_rows({key: c for (_, key), c in cells.items()}, threshold)
        group = _by_utility if self.together else _each
        parts = self.coarsen
        rows = roll_up(
            cells, chains(operation), threshold, group, lambda key: coarser_key(key, parts)
        )
        order = {"area": 0, "village": 1, "town": 1, "district": 2, "operation": 3}
        return sorted(
            rows,
            key=lambda r: (
                order[r.unit.level] if r.unit else 0,
                r.unit.code if r.unit else "",
                [str(k) for k in r.key],
            ),
        )

    def table(self, operation: Operation) -> list[list[Any]]:
        meta = [clock.today(operation).isoformat(), source_of(operation), operation.name]
        out = []
        for row in self.rows(operation):
            unit = row.unit
            place = [unit.level, unit.code, unit.name, unit.lat, unit.lon] if unit else []
            counted: list[Any] = []
            for value in row.counts:
                counted += [value, "true" if value is None else "false"]
            out.append([*meta, *place, *row.key, *counted])
        return out

    def csv(self, operation: Operation, table: list[list[Any]] | None = None) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.header for c in self.columns])
        writer.writerow([c.hxl for c in self.columns])
        rows = self.table(operation) if table is None else table
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        return buffer.getvalue()

    def metadata(self, operation: Operation) -> dict[str, Any]:
        """HDX-style dataset metadata (the fields of HDX's dataset form)."""
        threshold = min_count(operation)
        today = clock.today(operation).isoformat()
        pooled = (
            f"Counts below {threshold} are pooled into the unit above (area, then town or "
            f"village, then district, then the whole operation) until they reach {threshold}; a "
            f"count still below {threshold} at the top is left empty and flagged in "
            "#meta+suppressed. Every source count is in exactly one row, so no hidden count can "
            "be derived by subtraction."
        )
        single = f"Counts below {threshold} are left empty and flagged in #meta+suppressed."
        return {
            "name": self.slug,
            "title": f"{self.title}: {operation.name}",
            "notes": self.description,
            "dataset_source": source_of(operation),
            "organization": operation.organisation.name,
            "crisis": operation.name,
            "dataset_date": f"[{operation.started_on.isoformat()} TO {today}]",
            "last_modified": today,
            "methodology": "Other",
            "methodology_other": (
                "Counted from the records of the operation's field teams (visits, needs, "
                "remains, animal sightings) on the date given; aggregates only, no record of a "
                "person, household or body."
            ),
            "license_id": str(operation.setting("sharing_licence", DEFAULT_LICENCE)),
            "caveats": pooled if self.by_area else single,
            "disclosure_control": {
                "minimum_count": threshold,
                "method": "pooled upward, then suppressed" if self.by_area else "suppressed",
                "suppression_flag": "#meta+suppressed",
            },
            "hxl": True,
            "columns": [{"header": c.header, "hxl": c.hxl} for c in self.columns],
            "resources": [{"name": f"{self.slug}.csv", "format": "CSV"}],
        }


def _by_utility(key: Key) -> Hashable:
    return key[0]


def _each(key: Key) -> Hashable:
    return key


def _needs_cells(operation: Operation) -> Cells:
    from stranded.needs.models import Need

    grouped = (
        Need.objects.filter(operation=operation)
        .values("area_id", "kind", "urgency", "status")
        .annotate(n=Count("id"))
    )
    return {(r["area_id"], (r["kind"], r["urgency"], r["status"])): (r["n"],) for r in grouped}


def _utilities_cells(operation: Operation) -> Cells:
    from stranded.places.models import Address

    cells: Cells = {}
    for utility in ("electricity", "water", "gas"):
        grouped = (
            Address.objects.filter(operation=operation, area__isnull=False)
            .values("area_id", utility)
            .annotate(n=Count("id"))
        )
        for row in grouped:
            cells[(row["area_id"], (utility, row[utility]))] = (row["n"],)
    return cells


def _remains_cells(operation: Operation) -> Cells:
    from stranded.remains.models import Remains

    grouped = (
        Remains.objects.filter(operation=operation)
        .values("id_status", "current_kind")
        .annotate(n=Count("id"))
    )
    return {(None, (r["id_status"], r["current_kind"])): (r["n"],) for r in grouped}


def _animals_cells(operation: Operation) -> Cells:
    from stranded.animals.models import Sighting

    grouped = (
        Sighting.objects.filter(operation=operation)
        .values("area_id", "species")
        .annotate(
            sightings=Count("id"),
            animals=Sum("count"),
            food=Count("id", filter=Q(needs_food=True)),
            water=Count("id", filter=Q(needs_water=True)),
            vet=Count("id", filter=Q(needs_veterinary=True)),
        )
    )
    return {
        (r["area_id"], (r["species"],)): (
            r["sightings"],
            r["animals"] or 0,
            r["food"],
            r["water"],
            r["vet"],
        )
        for r in grouped
    }


DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        Dataset(
            "needs-by-area", "Needs by place, kind, urgency and status",
            "Needs recorded by the teams (households, persons and whole areas), counted.",
            (Column("Need", "#indicator+need"), Column("Urgency", "#severity"),
             Column("Status", "#status")),
            (Column("Needs", "#indicator+num"),),
            _needs_cells,
            coarsen=3,
        ),
        Dataset(
            "utilities-by-area", "Electricity, water and gas in buildings, by place",
            "The latest state seen at each building visited, counted per place.",
            (Column("Utility", "#service"), Column("State", "#status")),
            (Column("Buildings", "#indicator+num+buildings"),),
            _utilities_cells,
            together=True,
        ),
        Dataset(
            "remains-by-status", "Remains by identification and custody",
            "Bodies recovered, by identification status and where they are in custody.",
            (Column("Identification", "#status+identification"),
             Column("Custody", "#status+custody")),
            (Column("Remains", "#affected+killed+num"),),
            _remains_cells,
            by_area=False,
        ),
        Dataset(
            "animals-by-area", "Animals seen, by place and species",
            "Sightings of animals left behind and what they still need.",
            (Column("Species", "#indicator+species"),),
            (Column("Sightings", "#indicator+num+sightings"),
             Column("Animals", "#indicator+num+animals"),
             Column("Needing food", "#indicator+num+food"),
             Column("Needing water", "#indicator+num+water"),
             Column("Needing veterinary care", "#indicator+num+vet")),
            _animals_cells,
        ),
    )
}  # fmt: skip


def open_needs_geojson(operation: Operation) -> dict[str, Any]:
    """One feature per area with active needs: its shape and counts per kind.

    RFC 7946: WGS84 longitude-latitude (areas are stored so), no foreign members. A count that
    the CSV pools or hides is null here and named in `suppressed`; so is the area's total when a
    kind under it is, so that no hidden count follows by subtraction.
    """
    from stranded.needs.models import ACTIVE, Need
    from stranded.places.models import Area

    threshold = min_count(operation)
    counts: dict[Any, Counter[str]] = {}
    hidden: set[tuple[Any, str]] = set()  # (area, kind) with a cell below the threshold
    rows = (
        Need.objects.filter(operation=operation, status__in=ACTIVE)
        .values("area_id", "kind", "urgency", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts.setdefault(row["area_id"], Counter())[row["kind"]] += row["n"]
        if 0 < row["n"] < threshold:
            hidden.add((row["area_id"], row["kind"]))
    features = []
    for area in Area.objects.filter(pk__in=counts).order_by("code"):
        kinds: dict[str, int | None] = {
            k: None if (area.pk, k) in hidden or 0 < n < threshold else n
            for k, n in sorted(counts[area.pk].items())
        }
        total = sum(counts[area.pk].values())
        hide_total = None in kinds.values() or 0 < total < threshold
        properties: dict[str, Any] = {
            "code": area.code,
            "name": area_name(area, policy=operation.place_display)
            or f"{area.get_kind_display()} {area.code}",
            "kind": area.kind,
            "open_needs": None if hide_total else total,
        }
        properties.update(kinds)
        properties["suppressed"] = [k for k, v in properties.items() if v is None and k != "name"]
        features.append(
            {
                "type": "Feature",
                "id": area.code,
                "geometry": right_hand(area.geometry),
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def right_hand(geometry: dict[str, Any]) -> dict[str, Any]:
    """RFC 7946 3.1.6: exterior rings counterclockwise, holes clockwise; 6 decimals (~10 cm)."""
    from shapely.geometry import mapping, shape
    from shapely.geometry.polygon import orient

    geom = shape(geometry)
    if geom.geom_type == "Polygon":
        geom = orient(geom, sign=1.0)
    elif geom.geom_type == "MultiPolygon":
        from shapely.geometry import MultiPolygon

        geom = MultiPolygon([orient(part, sign=1.0) for part in geom.geoms])
    out = json.loads(json.dumps(mapping(geom)))  # tuples to lists
    out["coordinates"] = _rounded(out["coordinates"])
    return {"type": out["type"], "coordinates": out["coordinates"]}


def _rounded(value: Any) -> Any:
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return round(float(value), 6)
