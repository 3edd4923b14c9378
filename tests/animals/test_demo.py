"""The animals demo: sightings from the demo's visits, partners, actions and pet inquiries."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone

from stranded.animals import demo
from stranded.animals.models import AnimalAction, AnimalPartner, PetCandidate, PetInquiry, Sighting
from stranded.sweeps.models import Visit
from tests.sweeps.base import SweepsTestCase


class AnimalsDemoTests(SweepsTestCase):
    def test_it_seeds_from_the_visits_once(self) -> None:
        now = timezone.now()
        for number, species in enumerate(("dog", "horse", "cat", "dog")):
            Visit.objects.create(
                operation=self.operation,
                area=self.cell,
                team=self.team,
                outcome="empty",
                visited_at=now - timedelta(hours=number),
                lat=self.cell.center_lat,
                lon=self.cell.center_lon,
                animals=[{"species": species, "count": 2, "condition": "thin", "needs": ["food"]}],
            )
        out = io.StringIO()
        demo.seed(operation=self.operation, small=True, out=out)
        self.assertIn(
            "animals: 4 sightings from visits, 3 partners, 2 actions, 3 pet inquiries",
            out.getvalue(),
        )
        self.assertEqual(Sighting.objects.filter(visit__isnull=False).count(), 4)
        self.assertEqual(AnimalPartner.objects.count(), 3)
        self.assertEqual(AnimalAction.objects.count(), 2)
        sought_dog = PetInquiry.objects.get(species="dog")
        self.assertTrue(PetCandidate.objects.filter(inquiry=sought_dog, score__gt=0.8).exists())
        demo.seed(operation=self.operation, small=True, out=out)
        self.assertEqual(Sighting.objects.count(), 4)
        self.assertIn("kept as they are", out.getvalue())
