"""The shared request and response helpers of core/http.py: an id read from text (or None, or
404, or a fault of the form's field), and a download."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.test import SimpleTestCase

from stranded.core.http import download_response, parse_uuid, reference, uuid_or_404
from stranded.core.inputs import InputError

ID = "3f2c6a1e-5b7d-4c2a-9e8f-0a1b2c3d4e5f"


class ParseUuidTests(SimpleTestCase):
    def test_it_reads_a_uuid(self) -> None:
        self.assertEqual(parse_uuid(ID), UUID(ID))

    def test_it_gives_none_for_empty_missing_or_other_text(self) -> None:
        self.assertEqual([parse_uuid(v) for v in ("", None, "17", "not-an-id")], [None] * 4)

    def test_the_404_variant_reads_a_uuid(self) -> None:
        self.assertEqual(uuid_or_404(ID), UUID(ID))

    def test_the_404_variant_finds_nothing_for_other_text(self) -> None:
        for value in ("", None, "17"):
            with self.subTest(value=value), self.assertRaises(Http404):
                uuid_or_404(value)

    def test_a_reference_is_read(self) -> None:
        self.assertEqual(reference(ID, "place"), UUID(ID))

    def test_a_reference_that_is_no_id_is_a_fault_of_its_field(self) -> None:
        with self.assertRaises(InputError) as raised:
            reference("17", "place")
        self.assertEqual(raised.exception.errors, [("place", "'17' is not a reference")])


class DownloadResponseTests(SimpleTestCase):
    def test_it_is_saved_under_its_name(self) -> None:
        response = download_response(b"%PDF", content_type="application/pdf", filename="a-1.pdf")
        self.assertEqual(response.content, b"%PDF")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="a-1.pdf"')
