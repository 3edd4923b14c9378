"""The custody chain: each transition through the API and the page, the current location always
known, corrections as new events, nothing after a hand-over but corrections."""

from __future__ import annotations

from datetime import timedelta

from stranded.core.inputs import InputError
from stranded.core.models import AuditEvent
from stranded.remains.forms import CustodyEventForm
from stranded.remains.models import CustodyEvent, Remains
from tests.remains.base import RemainsTestCase

HOSPITAL = "Republican Medical Centre morgue, Khankendi"


class CustodyChainTests(RemainsTestCase):
    def event(self, remains: Remains, **data: object) -> object:
        return self.post_json(self.field_member, f"/api/remains/{remains.pk}/events", data)

    def test_it_follows_a_body_from_found_to_the_family(self) -> None:
        remains = self.create_remains()
        steps = [
            {"kind": "collected", "where": "Tumanyan 3"},
            {"kind": "stored_at", "where": HOSPITAL},
            {"kind": "transferred_to", "where": "Hakari bridge", "receiving_organisation": "ICRC"},
            {
                "kind": "handed_over",
                "where": "Hakari bridge crossing",
                "receiving_organisation": "family",
                "receiving_name": "son",
            },
        ]
        for step in steps:
            response = self.event(remains, **step)
            self.assertEqual(response.status_code, 201, response.content)  # type: ignore[attr-defined]
            remains.refresh_from_db()
            self.assertEqual(
                (remains.current_kind, remains.current_where), (step["kind"], step["where"])
            )
        self.assertEqual(remains.current_party, "family · son")
        kinds = list(remains.events.values_list("kind", flat=True))
        self.assertEqual(
            kinds, ["found", "collected", "stored_at", "transferred_to", "handed_over"]
        )
        audit = AuditEvent.objects.filter(verb="remains.custody", target_id=str(remains.pk))
        self.assertEqual(sorted(a.detail["kind"] for a in audit), sorted(s["kind"] for s in steps))
        detail = self.client.get(f"/remains/{remains.pk}/")
        self.assertContains(detail, "Handed over</strong> · Hakari bridge crossing · family · son")

    def test_the_page_form_records_an_event(self) -> None:
        remains = self.create_remains()
        self.login(self.field_member)
        response = self.client.post(
            f"/remains/{remains.pk}/events/", {"kind": "stored_at", "where": HOSPITAL}, follow=True
        )
        self.assertContains(response, f"{remains.code}: stored at recorded.")
        remains.refresh_from_db()
        self.assertEqual((remains.current_kind, remains.current_where), ("stored_at", HOSPITAL))

    def test_a_transfer_needs_a_receiving_party_and_a_place(self) -> None:
        remains = self.create_remains()
        response = self.event(remains, kind="transferred_to", where="Hakari bridge")
        self.assertEqual(response.status_code, 422)  # type: ignore[attr-defined]
        self.assertEqual(
            response.json()["detail"],  # type: ignore[attr-defined]
            f"{remains.code}: receiving_organisation: name who receives the body",
        )
        response = self.event(remains, kind="collected", where="")
        self.assertIn("where: is required", response.json()["detail"])  # type: ignore[attr-defined]
        response = self.event(remains, kind="found", where="again")
        self.assertIn("kind: 'found' is not one of", response.json()["detail"])  # type: ignore[attr-defined]
        self.assertEqual(remains.events.count(), 1)

    def test_the_form_reports_every_fault_of_an_event(self) -> None:
        with self.assertRaises(InputError) as raised:
            CustodyEventForm.check({"kind": "handed_over", "corrects": "x", "lat": "40.1"})
        fields = [field for field, _message in raised.exception.errors]
        self.assertEqual(fields, ["lat", "where", "receiving_organisation", "corrects"])

    def test_a_correction_is_a_new_event_and_moves_the_current_location(self) -> None:
        remains = self.create_remains()
        self.event(remains, kind="stored_at", where="School 5 gym")
        wrong = remains.events.get(kind="stored_at")
        response = self.event(
            remains,
            kind="correction",
            where=HOSPITAL,
            corrects=str(wrong.pk),
            note="stored at the hospital, not the school",
        )
        self.assertEqual(response.status_code, 201)  # type: ignore[attr-defined]
        remains.refresh_from_db()
        self.assertEqual((remains.current_kind, remains.current_where), ("stored_at", HOSPITAL))
        wrong.refresh_from_db()
        self.assertEqual(wrong.where, "School 5 gym")  # the corrected event is kept as it was
        self.assertEqual(CustodyEvent.objects.get(kind="correction").corrects, wrong)

    def test_a_correction_of_an_older_event_leaves_the_current_location(self) -> None:
        remains = self.create_remains()
        found = remains.events.get()
        self.event(remains, kind="stored_at", where=HOSPITAL)
        self.event(remains, kind="correction", where="Tumanyan 3, cellar", corrects=str(found.pk))
        remains.refresh_from_db()
        self.assertEqual((remains.current_kind, remains.current_where), ("stored_at", HOSPITAL))

    def test_after_a_hand_over_only_corrections_follow(self) -> None:
        remains = self.create_remains()
        self.event(
            remains,
            kind="handed_over",
            where="Hakari bridge",
            receiving_organisation="Armenian Ministry of Health",
        )
        response = self.event(remains, kind="stored_at", where=HOSPITAL)
        self.assertEqual(response.status_code, 422)  # type: ignore[attr-defined]
        self.assertIn("was handed over; only a correction", response.json()["detail"])  # type: ignore[attr-defined]

    def test_a_correction_must_name_an_event_of_the_same_chain(self) -> None:
        remains = self.create_remains()
        other = self.create_remains()
        response = self.event(
            remains, kind="correction", where="x", corrects=str(other.events.get().pk)
        )
        self.assertEqual(response.status_code, 422)  # type: ignore[attr-defined]
        self.assertIn("no such event in the chain of", response.json()["detail"])  # type: ignore[attr-defined]
        response = self.event(remains, kind="correction", where="x", corrects="event 1")
        self.assertEqual(response.status_code, 422)  # type: ignore[attr-defined]
        self.assertEqual(
            response.json()["detail"],  # type: ignore[attr-defined]
            f"{remains.code}: corrects: 'event 1' is not a reference",
        )
        self.assertEqual(remains.events.count(), 1)

    def test_an_event_dated_before_the_current_one_must_be_a_correction(self) -> None:
        from django.utils import timezone

        remains = self.create_remains(found_at=(timezone.now() - timedelta(hours=5)).isoformat())
        stored = self.event(remains, kind="stored_at", where=HOSPITAL)
        self.assertEqual(stored.status_code, 201)  # type: ignore[attr-defined]
        remains.refresh_from_db()
        earlier = (remains.current_at.replace(microsecond=0) - timedelta(hours=1)).isoformat()
        late = self.event(
            remains,
            kind="handed_over",
            where="Hakari bridge crossing",
            receiving_organisation="family",
            receiving_name="son",
            at=earlier,
        )
        self.assertEqual(late.status_code, 422)  # type: ignore[attr-defined]
        self.assertIn("record a correction", late.content.decode())  # type: ignore[attr-defined]
        remains.refresh_from_db()
        self.assertEqual(remains.current_kind, "stored_at")

    def test_every_record_has_a_current_location(self) -> None:
        self.create_remains()
        self.create_remains(found_where="", lat=39.81, lon=46.75)
        self.post_json(
            self.field_member,
            "/api/sweeps/visits",
            self.visit_data(self.cell, outcome="deceased_found"),
        )
        self.assertEqual(Remains.objects.count(), 3)
        for remains in Remains.objects.all():
            last = remains.events.order_by("at", "recorded_at").last()
            self.assertIsNotNone(last)
            self.assertTrue(remains.current_where)
            self.assertEqual(remains.current_where, last.where)  # type: ignore[union-attr]

    def test_a_correction_of_a_correction_applies_and_a_later_one_of_an_old_event_does_not(
        self,
    ) -> None:
        remains = self.create_remains()
        found = remains.events.get()
        self.event(remains, kind="stored_at", where="School 5 gym")
        first = self.event(
            remains,
            kind="correction",
            where="Hospital",
            corrects=str(remains.events.get(kind="stored_at").pk),
        )
        self.event(remains, kind="correction", where=HOSPITAL, corrects=first.json()["id"])  # type: ignore[attr-defined]
        remains.refresh_from_db()
        self.assertEqual((remains.current_kind, remains.current_where), ("stored_at", HOSPITAL))
        self.event(remains, kind="correction", where="Tumanyan 3, cellar", corrects=str(found.pk))
        remains.refresh_from_db()
        self.assertEqual((remains.current_kind, remains.current_where), ("stored_at", HOSPITAL))
        self.assertEqual(remains.events.count(), 5)
