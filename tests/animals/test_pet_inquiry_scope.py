"""Field members see a pet inquiry's address only in the areas their team holds, and logged."""

from __future__ import annotations

from django.urls import reverse

from tests.animals.base import AnimalsTestCase


class PetInquiryScopeTests(AnimalsTestCase):
    def test_it_hides_addresses_outside_the_teams_areas(self) -> None:
        far = self.create_pet_inquiry(
            address_text="Shosh 17", lat=self.village.center_lat, lon=self.village.center_lon
        )
        self.login(self.field_member)
        page = self.client.get(reverse("animals:pet-list"))
        self.assertNotContains(page, "Shosh 17")
        self.assertContains(page, "outside your areas")
        detail = self.client.get(reverse("animals:pet-detail", args=[far.pk]))
        self.assertNotContains(detail, "Shosh 17")
        api = self.client.get(f"/api/animals/pets/{far.pk}").json()
        self.assertEqual((api["address_text"], api["lat"], api["lon"]), ("", None, None))
        self.assertFalse(self.events(verb="read", actor=self.field_member))

    def test_it_shows_and_logs_addresses_in_the_teams_areas(self) -> None:
        near = self.create_pet_inquiry(lat=self.cell.center_lat, lon=self.cell.center_lon)
        self.login(self.field_member)
        self.assertContains(self.client.get(reverse("animals:pet-list")), "Tumanyan 3")
        self.assertNotContains(self.client.get(reverse("animals:pet-list")), "Lusine Canary")
        reads = self.events(verb="read", actor=self.field_member)
        self.assertEqual({e.target_id for e in reads}, {str(near.pk)})
