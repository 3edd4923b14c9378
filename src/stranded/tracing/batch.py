"""Reading and writing the batch CSV files of `stranded tracing link` and `dedupe`.

Input: UTF-8 CSV with a header; columns id, given_name, family_name, father_name, sex,
birth_date, place, address, phone, document_number; only id is required, others may be empty
or absent, in any script; birth_date is YYYY, YYYY-MM or YYYY-MM-DD. A malformed file is refused
whole, with the row and column named; nothing is written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from stranded.tracing.matching import Pair, Record

COLUMNS = (
    "id", "given_name", "family_name", "father_name", "sex", "birth_date", "place", "address",
    "phone", "document_number",
)  # fmt: skip
SEXES = {"": "", "f": "female", "female": "female", "m": "male", "male": "male"}
_BIRTH = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class BatchError(ValueError):
    """A malformed input file: the message names the file, row and column."""


def read_records(path: Path) -> list[Record]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise BatchError(f"{path}: not UTF-8 (byte {error.start})") from error
    except OSError as error:
        raise BatchError(f"{path}: {error.strerror}") from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if "id" not in header:
        raise BatchError(f"{path}: row 1 (header): column 'id' is required")
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise BatchError(
            f"{path}: row 1 (header): unknown column {unknown[0]!r}; expected {', '.join(COLUMNS)}"
        )
    records: list[Record] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise BatchError(f"{path}: row {number}: more fields than columns in the header")
        records.append(_record(path, number, row, seen))
    return records


def _record(path: Path, number: int, row: dict[str, str], seen: set[str]) -> Record:
    def fail(column: str, message: str) -> BatchError:
        return BatchError(f"{path}: row {number}, column {column!r}: {message}")

    values = {column: (row.get(column) or "").strip() for column in COLUMNS}
    if not values["id"]:
        raise fail("id", "empty; every row needs an id")
    if values["id"] in seen:
        raise fail("id", f"duplicate id {values['id']!r}")
    seen.add(values["id"])
    sex = values["sex"].lower()
    if sex not in SEXES:
        raise fail("sex", f"{values['sex']!r} is not female, male, f, m or empty")
    birth = values["birth_date"]
    if birth and (not _BIRTH.match(birth) or not _valid_birth(birth)):
        raise fail("birth_date", f"{birth!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return Record(
        id=values["id"], given_name=values["given_name"], family_name=values["family_name"],
        father_name=values["father_name"], sex=SEXES[sex], birth_date=birth,
        place=values["place"], address=values["address"], phone=values["phone"],
        document_number=values["document_number"],
    )  # fmt: skip


def _valid_birth(text: str) -> bool:
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return 1850 <= parts[0] <= date.today().year


def write_pairs(path: Path, pairs: Iterable[Pair]) -> int:
    rows = sorted(pairs, key=lambda p: (-p.probability, p.left_id, p.right_id))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["left_id", "right_id", "probability", "band"])
        for pair in rows:
            writer.writerow([pair.left_id, pair.right_id, f"{pair.probability:.4f}", pair.band])
    return len(rows)
