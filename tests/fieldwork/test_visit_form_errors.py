"""The visit page keeps everything typed when a field is wrong, and shows every fault in place;
utilities not asked are recorded as unknown, never as working."""

from django.urls import reverse

from stranded.places import geometry
from stranded.places.locate import area_for
from stranded.sweeps.actions import assign_area, save_areas
from stranded.sweeps.models import Visit
from stranded.tracing.models import Person
from tests.base import StrandedTestCase

TOWN = (39.8155, 46.7519)


class AssignedCellTestCase(StrandedTestCase):
    """The field member's team holds the town's central cell."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        save_areas(
            operation=cls.operation,
            shapes=list(geometry.grid(geometry.circle(*TOWN, 300), 250, "KHA")),
            by=None,
        )
        area = area_for(cls.operation, *TOWN)
        assert area is not None
        cls.area = area
        assign_area(area=area, team=cls.team, by=cls.coordinator)


class VisitFormTests(AssignedCellTestCase):
    def post(self, **fields: str | list[str]) -> object:
        self.login(self.field_member)
        data = {"area": self.area.code, "outcome": "persons_present", **fields}
        return self.client.post(reverse("sweeps:visit-new"), data)

    def test_it_keeps_what_was_typed_and_shows_every_fault(self) -> None:
        response = self.post(
            **{
                "p0-given_name": "Anahit",
                "p0-family_name": "Petrosyan",
                "p0-birth_year": "1850",
                "p1-given_name": "Arsen",
                "p1-family_name": "Hakobyan",
                "p1-birth_year": "19x5",
                "p1-wants_to_leave": "on",
                "p1-mobility": "wheelchair",
                "needs": ["drinking_water", "gas_heating"],
                "notes": "Gate is locked; call first",
                "animal_condition": "thin",
            },
        )
        self.assertEqual(response.status_code, 400)  # type: ignore[attr-defined]
        html = response.content.decode()  # type: ignore[attr-defined]
        self.assertIn("3 fields to correct", html)
        self.assertIn('data-field="p0-birth_year">Birth year: 1850 is outside 1900..', html)
        self.assertIn('"p1-birth_year">Birth year: &#x27;19x5&#x27; is not a whole number', html)
        self.assertIn('data-field="animal_species">is required', html)
        for typed in (
            'value="Anahit"',
            'value="Hakobyan"',
            'value="19x5"',
            "Gate is locked; call first",
            'value="thin"',
        ):
            self.assertIn(typed, html)
        self.assertIn('name="p1-wants_to_leave" checked', html)
        self.assertIn('<option value="wheelchair" selected>', html)
        self.assertIn('value="drinking_water" checked> Drinking water', html)
        self.assertIn('value="gas_heating" checked> Gas or heating', html)
        self.assertFalse(Visit.objects.exists())
        self.assertFalse(Person.objects.filter(family_name="Petrosyan").exists())

    def test_utilities_not_touched_are_recorded_as_not_asked(self) -> None:
        page = self.client
        self.login(self.field_member)
        html = page.get(reverse("sweeps:visit-new")).content.decode()
        self.assertIn('<select name="electricity"><option value="unknown">Not asked', html)
        response = self.post(**{"outcome": "no_answer"})
        self.assertEqual(response.status_code, 302)  # type: ignore[attr-defined]
        visit = Visit.objects.get()
        self.assertEqual((visit.electricity, visit.water, visit.gas), ("unknown",) * 3)


class AgeSaidAtVisitTests(AssignedCellTestCase):
    def test_an_age_counts_from_the_day_of_the_visit(self) -> None:
        from stranded.fieldwork.actions import record_field_visit

        record_field_visit(
            source="browser",
            operation=self.operation,
            by=self.field_member,
            data={
                "area": self.area.code,
                "outcome": "persons_present",
                "persons": [{"given_name": "Anahit", "family_name": "Petrosyan", "age_years": 73}],
            },
        )
        person = Person.objects.get(family_name="Petrosyan")
        visit = Visit.objects.get()
        self.assertEqual(person.age_on, visit.visited_at.date())
        self.assertEqual(person.approximate_birth_year, visit.visited_at.year - 73)
