"""Areas: a grid clipped to a town, villages, GeoJSON import (idempotent, all-or-nothing), and
every point in exactly one area."""

from __future__ import annotations

import json
import random
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from shapely.geometry import Point, shape

from stranded.places import geometry
from stranded.places.locate import area_for, locator_for
from stranded.places.models import Area, AreaState
from tests.sweeps.base import TOWN, SweepsTestCase


def run(*args: str) -> dict[str, int]:
    out = StringIO()
    call_command("sweeps", "--operation", "Test operation", *args, stdout=out)
    return dict(json.loads(out.getvalue()))


class GridTests(SweepsTestCase):
    def test_cells_stay_inside_the_town_and_do_not_overlap(self) -> None:
        boundary = geometry.circle(*TOWN, 600)
        cells = [shape(s.geometry) for s in geometry.grid(boundary, 250, "T")]
        self.assertEqual(len(cells), 24)
        self.assertAlmostEqual(sum(c.area for c in cells) / boundary.area, 1.0, delta=0.01)
        for i, a in enumerate(cells):
            self.assertTrue(a.within(boundary.buffer(1e-9)))
            for b in cells[i + 1 :]:
                self.assertAlmostEqual(a.intersection(b).area, 0.0, places=12)

    def test_every_point_falls_in_exactly_one_area_cells_before_villages(self) -> None:
        rng = random.Random(7)
        locator = locator_for(self.operation)
        for _ in range(200):
            lat, lon = TOWN[0] + rng.uniform(-0.004, 0.004), TOWN[1] + rng.uniform(-0.005, 0.005)
            found = area_for(self.operation, lat, lon)
            inside = [
                a
                for a in Area.objects.filter(operation=self.operation)
                if shape(a.geometry).intersects(Point(lon, lat))
            ]
            self.assertEqual(found, min(inside, key=lambda a: (a.rank, a.code)) if inside else None)
            self.assertEqual(locator.find(lat, lon), found.pk if found else None)
        self.assertEqual(area_for(self.operation, 39.8425, 46.7194), self.village)
        self.assertIsNone(area_for(self.operation, 40.5, 45.0))

    def test_the_command_makes_a_grid_and_is_idempotent(self) -> None:
        args = ("grid", "--lat", "39.90", "--lon", "46.80", "--radius-m", "400", "--prefix", "NEW")
        self.assertEqual(run(*args), {"created": 11, "updated": 0, "unchanged": 0})
        self.assertEqual(run(*args), {"created": 0, "updated": 0, "unchanged": 11})


class ImportAreasTests(SweepsTestCase):
    def write(self, data: object) -> str:
        folder = Path(tempfile.mkdtemp())
        path = folder / "areas.geojson"
        path.write_text(json.dumps(data))
        return str(path)

    def collection(self, *features: dict[str, object]) -> dict[str, object]:
        return {"type": "FeatureCollection", "features": list(features)}

    def polygon(self, code: str) -> dict[str, object]:
        ring = [[46.70, 39.70], [46.71, 39.70], [46.71, 39.71], [46.70, 39.71], [46.70, 39.70]]
        return {
            "type": "Feature",
            "properties": {"code": code, "name": "Block"},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }

    def test_it_imports_polygons_and_points_with_radius_and_keeps_coverage(self) -> None:
        point = {
            "type": "Feature",
            "properties": {"code": "V-AVETARANOTS", "radius_m": 700},
            "geometry": {"type": "Point", "coordinates": [46.6547, 39.8036]},
        }
        path = self.write(self.collection(self.polygon("B-1"), point))
        self.assertEqual(run("import-areas", path), {"created": 2, "updated": 0, "unchanged": 0})
        village = Area.objects.get(code="V-AVETARANOTS")
        self.assertEqual((village.kind, village.radius_m, village.rank), ("village", 700, 1))
        Area.objects.filter(code="B-1").update(state=AreaState.SWEPT)
        self.assertEqual(run("import-areas", path), {"created": 0, "updated": 0, "unchanged": 2})
        self.assertEqual(Area.objects.get(code="B-1").state, AreaState.SWEPT)

    def test_a_bad_feature_is_named_and_nothing_is_saved(self) -> None:
        bad = {
            "type": "Feature",
            "properties": {"code": "B-2"},
            "geometry": {"type": "Point", "coordinates": [46.7, 39.7]},
        }
        before = Area.objects.count()
        with self.assertRaisesMessage(
            CommandError, "feature 2 (B-2): a point needs properties.radius_m > 0"
        ):
            run("import-areas", self.write(self.collection(self.polygon("B-1"), bad)))
        self.assertEqual(Area.objects.count(), before)

    def test_a_missing_code_is_an_error(self) -> None:
        feature = self.polygon("")
        with self.assertRaisesMessage(CommandError, "feature 1: properties.code is required"):
            run("import-areas", self.write(self.collection(feature)))
