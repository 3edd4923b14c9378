"""The driver's page: only their own trips, boarding, hand-over and what it tells the families."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.evacuation.models import Boarding, EvacuationRequest, Handover, OutboxMessage, Trip
from stranded.tracing.actions import open_inquiry
from stranded.tracing.models import Note, Person
from tests.evacuation.base import EvacuationTestCase


class FailingChannel:
    name = "sms"

    def send(self, message: object) -> None:
        raise RuntimeError("gateway down")


class DriverTripTests(EvacuationTestCase):
    def setUp(self) -> None:
        self.trip = self.published_trip()

    def board_all(self) -> None:
        self.login(self.driver)
        statuses = {f"status-{p.pk}": "boarded" for p in (self.arsen, self.anahit)}
        self.client.post(reverse("evacuation:trip-boarding", args=[self.trip.pk]), statuses)

    def hand_over(self, persons: list[Person], reason: str = "") -> object:
        return self.client.post(
            reverse("evacuation:trip-handover", args=[self.trip.pk]),
            {
                "at": "2023-10-02T14:20",
                "organisation": "Armenian Red Cross",
                "received_by": "Narine M.",
                "persons": [str(p.pk) for p in persons],
                "reason": reason,
            },
        )

    def test_the_driver_sees_the_manifest_of_their_trip_and_reads_are_logged(self) -> None:
        self.login(self.driver)
        page = self.client.get(reverse("evacuation:my-trip"))
        self.assertContains(page, "Арсен Акопян")
        self.assertContains(page, "+374 91 000001")
        self.assertContains(page, "escort: daughter")
        self.assertContains(page, "Tumanyan 3")
        reads = AuditEvent.objects.filter(actor=self.driver, verb="read")
        self.assertEqual({e.target_id for e in reads}, {str(self.arsen.pk), str(self.anahit.pk)})

    def test_a_driver_gets_404_for_another_vehicles_trip(self) -> None:
        other = self.create_user("driver2", "driver")
        self.login(other)
        page = self.client.get(reverse("evacuation:my-trip"))
        self.assertNotContains(page, "Акопян")
        for url in (
            reverse("evacuation:my-trip-detail", args=[self.trip.pk]),
            reverse("evacuation:trip-detail", args=[self.trip.pk]),
            reverse("evacuation:manifest-csv", args=[self.trip.pk]),
            f"/api/evacuation/trips/{self.trip.pk}",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        response = self.client.post(
            reverse("evacuation:trip-boarding", args=[self.trip.pk]),
            {f"status-{self.arsen.pk}": "boarded"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Boarding.objects.get(person=self.arsen).status, "expected")

    def test_other_roles_do_not_see_the_drivers_page_or_the_trip(self) -> None:
        self.assert_status_by_role("get", reverse("evacuation:my-trip"), {"driver": 200})
        url = reverse("evacuation:trip-detail", args=[self.trip.pk])
        self.assert_status_by_role("get", url, {"coordinator": 200, "driver": 200})

    def test_boarding_marks_persons_evacuated_and_no_shows_stay_requested(self) -> None:
        self.login(self.driver)
        statuses = {f"status-{self.arsen.pk}": "boarded", f"status-{self.anahit.pk}": "no_show"}
        response = self.client.post(
            reverse("evacuation:trip-boarding", args=[self.trip.pk]), statuses
        )
        self.assertEqual(response.status_code, 302)
        self.arsen.refresh_from_db()
        self.anahit.refresh_from_db()
        self.assertEqual(
            (self.arsen.status, self.anahit.status), ("evacuated", "evacuation_requested")
        )
        statuses = dict(Boarding.objects.values_list("person", "status"))
        self.assertEqual(statuses, {self.arsen.pk: "boarded", self.anahit.pk: "no_show"})
        self.assertEqual(EvacuationRequest.objects.get().state, "boarded")

    def test_the_page_in_armenian_posts_the_choices_the_server_knows(self) -> None:
        """The words are Armenian, the values stay codes: a translated value was ignored."""
        self.driver.language = "hy"
        self.driver.save(update_fields=["language"])
        self.login(self.driver)
        page = self.client.get(reverse("evacuation:my-trip")).content.decode()
        self.assertIn(f'name="status-{self.arsen.pk}" value="boarded"', page)
        self.assertIn(f'name="status-{self.arsen.pk}" value="no_show"', page)
        self.assertIn("Арсен Акопян</strong> · Անվասայլակ ·", page)
        # Coordinates keep their point: "geo:39,8155,46,7519" sends the navigation app astray.
        self.assertIn('href="geo:39.8155,46.7519"', page)

    def test_the_hand_over_changes_status_notes_the_inquiry_and_queues_a_message(self) -> None:
        inquiry = open_inquiry(
            operation=self.operation,
            channel="phone",
            inquirer={"name": "Lusine", "contact": "+374 99 123456", "relation": "daughter"},
            sought={"given_name": "Arsen", "family_name": "Hakobyan"},
            by=self.tracing_officer,
        )
        inquiry.matched_person = self.arsen
        inquiry.save(update_fields=["matched_person"])
        self.board_all()
        response = self.hand_over([self.arsen, self.anahit])
        self.assertEqual(response.status_code, 302)
        handover = Handover.objects.get()
        self.assertEqual(
            (handover.organisation, handover.received_by), ("Armenian Red Cross", "Narine M.")
        )
        self.assertEqual(set(handover.persons.all()), {self.arsen, self.anahit})
        for person in (self.arsen, self.anahit):
            person.refresh_from_db()
            self.assertEqual(person.status, "handed_over")
        note = Note.objects.filter(inquiry=inquiry).latest("created_at")
        self.assertIn("handed over at Hakari bridge crossing to Armenian Red Cross", note.text)
        self.assertEqual(note.status, "believed_alive")
        message = OutboxMessage.objects.get()
        self.assertEqual(
            (message.recipient, message.status, message.inquiry),
            ("+374 99 123456", "queued", inquiry),
        )
        self.assertIn(inquiry.reference, message.text)
        self.trip.refresh_from_db()
        self.assertEqual(self.trip.status, "handed_over")
        self.assertEqual(EvacuationRequest.objects.get().state, "handed_over")
        self.login(self.tracing_officer)
        page = self.client.get(reverse("tracing:inquiry-detail", args=[inquiry.pk]))
        self.assertContains(page, "handed over at Hakari bridge crossing")

    def test_the_family_is_written_to_in_the_language_of_the_officer_who_heard_them(self) -> None:
        self.tracing_officer.language = "ru"
        self.tracing_officer.save(update_fields=["language"])
        inquiry = open_inquiry(
            operation=self.operation,
            channel="phone",
            inquirer={"name": "Лусине", "contact": "+374 99 123456", "relation": "дочь"},
            sought={"given_name": "Arsen", "family_name": "Hakobyan"},
            by=self.tracing_officer,
        )
        inquiry.matched_person = self.arsen
        inquiry.save(update_fields=["matched_person"])
        self.board_all()
        self.hand_over([self.arsen, self.anahit])
        message = OutboxMessage.objects.get()
        self.assertIn("02.10.2023 14:20", message.text)  # Russian dates, the driver's are not
        note = Note.objects.filter(inquiry=inquiry).latest("created_at")
        self.assertIn("2023-10-02 14:20", note.text)

    def test_only_persons_who_boarded_can_be_handed_over(self) -> None:
        self.login(self.driver)
        self.client.post(
            reverse("evacuation:trip-boarding", args=[self.trip.pk]),
            {f"status-{self.arsen.pk}": "boarded"},
        )
        response = self.client.post(
            f"/api/evacuation/trips/{self.trip.pk}/handover",
            {
                "at": "2023-10-02T14:20:00Z",
                "organisation": "ARC",
                "received_by": "N.",
                "persons": [str(self.arsen.pk), str(self.anahit.pk)],
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("handover.persons[2]: has not boarded", response.json()["detail"])
        self.assertEqual(Handover.objects.count(), 0)
        self.arsen.refresh_from_db()
        self.assertEqual(self.arsen.status, "evacuated")

    def test_the_outbox_is_sent_by_the_configured_channel(self) -> None:
        open_inquiry(
            operation=self.operation,
            channel="phone",
            by=self.tracing_officer,
            inquirer={"name": "Lusine", "contact": "+374 99 123456"},
            sought={"given_name": "Arsen", "family_name": "Hakobyan"},
        )
        from stranded.tracing.models import Inquiry

        Inquiry.objects.update(matched_person=self.arsen)
        self.board_all()
        self.hand_over([self.arsen], reason="Anahit went on to the hospital")
        with override_settings(
            STRANDED_OUTBOX_CHANNEL="tests.evacuation.test_driver_trip.FailingChannel"
        ):
            out = StringIO()
            call_command("outbox", "send", stdout=out)
        message = OutboxMessage.objects.get()
        self.assertEqual(
            (message.status, message.error, out.getvalue().strip()),
            ("failed", "gateway down", "outbox: 0 sent, 1 failed"),
        )
        OutboxMessage.objects.update(status="queued")
        with self.assertLogs("stranded.evacuation.outbox", "INFO") as logs:
            call_command("outbox", "send", stdout=StringIO())
        message.refresh_from_db()
        self.assertEqual(message.status, "sent")
        self.assertNotIn("+374", "".join(logs.output))
        self.assertNotIn("Lusine", "".join(logs.output))

    def test_the_field_member_and_liaison_cannot_record_a_handover(self) -> None:
        self.board_all()
        for user in (self.field_member, self.liaison, self.tracing_officer):
            self.login(user)
            self.assertEqual(self.hand_over([self.arsen]).status_code, 404)  # type: ignore[attr-defined]
        self.assertEqual(Handover.objects.count(), 0)
        self.assertEqual(Trip.objects.get().status, "planned")


class BoardingApiTests(EvacuationTestCase):
    def test_the_api_records_boarding_and_names_a_person_not_on_the_manifest(self) -> None:
        trip = self.published_trip()
        stranger = self.person("Levon", "Sargsyan")
        self.login(self.driver)
        url = f"/api/evacuation/trips/{trip.pk}/boarding"
        statuses = {str(self.arsen.pk): "boarded", str(stranger.pk): "boarded"}
        bad = self.client.post(url, {"statuses": statuses}, content_type="application/json")
        self.assertEqual(bad.status_code, 422)
        self.assertIn("boarding[2].person: not on the manifest", bad.json()["detail"])
        self.assertEqual(Boarding.objects.get(person=self.arsen).status, "expected")
        good = self.client.post(
            url, {"statuses": {str(self.arsen.pk): "boarded"}}, content_type="application/json"
        )
        self.assertEqual(good.status_code, 200)
        self.assertEqual(Boarding.objects.get(person=self.arsen).status, "boarded")
        listed = self.client.get("/api/evacuation/trips").json()
        self.assertEqual([t["id"] for t in listed], [str(trip.pk)])


class HandoverOnceTests(EvacuationTestCase):
    """Corrections after review: a person is handed over (and the family told) once; a
    boarding corrected puts the person's status back; a trip under way survives a new plan."""

    setUp = DriverTripTests.setUp
    board_all = DriverTripTests.board_all
    hand_over = DriverTripTests.hand_over

    def test_a_person_is_handed_over_once_and_the_family_told_once(self) -> None:
        open_inquiry(
            operation=self.operation,
            inquirer={"name": "Lusine", "contact": "+374 99 111111"},
            channel="phone",
            sought={"given_name": "Arsen", "family_name": "Hakobyan"},
            by=self.tracing_officer,
        )
        self.board_all()
        first = self.hand_over([self.arsen], reason="Anahit went on to the hospital")
        self.assertEqual(first.status_code, 302)  # type: ignore[attr-defined]
        messages_before = OutboxMessage.objects.count()
        again = self.hand_over([self.arsen, self.anahit])
        self.assertEqual(again.status_code, 302)  # type: ignore[attr-defined]
        self.assertEqual(Handover.objects.count(), 1)
        self.assertEqual(OutboxMessage.objects.count(), messages_before)
        page = self.client.get(reverse("evacuation:my-trip"))
        self.assertContains(page, "handed over")
        self.assertNotContains(page, f'name="persons" value="{self.arsen.pk}"')
        self.assertContains(page, f'name="persons" value="{self.anahit.pk}"')

    def test_a_boarding_corrected_to_no_show_puts_the_person_back(self) -> None:
        self.board_all()
        self.client.post(
            reverse("evacuation:trip-boarding", args=[self.trip.pk]),
            {f"status-{self.anahit.pk}": "no_show"},
        )
        self.anahit.refresh_from_db()
        self.assertEqual(self.anahit.status, "evacuation_requested")

    def test_the_driver_keeps_a_trip_under_way_when_a_new_plan_is_published(self) -> None:
        from stranded.evacuation.actions.publish import publish_plan

        self.login(self.driver)
        self.client.post(
            reverse("evacuation:trip-boarding", args=[self.trip.pk]),
            {f"status-{self.arsen.pk}": "boarded"},
        )
        self.request([(self.person("Gevorg", "Sargsyan"), "seated")], offset=0.002)
        publish_plan(plan=self.computed_plan(), by=self.coordinator)
        self.trip.refresh_from_db()
        self.assertEqual((self.trip.plan.status, self.trip.status), ("superseded", "planned"))
        self.login(self.driver)
        page = self.client.get(reverse("evacuation:my-trip-detail", args=[self.trip.pk]))
        self.assertEqual(page.status_code, 200)
        partial = self.hand_over([self.arsen], reason="Anahit stayed: not on this trip")
        self.assertEqual(partial.status_code, 302)  # type: ignore[attr-defined]
        self.arsen.refresh_from_db()
        self.assertEqual(self.arsen.status, "handed_over")
