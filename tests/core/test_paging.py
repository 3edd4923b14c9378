"""Long lists a page at a time: counted no further than the cap, "N-M of T" on the page, the
filters kept from page to page, API lists by limit and offset, and the review queue's count
equal to the queue's length."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from stranded.core.paging import CappedPaginator, window
from stranded.needs.models import Need
from stranded.tracing.models import Match, Person
from tests.needs.base import NeedsTestCase
from tests.tracing.builders import create_person


class CappedPaginatorTests(NeedsTestCase):
    def setUp(self) -> None:
        super().setUp()
        for number in range(7):
            self.create_need(kind="food" if number % 2 else "shelter")

    def test_it_counts_exactly_below_the_cap(self) -> None:
        paginator = CappedPaginator(Need.objects.order_by("pk"), 3, cap=10)
        self.assertEqual((paginator.count, paginator.capped, paginator.num_pages), (7, False, 3))
        self.assertEqual(paginator.total_label, "7")
        self.assertEqual(len(paginator.page(3).object_list), 1)

    def test_above_the_cap_it_says_more_than_and_the_pages_end_there(self) -> None:
        paginator = CappedPaginator(Need.objects.order_by("pk"), 2, cap=4)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual((paginator.count, paginator.capped), (4, True))
        self.assertIn("LIMIT 5", queries[0]["sql"])  # reads at most cap + 1 rows
        self.assertEqual(paginator.total_label, "more than 4")
        self.assertEqual(paginator.num_pages, 2)

    def test_a_count_given_by_the_caller_is_used(self) -> None:
        paginator = CappedPaginator(Need.objects.order_by("pk"), 2, cap=10, counted=5)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(paginator.count, 5)
        self.assertEqual(len(queries), 0)

    def test_the_api_window_takes_limit_rows_from_offset(self) -> None:
        needs = list(Need.objects.order_by("pk"))
        self.assertEqual(list(window(Need.objects.order_by("pk"), 3, 2)), needs[2:5])
        self.assertEqual(len(window(Need.objects.order_by("pk"), 0, -4)), 1)  # at least one

    def test_the_list_page_shows_rows_of_total_and_keeps_the_filters(self) -> None:
        for _ in range(52):
            self.create_need(kind="medicines")
        self.login(self.coordinator)
        first = self.client.get("/needs/list/?kind=medicines")
        self.assertEqual(len(first.context["needs"]), 50)
        self.assertContains(first, "1–50 of 52")
        self.assertContains(first, 'rel="next" href="?kind=medicines&amp;page=2"')
        second = self.client.get("/needs/list/?kind=medicines&page=2")
        self.assertContains(second, "51–52 of 52")
        shown = {n.pk for n in first.context["needs"]} | {n.pk for n in second.context["needs"]}
        self.assertEqual(
            shown, set(Need.objects.filter(kind="medicines").values_list("pk", flat=True))
        )

    def test_the_api_pages_with_limit_and_offset(self) -> None:
        self.login(self.coordinator)
        everything = self.client.get("/api/needs/?limit=500").json()
        self.assertEqual(len(everything), 7)
        pages = [self.client.get(f"/api/needs/?limit=3&offset={o}").json() for o in (0, 3, 6)]
        self.assertEqual([n["id"] for page in pages for n in page], [n["id"] for n in everything])


class ReviewCountTests(NeedsTestCase):
    def test_the_count_to_review_equals_the_queue(self) -> None:
        persons = [create_person(self.operation, given_name=f"Anahit{n}", family_name="Petrosyan")
                   for n in range(4)]  # fmt: skip
        for left, right in ((0, 1), (0, 2), (1, 3), (2, 3)):
            Match.objects.get_or_create(
                operation=self.operation,
                left=persons[left],
                right=persons[right],
                defaults={"probability": 0.5, "band": "possible"},
            )
        Match.objects.filter(left=persons[2]).update(decision=Match.Decision.REJECTED)
        Person.objects.filter(pk=persons[1].pk).update(merged_into=persons[3])
        matches = Match.objects.filter(operation=self.operation)
        merged = matches.filter(decision="pending", left__merged_into__isnull=False).count()
        self.assertGreater(merged, 0)  # the subtraction is exercised
        self.assertGreater(matches.to_review().count(), 0)
        self.assertEqual(matches.count_to_review(), matches.to_review().count())
