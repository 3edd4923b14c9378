"""A visit's animals become sightings at once, matched against open pet inquiries."""

from __future__ import annotations

from stranded.animals.models import PetCandidate, Sighting
from stranded.fieldwork.actions import record_field_visit
from stranded.sweeps.models import Visit
from tests.animals.base import AnimalsTestCase


class VisitSightingTests(AnimalsTestCase):
    def post_visit(self, **extra: object) -> object:
        return self.post_json(
            self.field_member, "/api/sweeps/visits", self.visit_data(self.cell, **extra)
        )

    def test_each_animal_entry_of_a_visit_becomes_a_sighting(self) -> None:
        animals = [
            {"species": "dogs", "count": 3, "condition": "thin", "needs": ["food", "water"]},
            {"species": "horse", "count": 1, "condition": "well", "needs": []},
            {"species": "donkey", "count": 1, "condition": "", "needs": ["veterinary_care"]},
        ]
        response = self.post_visit(animals=animals, visited_at="2023-10-03T10:00:00+04:00")
        self.assertEqual(response.status_code, 201, response.content)  # type: ignore[attr-defined]
        visit = Visit.objects.get()
        rows = {s.species_label: s for s in Sighting.objects.filter(visit=visit)}
        self.assertEqual(set(rows), {"Dog", "Horse", "donkey"})
        dogs = rows["Dog"]
        self.assertEqual(
            (dogs.count, dogs.condition, dogs.needs, dogs.area, dogs.team),
            (3, "thin", ["food", "water"], self.cell, self.team),
        )
        self.assertEqual(
            (dogs.address, dogs.lat, dogs.seen_at, dogs.seen_by),
            (visit.address, visit.lat, visit.visited_at, self.field_member),
        )
        self.assertEqual(rows["Horse"].condition, "healthy")
        self.assertEqual((rows["donkey"].species, rows["donkey"].condition), ("other", "unknown"))

    def test_a_visit_without_animals_makes_no_sighting(self) -> None:
        self.post_visit()
        self.assertEqual(Visit.objects.count(), 1)
        self.assertEqual(Sighting.objects.count(), 0)

    def test_a_new_sighting_is_matched_against_open_pet_inquiries_at_once(self) -> None:
        inquiry = self.create_pet_inquiry()
        other = self.create_pet_inquiry(species="cat", colour="black")
        self.assertEqual(PetCandidate.objects.count(), 0)
        animals = [{"species": "dog", "count": 1, "condition": "thin", "needs": ["food"]}]
        self.post_visit(animals=animals)
        sighting = Sighting.objects.get()
        candidate = PetCandidate.objects.get()
        self.assertEqual((candidate.inquiry, candidate.sighting), (inquiry, sighting))
        self.assertIn("distance: 0.2 km", candidate.reasons)
        self.assertFalse(PetCandidate.objects.filter(inquiry=other).exists())

    def test_a_repeated_submission_makes_no_second_sighting(self) -> None:
        animals = [{"species": "cat", "count": 2, "condition": "thin", "needs": ["food"]}]
        payload = self.visit_data(
            self.cell, animals=animals, visited_at="2023-10-03T10:00:00+04:00"
        )
        record_field_visit(
            source="browser",
            operation=self.operation,
            data=payload,
            by=self.field_member,
            instance_id="uuid:abc",
        )
        _, created = record_field_visit(
            source="browser",
            operation=self.operation,
            data=payload,
            by=self.field_member,
            instance_id="uuid:abc",
        )
        self.assertFalse(created)
        self.assertEqual(Sighting.objects.count(), 1)
