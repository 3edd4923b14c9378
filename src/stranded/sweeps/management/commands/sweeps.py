"""`stranded sweeps grid|import-areas|recompute`: an operation's sweep areas and their coverage.

stranded sweeps grid --lat 39.8155 --lon 46.7519 --radius-m 2600 [--cell-m 250] [--prefix KHA]
stranded sweeps grid --boundary town.geojson [--cell-m 250] [--prefix KHA]
stranded sweeps import-areas AREAS.geojson      (FeatureCollection: properties code, name, kind,
                                                 radius_m for points; idempotent, all-or-nothing)
stranded sweeps recompute                        (expired locks, areas due again, priorities)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from shapely.geometry import shape
from shapely.ops import unary_union

from stranded.core.management.options import add_operation_argument, named_operation
from stranded.core.models import Operation
from stranded.places import geometry
from stranded.sweeps.actions import save_areas
from stranded.sweeps.coverage import recompute


class Command(BaseCommand):
    help = "Sweep areas: a grid over a town, areas from GeoJSON, coverage recomputation."

    def add_arguments(self, parser: CommandParser) -> None:
        add_operation_argument(parser)
        sub = parser.add_subparsers(dest="action", required=True)
        grid = sub.add_parser("grid", help="square cells over a town, clipped to its boundary")
        grid.add_argument("--boundary", type=Path, help="GeoJSON Polygon/Feature(Collection)")
        grid.add_argument("--lat", type=float)
        grid.add_argument("--lon", type=float)
        grid.add_argument("--radius-m", type=float, help="a circular town of this radius")
        grid.add_argument("--cell-m", type=float, help="cell size (default: operation setting)")
        grid.add_argument("--prefix", default="CELL")
        imported = sub.add_parser("import-areas", help="areas from a GeoJSON FeatureCollection")
        imported.add_argument("file", type=Path)
        sub.add_parser("recompute", help="expire locks, mark areas due, priorities")

    def handle(self, *args: Any, **options: Any) -> None:
        operation = named_operation(options["operation"])
        if options["action"] == "recompute":
            counts = recompute(operation)
        else:
            try:
                shapes = self.shapes(options, operation)
            except (geometry.GeometryError, OSError, ValueError) as error:
                raise CommandError(str(error)) from error
            counts = save_areas(operation=operation, shapes=shapes, by=None)
        self.stdout.write(json.dumps(counts))

    def shapes(self, options: dict[str, Any], operation: Operation) -> list[geometry.Shape]:
        if options["action"] == "import-areas":
            return geometry.from_geojson(_read(options["file"]))
        cell = options["cell_m"] or float(operation.setting("sweep_cell_m", 250))
        if options["boundary"]:
            data = _read(options["boundary"])
            features = data.get("features") if data.get("type") == "FeatureCollection" else [data]
            geoms = [shape(f.get("geometry", f)) for f in features or []]
            boundary = unary_union(geoms)
        elif None not in (options["lat"], options["lon"], options["radius_m"]):
            boundary = geometry.circle(options["lat"], options["lon"], options["radius_m"])
        else:
            raise CommandError("give --boundary FILE, or --lat, --lon and --radius-m")
        return list(geometry.grid(boundary, cell, options["prefix"]))


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not JSON (line {error.lineno}: {error.msg})") from error
