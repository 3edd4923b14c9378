"""Submissions as ODK Collect and ODK Central make them, built from pyxform's XForm of our form.

`instance` fills the XForm's primary instance the way Collect does: template repeats dropped, one
element per repeat entry, meta/instanceID set. `central_csv_zip` and `odata` write the same
records in ODK Central's export shapes.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import uuid
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

from stranded.fieldwork import xlsform

XF = "{http://www.w3.org/2002/xforms}"
XHTML = "{http://www.w3.org/1999/xhtml}"
JR_TEMPLATE = "{http://openrosa.org/javarosa}template"
REPEATS = ("persons", "needs", "animals", "remains")


def new_id() -> str:
    return f"uuid:{uuid.uuid4()}"


def _strip(element: ET.Element) -> None:
    for node in element.iter():
        node.tag = node.tag.rsplit("}", 1)[-1]


def instance(xform: str, values: dict[str, Any], *, instance_id: str) -> bytes:
    """The submission XML for `values` (flat fields; repeats as lists of dicts; location as
    (lat, lon))."""
    root = ET.fromstring(xform)
    primary = root.find(f"./{XHTML}head/{XF}model/{XF}instance")
    assert primary is not None
    form = copy.deepcopy(primary[0])
    _strip(form)
    templates = {}
    for child in list(form):
        if child.tag in REPEATS:
            if child.get(JR_TEMPLATE) is not None or child.get("template") is not None:
                templates[child.tag] = child
            form.remove(child)
    for name, value in values.items():
        if name in REPEATS:
            continue
        node = form.find(name)
        assert node is not None, f"the XForm has no field {name}"
        node.text = f"{value[0]} {value[1]} 0 5" if name == "location" else str(value)
    meta = form.find("meta")
    assert meta is not None
    position = list(form).index(meta)
    for name in REPEATS:
        for entry in values.get(name, []):
            element = copy.deepcopy(templates[name])
            element.attrib.clear()
            for key, value in entry.items():
                field = element.find(key)
                assert field is not None, f"the repeat {name} has no field {key}"
                field.text = " ".join(value) if isinstance(value, list) else str(value)
            form.insert(position, element)
            position += 1
    id_node = meta.find("instanceID")
    assert id_node is not None
    id_node.text = instance_id
    return ET.tostring(form, encoding="utf-8", xml_declaration=True)


MAIN_COLUMNS = ("visited_at", "area", "lead", "address", "location", "outcome", "electricity",
                "water", "gas", "notes")  # fmt: skip


def central_csv_zip(records: list[tuple[str, dict[str, Any]]]) -> bytes:
    """ODK Central's CSV export: the form's CSV and one per repeat, tied by KEY/PARENT_KEY."""
    main = io.StringIO()
    columns = [
        "SubmissionDate",
        "visited_at",
        "area",
        "lead",
        "address",
        "location-Latitude",
        "location-Longitude",
        "location-Altitude",
        "location-Accuracy",
        "outcome",
        "electricity",
        "water",
        "gas",
        "notes",
        "meta-instanceID",
        "meta-instanceName",
        "KEY",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
    ]
    writer = csv.DictWriter(main, columns)
    writer.writeheader()
    repeats: dict[str, list[dict[str, Any]]] = {name: [] for name in REPEATS}
    for key, values in records:
        row = dict.fromkeys(columns, "")
        for name in MAIN_COLUMNS:
            if name == "location" and "location" in values:
                row["location-Latitude"], row["location-Longitude"] = values["location"]
                row["location-Altitude"], row["location-Accuracy"] = 0, 5
            elif name in values:
                row[name] = values[name]
        row.update(
            {
                "SubmissionDate": "2023-10-03T09:00:00.000Z",
                "meta-instanceID": key,
                "KEY": key,
                "SubmitterName": "collect-team-a",
                "Status": "",
                "ReviewState": "",
                "Edits": 0,
                "FormVersion": "x",
            }
        )
        writer.writerow(row)
        for name in REPEATS:
            for index, entry in enumerate(values.get(name, []), start=1):
                flat = {k: " ".join(v) if isinstance(v, list) else v for k, v in entry.items()}
                flat.update({"PARENT_KEY": key, "KEY": f"{key}/{name}[{index}]"})
                repeats[name].append(flat)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"{xlsform.FORM_ID}.csv", main.getvalue())
        for name, rows in repeats.items():
            if rows:
                out = io.StringIO()
                fields = sorted({k for r in rows for k in r} - {"PARENT_KEY", "KEY"})
                repeat_writer = csv.DictWriter(out, [*fields, "PARENT_KEY", "KEY"])
                repeat_writer.writeheader()
                repeat_writer.writerows(rows)
                z.writestr(f"{xlsform.FORM_ID}-{name}.csv", out.getvalue())
    return archive.getvalue()


def odata(records: list[tuple[str, dict[str, Any]]]) -> bytes:
    """ODK Central's OData feed with $expand=*: repeats inline, geopoints as GeoJSON."""
    value = []
    for key, values in records:
        item: dict[str, Any] = {"__id": key, "__system": {"submitterName": "collect-team-a"}}
        for name, field in values.items():
            if name == "location":
                lat, lon = field
                item["location"] = {
                    "type": "Point",
                    "coordinates": [lon, lat, 0],
                    "properties": {"accuracy": 5},
                }
            else:
                item[name] = field
        item["meta"] = {"instanceID": key}
        value.append(item)
    return json.dumps({"@odata.context": "x", "value": value}, ensure_ascii=False).encode()
