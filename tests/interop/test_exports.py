"""Sharing: HXL aggregates and the open-needs GeoJSON carry no personal data (canary names are
seeded everywhere a person can be written down, then every export is scanned), small counts are
suppressed, and only roles that may see aggregates download them, on the audit record."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from stranded.animals.actions import open_pet_inquiry, record_sighting
from stranded.core.models import AuditEvent
from stranded.interop.exports import DATASETS
from stranded.places.models import Area
from stranded.remains.actions import record_found
from stranded.sweeps.actions import assign_area
from stranded.tracing.actions import open_inquiry
from tests.sweeps.base import SweepsTestCase

CANARIES = ("Zzyzxcanary", "Qwyjibo", "Canarian Street 77", "+37499000111", "Ыщщгк")


class ExportTests(SweepsTestCase):
    def setUp(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        given, family, street, phone, cyrillic = CANARIES
        open_inquiry(
            operation=self.operation,
            inquirer={"name": f"{given} {cyrillic}", "contact": phone},
            channel="phone",
            sought={
                "given_name": given,
                "family_name": family,
                "address": street,
                "lat": self.cell.center_lat,
                "lon": self.cell.center_lon,
            },
            by=self.tracing_officer,
        )
        self.login(self.field_member)
        for number in range(6):
            visit = self.visit_data(
                self.cell,
                address=f"{street} {number}",
                outcome="persons_present",
                notes=f"{given} said {phone}",
                persons=[
                    {
                        "given_name": given,
                        "family_name": family,
                        "phone": phone,
                        "wants_to_leave": True,
                        "consent_to_leave": True,
                    }
                ],
                needs=[{"kind": "gas_heating", "urgency": "high", "note": f"{family} {street}"}],
                animals=[{"species": "dog", "count": 2, "condition": family, "needs": ["food"]}],
            )
            response = self.client.post(
                "/api/sweeps/visits", visit, content_type="application/json"
            )
            self.assertEqual(response.status_code, 201, response.content)
        record_found(
            operation=self.operation,
            areas=Area.objects.of(self.operation),
            data={
                "area": self.cell.code,
                "address": f"{street} 1",
                "found_where": street,
                "document_names": f"{given} {family}",
                "effects": phone,
                "condition": cyrillic,
            },
            by=self.coordinator,
        )
        record_sighting(
            operation=self.operation,
            data={
                "species": "horse",
                "count": 1,
                "area": self.cell.code,
                "owner_known": True,
                "owner_name": f"{given} {family}",
                "owner_contact": phone,
                "markings": cyrillic,
                "notes": street,
                "lat": self.cell.center_lat,
                "lon": self.cell.center_lon,
            },
            by=self.coordinator,
        )
        open_pet_inquiry(
            operation=self.operation,
            data={
                "species": "cat",
                "inquirer_name": f"{given} {family}",
                "inquirer_contact": phone,
                "animal_name": cyrillic,
                "address_text": street,
            },
            by=self.coordinator,
        )
        self.client.logout()

    def downloads(self) -> dict[str, str]:
        self.login(self.liaison)
        texts = {}
        for slug in DATASETS:
            response = self.client.get(f"/sharing/{slug}.csv")
            self.assertEqual(response.status_code, 200, slug)
            texts[slug] = response.content.decode()
            api = self.client.get(f"/api/sharing/datasets/{slug}")
            self.assertEqual(api.status_code, 200, slug)
            texts[f"api:{slug}"] = api.content.decode()
        for url in ("/sharing/open-needs.geojson", "/api/sharing/open-needs"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            texts[url] = response.content.decode()
        return texts

    def test_no_export_carries_a_name_address_phone_or_record_id(self) -> None:
        from stranded.tracing.models import Person

        texts = self.downloads()
        self.assertEqual(len(texts), 2 * len(DATASETS) + 2)
        ids = [str(pk) for pk in Person.objects.values_list("pk", flat=True)]
        self.assertGreater(len(ids), 6)
        for name, text in texts.items():
            for canary in (*CANARIES, *ids):
                self.assertNotIn(canary.casefold(), text.casefold(), f"{canary} leaks in {name}")

    def test_csv_has_hxl_tags_and_suppresses_small_counts(self) -> None:
        texts = self.downloads()
        rows = list(csv.reader(io.StringIO(texts["needs-by-area"])))
        self.assertEqual(
            rows[1],
            [
                "#date+reported",
                "#meta+source",
                "#crisis+name",
                "#loc+type",
                "#loc+code",
                "#loc+name",
                "#geo+lat",
                "#geo+lon",
                "#indicator+need",
                "#severity",
                "#status",
                "#indicator+num",
                "#meta+suppressed",
            ],
        )
        # Six visits to six buildings in one cell, each with a gas need: six, shown as is.
        lat, lon = str(round(self.cell.center_lat, 5)), str(round(self.cell.center_lon, 5))
        self.assertEqual(
            [row[3:] for row in rows[2:]],
            [
                [
                    "area",
                    self.cell.code,
                    f"Grid cell {self.cell.code}",
                    lat,
                    lon,
                    "gas_heating",
                    "high",
                    "open",
                    "6",
                    "false",
                ]
            ],
        )
        self.assertEqual(
            rows[2][:3], [str(date.today()), "Test Red Cross (stranded)", "Test operation"]
        )
        remains = list(csv.reader(io.StringIO(texts["remains-by-status"])))
        self.assertEqual([row[3:] for row in remains[2:]], [["unidentified", "found", "", "true"]])
        animals = list(csv.reader(io.StringIO(texts["animals-by-area"])))
        by_species = {row[8]: (row[3], row[9:]) for row in animals[2:]}
        # Six dogs' sightings in the cell are shown there; one horse is pooled up to the whole
        # operation, then into "other" species and, still below 5 there, hidden whole.
        self.assertEqual(
            by_species["dog"],
            ("area", ["6", "false", "12", "false", "6", "false", "0", "false", "0", "false"]),
        )
        self.assertEqual(
            by_species["other"],
            ("operation", ["", "true", "", "true", "0", "false", "0", "false", "0", "false"]),
        )
        geo = json.loads(texts["/sharing/open-needs.geojson"])
        self.assertEqual(
            [f["properties"] for f in geo["features"]],
            [
                {
                    "code": self.cell.code,
                    "name": f"Grid cell {self.cell.code}",
                    "kind": "cell",
                    "open_needs": 6,
                    "gas_heating": 6,
                    "suppressed": [],
                }
            ],
        )
        self.assertEqual(geo["features"][0]["geometry"]["type"], "Polygon")

    def test_the_threshold_is_an_operation_setting(self) -> None:
        self.operation.settings = {**self.operation.settings, "sharing_min_count": 10}
        self.operation.save()
        texts = self.downloads()
        rows = list(csv.reader(io.StringIO(texts["needs-by-area"])))
        # Six is below ten: pooled to the whole operation, then into "other" status, urgency
        # and kind, and hidden there.
        expected = [
            "operation",
            "ALL",
            "Test operation",
            "39.8155",
            "46.7519",
            "other",
            "other",
            "other",
            "",
            "true",
        ]
        self.assertEqual(rows[2][3:], expected)

    def test_downloads_are_audited_with_format_and_count(self) -> None:
        texts = self.downloads()
        events = AuditEvent.objects.filter(verb="export", actor=self.liaison)
        self.assertEqual(events.count(), 2 * len(DATASETS) + 2)
        for slug in DATASETS:
            rows = len(list(csv.reader(io.StringIO(texts[slug])))) - 2  # two header lines
            counted = {e.detail["format"]: e.detail["count"] for e in events.filter(target_id=slug)}
            self.assertEqual(counted, {"hxl-csv": rows, "json": rows}, slug)
            self.assertEqual(len(json.loads(texts[f"api:{slug}"])["rows"]), rows)
        features = len(json.loads(texts["/sharing/open-needs.geojson"])["features"])
        self.assertGreater(features, 0)
        geo = events.filter(target_id="open-needs")
        self.assertEqual([e.detail for e in geo], [{"format": "geojson", "count": features}] * 2)

    def test_downloads_are_refused_to_roles_without_aggregates(self) -> None:
        for user in (self.field_member, self.driver, self.auditor, self.admin, self.outsider):
            self.login(user)
            for url in (
                "/sharing/",
                "/sharing/needs-by-area.csv",
                "/sharing/open-needs.geojson",
                "/api/sharing/datasets/needs-by-area",
            ):
                with self.subTest(user=user.username, url=url):
                    self.assertIn(self.client.get(url).status_code, (401, 403, 404))

    def test_the_sharing_page_lists_every_dataset(self) -> None:
        self.login(self.coordinator)
        page: Any = self.client.get("/sharing/")
        self.assertEqual(page.status_code, 200)
        for dataset in DATASETS.values():
            self.assertContains(page, f"{dataset.slug}.csv")
        self.assertContains(page, "open-needs.geojson")


class DifferencingTests(SweepsTestCase):
    """A hidden count must not follow from a total and the counts shown beside it."""

    def setUp(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        self.login(self.field_member)
        for number in range(8):
            visit = self.visit_data(
                self.cell,
                address=f"Tumanyan {number}",
                electricity="working" if number < 6 else "not_working",
                needs=[{"kind": "gas_heating" if number < 6 else "food", "urgency": "high"}],
            )
            response = self.client.post(
                "/api/sweeps/visits", visit, content_type="application/json"
            )
            self.assertEqual(response.status_code, 201, response.content)
        self.login(self.liaison)

    def test_the_area_total_is_hidden_when_one_kind_is(self) -> None:
        geo = self.client.get("/api/sharing/open-needs").json()
        self.assertEqual(
            geo["features"][0]["properties"],
            {
                "code": self.cell.code,
                "name": f"Grid cell {self.cell.code}",
                "kind": "cell",
                "open_needs": None,
                "food": None,
                "gas_heating": 6,
                "suppressed": ["open_needs", "food"],
            },
        )

    def test_a_utility_with_a_small_count_moves_whole(self) -> None:
        rows = self.client.get("/api/sharing/datasets/utilities-by-area").json()["rows"]
        by_utility: dict[str, list[tuple[str, str, object]]] = {}
        for row in rows:
            by_utility.setdefault(row[8], []).append((row[3], row[9], row[10]))
        # Electricity 6 and 2 in the cell: both move up together, and at the top (no town or
        # district known) the 2 is still small, so they are shown only as their sum, "other";
        # water stays in the cell.
        self.assertEqual(by_utility["electricity"], [("operation", "other", 8)])
        self.assertEqual(by_utility["water"], [("area", "working", 8)])
