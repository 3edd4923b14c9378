"""The match queue filters on what the tracing officers ask: band, area (either person's),
the script the sought name is written in, and the sought person's age on the operation's
today."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from stranded.core import clock
from stranded.tracing.actions import record_person
from stranded.tracing.models import Match, Person
from tests.sweeps.base import SweepsTestCase


class MatchQueueFilterTests(SweepsTestCase):
    def setUp(self) -> None:
        year = clock.today(self.operation).year
        known = self.person(given_name="Hovhannes", family_name="Hovhannisyan", area=self.cell)
        # Cyrillic, 82 years old, last known in the village
        self.old = self.match(
            self.person(
                given_name="Ованес", family_name="Оганесян", birth_year=year - 82, sought=True
            ),
            known,
        )
        # Armenian, about 8 (said today), in the town cell
        self.child = self.match(
            self.person(given_name="Հովիկ", family_name="Հովհաննիսյան", age_years=8, sought=True),
            self.person(given_name="Hovik", family_name="Hovhannisyan"),
        )
        # Latin (Azerbaijani), no birth or age given
        self.unknown = self.match(
            self.person(given_name="Gulnara", family_name="Məmmədova", sought=True),
            self.person(given_name="Gülnarə", family_name="Mammadova"),
            band="possible",
        )
        Person.objects.filter(pk=self.old.left_id).update(area=self.village)
        Person.objects.filter(pk=self.child.left_id).update(area=self.cell)
        self.login(self.tracing_officer)

    def person(self, *, sought: bool = False, area: Any = None, **data: Any) -> Person:
        return record_person(
            operation=self.operation,
            data=data,
            source="inquiry" if sought else "field",
            status="information_sought" if sought else "located",
            by=None,
            area=area,
        )

    def match(self, left: Person, right: Person, band: str = "likely") -> Match:
        Match.objects.filter(left__in=[left, right], right__in=[left, right]).delete()
        return Match.objects.create(
            operation=self.operation, left=left, right=right, probability=0.9, band=band
        )

    def shown(self, **params: str) -> set[Any]:
        page = self.client.get(reverse("tracing:match-queue"), params)
        self.assertEqual(page.status_code, 200)
        return {m.pk for m in page.context["page"]}

    def test_it_filters_by_the_script_of_the_sought_name(self) -> None:
        self.assertEqual(self.shown(script="armenian"), {self.child.pk})
        self.assertEqual(self.shown(script="cyrillic"), {self.old.pk})
        self.assertEqual(self.shown(script="latin"), {self.unknown.pk})

    def test_it_filters_by_the_age_of_the_sought_person(self) -> None:
        self.assertEqual(self.shown(age="80+"), {self.old.pk})
        self.assertEqual(self.shown(age="0-17"), {self.child.pk})
        self.assertEqual(self.shown(age="unknown"), {self.unknown.pk})
        self.assertEqual(self.shown(age="18-59"), set())

    def test_it_filters_by_either_persons_area(self) -> None:
        # the old man was last known in the village, the person found is in the town cell
        self.assertEqual(self.shown(area=self.village.code.lower()), {self.old.pk})
        self.assertEqual(self.shown(area=self.cell.code), {self.old.pk, self.child.pk})

    def test_filters_combine_and_say_how_many_of_how_many(self) -> None:
        page = self.client.get(
            reverse("tracing:match-queue"),
            {"band": "likely", "area": self.cell.code, "age": "0-17"},
        )
        self.assertContains(page, "1–1 of 1")
        self.assertContains(page, '<option value="0-17" selected>')
        self.assertContains(page, f'name="area" value="{self.cell.code}"')
        self.assertContains(self.client.get(reverse("tracing:match-queue")), "1–3 of 3")

    def test_an_unknown_filter_value_filters_nothing(self) -> None:
        shown = self.shown(script="klingon", age="200")
        self.assertEqual(shown, {self.old.pk, self.child.pk, self.unknown.pk})
