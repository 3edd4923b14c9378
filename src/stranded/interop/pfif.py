"""PFIF (People Finder Interchange Format, https://zesty.ca/pfif/): write 1.3 and 1.4, read 1.1-1.4.

Writing: one <pfif:person> per person with its notes inside, fields in the order of the spec.
Reading: every version's field names are brought to 1.4's (first_name -> given_name, ...), notes
inside or outside their person; XML is parsed with defusedxml (no entities, no DTD fetching).
No Django here: records are plain dicts of PFIF field names to text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

VERSIONS = ("1.1", "1.2", "1.3", "1.4")
WRITABLE = ("1.3", "1.4")
NS = "http://zesty.ca/pfif/{}"
PERSON_FIELDS = {
    "1.3": ("person_record_id", "entry_date", "expiry_date", "author_name", "author_email",
            "author_phone", "source_name", "source_date", "source_url", "full_name",
            "first_name", "last_name", "sex", "date_of_birth", "age", "home_street",
            "home_neighborhood", "home_city", "home_state", "home_postal_code", "home_country",
            "photo_url", "other"),
    "1.4": ("person_record_id", "entry_date", "expiry_date", "author_name", "author_email",
            "author_phone", "source_name", "source_date", "source_url", "full_name",
            "given_name", "family_name", "alternate_names", "description", "sex",
            "date_of_birth", "age", "home_street", "home_neighborhood", "home_city",
            "home_state", "home_postal_code", "home_country", "photo_url", "profile_urls"),
}  # fmt: skip
NOTE_FIELDS = {
    "1.3": ("note_record_id", "person_record_id", "linked_person_record_id", "entry_date",
            "author_name", "author_email", "author_phone", "source_date", "found", "status",
            "email_of_found_person", "phone_of_found_person", "last_known_location", "text"),
    "1.4": ("note_record_id", "person_record_id", "linked_person_record_id", "entry_date",
            "author_name", "author_email", "author_phone", "source_date", "author_made_contact",
            "status", "email_of_found_person", "phone_of_found_person", "last_known_location",
            "text", "photo_url"),
}  # fmt: skip
# Older names, read as 1.4's.
RENAMED = {"first_name": "given_name", "last_name": "family_name", "other": "description",
           "home_zip": "home_postal_code", "found": "author_made_contact"}  # fmt: skip
TO_1_3 = {"given_name": "first_name", "family_name": "last_name", "description": "other",
          "author_made_contact": "found"}  # fmt: skip
STATUSES = ("information_sought", "is_note_author", "believed_alive", "believed_missing",
            "believed_dead")  # fmt: skip
RECORD_ID = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9.]*/.+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


class PfifError(ValueError):
    """Input that is not PFIF; the message names the record and field."""


@dataclass
class Document:
    version: str
    persons: list[dict[str, str]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)  # each with person_record_id


def timestamp(value: datetime | None) -> str:
    moment = (value or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write(persons: list[dict[str, Any]], notes: list[dict[str, Any]], version: str) -> bytes:
    """Persons and notes (1.4 field names) as a PFIF document of `version` (1.3 or 1.4)."""
    if version not in WRITABLE:
        raise PfifError(f"PFIF {version} cannot be written (only {', '.join(WRITABLE)})")
    ns = NS.format(version)
    root = Element(f"{{{ns}}}pfif")
    by_person: dict[str, list[dict[str, Any]]] = {}
    for note in notes:
        by_person.setdefault(note["person_record_id"], []).append(note)
    for person in persons:
        element = SubElement(root, f"{{{ns}}}person")
        _fields(element, ns, person, PERSON_FIELDS[version], version)
        for note in by_person.get(person["person_record_id"], []):
            _fields(SubElement(element, f"{{{ns}}}note"), ns, note, NOTE_FIELDS[version], version)
    text: bytes = tostring(root, encoding="utf-8", xml_declaration=True)
    return text.replace(b"ns0:", b"pfif:").replace(b"xmlns:ns0=", b"xmlns:pfif=")


def _fields(
    element: Element, ns: str, record: dict[str, Any], order: tuple[str, ...], version: str
) -> None:
    values = {TO_1_3.get(k, k) if version == "1.3" else k: v for k, v in record.items()}
    for name in order:
        value = values.get(name)
        if value not in (None, ""):
            SubElement(element, f"{{{ns}}}{name}").text = str(value)


def read(data: bytes) -> Document:
    """A PFIF 1.1-1.4 document: persons and notes with 1.4 field names, text stripped."""
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException, LookupError) as error:
        raise PfifError(f"not well-formed XML: {error}") from error
    match = re.fullmatch(r"\{http://zesty\.ca/pfif/(\d\.\d)\}pfif", root.tag)
    if not match or match.group(1) not in VERSIONS:
        raise PfifError(f"the root element is {root.tag!r}, not a PFIF 1.1-1.4 <pfif>")
    version = match.group(1)
    ns = NS.format(version)
    document = Document(version)
    for index, element in enumerate(root, start=1):
        tag = _local(element.tag, ns)
        if tag == "person":
            person = _record(element, ns, f"person {index}")
            document.persons.append(person)
            for note_element in element.findall(f"{{{ns}}}note"):
                note = _record(note_element, ns, f"note of person {index}")
                note.setdefault("person_record_id", person.get("person_record_id", ""))
                document.notes.append(note)
        elif tag == "note":
            document.notes.append(_record(element, ns, f"note {index}"))
    for number, person in enumerate(document.persons, start=1):
        _require(person, "person_record_id", f"person {number}")
    for number, note in enumerate(document.notes, start=1):
        _require(note, "note_record_id", f"note {number}")
        _require(note, "person_record_id", f"note {number}")
        if note.get("status") and note["status"] not in STATUSES:
            raise PfifError(
                f"note {note['note_record_id']}: status: {note['status']!r} is not a PFIF status"
            )
    return document


def _local(tag: str, ns: str) -> str | None:
    prefix = f"{{{ns}}}"
    return tag[len(prefix) :] if tag.startswith(prefix) else None


def _record(element: Element, ns: str, where: str) -> dict[str, str]:
    record: dict[str, str] = {}
    for child in element:
        name = _local(child.tag, ns)
        if name is None or name in ("note", "person"):
            continue
        record[RENAMED.get(name, name)] = (child.text or "").strip()
    return record


def _require(record: dict[str, str], name: str, where: str) -> None:
    value = record.get(name, "")
    if not value:
        raise PfifError(f"{where}: {name}: missing")
    if name.endswith("record_id") and not RECORD_ID.match(value):
        raise PfifError(f"{where}: {name}: {value!r} is not DOMAIN/ID")
