"""Recording sightings: where, by whom, in the team's areas only; owner data need to know."""

from __future__ import annotations

from django.urls import reverse

from stranded.animals.models import Sighting
from stranded.core.models import AuditEvent
from tests.animals.base import AnimalsTestCase


class RecordSightingTests(AnimalsTestCase):
    def test_it_records_a_sighting_in_the_area_of_its_coordinates(self) -> None:
        response = self.post_json(self.field_member, "/api/animals/sightings", self.sighting_data())
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["area"], body["status"], body["needs"]),
            (self.cell.code, "open", ["food", "water"]),
        )
        sighting = Sighting.objects.get()
        self.assertEqual(
            (sighting.team, sighting.seen_by, sighting.count), (self.team, self.field_member, 2)
        )
        event = AuditEvent.objects.get(verb="sighting.recorded")
        self.assertEqual(event.detail["area"], self.cell.code)
        self.assertEqual(event.target_id, str(sighting.pk))

    def test_the_page_form_records_a_sighting(self) -> None:
        self.login(self.field_member)
        response = self.client.post(
            reverse("animals:sighting-new"),
            {
                "species": "horse",
                "count": "3",
                "condition": "injured",
                "area": self.cell.code,
                "needs": ["veterinary_care"],
                "colour": "bay",
            },
        )
        sighting = Sighting.objects.get()
        self.assertRedirects(response, reverse("animals:sighting-detail", args=[sighting.pk]))
        self.assertEqual(
            (sighting.species, sighting.needs, sighting.area),
            ("horse", ["veterinary_care"], self.cell),
        )

    def test_a_field_member_cannot_record_outside_the_team_areas(self) -> None:
        response = self.post_json(
            self.other_field_member, "/api/animals/sightings", self.sighting_data()
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"], f"area: {self.cell.code} is not held by your team"
        )
        self.assertEqual(Sighting.objects.count(), 0)

    def test_bad_input_names_the_field_and_saves_nothing(self) -> None:
        for data, detail in (
            ({"count": 0}, "count: 0 is outside 1..1000"),
            ({"needs": ["love"]}, "needs: 'love' is not one of food, water, veterinary_care"),
            ({"species": "other"}, "species_other: say which animal when the species is 'other'"),
            ({"condition": "dead"}, "needs: a dead animal has no needs"),
            ({"lon": None}, "lat: latitude and longitude come together"),
        ):
            response = self.post_json(
                self.field_member, "/api/animals/sightings", self.sighting_data(**data)
            )
            self.assertEqual((response.status_code, response.json()["detail"]), (422, detail))
        self.assertEqual(Sighting.objects.count(), 0)

    def test_owner_data_is_shown_only_to_who_sees_persons_and_each_read_is_logged(self) -> None:
        sighting = self.create_sighting(owner_name="Anahit Canary", owner_contact="+374 1")
        url = reverse("animals:sighting-detail", args=[sighting.pk])
        for user, shown in (
            (self.coordinator, True),
            (self.tracing_officer, True),
            (self.field_member, True),
            (self.other_field_member, False),
        ):
            self.login(user)
            reads = AuditEvent.objects.filter(actor=user, verb="read", target_id=str(sighting.pk))
            before = reads.count()
            page = self.client.get(url)
            self.assertEqual(page.status_code, 200)
            self.assertEqual("Anahit Canary" in page.content.decode(), shown, user.username)
            api = self.client.get(f"/api/animals/sightings/{sighting.pk}").json()
            self.assertEqual(api.get("owner_name") == "Anahit Canary", shown, user.username)
            self.assertEqual(reads.count() - before, 2 if shown else 0, user.username)
        self.login(self.other_field_member)
        listed = self.client.get("/api/animals/sightings").json()
        self.assertNotIn("owner_name", listed[0])
        self.assertTrue(listed[0]["owner_known"])

    def test_the_list_filters_by_species_need_and_status(self) -> None:
        self.create_sighting()
        self.create_sighting(species="cat", needs=["veterinary_care"], colour="grey")
        self.login(self.tracing_officer)
        page = self.client.get(reverse("animals:index"), {"need": "veterinary_care"})
        self.assertContains(page, "1 sighting")
        self.assertContains(page, "grey")
        self.assertNotContains(page, "black")
        api = self.client.get("/api/animals/sightings", {"species": "dog"}).json()
        self.assertEqual([s["species"] for s in api], ["dog"])
        geo = self.client.get(reverse("animals:sightings-geojson"), {"status": "open"}).json()
        self.assertEqual(len(geo["features"]), 2)
        self.assertNotIn("owner_name", geo["features"][0]["properties"])

    def test_the_maps_tooltip_is_written_in_the_readers_language(self) -> None:
        self.create_sighting()
        self.login(self.tracing_officer)
        url = reverse("animals:sightings-geojson")
        [feature] = self.client.get(url, headers={"accept-language": "ru"}).json()["features"]
        self.assertEqual(
            feature["properties"]["tooltip"], "2 × Собака · Истощённое · нуждается: корм, вода"
        )
        self.assertEqual(feature["properties"]["needs"], ["food", "water"])
