"""The remains demo: bodies from the demo visits, chains of 2-4 events, one tentative
identification to a person sought by an inquiry; deterministic and run once."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone

from stranded.places.models import Address
from stranded.remains import demo
from stranded.remains.models import Remains
from stranded.sweeps.models import Visit
from stranded.tracing.actions import open_inquiry
from tests.remains.base import RemainsTestCase


class DemoTests(RemainsTestCase):
    def test_it_seeds_remains_with_chains_and_one_tentative_identification(self) -> None:
        open_inquiry(
            operation=self.operation,
            inquirer={"name": "Lusine"},
            channel="phone",
            sought={
                "given_name": "Arsen",
                "family_name": "Hakobyan",
                "birth_year": 1941,
                "sex": "male",
            },
            by=self.tracing_officer,
        )
        for number in range(5):
            address = Address.objects.create(
                operation=self.operation,
                area=self.cell,
                text=f"Tumanyan {number}",
                key=f"k{number}",
            )
            Visit.objects.create(
                operation=self.operation,
                area=self.cell,
                address=address,
                team=self.team,
                visited_at=timezone.now() - timedelta(hours=40 - number),
                outcome="deceased_found" if number < 2 else "no_answer",
                remains=[{"count": 1}] if number < 2 else [],
            )
        out = io.StringIO()
        demo.seed(operation=self.operation, small=True, out=out)
        rows = list(Remains.objects.order_by("sequence"))
        self.assertEqual(len(rows), 4)
        self.assertEqual([r.visit is not None for r in rows], [True, True, False, False])
        self.assertEqual(rows[0].code, "KHK-TA-0001")
        self.assertEqual([r.events.count() for r in rows], [2, 3, 4, 4])
        self.assertEqual(rows[2].current_kind, "handed_over")
        self.assertEqual(rows[2].current_where, "Hakari bridge crossing")
        self.assertEqual(rows[1].current_where, demo.MORGUE)
        self.assertEqual([r.id_status for r in rows].count("tentative"), 1)
        self.assertIn("4 bodies with custody chains, 1 tentatively identified", out.getvalue())
        demo.seed(operation=self.operation, small=True, out=out)
        self.assertEqual(Remains.objects.count(), 4)
