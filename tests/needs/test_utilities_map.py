"""The utilities map: buildings coloured by the state of a utility, counts, nothing personal."""

from __future__ import annotations

import json

from django.urls import reverse

from stranded.places.models import Address
from tests.needs.base import NeedsTestCase


class UtilitiesMapTests(NeedsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.dark = self.create_address("Tumanyan 3", electricity="not_working", water="working")
        self.lit = self.create_address("Mashtots 8", electricity="working", gas="not_working")
        self.create_address("Nzhdeh 1", area=self.village)
        self.create_address("Charents 4", lat=None, lon=None)  # no point: not on the map

    def test_the_geojson_carries_each_buildings_states(self) -> None:
        self.login(self.coordinator)
        data = self.client.get(reverse("needs:utilities-geojson")).json()
        states = {f["properties"]["id"]: f["properties"] for f in data["features"]}
        self.assertEqual(len(states), 3)
        dark = states[str(self.dark.pk)]
        self.assertEqual(
            (dark["state"], dark["electricity"], dark["water"], dark["gas"]),
            ("not_working", "not_working", "working", "unknown"),
        )
        self.assertEqual(dark["area"], self.cell.code)
        self.assertEqual(data["counts"], {"working": 1, "not_working": 1, "unknown": 1})
        point = next(f for f in data["features"] if f["properties"]["id"] == str(self.dark.pk))
        self.assertEqual(
            point["geometry"]["coordinates"], [self.cell.center_lon, self.cell.center_lat]
        )

    def test_the_chosen_utility_colours_the_markers(self) -> None:
        self.login(self.field_member)
        data = self.client.get(reverse("needs:utilities-geojson") + "?utility=gas").json()
        self.assertEqual(data["utility"], "gas")
        by_id = {f["properties"]["id"]: f["properties"]["state"] for f in data["features"]}
        self.assertEqual(by_id[str(self.lit.pk)], "not_working")
        self.assertEqual(data["counts"], {"working": 0, "not_working": 1, "unknown": 2})

    def test_no_personal_data_or_address_text_in_the_geojson(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("needs:utilities-geojson"))
        for feature in response.json()["features"]:
            self.assertEqual(
                set(feature["properties"]),
                {"id", "area", "state", "electricity", "water", "gas", "last_visit"},
            )
        self.assertNotIn(b"Tumanyan", response.content)

    def test_the_page_counts_buildings_by_state(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("needs:utilities") + "?utility=water")
        self.assertContains(page, "Utilities: Water")
        self.assertContains(page, '<span class="utility utility-working">working 1</span>')
        self.assertContains(page, '<span class="utility utility-unknown">unknown 2</span>')

    def test_a_visit_stored_changes_the_map_at_once(self) -> None:
        from stranded.fieldwork.actions import record_field_visit
        from stranded.sweeps.actions import address_key

        self.login(self.coordinator)
        url = reverse("needs:utilities-geojson") + "?utility=gas"
        before = self.client.get(url).json()
        self.assertEqual(before["counts"], {"working": 0, "not_working": 1, "unknown": 2})
        data = self.visit_data(self.cell, address="Shahumyan 7", gas="working")
        record_field_visit(
            operation=self.operation, data=data, by=self.coordinator, source="browser"
        )
        after = self.client.get(url).json()
        new = Address.objects.get(key=address_key("Shahumyan 7", self.cell))
        by_id = {f["properties"]["id"]: f["properties"]["state"] for f in after["features"]}
        self.assertEqual(by_id[str(new.pk)], "working")
        self.assertEqual(after["counts"], {"working": 1, "not_working": 1, "unknown": 2})

    def test_the_page_gives_the_map_its_words_in_the_readers_language(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("needs:utilities"), headers={"accept-language": "hy"})
        self.assertContains(page, "Կոմունալ ծառայություններ՝ Էլեկտրաէներգիա")
        texts = json.loads(
            page.content.decode()
            .split('id="utilities-texts" type="application/json">')[1]
            .split("</script>")[0]
        )
        self.assertEqual(texts["states"]["not_working"], "Չի աշխատում")
        self.assertEqual(texts["visited"], "այց՝ %(date)s")
