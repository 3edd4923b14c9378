"""Recording visits: persons matched at once, leads followed, utilities kept, scope enforced."""

from __future__ import annotations

from django.urls import reverse

from stranded.core.inputs import InputError
from stranded.core.models import AuditEvent
from stranded.fieldwork.actions import record_field_visit
from stranded.places.models import Address
from stranded.sweeps.actions import assign_area
from stranded.sweeps.models import Visit, VisitPerson
from stranded.tracing.actions import open_inquiry
from stranded.tracing.models import Lead, Match, Note, Person
from tests.sweeps.base import SweepsTestCase


class RecordVisitTests(SweepsTestCase):
    def setUp(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)

    def post_visit(self, user: object, data: dict[str, object]) -> object:
        self.login(user)  # type: ignore[arg-type]
        return self.client.post("/api/sweeps/visits", data, content_type="application/json")

    def test_it_matches_a_person_met_against_an_open_inquiry(self) -> None:
        inquiry = open_inquiry(
            operation=self.operation,
            inquirer={"name": "Lusine"},
            channel="phone",
            sought={
                "given_name": "Arsen",
                "family_name": "Hakobyan",
                "birth_year": 1941,
                "sex": "male",
                "address": "Tumanyan 3",
                "lat": self.cell.center_lat,
                "lon": self.cell.center_lon,
            },
            by=self.tracing_officer,
        )
        lead = Lead.objects.get(inquiry=inquiry)
        self.assertEqual(lead.area, self.cell)
        person = {
            "given_name": "Арсен",
            "family_name": "Акопян",
            "birth_year": 1941,
            "sex": "male",
            "condition": "needs_care",
            "wants_to_leave": True,
            "consent_to_leave": True,
            "mobility": "wheelchair",
        }
        response = self.post_visit(
            self.field_member,
            self.visit_data(
                self.cell, outcome="persons_present", lead=str(lead.pk), persons=[person]
            ),
        )
        self.assertEqual(response.status_code, 201, response.content)
        met = VisitPerson.objects.get()
        self.assertTrue(met.consent_to_leave)
        self.assertIsNotNone(met.consent_recorded_at)
        self.assertEqual(met.person.status, "evacuation_requested")
        self.assertTrue(met.person.wheelchair)
        match = Match.objects.get(inquiry=inquiry)
        self.assertEqual({match.left_id, match.right_id}, {inquiry.sought_id, met.person_id})
        self.assertEqual(match.band, "likely")
        lead.refresh_from_db()
        self.assertEqual(lead.status, Lead.Status.VISITED)
        note = Note.objects.filter(inquiry=inquiry).latest("created_at")
        self.assertIn(f"by Team A in {self.cell.code}: Persons present, 1 person(s) met", note.text)

    def test_it_keeps_the_utilities_of_the_building(self) -> None:
        self.post_visit(self.field_member, self.visit_data(self.cell))
        address = Address.objects.get()
        self.assertEqual(
            (address.electricity, address.water, address.gas), ("not_working", "working", "unknown")
        )
        self.assertEqual(address.area, self.cell)
        self.post_visit(self.field_member, self.visit_data(self.cell, electricity="working"))
        address.refresh_from_db()
        self.assertEqual(address.electricity, "working")
        self.assertEqual(Address.objects.count(), 1)

    def test_a_field_member_cannot_record_in_an_area_the_team_does_not_hold(self) -> None:
        response = self.post_visit(self.other_field_member, self.visit_data(self.cell))
        self.assertEqual(response.status_code, 422)
        self.assertIn("is not held by your team", response.json()["detail"])
        self.assertEqual(Visit.objects.count(), 0)

    def test_bad_input_names_the_field_and_saves_nothing(self) -> None:
        data = self.visit_data(
            self.cell,
            outcome="persons_present",
            persons=[{"given_name": "Anna", "birth_year": "19x1"}],
        )
        response = self.post_visit(self.field_member, data)
        self.assertEqual(response.status_code, 422)
        expected = "persons[1].birth_year: '19x1' is not a whole number"
        self.assertEqual(response.json()["detail"], expected)
        self.assertEqual((Visit.objects.count(), Person.objects.count()), (0, 0))

    def test_a_lead_that_is_no_id_or_not_visible_is_named_and_nothing_saved(self) -> None:
        unknown = "00000000-0000-4000-8000-000000000000"
        cases = [
            ("nope", 422, "lead: 'nope' is not a reference"),
            (unknown, 404, "lead: no such lead in your areas"),
        ]
        for lead, status, detail in cases:
            with self.subTest(lead):
                response = self.post_visit(self.field_member, self.visit_data(self.cell, lead=lead))
                self.assertEqual(response.status_code, status, response.content)
                self.assertEqual(response.json()["detail"], detail)
        self.assertEqual((Visit.objects.count(), Address.objects.count()), (0, 0))

    def test_a_field_forms_place_that_is_no_id_or_unknown_is_named(self) -> None:
        # The place of the gazetteer comes from the XLSForm's list (the API does not take it).
        unknown = "00000000-0000-4000-8000-000000000000"
        cases = [
            ("17", "place: '17' is not a reference"),
            (unknown, f"place: '{unknown}' is not a place of the gazetteer"),
        ]
        for place, message in cases:
            with self.subTest(place), self.assertRaises(InputError) as raised:
                record_field_visit(
                    operation=self.operation,
                    data=self.visit_data(self.cell, place=place),
                    by=self.field_member,
                    source="odk",
                )
            self.assertEqual(str(raised.exception), message)
        self.assertEqual((Visit.objects.count(), Address.objects.count()), (0, 0))

    def test_reading_a_visit_logs_a_read_of_each_person_met(self) -> None:
        persons = [{"given_name": "Anna", "family_name": "Grigoryan"}]
        response = self.post_visit(
            self.field_member,
            self.visit_data(self.cell, outcome="persons_present", persons=persons),
        )
        visit_id = response.json()["id"]
        person = Person.objects.get(family_name="Grigoryan")
        self.login(self.tracing_officer)
        page = self.client.get(reverse("sweeps:visit-detail", args=[visit_id]))
        self.assertContains(page, "Grigoryan")
        self.assertTrue(
            AuditEvent.objects.filter(
                actor=self.tracing_officer, verb="read", target_id=str(person.pk)
            ).exists()
        )

    def test_other_teams_and_roles_do_not_see_the_visit(self) -> None:
        response = self.post_visit(self.field_member, self.visit_data(self.cell))
        visit_id = response.json()["id"]
        for user in (
            self.other_field_member,
            self.driver,
            self.auditor,
            self.admin,
            self.outsider,
            self.foreign_coordinator,
        ):
            self.login(user)
            page = self.client.get(reverse("sweeps:visit-detail", args=[visit_id]))
            self.assertEqual(page.status_code, 404, user.username)

    def test_a_field_member_sees_persons_only_in_areas_the_team_holds(self) -> None:
        person = Person.objects.create(
            operation=self.operation, family_name="Avetisyan", area=self.cell
        )
        url = reverse("tracing:person-detail", args=[person.pk])
        self.login(self.field_member)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.login(self.other_field_member)
        self.assertEqual(self.client.get(url).status_code, 404)
