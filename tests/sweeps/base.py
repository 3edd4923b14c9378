"""Builders for sweep tests: a small grid over a town and one village circle."""

from __future__ import annotations

from typing import Any

from shapely.geometry import Point

from stranded.places import geometry
from stranded.places.models import Area
from stranded.sweeps.actions import save_areas
from tests.base import StrandedTestCase

TOWN = (39.8155, 46.7519)


def assigned_town_cell(operation: Any, team: Any, by: Any) -> Area:
    """The town's grid, and its centre cell assigned to the team (for per-test data)."""
    from stranded.sweeps.actions import assign_area

    boundary = geometry.circle(*TOWN, 600)
    save_areas(operation=operation, shapes=list(geometry.grid(boundary, 250, "KHA")), by=None)
    cell = Area.objects.get(operation=operation, code=SweepsTestCase.code_at(*TOWN))
    assign_area(area=cell, team=team, by=by)
    return cell


class SweepsTestCase(StrandedTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        boundary = geometry.circle(*TOWN, 600)
        shapes = list(geometry.grid(boundary, 250, "KHA"))
        shapes.append(geometry.village("V-SHOSH", "Shosh", 39.8425, 46.7194, 800))
        save_areas(operation=cls.operation, shapes=shapes, by=None)
        cls.cell = Area.objects.get(operation=cls.operation, code=cls.code_at(*TOWN))
        cls.village = Area.objects.get(operation=cls.operation, code="V-SHOSH")

    @staticmethod
    def code_at(lat: float, lon: float) -> str:
        boundary = geometry.circle(*TOWN, 600)
        for shape in geometry.grid(boundary, 250, "KHA"):
            from shapely.geometry import shape as to_shape

            if to_shape(shape.geometry).intersects(Point(lon, lat)):
                return shape.code
        raise AssertionError("no cell")

    def visit_data(self, area: Area, **extra: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "area": area.code,
            "address": "Azatamartikneri 12",
            "lat": area.center_lat,
            "lon": area.center_lon,
            "outcome": "empty",
            "electricity": "not_working",
            "water": "working",
            "gas": "unknown",
        }
        data.update(extra)
        return data
