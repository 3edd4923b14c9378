"""Pet inquiries: opened by tracing roles, matched against sightings, confirmed by a person."""

from __future__ import annotations

from django.urls import reverse

from stranded.animals.models import AnimalAction, PetCandidate, PetInquiry
from stranded.core.models import AuditEvent
from tests.animals.base import AnimalsTestCase


class PetInquiryTests(AnimalsTestCase):
    def test_a_new_inquiry_is_matched_against_sightings_of_its_species(self) -> None:
        dog = self.create_sighting()
        self.create_sighting(species="cat")
        self.create_sighting(self.coordinator, colour="white", markings="", lat=39.9055)
        inquiry = self.create_pet_inquiry()
        candidate = PetCandidate.objects.get(inquiry=inquiry)
        self.assertEqual(candidate.sighting, dog)
        self.assertGreater(candidate.score, 0.9)
        self.assertIn("colour: 'чёрный' ~ 'black' 100%", candidate.reasons)
        self.login(self.tracing_officer)
        page = self.client.get(reverse("animals:pet-detail", args=[inquiry.pk]))
        self.assertContains(page, "Confirm match")
        self.assertContains(page, "distance: 0.2 km")
        api = self.client.get(f"/api/animals/pets/{inquiry.pk}/candidates").json()
        self.assertEqual([c["sighting"]["id"] for c in api], [str(dog.pk)])

    def test_the_page_form_opens_an_inquiry(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.post(
            reverse("animals:pet-new"),
            {
                "inquirer_name": "Gohar Canary",
                "species": "cat",
                "colour": "ginger",
                "address_text": "Mashtots 4",
            },
        )
        inquiry = PetInquiry.objects.get()
        self.assertRedirects(response, reverse("animals:pet-detail", args=[inquiry.pk]))
        self.assertEqual((inquiry.species, inquiry.created_by), ("cat", self.tracing_officer))
        self.assertTrue(
            AuditEvent.objects.filter(verb="pet_inquiry.opened", target_id=str(inquiry.pk)).exists()
        )
        bad = self.client.post(reverse("animals:pet-new"), {"species": "cat"})
        self.assertContains(bad, "inquirer_name: is required", status_code=400)

    def test_confirming_a_match_matches_the_inquiry_and_finds_the_owner(self) -> None:
        dog = self.create_sighting()
        inquiry = self.create_pet_inquiry()
        self.login(self.tracing_officer)
        response = self.client.post(
            reverse("animals:pet-confirm", args=[inquiry.pk, dog.pk]),
            {"note": "Family recognised her from the photo"},
        )
        self.assertRedirects(response, reverse("animals:pet-detail", args=[inquiry.pk]))
        inquiry.refresh_from_db()
        dog.refresh_from_db()
        self.assertEqual((inquiry.status, inquiry.matched_sighting), ("matched", dog))
        self.assertEqual(dog.status, "resolved")
        action = AnimalAction.objects.get(sighting=dog)
        self.assertEqual(
            (action.kind, action.note, action.by),
            ("owner_found", "Family recognised her from the photo", self.tracing_officer),
        )
        self.assertEqual(PetCandidate.objects.get(inquiry=inquiry).decision, "confirmed")
        event = AuditEvent.objects.get(verb="pet_inquiry.matched")
        self.assertEqual(event.detail, {"sighting": str(dog.pk)})
        again = self.post_json(
            self.tracing_officer,
            f"/api/animals/pets/{inquiry.pk}/confirm",
            {"sighting_id": str(dog.pk)},
        )
        self.assertEqual(
            (again.status_code, again.json()["detail"]), (409, "inquiry: the inquiry is matched")
        )

    def test_confirm_through_the_api_refuses_another_species(self) -> None:
        cat = self.create_sighting(species="cat")
        inquiry = self.create_pet_inquiry()
        response = self.post_json(
            self.coordinator,
            f"/api/animals/pets/{inquiry.pk}/confirm",
            {"sighting_id": str(cat.pk)},
        )
        self.assertEqual(response.status_code, 409)
        inquiry.refresh_from_db()
        self.assertEqual(inquiry.status, "open")

    def test_the_inquirer_is_shown_to_tracing_roles_only_and_reads_are_logged(self) -> None:
        inquiry = self.create_pet_inquiry()
        url = reverse("animals:pet-detail", args=[inquiry.pk])
        for user, shown in (
            (self.tracing_officer, True),
            (self.coordinator, True),
            (self.field_member, False),
        ):
            self.login(user)
            for page_url in (url, reverse("animals:pet-list")):
                page = self.client.get(page_url)
                self.assertEqual(page.status_code, 200)
                self.assertEqual("Lusine Canary" in page.content.decode(), shown, user.username)
            api = self.client.get(f"/api/animals/pets/{inquiry.pk}").json()
            self.assertEqual("inquirer_name" in api, shown)
            listed = self.client.get("/api/animals/pets").json()
            self.assertEqual("inquirer_name" in listed[0], shown)
            reads = AuditEvent.objects.filter(actor=user, verb="read", target_id=str(inquiry.pk))
            self.assertEqual(reads.count(), 4 if shown else 0, user.username)

    def test_who_may_open_and_confirm(self) -> None:
        dog = self.create_sighting()
        inquiry = self.create_pet_inquiry()
        data = {"inquirer_name": "X", "species": "dog"}
        for user in (
            self.field_member,
            self.liaison,
            self.driver,
            self.auditor,
            self.admin,
            self.outsider,
        ):
            self.assertEqual(self.post_json(user, "/api/animals/pets", data).status_code, 404)
            response = self.post_json(
                user, f"/api/animals/pets/{inquiry.pk}/confirm", {"sighting_id": str(dog.pk)}
            )
            self.assertEqual(response.status_code, 404, user.username)
        self.login(self.foreign_coordinator)
        self.assertEqual(self.client.get(f"/api/animals/pets/{inquiry.pk}").status_code, 404)
        self.assertEqual(PetInquiry.objects.count(), 1)
        inquiry.refresh_from_db()
        self.assertEqual(inquiry.status, "open")

    def test_a_named_swept_building_gives_the_inquiry_its_place(self) -> None:
        animals = [{"species": "dog", "count": 1, "condition": "thin", "needs": ["food"]}]
        response = self.post_json(
            self.field_member, "/api/sweeps/visits", self.visit_data(self.cell, animals=animals)
        )
        self.assertEqual(response.status_code, 201, response.content)
        inquiry = self.create_pet_inquiry(
            address_text="AZATAMARTIKNERI 12", lat=None, lon=None, colour="black"
        )
        self.assertEqual(inquiry.address.text, "Azatamartikneri 12")  # type: ignore[union-attr]
        candidate = PetCandidate.objects.get(inquiry=inquiry)
        self.assertIn("distance: 0.0 km", candidate.reasons)
        self.assertIn("colour: not known on both sides", candidate.reasons)

    def test_closing_an_inquiry_stops_its_matching(self) -> None:
        inquiry = self.create_pet_inquiry()
        self.login(self.tracing_officer)
        response = self.client.post(
            reverse("animals:pet-close", args=[inquiry.pk]), {"reason": "family stopped asking"}
        )
        self.assertRedirects(response, reverse("animals:pet-detail", args=[inquiry.pk]))
        inquiry.refresh_from_db()
        self.assertEqual(
            (inquiry.status, inquiry.close_reason), ("closed", "family stopped asking")
        )
        event = AuditEvent.objects.get(verb="pet_inquiry.closed")
        self.assertEqual(event.target_id, str(inquiry.pk))
        self.assertNotIn("family stopped asking", str(event.detail))
        page = self.client.get(reverse("animals:pet-detail", args=[inquiry.pk]))
        self.assertContains(page, "(family stopped asking)")
        self.create_sighting()
        self.assertFalse(PetCandidate.objects.filter(inquiry=inquiry).exists())
        again = self.post_json(self.coordinator, f"/api/animals/pets/{inquiry.pk}/close", {})
        self.assertEqual(
            (again.status_code, again.json()["detail"]), (409, "inquiry: the inquiry is closed")
        )
        denied = self.post_json(self.field_member, f"/api/animals/pets/{inquiry.pk}/close", {})
        self.assertEqual(denied.status_code, 404)
