"""Who sees which animal page and endpoint; everyone else gets 404."""

from __future__ import annotations

from django.urls import reverse

from stranded.animals.models import AnimalPartner, Sighting
from tests.animals.base import AnimalsTestCase

VIEWERS = {"coordinator": 200, "tracing_officer": 200, "field_member": 200}


class AnimalsAccessTests(AnimalsTestCase):
    def test_pages_and_reads_by_role(self) -> None:
        sighting = self.create_sighting()
        inquiry = self.create_pet_inquiry()
        for url in (
            reverse("animals:index"),
            reverse("animals:sightings-geojson"),
            reverse("animals:sighting-detail", args=[sighting.pk]),
            reverse("animals:partners"),
            reverse("animals:pet-list"),
            reverse("animals:pet-detail", args=[inquiry.pk]),
            "/api/animals/sightings",
            f"/api/animals/sightings/{sighting.pk}",
            "/api/animals/partners",
            "/api/animals/pets",
            f"/api/animals/pets/{inquiry.pk}",
            f"/api/animals/pets/{inquiry.pk}/candidates",
        ):
            self.assert_status_by_role("get", url, VIEWERS)

    def test_forms_by_role(self) -> None:
        self.assert_status_by_role(
            "get", reverse("animals:sighting-new"), {"coordinator": 200, "field_member": 200}
        )
        self.assert_status_by_role(
            "get", reverse("animals:pet-new"), {"coordinator": 200, "tracing_officer": 200}
        )

    def test_recording_a_sighting_by_role(self) -> None:
        data = self.sighting_data()
        expected = {"coordinator": 201, "field_member": 201}
        self.assert_status_by_role(
            "post", "/api/animals/sightings", expected, data=data, content_type="application/json"
        )
        self.assertEqual(Sighting.objects.count(), 2)

    def test_another_operation_sees_nothing(self) -> None:
        sighting = self.create_sighting()
        self.login(self.foreign_coordinator)
        self.assertEqual(self.client.get("/api/animals/sightings").json(), [])
        page = self.client.get(reverse("animals:sighting-detail", args=[sighting.pk]))
        self.assertEqual(page.status_code, 404)
        self.assertEqual(self.act(self.foreign_coordinator, sighting, kind="fed").status_code, 404)

    def test_only_who_manages_the_operation_adds_partners(self) -> None:
        data = {"name": "Yerevan animal rescue", "species": ["horse", "cow"]}
        self.assert_status_by_role(
            "post",
            "/api/animals/partners",
            {"coordinator": 201},
            data=data,
            content_type="application/json",
        )
        partner = AnimalPartner.objects.get(name="Yerevan animal rescue")
        self.assertEqual(partner.species, ["horse", "cow"])
        self.login(self.field_member)
        page = self.client.post(reverse("animals:partners"), {"name": "Sneaky"})
        self.assertEqual(page.status_code, 404)
        self.assertFalse(AnimalPartner.objects.filter(name="Sneaky").exists())

    def test_anonymous_api_calls_get_401_and_pages_the_login(self) -> None:
        self.assertEqual(self.client.get("/api/animals/sightings").status_code, 401)
        page = self.client.get(reverse("animals:index"))
        self.assertEqual(page.status_code, 302)
        self.assertIn("/login/", page["Location"])
