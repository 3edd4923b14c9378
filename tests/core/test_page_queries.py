"""Every query a page runs is bounded by the page size, not by the operation's size.

The same pages are opened with 5 and with 50 of everything (persons met in visits, inquiries
with their stored matches and leads, visits with needs and evacuation requests); each page must
run exactly as many queries at both sizes (the inserts of read events aside: one per row shown,
in as many statements as the database needs for them).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from stranded.core.models import User
from stranded.evacuation.models import Plan, Trip
from stranded.fieldwork.actions import record_field_visit
from stranded.sweeps.actions import assign_area
from stranded.sweeps.models import Visit
from stranded.tracing.actions import open_inquiry
from stranded.tracing.models import Inquiry, Match
from tests.evacuation.base import EvacuationTestCase

GIVEN = ("Anahit", "Arsen", "Gevorg", "Hasmik", "Karen", "Lusine", "Narine", "Vardan")
FAMILY = ("Petrosyan", "Hakobyan", "Sargsyan", "Grigoryan", "Avetisyan", "Mkrtchyan")


class PageQueriesTests(EvacuationTestCase):
    def setUp(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        self.vehicle(seats=40)
        self.size = 0

    def grow(self, size: int) -> None:
        """Up to `size` visits (each meeting one person who wants to leave, with a need) and
        `size` inquiries about the persons met, spelt another way."""
        for number in range(self.size, size):
            given, family = GIVEN[number % len(GIVEN)], FAMILY[number % len(FAMILY)]
            person = {
                "given_name": given,
                "family_name": family,
                "birth_year": 1930 + number,
                "sex": "female",
                "wants_to_leave": True,
                "consent_to_leave": True,
                "mobility": "seated",
            }
            record_field_visit(
                operation=self.operation,
                by=self.field_member,
                source="browser",
                data=self.visit_data(
                    self.cell,
                    outcome="persons_present",
                    address=f"Tumanyan {number}",
                    persons=[person],
                    needs=[{"kind": "food", "urgency": "high"}],
                ),
            )
            open_inquiry(
                operation=self.operation,
                inquirer={"name": "Caller"},
                channel="phone",
                sought={
                    "given_name": given,
                    "family_name": family + "s",
                    "birth_year": 1930 + number,
                    "address": f"Tumanyan {number}",
                    "lat": self.cell.center_lat,
                    "lon": self.cell.center_lon,
                },
                by=self.tracing_officer,
            )
        self.size = size

    def pages(self) -> list[tuple[User, str]]:
        inquiry = Inquiry.objects.order_by("received_at").first()
        match = Match.objects.order_by("created_at").first()
        visit = Visit.objects.order_by("visited_at").first()
        assert inquiry and match and visit
        pages = [
            (self.coordinator, "/"),
            (self.tracing_officer, "/"),
            (self.field_member, "/"),
            (self.tracing_officer, "/tracing/matches/"),
            (self.tracing_officer, "/api/tracing/matches"),
            (self.tracing_officer, "/tracing/inquiries/"),
            (self.tracing_officer, "/api/tracing/inquiries"),
            (self.tracing_officer, f"/tracing/inquiries/{inquiry.pk}/"),
            (self.tracing_officer, f"/tracing/persons/{match.right_id}/"),
            (self.coordinator, "/sweeps/"),
            (self.coordinator, "/sweeps/visits/"),
            (self.coordinator, f"/sweeps/areas/{self.cell.pk}/"),
            (self.field_member, "/sweeps/worklist/"),
            (self.coordinator, f"/sweeps/visits/{visit.pk}/"),
            (self.coordinator, "/evacuation/requests/"),
            (self.coordinator, "/needs/list/"),
            (self.coordinator, "/api/needs/"),
            (self.coordinator, "/api/evacuation/requests"),
        ]
        plan = Plan.objects.order_by("created_at").last()
        if plan is not None:
            pages.append((self.coordinator, f"/evacuation/plans/{plan.pk}/"))
            trip = Trip.objects.filter(plan=plan).first()
            if trip is not None:
                pages.append((self.coordinator, f"/evacuation/trips/{trip.pk}/"))
        return pages

    def count(self) -> dict[str, Any]:
        counts = {}
        for user, url in self.pages():
            self.client.force_login(user)
            self.client.get(url)  # the first look fills caches (index, sessions)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            page = re.sub(r"[0-9a-f-]{36}", "<id>", url)
            # Read events are one per row shown (SQLite splits a large insert in batches).
            run = [q for q in queries if not q["sql"].startswith('INSERT INTO "core_auditevent"')]
            counts[f"{user.username} {page}"] = (response.status_code, len(run))
        return counts

    def test_it_runs_as_many_queries_at_5_as_at_50(self) -> None:
        self.grow(5)
        self.computed_plan()
        small = self.count()
        self.grow(50)
        self.computed_plan()
        large = self.count()
        self.assertEqual(len(small), len(large))
        for page, (status, queries) in small.items():
            with self.subTest(page=page):
                self.assertEqual(status, 200)
                self.assertEqual(large[page], (status, queries))
