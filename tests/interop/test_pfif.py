"""PFIF: Person Finder's own test files (1.1-1.4) import without error, idempotently, a changed
record updates with history; exports pass Person Finder's validator (1.3) and parser (1.4)."""

from __future__ import annotations

from pathlib import Path

from stranded.interop import pfif
from stranded.interop.models import PfifRecord, PfifRecordVersion
from stranded.interop.pfif_import import export_records, import_pfif
from stranded.tracing.actions import add_note, record_person
from stranded.tracing.models import Inquiry, Note, Person
from tests.base import StrandedTestCase
from tests.interop import personfinder_shim

FILES = sorted((Path(__file__).parent / "personfinder").glob("*.xml"))


class ImportTests(StrandedTestCase):
    def load(self, data: bytes) -> dict[str, int]:
        return import_pfif(operation=self.operation, data=data, by=self.tracing_officer)

    def test_it_imports_every_person_finder_test_file(self) -> None:
        self.assertEqual(len(FILES), 9)
        versions = set()
        for path in FILES:
            with self.subTest(path.name):
                counts = self.load(path.read_bytes())
                self.assertGreaterEqual(sum(counts.values()), 1, path.name)
                versions.add(pfif.read(path.read_bytes()).version)
        self.assertEqual(versions, {"1.1", "1.2", "1.4"})
        persons = PfifRecord.objects.filter(kind="person")
        self.assertTrue(all(r.person_id for r in persons))

    def test_it_reads_the_1_4_file_as_persons_notes_and_an_inquiry(self) -> None:
        counts = self.load((FILES[-1]).read_bytes())  # test.pfif-1.4.xml
        self.assertEqual(
            counts, {"created": 5, "updated": 0, "unchanged": 0, "pending": 0, "inquiries": 1}
        )
        person = Person.objects.get(source="import")
        self.assertEqual(
            (person.given_name, person.family_name, person.sex, person.address),
            (
                "_test_given_name",
                "_test_family_name",
                "female",
                "_test_home_street, _test_home_neighborhood, _test_home_city, "
                "_test_home_state, _test_home_postal_code, US",
            ),
        )
        self.assertEqual((person.birth_year, person.age_years), (1970, 40))
        self.assertEqual(Note.objects.filter(person=person).count(), 4)
        inquiry = Inquiry.objects.get(sought=person)
        self.assertEqual((inquiry.channel, inquiry.inquirer_name), ("partner", "_test_author_name"))

    def test_a_second_import_changes_nothing_and_a_change_keeps_history(self) -> None:
        data = FILES[-1].read_bytes()
        self.load(data)
        again = self.load(data)
        self.assertEqual(again["created"] + again["updated"], 0)
        self.assertEqual(Person.objects.filter(source="import").count(), 1)
        self.assertEqual(Inquiry.objects.count(), 1)
        changed = self.load(data.replace(b"_test_given_name", b"Anahit"))
        self.assertEqual(changed["updated"], 1)
        person = Person.objects.get(source="import")
        self.assertEqual(person.given_name, "Anahit")
        history = PfifRecordVersion.objects.get(record__person=person)
        self.assertEqual(history.fields["given_name"], "_test_given_name")

    def test_a_note_before_its_person_waits_for_it(self) -> None:
        note_only = next(p for p in FILES if p.name == "test.pfif-1.2-note.xml")
        counts = self.load(note_only.read_bytes())
        self.assertGreater(counts["pending"], 0)
        self.assertEqual(Note.objects.count(), 0)
        self.load(next(p for p in FILES if p.name == "test.pfif-1.2.xml").read_bytes())
        stored = PfifRecord.objects.filter(
            kind="note", fields__person_record_id=("test.google.com/person.21009")
        )
        self.assertTrue(all(r.note_id for r in stored))

    def test_bad_input_names_the_record_and_field_and_saves_nothing(self) -> None:
        bad = FILES[-1].read_bytes().replace(b"<pfif:status>believed_missing", b"<pfif:status>gone")
        with self.assertRaisesMessage(pfif.PfifError, "test.google.com/note.27009: status"):
            self.load(bad)
        with self.assertRaisesMessage(pfif.PfifError, "not well-formed XML"):
            self.load(b"<pfif:pfif xmlns:pfif='http://zesty.ca/pfif/1.4'><pfif:person>")
        entity = (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>'
            b'<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">&e;</pfif:pfif>'
        )
        with self.assertRaises(pfif.PfifError):
            self.load(entity)
        self.assertEqual(PfifRecord.objects.count(), 0)
        self.assertEqual(Person.objects.count(), 0)


class ExportTests(StrandedTestCase):
    def setUp(self) -> None:
        self.person = record_person(
            operation=self.operation,
            source="field",
            status="located",
            by=self.coordinator,
            data={
                "given_name": "Anahit",
                "family_name": "Հովհաննիսյան",
                "sex": "female",
                "birth_year": 1948,
                "address": "Tumanyan 3",
            },
        )
        add_note(
            person=self.person,
            text="Found at home & well <ok>",
            status="believed_alive",
            by=self.coordinator,
        )

    def document(self, version: str) -> bytes:
        persons, notes = export_records(
            [self.person], operation=self.operation, fields={"sex", "birth", "address", "notes"}
        )
        return pfif.write(persons, notes, version)

    def test_the_1_3_export_passes_person_finders_validator(self) -> None:
        xml = self.document("1.3").decode()
        self.assertEqual(personfinder_shim.validate(xml), [])
        self.assertIn("<pfif:first_name>Anahit</pfif:first_name>", xml)

    def test_the_validator_does_catch_a_broken_export(self) -> None:
        xml = self.document("1.3").decode().replace("<pfif:sex>female", "<pfif:sex>f")
        self.assertEqual(len(personfinder_shim.validate(xml)), 1)

    def test_the_1_4_export_parses_with_person_finders_parser(self) -> None:
        persons, notes = personfinder_shim.parse(self.document("1.4"))
        self.assertEqual(persons[0]["person_record_id"], f"stranded.local/person.{self.person.pk}")
        self.assertEqual(
            (persons[0]["given_name"], persons[0]["family_name"]), ("Anahit", "Հովհաննիսյան")
        )
        self.assertEqual(persons[0]["date_of_birth"], "1948")
        self.assertEqual(
            (notes[0]["status"], notes[0]["text"]), ("believed_alive", "Found at home & well <ok>")
        )

    def test_an_export_reads_back_as_the_same_person(self) -> None:
        document = pfif.read(self.document("1.4"))
        self.assertEqual(document.persons[0]["home_street"], "Tumanyan 3")
        self.assertEqual(len(document.notes), 1)
