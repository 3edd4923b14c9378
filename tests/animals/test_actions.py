"""Actions on a sighting through HTTP: each one recorded, audited, and the status follows."""

from __future__ import annotations

from django.urls import reverse

from stranded.animals.models import AnimalAction, Sighting
from stranded.core.models import AuditEvent
from tests.animals.base import AnimalsTestCase


class SightingActionTests(AnimalsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.sighting = self.create_sighting(needs=["food", "water", "veterinary_care"])

    def test_fed_and_watered_close_those_needs_and_keep_the_status(self) -> None:
        response = self.act(self.field_member, self.sighting, kind="fed", note="2 kg dry food")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            (response.json()["status"], response.json()["needs"]),
            ("open", ["water", "veterinary_care"]),
        )
        self.act(self.field_member, self.sighting, kind="watered")
        self.sighting.refresh_from_db()
        self.assertEqual((self.sighting.status, self.sighting.needs), ("open", ["veterinary_care"]))
        action = AnimalAction.objects.get(kind="fed")
        self.assertEqual(
            (action.by, action.team, action.note), (self.field_member, self.team, "2 kg dry food")
        )
        verbs = list(
            AuditEvent.objects.filter(target_id=str(self.sighting.pk))
            .values_list("verb", flat=True)
            .order_by("at", "id")
        )
        self.assertEqual(verbs, ["sighting.recorded", "sighting.fed", "sighting.watered"])

    def test_vet_care_puts_it_in_care(self) -> None:
        self.act(self.field_member, self.sighting, kind="vet_care", note="wound cleaned")
        self.sighting.refresh_from_db()
        self.assertEqual((self.sighting.status, self.sighting.needs_veterinary), ("in_care", False))

    def test_rescue_needs_where_it_was_taken(self) -> None:
        response = self.act(self.field_member, self.sighting, kind="rescued")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"], "taken_to: say where the animal was taken")
        response = self.act(self.field_member, self.sighting, kind="rescued", taken_to="Team base")
        self.assertEqual(response.json()["status"], "in_care")
        self.assertEqual(AnimalAction.objects.get().taken_to, "Team base")

    def test_referral_names_a_partner_that_takes_the_species(self) -> None:
        response = self.act(
            self.coordinator, self.sighting, kind="referred", partner=str(self.shelter.pk)
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["status"], "referred")
        self.assertEqual(
            AuditEvent.objects.get(verb="sighting.referred").detail["partner"], str(self.shelter.pk)
        )
        # Care given after the referral does not undo it.
        self.act(self.coordinator, self.sighting, kind="vet_care")
        self.sighting.refresh_from_db()
        self.assertEqual(self.sighting.status, "referred")
        horse = self.create_sighting(species="horse", colour="bay")
        response = self.act(self.coordinator, horse, kind="referred", partner=str(self.shelter.pk))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            "partner: Stepanakert stray animal shelter does not take Horse",
        )

    def test_owner_found_resolves_it_and_it_takes_no_more_actions(self) -> None:
        self.act(self.field_member, self.sighting, kind="owner_found", note="neighbour's dog")
        self.sighting.refresh_from_db()
        self.assertEqual(self.sighting.status, "resolved")
        response = self.act(self.field_member, self.sighting, kind="fed")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(AnimalAction.objects.count(), 1)

    def test_a_dead_animal_is_not_fed(self) -> None:
        dead = self.create_sighting(condition="dead", needs=[])
        response = self.act(self.field_member, dead, kind="fed")
        self.assertEqual(
            (response.status_code, response.json()["detail"]),
            (409, "kind: the animal was found dead"),
        )

    def test_the_htmx_form_returns_the_actions_panel(self) -> None:
        self.login(self.field_member)
        url = reverse("animals:sighting-action", args=[self.sighting.pk])
        response = self.client.post(
            url, {"kind": "fed", "note": "bowl left"}, HTTP_HX_REQUEST="true"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="actions"')
        self.assertContains(response, "Fed")
        self.assertContains(response, "bowl left")
        self.assertNotContains(response, "<html")
        response = self.client.post(url, {"kind": "referred"}, HTTP_HX_REQUEST="true")
        self.assertContains(response, "partner: choose the partner the animal is referred to")

    def test_other_teams_and_roles_cannot_act(self) -> None:
        for user in (
            self.other_field_member,
            self.tracing_officer,
            self.liaison,
            self.driver,
            self.auditor,
            self.admin,
            self.outsider,
            self.foreign_coordinator,
        ):
            response = self.act(user, self.sighting, kind="fed")
            self.assertEqual(response.status_code, 404, user.username)
            self.login(user)
            page = self.client.post(
                reverse("animals:sighting-action", args=[self.sighting.pk]), {"kind": "fed"}
            )
            self.assertEqual(page.status_code, 404, user.username)
        self.sighting.refresh_from_db()
        self.assertEqual(self.sighting.needs_food, True)
        self.assertEqual(AnimalAction.objects.count(), 0)
        self.assertEqual(Sighting.objects.get().status, "open")
