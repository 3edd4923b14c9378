"""Submissions of the visit form, in the shapes ODK Collect, Enketo and ODK Central produce, read
into the plain dict `clean_visit` takes.

- OpenRosa instance XML (what Collect and Enketo POST; also Central's "submission XML"):
  `<stranded_visit id=...><area>..</area>..<persons>..</persons>..<meta><instanceID>`.
- ODK Central's CSV export (a zip: `stranded_visit.csv` plus one `stranded_visit-<repeat>.csv`
  per repeat, rows tied by PARENT_KEY/KEY; group paths joined by '-'; geopoints split into
  `-Latitude`, `-Longitude`, ...).
- ODK Central's OData JSON (`Submissions?$expand=*`: groups as objects, repeats as arrays,
  geopoints as GeoJSON points, `__id` the instanceID). Repeats left as navigation links are
  refused with the reason: the export must be expanded.

Reading never touches the database; a malformed record becomes a `Rejected` naming the file,
the record and the field.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from stranded.fieldwork.xlsform import FORM_ID

REPEATS = ("persons", "needs", "animals", "remains")
MAX_DEPTH = 8
SKIPPED = {"meta", "__system", "__id", "instanceID", "instanceName", "start", "end"}


class SubmissionError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class Submission:
    file: str
    record: str  # the instanceID, or "row N" when it has none
    instance_id: str | None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Rejected:
    file: str
    record: str
    field: str
    error: str

    def as_dict(self) -> dict[str, str]:
        return {"file": self.file, "record": self.record, "field": self.field, "error": self.error}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _geopoint(text: str, where: str) -> tuple[float, float] | None:
    parts = text.split()
    if not parts:
        return None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except (ValueError, IndexError):
        raise SubmissionError(
            where, _("'%(text)s' is not a geopoint ('lat lon alt accuracy')") % {"text": text}
        ) from None
    return lat, lon


def _put_location(out: dict[str, Any], point: tuple[float, float] | None) -> None:
    if point is not None:
        out["lat"], out["lon"] = point


def _multi(value: Any) -> list[str]:
    return value.split() if isinstance(value, str) else list(value or [])


def _repeat_entry(name: str, values: dict[str, Any]) -> dict[str, Any]:
    if name == "animals" and "needs" in values:
        values["needs"] = _multi(values["needs"])
    if name == "persons" and values.get("sex") == "unknown":
        values["sex"] = ""
    return values


# --- OpenRosa instance XML ---------------------------------------------------------------------


def parse_instance(xml: bytes | str, *, file: str = "submission") -> Submission:
    """One instance document; raises SubmissionError when it cannot be read at all."""
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException, LookupError) as error:
        raise SubmissionError(
            "xml", _("not well-formed XML (%(error)s)") % {"error": error}
        ) from None
    form_id = root.get("id") or _local(root.tag)
    if form_id != FORM_ID:
        raise SubmissionError(
            "form",
            _("this is form '%(form_id)s', not '%(FORM_ID)s'")
            % {"form_id": form_id, "FORM_ID": FORM_ID},
        )
    instance_id = _text(root.find("./{*}meta/{*}instanceID")) or None
    data: dict[str, Any] = {}
    for child in root:
        _read_element(child, data, top=True, depth=1)
    return Submission(file=file, record=instance_id or "row 1", instance_id=instance_id, data=data)


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _read_element(element: Element, out: dict[str, Any], *, top: bool, depth: int) -> None:
    name = _local(element.tag)
    if depth > MAX_DEPTH:
        raise SubmissionError(name, _("nested too deeply to be a visit form"))
    if name in SKIPPED:
        return
    if top and name in REPEATS:
        values: dict[str, Any] = {}
        for child in element:
            _read_element(child, values, top=False, depth=depth + 1)
        if any(v not in ("", None, []) for v in values.values()):
            out.setdefault(name, []).append(_repeat_entry(name, values))
        return
    if len(element):  # a group: its fields belong to the record
        for child in element:
            _read_element(child, out, top=top, depth=depth + 1)
        return
    text = _text(element)
    if name == "location":
        _put_location(out, _geopoint(text, "location"))
    elif text:
        out[name] = text


# --- ODK Central CSV zip -----------------------------------------------------------------------


def parse_csv_zip(content: bytes, *, file: str) -> Iterator[Submission | Rejected]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        yield Rejected(file, "-", "file", "not a zip archive (ODK Central's CSV export)")
        return
    names = {Path(n).name: n for n in archive.namelist() if n.lower().endswith(".csv")}
    main = names.get(f"{FORM_ID}.csv")
    if main is None:
        yield Rejected(file, "-", "file", f"no {FORM_ID}.csv in the archive")
        return
    children: dict[str, dict[str, list[dict[str, str]]]] = {}
    try:
        for repeat in REPEATS:
            member = names.get(f"{FORM_ID}-{repeat}.csv")
            if member is not None:
                children[repeat] = defaultdict(list)
                for row in _csv_rows(archive.read(member)):
                    children[repeat][row.get("PARENT_KEY", "")].append(row)
        rows = _csv_rows(archive.read(main))
    except (UnicodeDecodeError, csv.Error, zipfile.BadZipFile, OSError) as error:
        yield Rejected(file, "-", "file", f"cannot be read as ODK Central's CSV export ({error})")
        return
    for number, row in enumerate(rows, start=1):
        instance_id = row.get("KEY") or row.get("meta-instanceID") or None
        record = instance_id or f"row {number}"
        try:
            data = _csv_record(row)
            for repeat, by_parent in children.items():
                entries = [
                    _repeat_entry(repeat, _csv_record(r))
                    for r in by_parent.get(instance_id or "", [])
                ]
                if entries:
                    data[repeat] = entries
        except SubmissionError as error:
            yield Rejected(file, record, error.field, error.message)
            continue
        yield Submission(file=file, record=record, instance_id=instance_id, data=data)


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


CENTRAL_COLUMNS = {
    "SubmissionDate", "KEY", "PARENT_KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
    "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion",
    "UserAgent",
}  # fmt: skip


def _csv_record(row: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    point: dict[str, str] = {}
    for column, value in row.items():
        if column is None or column in CENTRAL_COLUMNS:
            continue
        name = column.rsplit("-", 1)[-1]
        if column.startswith("location-") and name in ("Latitude", "Longitude"):
            point[name] = value
            continue
        if (
            column.split("-", 1)[0] in SKIPPED
            or name in SKIPPED
            or name in ("Altitude", "Accuracy")
        ):
            continue
        if "/" in name:  # select_multiple split columns ("needs/food"): the joined column suffices
            continue
        if value not in ("", None):
            out[name] = value.strip()
    if point.get("Latitude") or point.get("Longitude"):
        text = f"{point.get('Latitude', '')} {point.get('Longitude', '')}"
        _put_location(out, _geopoint(text, "location"))
    return out


# --- ODK Central OData JSON --------------------------------------------------------------------


def parse_odata(content: bytes, *, file: str) -> Iterator[Submission | Rejected]:
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError, ...
        yield Rejected(file, "-", "file", f"not JSON ({str(error)[:200]})")
        return
    records = document.get("value") if isinstance(document, dict) else document
    if not isinstance(records, list):
        yield Rejected(file, "-", "value", "expected OData's {'value': [submissions...]}")
        return
    for number, item in enumerate(records, start=1):
        if not isinstance(item, dict):
            yield Rejected(file, f"row {number}", "-", "a submission must be a JSON object")
            continue
        meta = item.get("meta")
        meta = meta if isinstance(meta, dict) else {}
        instance_id = item.get("__id") or meta.get("instanceID") or None
        record = str(instance_id or f"row {number}")
        try:
            data = _odata_record(item, top=True, depth=1)
        except SubmissionError as error:
            yield Rejected(file, record, error.field, error.message)
            continue
        yield Submission(file=file, record=record, instance_id=instance_id, data=data)


def _odata_record(item: dict[str, Any], *, top: bool, depth: int) -> dict[str, Any]:
    if depth > MAX_DEPTH:
        raise SubmissionError("-", _("nested too deeply to be a visit form"))
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key.endswith("@odata.navigationLink"):
            name = key.split("@", 1)[0]
            raise SubmissionError(
                name,
                _("this repeat is a link, not data: export with $expand=* so repeats are included"),
            )
        if key in SKIPPED or key.startswith("__") or "@" in key:
            continue
        if key == "location":
            out.update(_odata_point(value))
        elif top and key in REPEATS:
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise SubmissionError(key, _("a repeat must be a list of objects"))
            out[key] = [
                _repeat_entry(key, _odata_record(v, top=False, depth=depth + 1)) for v in value
            ]
        elif isinstance(value, dict):
            out.update(_odata_record(value, top=top, depth=depth + 1))
        elif value not in (None, ""):
            out[key] = value if isinstance(value, list) else str(value)
    return out


def _odata_point(value: Any) -> dict[str, float]:
    if value in (None, ""):
        return {}
    coordinates = value.get("coordinates") if isinstance(value, dict) else None
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        raise SubmissionError("location", _("expected a GeoJSON Point with coordinates [lon, lat]"))
    try:
        return {"lat": float(coordinates[1]), "lon": float(coordinates[0])}
    except (TypeError, ValueError, OverflowError):
        raise SubmissionError(
            "location", _("%(value)s are not numbers") % {"value": coordinates[:2]}
        ) from None


# --- files -------------------------------------------------------------------------------------


def read_file(path: Path) -> Iterator[Submission | Rejected]:
    """Every submission in one file, whatever its kind (by content, then by name)."""
    file = path.name
    try:
        content = path.read_bytes()
    except OSError as error:
        yield Rejected(file, "-", "file", f"cannot be read ({error.strerror})")
        return
    if content[:4] == b"PK\x03\x04":
        yield from parse_csv_zip(content, file=file)
    elif content.lstrip()[:1] in (b"{", b"["):
        yield from parse_odata(content, file=file)
    elif content.lstrip()[:1] == b"<":
        try:
            yield parse_instance(content, file=file)
        except SubmissionError as error:
            yield Rejected(file, "row 1", error.field, error.message)
    else:
        yield Rejected(
            file,
            "-",
            "file",
            "not an ODK Central CSV zip, OData JSON or OpenRosa instance XML",
        )
