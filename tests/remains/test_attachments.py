"""Photos and documents of remains: stored outside the web root under a random name, served only
through the access-checked view, every read logged."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from stranded.core.models import AuditEvent
from stranded.remains.models import Attachment
from tests.remains.base import RemainsTestCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


class AttachmentTests(RemainsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.remains = self.create_remains()

    def upload(
        self,
        user: object,
        name: str = "Hakobyan passport.png",
        content_type: str = "image/png",
        content: bytes = PNG,
    ) -> object:
        self.login(user)  # type: ignore[arg-type]
        upload = SimpleUploadedFile(name, content, content_type=content_type)
        return self.client.post(
            f"/api/remains/{self.remains.pk}/attachments",
            {"file": upload, "kind": "document", "caption": "passport"},
        )

    def test_it_stores_the_file_privately_and_serves_it_through_access(self) -> None:
        response = self.upload(self.field_member)
        self.assertEqual(response.status_code, 201, response.content)  # type: ignore[attr-defined]
        attachment = Attachment.objects.get()
        path = Path(attachment.file.path)
        self.assertTrue(path.is_relative_to(self.private_root))
        self.assertNotIn("Hakobyan", attachment.file.name)
        self.assertEqual(path.read_bytes(), PNG)
        for user in (self.coordinator, self.tracing_officer, self.field_member):
            self.login(user)
            for url in (
                f"/remains/{self.remains.pk}/attachments/{attachment.pk}/",
                f"/api/remains/{self.remains.pk}/attachments/{attachment.pk}",
            ):
                served = self.client.get(url)
                self.assertEqual(served.status_code, 200, url)
                self.assertEqual(b"".join(served.streaming_content), PNG)
                self.assertEqual(served["Cache-Control"], "private, no-store")
        reads = AuditEvent.objects.filter(verb="read", target_id=str(attachment.pk))
        self.assertEqual(reads.count(), 6)

    def test_the_default_directory_is_outside_the_web_root(self) -> None:
        with self.settings(REMAINS_PRIVATE_ROOT=None):
            from stranded.remains.models import private_storage

            location = Path(private_storage().location)
        self.assertTrue(location.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT)))
        self.assertFalse(location.is_relative_to(Path(settings.STATIC_ROOT)))
        self.assertIsNone(private_storage().base_url)

    def test_others_cannot_read_or_add(self) -> None:
        self.upload(self.field_member)
        attachment = Attachment.objects.get()
        url = f"/remains/{self.remains.pk}/attachments/{attachment.pk}/"
        self.assert_status_by_role(
            "get", url, {"coordinator": 200, "tracing_officer": 200, "field_member": 200}
        )
        self.login(self.other_field_member)
        self.assertEqual(self.client.get(url).status_code, 404)
        for user in (self.tracing_officer, self.liaison, self.other_field_member):
            self.assertEqual(self.upload(user).status_code, 404)  # type: ignore[attr-defined]
        self.assertEqual(Attachment.objects.count(), 1)

    def test_only_photos_and_documents_are_kept(self) -> None:
        response = self.upload(self.field_member, "x.html", "text/html", b"<!doctype html><p>x")
        self.assertEqual(response.status_code, 422)  # type: ignore[attr-defined]
        self.assertIn("file: is not one of", response.json()["detail"])  # type: ignore[attr-defined]
        self.assertEqual(Attachment.objects.count(), 0)

    def test_it_checks_the_content_not_the_name_or_the_claimed_type(self) -> None:
        page = b"<html><script>alert(1)</script></html>"
        response = self.upload(self.field_member, "photo.jpg", "image/jpeg", page)
        self.assertEqual(response.status_code, 422)  # type: ignore[attr-defined]
        self.assertEqual(Attachment.objects.count(), 0)
        response = self.upload(self.field_member, "photo.html", "text/html", PNG)
        self.assertEqual(response.status_code, 201)  # type: ignore[attr-defined]
        attachment = Attachment.objects.get()
        self.assertEqual(attachment.content_type, "image/png")
        self.assertEqual(attachment.file.name, f"{self.remains.pk}/{attachment.pk}.png")
        served = self.client.get(f"/remains/{self.remains.pk}/attachments/{attachment.pk}/")
        self.assertEqual(served["Content-Type"], "image/png")
        self.assertEqual(
            served["Content-Disposition"], f'attachment; filename="{attachment.pk}.png"'
        )
        self.assertEqual(served["X-Content-Type-Options"], "nosniff")
