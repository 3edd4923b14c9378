"""Builders for animal tests: the sweeps grid, the team holding the town cell, a partner."""

from __future__ import annotations

from typing import Any

from stranded.animals.actions import save_partner
from stranded.animals.models import AnimalPartner, PetInquiry, Sighting
from stranded.sweeps.actions import assign_area
from tests.sweeps.base import TOWN, SweepsTestCase


class AnimalsTestCase(SweepsTestCase):
    shelter: AnimalPartner

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.shelter = save_partner(
            operation=cls.operation,
            by=cls.coordinator,
            data={
                "name": "Stepanakert stray animal shelter",
                "contact": "+374 00 000000",
                "species": ["dog", "cat"],
            },
        )

    def setUp(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)

    def post_json(self, user: Any, url: str, data: dict[str, Any]) -> Any:
        self.login(user)
        return self.client.post(url, data, content_type="application/json")

    def sighting_data(self, **extra: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "species": "dog",
            "count": 2,
            "condition": "thin",
            "lat": TOWN[0],
            "lon": TOWN[1],
            "colour": "black",
            "markings": "white patch on chest",
            "needs": ["food", "water"],
            "place_text": "Tumanyan 3",
        }
        data.update(extra)
        return data

    def create_sighting(self, user: Any = None, **extra: Any) -> Sighting:
        response = self.post_json(
            user or self.field_member, "/api/animals/sightings", self.sighting_data(**extra)
        )
        assert response.status_code == 201, response.content
        self.client.logout()
        return Sighting.objects.get(pk=response.json()["id"])

    def create_pet_inquiry(self, **extra: Any) -> PetInquiry:
        data: dict[str, Any] = {
            "inquirer_name": "Lusine Canary",
            "inquirer_contact": "+374 91 000001",
            "species": "dog",
            "animal_name": "Sev",
            "colour": "чёрный",
            "markings": "white patch on the chest",
            "address_text": "Tumanyan 3",
            "lat": TOWN[0] + 0.002,
            "lon": TOWN[1],
        }
        data.update(extra)
        response = self.post_json(self.tracing_officer, "/api/animals/pets", data)
        assert response.status_code == 201, response.content
        self.client.logout()
        return PetInquiry.objects.get(pk=response.json()["id"])

    def act(self, user: Any, sighting: Sighting, **data: Any) -> Any:
        return self.post_json(user, f"/api/animals/sightings/{sighting.pk}/actions", data)
