"""Shared datasets name areas and their villages by the operation's display policy."""

from __future__ import annotations

from stranded.interop.exports import open_needs_geojson
from stranded.interop.rollup import chains
from stranded.needs.actions import record_need
from stranded.places import geometry
from stranded.places.models import Area
from stranded.sweeps.actions import save_areas
from tests.base import StrandedTestCase
from tests.places.test_place_name import khankendi


class SharedPlaceNamesTests(StrandedTestCase):
    def setUp(self) -> None:
        self.place = khankendi()
        shape = geometry.village("V-KHANKENDI", "Khankendi", 39.8177, 46.7528, 900, self.place.pk)
        save_areas(operation=self.operation, shapes=[shape], by=None)
        self.area = Area.objects.get(code="V-KHANKENDI")

    def test_the_area_and_its_village_are_named_by_the_policy(self) -> None:
        for policy, name in (
            ("both", "Khankendi (Stepanakert)"),
            ("hy", "Ստեփանակերտ"),
            ("az", "Xankəndi"),
        ):
            self.operation.place_display = policy
            chain = chains(self.operation)[self.area.pk]
            self.assertEqual(
                [(u.level, u.name) for u in chain[:2]], [("area", name), ("town", name)]
            )

    def test_the_open_needs_geojson_names_the_area_by_the_policy(self) -> None:
        record_need(
            operation=self.operation,
            area=self.area,
            kind="food",
            urgency="high",
            by=self.coordinator,
        )
        self.operation.place_display = "ru"
        [feature] = open_needs_geojson(self.operation)["features"]
        self.assertEqual(feature["properties"]["name"], "Степанакерт")
