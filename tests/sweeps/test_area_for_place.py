"""A place added in the field reaches the sweeps: an area of its own or put in one, the area
lists and the field form's choices, named by the operation's display policy."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from stranded.fieldwork import xlsform
from stranded.fieldwork.actions import record_field_visit
from stranded.places.actions import add_place
from stranded.places.models import Area, Place
from stranded.sweeps.models import Visit
from tests.sweeps.base import TOWN, SweepsTestCase


class AreaForPlaceTests(SweepsTestCase):
    def add_village(self, lat: float = 39.93, lon: float = 46.80) -> Place:
        return add_place(
            names=[("Karintak", "en"), ("Քարինտակ", "hy"), ("Daşaltı", "az")],
            kind="village",
            lat=lat,
            lon=lon,
            by=self.coordinator,
        )

    def sweep(self, place: Place, **extra: str) -> Any:
        self.login(self.coordinator)
        url = reverse("sweeps:area-from-place")
        return self.client.post(url, {"place": str(place.pk), **extra}, follow=True)

    def test_it_makes_a_place_added_in_the_field_an_area_of_its_own(self) -> None:
        place = self.add_village()
        response = self.sweep(place)
        area = Area.objects.get(operation=self.operation, place=place)
        self.assertEqual((area.code, area.kind, area.radius_m), ("V-KARINTAK", "village", 500.0))
        self.assertEqual((area.center_lat, area.center_lon), (place.lat, place.lon))
        self.assertContains(response, "Area V-KARINTAK Karintak (Daşaltı)")
        self.assertEqual(self.events(verb="area.from_place")[0].actor, self.coordinator)
        coverage = self.client.get(reverse("sweeps:coverage"))
        self.assertContains(coverage, "Karintak (Daşaltı)")

    def test_it_puts_a_place_in_the_area_it_lies_in(self) -> None:
        place = self.add_village(*TOWN)
        self.sweep(place, area="containing")
        self.cell.refresh_from_db()
        self.assertEqual(self.cell.place_id, place.pk)
        self.assertFalse(Area.objects.filter(code="V-KARINTAK").exists())
        self.assertEqual(self.events(verb="area.place_set")[0].target_id, str(self.cell.pk))

    def test_it_refuses_to_make_one_place_two_areas(self) -> None:
        place = self.add_village()
        self.sweep(place)
        response = self.sweep(place)
        self.assertContains(response, "Karintak is already an area of this operation")
        self.assertEqual(Area.objects.filter(place=place).count(), 1)

    def test_only_a_coordinator_may_sweep_a_place(self) -> None:
        place = self.add_village()
        url = reverse("sweeps:area-from-place")
        for user in (self.field_member, self.tracing_officer, self.driver, self.outsider):
            self.login(user)
            self.assertEqual(self.client.post(url, {"place": str(place.pk)}).status_code, 404)
        self.assertFalse(Area.objects.filter(place=place).exists())

    def test_the_field_form_offers_the_place_and_its_area_in_every_language(self) -> None:
        place = self.add_village()
        choices = xlsform.choices_for(self.operation, None)
        self.assertIn(
            (
                str(place.pk),
                (
                    "Karintak (Daşaltı)",
                    "Քարինտակ (Daşaltı)",
                    "Karintak (Daşaltı)",
                    "Daşaltı (Karintak)",
                ),
            ),
            choices.places,
        )
        self.sweep(place)
        choices = xlsform.choices_for(self.operation, None)
        labels = (
            "V-KARINTAK · Karintak (Daşaltı)",
            "V-KARINTAK · Քարինտակ (Daşaltı)",
            "V-KARINTAK · Karintak (Daşaltı)",
            "V-KARINTAK · Daşaltı (Karintak)",
        )
        self.assertIn(("V-KARINTAK", labels), choices.areas)
        sheet = load_workbook(xlsform_file(choices))["choices"]
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        self.assertIn(
            [
                "place",
                str(place.pk),
                "Karintak (Daşaltı)",
                "Քարինտակ (Daşaltı)",
                "Karintak (Daşaltı)",
                "Daşaltı (Karintak)",
                None,
            ],
            rows,
        )
        self.assertIn('ref="/stranded_visit/place"', xlsform.xform(choices))

    def test_a_visit_names_the_place_the_form_chose(self) -> None:
        place = self.add_village(*TOWN)
        data = self.visit_data(self.cell, place=str(place.pk))
        visit, _ = record_field_visit(
            operation=self.operation, data=data, by=self.coordinator, source=Visit.Source.BROWSER
        )
        self.assertEqual(Visit.objects.get(pk=visit.pk).address.place, place)  # type: ignore[union-attr]


def xlsform_file(choices: xlsform.FormChoices) -> Any:
    import io

    return io.BytesIO(xlsform.xlsx_bytes(choices))
