"""Bad input gets a named 4xx, never a 500, and nothing is saved."""

from __future__ import annotations

import json

from django.test import override_settings

from stranded.sweeps.actions import assign_area
from stranded.sweeps.models import Visit
from stranded.tracing.models import Inquiry
from tests.sweeps.base import SweepsTestCase


class BadInputTests(SweepsTestCase):
    def setUp(self) -> None:
        self.login(self.tracing_officer)

    def post_raw(self, url: str, body: bytes, content_type: str) -> object:
        return self.client.generic("POST", url, body, content_type=content_type)

    def test_it_refuses_multipart_without_a_boundary(self) -> None:
        for url in (
            "/api/tracing/inquiries",
            "/api/evacuation/requests",
            "/tracing/inquiries/new/",
        ):
            response = self.post_raw(url, b"x=1", "multipart/form-data")
            self.assertEqual(response.status_code, 400, url)  # type: ignore[attr-defined]
            self.assertIn(b"multipart", response.content)  # type: ignore[attr-defined]

    def test_it_refuses_a_broken_multipart_body(self) -> None:
        body = b'--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue-without-end'
        response = self.post_raw(
            "/api/tracing/inquiries", body, "multipart/form-data; boundary=XyZ"
        )
        self.assertEqual(response.status_code, 415)  # type: ignore[attr-defined]
        self.assertFalse(Inquiry.objects.exists())

    def test_it_answers_413_to_a_body_too_big(self) -> None:
        body = json.dumps({"inquirer_name": "x" * 3_000_000, "family_name": "S"}).encode()
        for url in ("/api/tracing/inquiries", "/api/evacuation/requests"):
            response = self.post_raw(url, body, "application/json")
            self.assertEqual(response.status_code, 413, url)  # type: ignore[attr-defined]
        self.assertFalse(Inquiry.objects.exists())

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_it_answers_413_to_a_form_too_big(self) -> None:
        response = self.client.post("/tracing/inquiries/new/", {"inquirer_name": "x" * 2000})
        self.assertEqual(response.status_code, 413)

    def test_it_names_a_field_with_a_lone_surrogate(self) -> None:
        body = b'{"inquirer_name": "sec\\ud800x", "family_name": "S"}'
        response = self.post_raw("/api/tracing/inquiries", body, "application/json")
        self.assertEqual(response.status_code, 400)  # type: ignore[attr-defined]
        self.assertIn("inquirer_name", response.json()["detail"])  # type: ignore[attr-defined]
        self.assertFalse(Inquiry.objects.exists())
        self.login(self.field_member)
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        data = self.visit_data(
            self.cell,
            outcome="persons_present",
            persons=[{"given_name": "A", "family_name": "B", "condition": "well"}],
            needs=[{"kind": "food", "urgency": "high", "note": "x\ud800"}],
        )
        body = json.dumps(data).encode()  # ensure_ascii keeps the surrogate as \ud800
        response = self.post_raw("/api/sweeps/visits", body, "application/json")
        self.assertEqual(response.status_code, 400)  # type: ignore[attr-defined]
        self.assertIn("needs[0].note", response.json()["detail"])  # type: ignore[attr-defined]
        self.assertFalse(Visit.objects.exists())

    def test_it_refuses_visit_times_before_1900_or_before_the_operation(self) -> None:
        self.login(self.field_member)
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        for when, said in (
            ("0001-01-01T00:00:00+14:00", "before 1900"),
            ("0001-01-01T00:00:00Z", "before 1900"),
            ("2020-01-01T10:00:00+04:00", "before the operation"),
        ):
            data = self.visit_data(self.cell, visited_at=when)
            response = self.client.post("/api/sweeps/visits", data, content_type="application/json")
            self.assertEqual(response.status_code, 422, when)
            self.assertIn(said, response.json()["detail"], when)
        self.assertFalse(Visit.objects.exists())

    def test_it_refuses_births_before_1900(self) -> None:
        response = self.client.post(
            "/api/tracing/inquiries",
            {"inquirer_name": "Lusine", "family_name": "Sargsyan", "birth": "0001-01-01"},
            content_type="application/json",
        )
        self.assertIn(response.status_code, (400, 422))
        self.assertIn("1900", response.content.decode())
        self.assertFalse(Inquiry.objects.exists())
