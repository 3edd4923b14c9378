"""Every list pages ("N-M of T", previous/next, a page size), filters on what its users ask and
exports, as CSV, what the filters show: within the user's scope, audited, no names."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.evacuation.models import EvacuationRequest
from stranded.places.models import Area
from stranded.sweeps.actions import assign_area
from stranded.sweeps.models import Visit
from tests.evacuation.base import EvacuationTestCase

DAY = datetime(2023, 10, 2, 9, 0, tzinfo=UTC)


def rows(response: object) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))  # type: ignore[attr-defined]


class RequestListTests(EvacuationTestCase):
    def setUp(self) -> None:
        for n in range(57):
            EvacuationRequest.objects.create(
                operation=self.operation,
                reference=f"EVR-{n:05d}",
                lat=39.8,
                lon=46.75,
                seated=1 if n % 3 else 0,
                stretcher=0 if n % 3 else 1,
                consent=True,
                address=f"Tumanyan {n}",
            )
        self.login(self.coordinator)

    def test_it_pages_with_n_of_m_and_a_page_size(self) -> None:
        url = reverse("evacuation:requests")
        page = self.client.get(url)
        self.assertContains(page, "1–50 of 57")
        self.assertContains(page, 'rel="next" href="?page=2"')
        self.assertContains(self.client.get(url, {"page": 2}), "51–57 of 57")
        small = self.client.get(url, {"size": 25, "page": 3})
        self.assertContains(small, "51–57 of 57")
        self.assertContains(small, 'rel="prev" href="?size=25&amp;page=2"')

    def test_it_filters_by_mobility_and_exports_what_is_shown(self) -> None:
        url = reverse("evacuation:requests")
        self.assertContains(self.client.get(url, {"mobility": "stretcher"}), "1–19 of 19")
        response = self.client.get(url, {"mobility": "stretcher", "export": "csv"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        exported = rows(response)
        self.assertEqual(len(exported), 19)
        self.assertEqual({r["stretcher"] for r in exported}, {"1"})
        columns = [
            "reference",
            "state",
            "seated",
            "wheelchair",
            "stretcher",
            "medical_priority",
            "consent",
            "address",
            "lat",
            "lon",
        ]
        self.assertEqual(list(exported[0]), columns)
        event = AuditEvent.objects.get(verb="export")
        self.assertEqual(
            (event.actor, event.detail), (self.coordinator, {"format": "csv", "count": 19})
        )

    def test_other_roles_cannot_export_requests(self) -> None:
        for user in (self.field_member, self.tracing_officer, self.liaison, self.driver):
            self.login(user)
            response = self.client.get(reverse("evacuation:requests"), {"export": "csv"})
            self.assertEqual(response.status_code, 404, user.username)
        self.assertFalse(AuditEvent.objects.filter(verb="export").exists())


class VisitAndAreaListTests(EvacuationTestCase):
    def setUp(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        for n in range(30):
            Visit.objects.create(
                operation=self.operation,
                area=self.cell if n < 20 else self.village,
                team=self.team if n < 20 else self.other_team,
                visited_at=DAY + timedelta(hours=n),
                outcome="empty" if n % 2 else "no_answer",
            )

    def test_visits_filter_by_team_outcome_and_day_and_export(self) -> None:
        self.login(self.coordinator)
        url = reverse("sweeps:visit-list")
        self.assertContains(self.client.get(url), "1–30 of 30")
        chosen = {
            "team": self.team.pk,
            "outcome": "empty",
            "since": "2023-10-02",
            "until": "2023-10-02",
        }
        # team A's 20 visits run from 09:00 on the 2nd to 04:00 on the 3rd: 15 on the 2nd,
        # 7 of them empty (odd hours from 10:00 to 23:00)
        self.assertContains(self.client.get(url, chosen), "1–7 of 7")
        exported = rows(self.client.get(url, {**chosen, "export": "csv"}))
        self.assertEqual(len(exported), 7)
        self.assertEqual(
            {(r["area"], r["team"], r["outcome"]) for r in exported},
            {(self.cell.code, "Team A", "empty")},
        )

    def test_a_field_member_exports_only_the_visits_in_scope(self) -> None:
        self.login(self.field_member)
        visible = Visit.objects.visible_to(self.field_member).count()
        exported = rows(self.client.get(reverse("sweeps:visit-list"), {"export": "csv"}))
        self.assertEqual(len(exported), visible)
        self.assertLess(visible, 30)

    def test_areas_filter_by_team_and_page(self) -> None:
        self.login(self.coordinator)
        url = reverse("sweeps:coverage")
        total = Area.objects.filter(operation=self.operation).count()
        self.assertContains(self.client.get(url), f"1–{min(total, 100)} of {total}")
        self.assertContains(self.client.get(url, {"team": self.team.pk}), "1–1 of 1")
        exported = rows(self.client.get(url, {"team": "none", "export": "csv"}))
        self.assertEqual(len(exported), total - 1)
        self.assertNotIn(self.cell.code, {r["code"] for r in exported})

    def test_matches_filter_by_band(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("tracing:match-queue"), {"band": "likely"})
        self.assertContains(page, "0 of 0")
        self.assertContains(page, '<option value="likely" selected>')
