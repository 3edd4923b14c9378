"""Field forms: the XLSForm pyxform accepts, and imports of ODK submissions, all or nothing."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from django.core.management import call_command
from openpyxl import load_workbook

from stranded.fieldwork import xlsform
from stranded.fieldwork.imports import import_files
from stranded.sweeps.actions import assign_area
from stranded.sweeps.models import Visit, VisitPerson
from stranded.tracing.actions import open_inquiry
from stranded.tracing.models import Lead
from tests.fieldwork import odk
from tests.sweeps.base import SweepsTestCase

XF = "{http://www.w3.org/2002/xforms}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class FieldFormTestCase(SweepsTestCase):
    def setUp(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        self.dir = Path(tempfile.mkdtemp())

    def record(self, **extra: Any) -> dict[str, Any]:
        values: dict[str, Any] = {
            "visited_at": "2023-10-02T10:15:00.000+04:00",
            "area": self.cell.code,
            "address": "Tumanyan 3",
            "location": (self.cell.center_lat, self.cell.center_lon),
            "outcome": "persons_present",
            "electricity": "not_working",
            "water": "working",
            "gas": "not_working",
            "persons": [
                {
                    "given_name": "Սիրանուշ",
                    "family_name": "Գրիգորյան",
                    "birth_year": 1938,
                    "sex": "female",
                    "condition": "needs_care",
                    "wants_to_leave": "yes",
                    "consent_to_leave": "yes",
                    "mobility": "stretcher",
                }
            ],
            "needs": [{"kind": "gas_heating", "urgency": "high", "note": "no wood"}],
            "animals": [
                {"species": "dog", "count": 2, "condition": "thin", "needs": ["food", "water"]}
            ],
        }
        values.update(extra)
        return values

    def write(self, name: str, content: bytes) -> Path:
        path = self.dir / name
        path.write_bytes(content)
        return path

    def run_import(self, *paths: Path, user: str = "coordinator") -> tuple[dict[str, Any], int]:
        out = io.StringIO()
        try:
            call_command(
                "forms",
                "--operation",
                "Test operation",
                "import",
                *map(str, paths),
                "--user",
                user,
                "--json",
                stdout=out,
            )
            status = 0
        except SystemExit as exit_:
            status = int(exit_.code or 0)
        return json.loads(out.getvalue()), status


class XLSFormTests(FieldFormTestCase):
    def test_the_xlsform_has_four_languages_the_areas_and_the_teams_open_leads(self) -> None:
        inquiry = open_inquiry(
            operation=self.operation,
            inquirer={"name": "Lusine"},
            channel="phone",
            sought={
                "given_name": "Arsen",
                "family_name": "Hakobyan",
                "address": "Tumanyan 3",
                "lat": self.cell.center_lat,
                "lon": self.cell.center_lon,
            },
            by=self.tracing_officer,
        )
        lead = Lead.objects.get(inquiry=inquiry)
        out, xml = self.dir / "visit.xlsx", self.dir / "visit.xml"
        stdout = io.StringIO()
        call_command(
            "forms",
            "--operation",
            "Test operation",
            "xlsform",
            "visit",
            "--out",
            str(out),
            "--team",
            "Team A",
            "--xform",
            str(xml),
            stdout=stdout,
        )
        summary = json.loads(stdout.getvalue())
        self.assertEqual(summary["leads"], 1)
        self.assertEqual(summary["areas"], Visit.objects.none().count() + self.area_count())
        book = load_workbook(out)
        header = [c.value for c in book["survey"][1]]
        self.assertEqual(
            header[2:6],
            [
                "label::English (en)",
                "label::Armenian (hy)",
                "label::Russian (ru)",
                "label::Azerbaijani (az)",
            ],
        )
        choices = [[c.value for c in row] for row in book["choices"].iter_rows(min_row=2)]
        leads = [row for row in choices if row[0] == "lead"]
        self.assertEqual(
            leads,
            [
                [
                    "lead",
                    str(lead.pk),
                    f"{inquiry.reference} · Tumanyan 3",
                    *[f"{inquiry.reference} · Tumanyan 3"] * 3,
                    self.cell.code,
                ]
            ],
        )
        self.assertNotIn("Hakobyan", json.dumps(choices, ensure_ascii=False))
        # pyxform's XForm: the instance has our field names and the four translations.
        document = ET.fromstring(xml.read_text())
        model = document.find(f"./{XHTML}head/{XF}model")
        assert model is not None
        languages = [t.get("lang") for t in model.iter(f"{XF}translation")]
        self.assertEqual(languages, list(xlsform.LANGUAGES))
        primary = model.find(f"./{XF}instance")
        assert primary is not None
        fields = [child.tag.rsplit("}", 1)[-1] for child in primary[0]]
        self.assertEqual(
            fields[:7], ["visited_at", "area", "lead", "place", "address", "location", "outcome"]
        )
        self.assertEqual(primary[0].get("id"), "stranded_visit")

    def test_another_team_gets_none_of_those_leads(self) -> None:
        open_inquiry(
            operation=self.operation,
            inquirer={"name": "Lusine"},
            channel="phone",
            sought={
                "given_name": "Arsen",
                "family_name": "Hakobyan",
                "address": "Tumanyan 3",
                "lat": self.cell.center_lat,
                "lon": self.cell.center_lon,
            },
            by=self.tracing_officer,
        )
        choices = xlsform.choices_for(self.operation, self.other_team)
        self.assertEqual(choices.leads, [])
        self.assertEqual(len(xlsform.choices_for(self.operation, None).leads), 1)

    def area_count(self) -> int:
        from stranded.places.models import Area

        return Area.objects.of(self.operation).count()


class ImportTests(FieldFormTestCase):
    def xform(self) -> str:
        return xlsform.xform(xlsform.choices_for(self.operation, self.team))

    def test_an_instance_from_our_xform_becomes_a_visit_with_persons_needs_and_animals(
        self,
    ) -> None:
        key = odk.new_id()
        path = self.write("one.xml", odk.instance(self.xform(), self.record(), instance_id=key))
        report, status = self.run_import(path)
        self.assertEqual((report, status), ({"created": 1, "unchanged": 0, "rejected": []}, 0))
        visit = Visit.objects.get(instance_id=key)
        self.assertEqual(visit.source, Visit.Source.IMPORT)
        self.assertEqual(visit.outcome, "persons_present")
        self.assertEqual((visit.electricity, visit.gas), ("not_working", "not_working"))
        self.assertAlmostEqual(visit.lat or 0, self.cell.center_lat or 0, places=5)
        self.assertEqual(
            visit.needs, [{"kind": "gas_heating", "urgency": "high", "note": "no wood"}]
        )
        self.assertEqual(
            visit.animals,
            [{"species": "dog", "count": 2, "condition": "thin", "needs": ["food", "water"]}],
        )
        met = VisitPerson.objects.get(visit=visit)
        self.assertEqual((met.person.family_name, met.mobility), ("Գրիգորյան", "stretcher"))
        self.assertTrue(met.consent_to_leave)

    def test_the_same_submissions_from_xml_csv_and_odata_are_one_visit_each(self) -> None:
        first, second = odk.new_id(), odk.new_id()
        records = [(first, self.record()), (second, self.record(outcome="empty", persons=[]))]
        xml = self.write("first.xml", odk.instance(self.xform(), records[0][1], instance_id=first))
        self.assertEqual(self.run_import(xml)[0]["created"], 1)
        csv_zip = self.write("export.zip", odk.central_csv_zip(records))
        report, status = self.run_import(csv_zip)
        self.assertEqual((report, status), ({"created": 1, "unchanged": 1, "rejected": []}, 0))
        feed = self.write("export.json", odk.odata(records))
        self.assertEqual(
            self.run_import(feed, csv_zip)[0], {"created": 0, "unchanged": 4, "rejected": []}
        )
        self.assertEqual(Visit.objects.count(), 2)
        self.assertEqual(VisitPerson.objects.count(), 1)

    def test_one_bad_record_saves_nothing_and_names_file_record_and_field(self) -> None:
        good, bad, other = odk.new_id(), odk.new_id(), odk.new_id()
        records = [
            (good, self.record()),
            (bad, self.record(persons=[{"family_name": "Petrosyan", "birth_year": 1820}])),
            (other, self.record(outcome="flooded", persons=[])),
        ]
        path = self.write("export.zip", odk.central_csv_zip(records))
        report, status = self.run_import(path)
        self.assertEqual(status, 1)
        self.assertEqual(report["created"], 0)
        self.assertEqual(
            report["rejected"],
            [
                {
                    "file": "export.zip",
                    "record": bad,
                    "field": "persons[1].birth_year",
                    "error": f"1820 is outside 1900..{self.this_year()}",
                },
                {
                    "file": "export.zip",
                    "record": other,
                    "field": "outcome",
                    "error": "'flooded' is not one of no_answer, empty, persons_present, "
                    "deceased_found, refused, damaged",
                },
            ],
        )
        self.assertEqual(Visit.objects.count(), 0)
        self.assertEqual(VisitPerson.objects.count(), 0)

    def test_other_content_under_a_stored_instance_id_is_rejected_and_the_stored_kept(
        self,
    ) -> None:
        key = odk.new_id()
        self.run_import(self.write("a.json", odk.odata([(key, self.record())])))
        changed = odk.odata([(key, self.record(outcome="empty", persons=[]))])
        report, status = self.run_import(self.write("b.json", changed))
        self.assertEqual(status, 1)
        self.assertEqual(
            [(r["record"], r["field"]) for r in report["rejected"]], [(key, "instanceID")]
        )
        self.assertEqual(Visit.objects.get(instance_id=key).outcome, "persons_present")

    def test_files_that_are_not_exports_are_rejected_by_name(self) -> None:
        broken = self.write("notes.txt", b"hello")
        not_xml = self.write("cut.xml", b"<stranded_visit id='stranded_visit'><area>")
        linked = self.write(
            "links.json",
            json.dumps(
                {
                    "value": [
                        {
                            "__id": "uuid:1",
                            "area": self.cell.code,
                            "persons@odata.navigationLink": "Submissions('uuid:1')/persons",
                        }
                    ]
                }
            ).encode(),
        )
        report, status = self.run_import(broken, not_xml, linked)
        self.assertEqual(status, 1)
        self.assertEqual(
            [(r["file"], r["record"], r["field"]) for r in report["rejected"]],
            [
                ("notes.txt", "-", "file"),
                ("cut.xml", "row 1", "xml"),
                ("links.json", "uuid:1", "persons"),
            ],
        )

    def test_records_without_an_instance_id_and_malformed_exports_are_rejected(self) -> None:
        no_id = self.write(
            "no-id.json",
            json.dumps(
                {
                    "value": [
                        {
                            "visited_at": "2023-10-02T10:15:00+04:00",
                            "area": self.cell.code,
                            "outcome": "empty",
                        }
                    ]
                }
            ).encode(),
        )
        bad_repeat = self.write(
            "bad.json",
            json.dumps(
                {
                    "value": [
                        {
                            "__id": "uuid:r",
                            "visited_at": "2023-10-02T10:15:00+04:00",
                            "area": self.cell.code,
                            "outcome": "empty",
                            "persons": [1],
                        }
                    ]
                }
            ).encode(),
        )
        latin1 = io.BytesIO()
        import zipfile

        with zipfile.ZipFile(latin1, "w") as archive:
            archive.writestr("stranded_visit.csv", "area,KEY\nK\xe9,uuid:1\n".encode("latin-1"))
        broken_csv = self.write("latin1.zip", latin1.getvalue())
        report, status = self.run_import(no_id, bad_repeat, broken_csv)
        self.assertEqual(status, 1)
        self.assertEqual(
            [(r["file"], r["record"], r["field"]) for r in report["rejected"]],
            [
                ("no-id.json", "row 1", "instanceID"),
                ("bad.json", "uuid:r", "persons"),
                ("latin1.zip", "-", "file"),
            ],
        )
        self.assertFalse(Visit.objects.exists())

    def test_an_area_the_field_members_team_does_not_hold_is_refused(self) -> None:
        key = odk.new_id()
        record = self.record(area=self.village.code)
        path = self.write("v.json", odk.odata([(key, record)]))
        report = import_files(operation=self.operation, paths=[path], by=self.field_member)
        self.assertEqual(report["rejected"][0]["field"], "area")
        self.assertIn("not held by your team", report["rejected"][0]["error"])
        self.assertFalse(Visit.objects.exists())

    @staticmethod
    def this_year() -> int:
        from django.utils import timezone

        return timezone.now().year
