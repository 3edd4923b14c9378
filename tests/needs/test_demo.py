"""The needs demo: needs from the demo visits (deduplicated per household and kind), a spread of
statuses with named partners, whole-village needs; deterministic."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from io import StringIO

from django.utils import timezone

from stranded.needs import demo
from stranded.needs.models import Need, NeedEvent
from stranded.sweeps.models import Visit
from tests.needs.base import NeedsTestCase


class DemoTests(NeedsTestCase):
    def setUp(self) -> None:
        super().setUp()
        now = timezone.now()
        addresses = [self.create_address(f"Tumanyan {number}") for number in range(30)]
        for number in range(40):
            address = addresses[number % 30]
            Visit.objects.create(
                operation=self.operation,
                area=self.cell,
                address=address,
                team=self.team,
                visited_at=now - timedelta(hours=number),
                outcome="persons_present",
                needs=[
                    {"kind": "food", "urgency": "high", "note": ""},
                    {"kind": "drinking_water", "urgency": "medium", "note": ""},
                ],
            )

    def seed(self) -> str:
        out = StringIO()
        demo.seed(operation=self.operation, small=True, out=out)
        return out.getvalue()

    def test_it_derives_needs_from_the_visits_once_per_household_and_kind(self) -> None:
        output = self.seed()
        from_visits = Need.objects.filter(visit__isnull=False)
        self.assertEqual(from_visits.count(), 60)  # 30 addresses x 2 kinds
        village = Need.objects.filter(area=self.village, address__isnull=True)
        self.assertEqual(village.count(), 2)
        self.assertIn("needs: 62 needs", output)
        statuses = Counter(Need.objects.values_list("status", flat=True))
        self.assertGreater(statuses["open"], 62 // 2)
        referred = Need.objects.filter(status="referred")
        self.assertTrue(referred.exists())
        partners = set(referred.values_list("partner", flat=True))
        self.assertLessEqual(partners, {"ICRC water and habitat", "Armenian Red Cross"})
        self.assertEqual(NeedEvent.objects.filter(verb="created").count(), 62)
        self.assertIn("already", self.seed())  # a second run keeps what is there
        self.assertEqual(Need.objects.count(), 62)

    def test_it_is_deterministic(self) -> None:
        self.seed()
        fields = ("kind", "status", "partner", "area__code", "visit_id")
        first = sorted(map(str, Need.objects.values_list(*fields)))
        Need.objects.all().delete()
        self.seed()
        second = sorted(map(str, Need.objects.values_list(*fields)))
        self.assertEqual(first, second)
