"""The dashboard card: sightings by species and need; animals still needing food or water."""

from __future__ import annotations

from django.urls import reverse

from tests.animals.base import AnimalsTestCase


class AnimalsCardTests(AnimalsTestCase):
    def test_it_counts_by_species_and_need(self) -> None:
        dogs = self.create_sighting(count=3)
        self.create_sighting(species="cat", count=1, needs=["veterinary_care"])
        fed = self.create_sighting(count=2, needs=["food"])
        self.act(self.field_member, fed, kind="fed")
        self.act(self.field_member, dogs, kind="watered")
        self.login(self.coordinator)
        page = self.client.get(reverse("core:dashboard"))
        self.assertContains(page, "3 sightings</a> · 3 not resolved · 6 animals")
        self.assertContains(page, "By species: Dog 2 · Cat 1")
        self.assertContains(page, "Open needs: food 1 · water 0 · veterinary care 1")
        self.assertContains(page, "1 sighting</a> (3 animals)")

    def test_roles_without_animals_get_no_card(self) -> None:
        self.create_sighting()
        self.login(self.liaison)
        page = self.client.get(reverse("core:dashboard"))
        self.assertNotContains(page, "Animals")
