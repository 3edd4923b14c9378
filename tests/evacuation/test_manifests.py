"""Manifests: CSV and PDF per trip with only what a driver needs; every download is a logged
read of the persons on it."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.evacuation import manifests
from tests.evacuation.base import EvacuationTestCase


class ManifestTests(EvacuationTestCase):
    def setUp(self) -> None:
        self.trip = self.published_trip()

    def test_the_csv_has_the_drivers_columns_in_stop_order(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("evacuation:manifest-csv", args=[self.trip.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        self.assertEqual(
            list(rows[0]),
            [
                "order",
                "eta",
                "request",
                "name",
                "mobility",
                "address",
                "lat",
                "lon",
                "escort",
                "phone",
            ],
        )
        by_name = {row["name"]: row for row in rows}
        self.assertEqual(set(by_name), {"Арсен Акопян", "Anahit Hakobyan"})
        arsen = by_name["Арсен Акопян"]
        self.assertEqual(
            (
                arsen["order"],
                arsen["mobility"],
                arsen["address"],
                arsen["escort"],
                arsen["phone"],
                arsen["request"],
            ),
            ("1", "wheelchair", "Tumanyan 3", "daughter", "+374 91 000001", self.req.reference),
        )
        self.assertRegex(arsen["eta"], r"^\d\d:\d\d$")
        self.assertEqual((float(arsen["lat"]), float(arsen["lon"])), (39.8155, 46.7519))
        # Nothing a driver does not need: no birth year, no status, no inquiry.
        self.assertNotIn("birth", response.content.decode())

    def test_each_download_is_an_audited_read_of_each_person(self) -> None:
        self.login(self.driver)
        for name in ("evacuation:manifest-csv", "evacuation:manifest-pdf"):
            before = set(AuditEvent.objects.values_list("pk", flat=True))
            response = self.client.get(reverse(name, args=[self.trip.pk]))
            self.assertEqual(response.status_code, 200)
            reads = AuditEvent.objects.exclude(pk__in=before).filter(actor=self.driver, verb="read")
            self.assertEqual(
                sorted(e.target_id for e in reads),
                sorted([str(self.arsen.pk), str(self.anahit.pk)]),
            )
            self.assertEqual({e.purpose for e in reads}, {"manifest"})

    def test_the_pdf_embeds_a_font_with_armenian_and_cyrillic(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("evacuation:manifest-pdf", args=[self.trip.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        if manifests.font_path() is None:
            self.skipTest("no DejaVu/Noto font installed: the PDF transliterates names")
        self.assertIn(b"+NotoSans", response.content)  # Noto Sans, Noto Sans Armenian beside it
        self.assertIn(b"+NotoSansArmenian", response.content)
        self.assertIn(b"FontFile2", response.content)  # embedded TrueType subset

    def test_transliteration_is_the_fallback_without_a_font(self) -> None:
        self.assertEqual(manifests.to_latin("Арсен"), "Arsen")
        self.assertTrue(manifests.to_latin("Հակոբյան").isascii())

    def test_other_roles_cannot_download(self) -> None:
        url = reverse("evacuation:manifest-csv", args=[self.trip.pk])
        self.assert_status_by_role("get", url, {"coordinator": 200, "driver": 200})
