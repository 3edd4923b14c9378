"""OpenRosa submissions: a limit on the whole request and on each attachment, answered 413."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile

from stranded.sweeps.models import Visit
from tests.fieldwork import odk
from tests.fieldwork.test_openrosa import OpenRosaTestCase, basic


class OpenRosaLimitsTests(OpenRosaTestCase):
    def submit_with(self, extra: bytes) -> Any:
        xform = self.download_xform(self.field_member)
        xml = odk.instance(xform, self.values(), instance_id=odk.new_id())
        parts = {
            "xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml"),
            "photo.jpg": SimpleUploadedFile("photo.jpg", extra, "image/jpeg"),
        }
        return self.client.post(
            "/openrosa/submission", parts, HTTP_X_OPENROSA_VERSION="1.0", **basic(self.field_member)
        )

    def test_it_refuses_an_attachment_over_its_limit(self) -> None:
        with mock.patch("stranded.fieldwork.openrosa.MAX_ATTACHMENT_BYTES", 10_000):
            response = self.submit_with(b"\xff\xd8\xff" + b"\0" * 20_000)
        self.assertEqual(response.status_code, 413)
        self.assertIn("photo.jpg", self.message(response))
        self.assertFalse(Visit.objects.exists())

    def test_it_refuses_a_request_over_the_total_limit(self) -> None:
        with mock.patch("stranded.fieldwork.openrosa.MAX_SUBMISSION_BYTES", 30_000):
            response = self.submit_with(b"\xff\xd8\xff" + b"\0" * 40_000)
        self.assertEqual(response.status_code, 413)
        self.assertIn("too large", self.message(response))
        self.assertFalse(Visit.objects.exists())

    def test_it_refuses_30_mb_before_reading_it(self) -> None:
        response = self.submit_with(b"\0" * (30 * 1024 * 1024))
        self.assertEqual(response.status_code, 413)
        self.assertFalse(Visit.objects.exists())

    def test_it_takes_a_photo_within_the_limits(self) -> None:
        response = self.submit_with(b"\xff\xd8\xff" + b"\0" * 1000)
        self.assertEqual(response.status_code, 201, response.content)
