"""The open-needs GeoJSON validates (RFC 7946 through geojson-pydantic): longitude first, WGS84
ranges, exterior rings counterclockwise, and no member beyond those the RFC defines."""

from __future__ import annotations

from typing import Any

from geojson_pydantic import FeatureCollection
from shapely.geometry import shape

from stranded.needs.actions import record_need
from tests.sweeps.base import SweepsTestCase

ALLOWED = {  # RFC 7946 members of each object; foreign members are not used by stranded
    "FeatureCollection": {"type", "features", "bbox"},
    "Feature": {"type", "id", "geometry", "properties", "bbox"},
    "Polygon": {"type", "coordinates", "bbox"},
    "MultiPolygon": {"type", "coordinates", "bbox"},
}


def positions(coordinates: Any) -> list[list[float]]:
    if isinstance(coordinates[0], int | float):
        return [coordinates]
    return [p for part in coordinates for p in positions(part)]


class GeoJsonTests(SweepsTestCase):
    def setUp(self) -> None:
        for area, count in ((self.cell, 6), (self.village, 2)):
            for _ in range(count):
                record_need(operation=self.operation, area=area, kind="food", by=self.coordinator)
        self.login(self.liaison)

    def test_it_validates_as_rfc_7946(self) -> None:
        data = self.client.get("/sharing/open-needs.geojson").json()
        collection = FeatureCollection.model_validate(data)
        self.assertEqual(len(collection.features), 2)
        self.assertEqual(set(data), ALLOWED["FeatureCollection"] & set(data))
        for feature in data["features"]:
            self.assertLessEqual(set(feature), ALLOWED["Feature"])
            self.assertLessEqual(set(feature["geometry"]), ALLOWED[feature["geometry"]["type"]])
            for lon, lat in positions(feature["geometry"]["coordinates"]):
                # Longitude first: the areas lie at 46.7 E, 39.8 N.
                self.assertTrue(46 < lon < 48 and 39 < lat < 41, (lon, lat))
            polygon = shape(feature["geometry"])
            self.assertTrue(polygon.is_valid)
            self.assertTrue(polygon.exterior.is_ccw, feature["id"])

    def test_hidden_counts_are_null_and_listed(self) -> None:
        data = self.client.get("/api/sharing/open-needs").json()
        by_code = {f["id"]: f["properties"] for f in data["features"]}
        self.assertEqual(by_code[self.village.code]["food"], None)
        self.assertEqual(by_code[self.village.code]["suppressed"], ["open_needs", "food"])
        self.assertEqual(by_code[self.cell.code]["food"], 6)
