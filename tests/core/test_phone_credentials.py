"""Phones' own credentials for the OpenRosa endpoints: created by a coordinator, shown once as
ODK Collect's settings QR code, revocable (a revoked phone gets 401 and keeps its forms), listed
with their last use; account passwords do not open OpenRosa."""

from __future__ import annotations

import base64
import json
import re
import zlib

from django.urls import reverse

from stranded.core.models import Membership, PhoneCredential
from stranded.core.phones import collect_settings, create_phone_credential
from stranded.sweeps.models import Visit
from tests.base import PASSWORD
from tests.fieldwork.test_openrosa import OpenRosaTestCase, basic


class PhoneCredentialTests(OpenRosaTestCase):
    def create(self) -> tuple[PhoneCredential, str, str]:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("core:phones"), {"user": self.field_member.pk, "label": "Samsung 3"}
        )
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        credential = PhoneCredential.objects.get(label="Samsung 3")
        secret = re.search(r'<code id="phone-secret">([^<]+)</code>', page)
        assert secret is not None
        return credential, secret[1], page

    def auth(self, username: str, secret: str) -> dict[str, str]:
        token = base64.b64encode(f"{username}:{secret}".encode()).decode()
        return {"HTTP_AUTHORIZATION": f"Basic {token}"}

    def test_a_coordinator_creates_one_shown_once_as_a_collect_qr_code(self) -> None:
        credential, secret, page = self.create()
        self.assertIn('<figure class="qr" id="phone-qr"><svg', page)
        self.assertIn("http://testserver/openrosa", page)
        self.assertEqual(credential.user, self.field_member)
        self.assertTrue(credential.username.startswith("phone-"))
        self.assertNotIn(secret, credential.secret_hash)
        self.assertEqual(len(credential.secret_hash), 64)
        listing = self.client.get(reverse("core:phones")).content.decode()
        self.assertIn(credential.username, listing)
        self.assertNotIn(secret, listing)
        event = self.events(verb="phone.created")[0]
        self.assertEqual(
            (event.target_id, event.detail), (str(credential.pk), {"user": self.field_member.pk})
        )

    def test_the_settings_code_is_what_collect_reads(self) -> None:
        payload = collect_settings(
            server_url="https://stranded.example.org/openrosa", username="phone-ab12", password="s3"
        )
        settings = json.loads(zlib.decompress(base64.b64decode(payload)))
        self.assertEqual(
            settings,
            {
                "general": {
                    "server_url": "https://stranded.example.org/openrosa",
                    "username": "phone-ab12",
                    "password": "s3",
                },
                "admin": {},
            },
        )

    def test_the_phone_lists_forms_and_submits_with_it_and_its_use_is_listed(self) -> None:
        credential, secret, _ = self.create()
        self.assertIsNone(credential.last_used_at)
        response = self.client.get("/openrosa/formList", **self.auth(credential.username, secret))
        self.assertEqual(response.status_code, 200)
        credential.refresh_from_db()
        self.assertIsNotNone(credential.last_used_at)
        self.assertNotIn("<td>never</td>", self.client.get(reverse("core:phones")).content.decode())

    def test_a_revoked_phone_gets_401_and_nothing_is_stored(self) -> None:
        credential, secret, _ = self.create()
        xform = self.download_xform(self.field_member)
        response = self.client.post(reverse("core:phone-revoke", args=[credential.pk]))
        self.assertRedirects(response, reverse("core:phones"))
        credential.refresh_from_db()
        self.assertEqual(credential.revoked_by, self.coordinator)
        from tests.fieldwork import odk

        xml = odk.instance(xform, self.values(), instance_id=odk.new_id())
        auth = self.auth(credential.username, secret)
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
        refused = self.client.post("/openrosa/submission", {"xml_submission_file": upload}, **auth)
        self.assertEqual(refused.status_code, 401)
        self.assertIn("Basic", refused["WWW-Authenticate"])
        self.assertEqual(self.client.get("/openrosa/formList", **auth).status_code, 401)
        self.assertFalse(Visit.objects.exists())
        self.assertEqual(len(self.events(verb="phone.revoked")), 1)
        self.assertIn("revoked", self.client.get(reverse("core:phones")).content.decode())

    def test_the_account_password_does_not_open_openrosa(self) -> None:
        response = self.client.get("/openrosa/formList", **basic(self.field_member, PASSWORD))
        self.assertEqual(response.status_code, 401)
        self.assertEqual(
            self.client.get("/openrosa/formList", **basic(self.coordinator, PASSWORD)).status_code,
            401,
        )

    def test_a_wrong_secret_or_an_ended_membership_gets_401(self) -> None:
        credential, secret = create_phone_credential(
            operation=self.operation, user=self.field_member, label="x", by=self.coordinator
        )
        wrong = self.client.get("/openrosa/formList", **self.auth(credential.username, "nope"))
        self.assertEqual(wrong.status_code, 401)
        Membership.objects.filter(user=self.field_member).update(active=False)
        ended = self.client.get("/openrosa/formList", **self.auth(credential.username, secret))
        self.assertEqual(ended.status_code, 401)

    def test_only_the_operations_coordinators_manage_phones(self) -> None:
        credential, _ = create_phone_credential(
            operation=self.operation, user=self.field_member, label="x", by=self.coordinator
        )
        self.assert_status_by_role("get", reverse("core:phones"), {"coordinator": 200})
        self.login(self.foreign_coordinator)
        response = self.client.post(reverse("core:phone-revoke", args=[credential.pk]))
        self.assertEqual(response.status_code, 404)
        credential.refresh_from_db()
        self.assertIsNone(credential.revoked_at)

    def test_only_field_members_of_the_operation_are_offered(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("core:phones"), {"user": self.tracing_officer.pk, "label": "x"}
        )
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(PhoneCredential.objects.exists())
