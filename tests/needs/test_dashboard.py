"""The needs dashboard, list filters, the summary API and the dashboard card: counts by area and
kind, urgent first, overdue against the first frost."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from tests.needs.base import NeedsTestCase


class DashboardTests(NeedsTestCase):
    def setUp(self) -> None:
        super().setUp()
        later = timezone.localdate() + timedelta(days=30)
        self.create_need("food", urgency="low", due_before=later)
        self.create_need("food", urgency="high", due_before=later)
        self.water = self.create_need("drinking_water", urgency="medium")  # 2023-11-15: overdue
        self.create_need("electricity", area=self.village, urgency="critical", due_before=later)
        met = self.create_need("medicines", due_before=date(2023, 10, 1))
        self.change(self.coordinator, met, status="met")

    def test_the_summary_counts_active_needs_by_area_and_kind(self) -> None:
        self.login(self.coordinator)
        data = self.client.get("/api/needs/summary").json()
        self.assertEqual(data["total"], 4)
        self.assertEqual(data["overdue"], 1)
        self.assertEqual((data["kinds"]["food"], data["kinds"]["medicines"]), (2, 0))
        self.assertEqual(data["urgency"], {"low": 1, "medium": 1, "high": 1, "critical": 1})
        # The village with a critical need comes first.
        self.assertEqual([a["code"] for a in data["areas"]], ["V-SHOSH", self.cell.code])
        cell = data["areas"][1]
        self.assertEqual(
            (cell["total"], cell["overdue"], cell["kinds"]),
            (3, 1, {"food": 2, "drinking_water": 1}),
        )

    def test_the_dashboard_page_shows_the_grid(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("needs:index"))
        self.assertContains(page, '<strong id="active-total">4</strong>')
        self.assertContains(page, "1 overdue")
        rows = page.content.decode().split('data-area="')[1:]
        self.assertEqual([r.split('"')[0] for r in rows], ["V-SHOSH", self.cell.code])

    def test_the_list_filters_by_kind_status_urgency_area_and_overdue(self) -> None:
        self.login(self.coordinator)
        url = reverse("needs:list")

        def count(query: str) -> int:
            page = self.client.get(f"{url}?{query}")
            return int(page.content.decode().split('id="need-count">')[1].split("<")[0])

        self.assertEqual(count(""), 5)
        self.assertEqual(count("kind=food"), 2)
        self.assertEqual(count("status=active"), 4)
        self.assertEqual(count("status=met"), 1)
        self.assertEqual(count("urgency=critical"), 1)
        self.assertEqual(count("area=V-SHOSH"), 1)
        self.assertEqual(count("overdue=1"), 1)
        api = self.client.get("/api/needs/?overdue=true").json()
        self.assertEqual([n["id"] for n in api], [str(self.water.pk)])
        self.assertTrue(api[0]["overdue"])

    def test_the_list_puts_the_most_urgent_first(self) -> None:
        self.login(self.coordinator)
        api = self.client.get("/api/needs/?status=active").json()
        self.assertEqual([n["urgency"] for n in api], ["critical", "high", "medium", "low"])

    def test_the_dashboard_card_counts_needs_and_utilities(self) -> None:
        self.create_address("Tumanyan 3", electricity="not_working", gas="not_working")
        self.login(self.coordinator)
        page = self.client.get(reverse("core:dashboard"))
        self.assertContains(page, "Needs before winter")
        self.assertContains(page, "4 active needs")
        self.assertContains(page, "1 overdue")
        self.assertContains(page, "electricity <strong>1</strong>/1")
        self.assertContains(page, "water <strong>0</strong>/1")
