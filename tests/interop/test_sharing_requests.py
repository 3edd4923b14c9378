"""A sharing request's life through HTTP, per role: drafted, approved by a coordinator, approved
again by the designated second approver, downloaded by the recipient with the token (audited with
what it contained), expired, revoked; the command line exports only what is approved."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from stranded.core.models import AuditEvent
from stranded.interop import pfif
from stranded.interop.actions import designate_approver
from stranded.interop.models import SharingDownload, SharingRequest
from stranded.tracing.actions import record_person
from tests.base import StrandedTestCase


class SharingRequestTests(StrandedTestCase):
    def setUp(self) -> None:
        self.persons = [
            record_person(
                operation=self.operation,
                source="field",
                status="located",
                by=self.coordinator,
                data={"given_name": given, "family_name": "Petrosyan", "consent_sharing": consent},
            )
            for given, consent in (("Anahit", True), ("Gohar", False))
        ]
        designate_approver(
            operation=self.operation,
            user=self.tracing_officer,
            capacity="tracing_lead",
            by=self.coordinator,
        )

    def draft(self, user: Any = None, **extra: Any) -> SharingRequest:
        self.login(user or self.liaison)
        data = {
            "recipient": "ARCS tracing",
            "purpose": "family links",
            "legal_basis": "vital_interest",
            "dataset": "pfif",
            "person_fields": ["sex", "notes"],
            "status": ["located"],
            "expires_at": (timezone.now() + timedelta(days=7)).strftime("%Y-%m-%d %H:%M"),
        }
        data.update(extra)
        response = self.client.post("/sharing/requests/", data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        return SharingRequest.objects.latest("created_at")

    def approve(self, user: Any, request: SharingRequest) -> Any:
        self.login(user)
        return self.client.post(f"/sharing/requests/{request.pk}/approve")

    def authorise(self, request: SharingRequest) -> str:
        self.assertEqual(self.approve(self.coordinator, request).status_code, 302)
        response = self.approve(self.tracing_officer, request)
        self.assertEqual(response.status_code, 200)
        match = re.search(r"/sharing/download/([\w-]+)", response.content.decode())
        assert match is not None
        return match.group(0)

    def test_it_lives_draft_approved_twice_downloaded_expired_revoked(self) -> None:
        request = self.draft()
        self.assertEqual((request.status, request.created_by), ("draft", self.liaison))
        # Only a coordinator approves first; a liaison or the tracing lead cannot.
        self.assertEqual(self.approve(self.liaison, request).status_code, 403)
        self.assertEqual(self.approve(self.tracing_officer, request).status_code, 403)
        self.assertEqual(self.approve(self.field_member, request).status_code, 404)
        self.assertEqual(self.approve(self.coordinator, request).status_code, 302)
        request.refresh_from_db()
        self.assertEqual(request.status, "approved")
        self.assertEqual(request.records, [str(p.pk) for p in self.persons])
        # Personal data needs a second approver, another person, designated.
        self.assertEqual(self.approve(self.coordinator, request).status_code, 403)
        self.assertEqual(self.approve(self.liaison, request).status_code, 403)
        response = self.approve(self.tracing_officer, request)
        self.assertEqual(response.status_code, 200)
        link = re.search(r"/sharing/download/([\w-]+)", response.content.decode())
        assert link is not None
        request.refresh_from_db()
        self.assertEqual(request.status, "authorised")
        self.assertNotIn(link.group(1), request.token_hash)
        # The recipient downloads without an account; the download is audited with its content.
        recipient = Client()
        download = recipient.get(link.group(0))
        self.assertEqual(download.status_code, 200)
        document = pfif.read(download.content)
        self.assertEqual([p["given_name"] for p in document.persons], ["Anahit", "Gohar"])
        self.assertNotIn("home_street", document.persons[0])  # address was not asked for
        stored = SharingDownload.objects.get(request=request)
        self.assertEqual(stored.records, request.records)
        event = AuditEvent.objects.get(verb="sharing.downloaded")
        self.assertEqual(
            (event.detail["records"], event.detail["fields"], event.detail["sha256"]),
            (request.records, ["sex", "notes"], stored.sha256),
        )
        self.assertEqual(recipient.get(link.group(0) + "x").status_code, 404)
        # Expired: 410; revoked: 404 (only a coordinator revokes, with a reason).
        SharingRequest.objects.filter(pk=request.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        self.assertEqual(recipient.get(link.group(0)).status_code, 410)
        SharingRequest.objects.filter(pk=request.pk).update(
            expires_at=timezone.now() + timedelta(days=1)
        )
        self.login(self.liaison)
        url = f"/sharing/requests/{request.pk}/revoke"
        self.assertEqual(self.client.post(url, {"reason": "x"}).status_code, 404)
        self.login(self.coordinator)
        self.assertEqual(self.client.post(url, {"reason": ""}).status_code, 400)
        self.assertEqual(self.client.post(url, {"reason": "partner asked"}).status_code, 302)
        self.assertEqual(recipient.get(link.group(0)).status_code, 404)
        verbs = [
            e.verb for e in AuditEvent.objects.filter(target_id=str(request.pk)).order_by("at")
        ]
        self.assertEqual(
            verbs,
            [
                "sharing.requested",
                "sharing.approved",
                "sharing.authorised",
                "sharing.downloaded",
                "sharing.revoked",
            ],
        )

    def test_consent_as_legal_basis_covers_only_those_who_consented(self) -> None:
        request = self.draft(
            self.coordinator, legal_basis="consent", dataset="person_list", person_fields=["status"]
        )
        link = self.authorise(request)
        text = Client().get(link).content.decode()
        self.assertEqual(
            text.splitlines(),
            [
                "record,given_name,family_name,status",
                f"{self.persons[0].pk},Anahit,Petrosyan,located",
            ],
        )

    def test_the_page_is_for_roles_that_see_aggregates(self) -> None:
        self.assert_status_by_role(
            "get",
            "/sharing/requests/",
            {"coordinator": 200, "tracing_officer": 200, "liaison": 200},
        )
        request = self.draft()
        self.login(self.foreign_coordinator)
        self.assertEqual(self.approve(self.foreign_coordinator, request).status_code, 404)

    def test_bad_input_names_the_field(self) -> None:
        self.login(self.liaison)
        response = self.client.post(
            "/sharing/requests/",
            {
                "recipient": "x",
                "purpose": "y",
                "legal_basis": "whim",
                "dataset": "passenger_list",
                "expires_at": "2001-01-01 10:00",
            },
        )
        self.assertEqual(response.status_code, 400)
        for text in (
            "Select a valid choice. whim",
            "the expiry must be in the future",
            "a passenger list names its plan",
        ):
            self.assertContains(response, text, status_code=400)
        self.assertEqual(SharingRequest.objects.count(), 0)

    def test_the_command_exports_only_an_approved_request(self) -> None:
        request = self.draft()
        with TemporaryDirectory() as folder:
            out = Path(folder) / "out.xml"
            with self.assertRaisesMessage(CommandError, "is draft"):
                call_command("sharing", "export", request.reference, "--out", str(out))
            with self.assertRaisesMessage(CommandError, "no such sharing request"):
                call_command("sharing", "export", "SHR-NOPE", "--out", str(out))
            self.authorise(request)
            call_command(
                "sharing", "export", request.reference, "--out", str(out), stdout=StringIO()
            )
            self.assertEqual(len(pfif.read(out.read_bytes()).persons), 2)
            self.assertFalse(out.with_suffix(".none").exists())
        self.assertEqual(SharingDownload.objects.get().via, "command")
