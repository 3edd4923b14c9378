"""Reading and writing the batch CSV files of `stranded tracing link` and `dedupe`.

Input: UTF-8 CSV with a header; columns id, given_name, family_name, father_name, sex,
birth_date, place, address, phone, document_number; only id is required, others may be empty
or absent, in any script; birth_date is YYYY, YYYY-MM or YYYY-MM-DD.

Real files are dirty, and a dirty value is still data: an impossible date (1945-04-93) is
compared as text without date meaning, an odd sex as text, stray spaces are dropped, a name
mixing scripts is folded run by run; each is counted in `Warnings` (row, column, value,
reason). Only structural faults refuse the file whole, naming row and column, with nothing
written: no header, no id column, an empty or duplicate id, a row longer than the header,
bytes that are not UTF-8.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stranded.tracing.matching import Pair, Record
from stranded.tracing.matching.records import parse_birth

COLUMNS = (
    "id", "given_name", "family_name", "father_name", "sex", "birth_date", "place", "address",
    "phone", "document_number",
)  # fmt: skip
SEXES = {"": "", "f": "female", "female": "female", "m": "male", "male": "male"}
EXAMPLES = 20
_SPACES = re.compile(r"\s{2,}")
_ARMENIAN = re.compile(r"[\u0531-\u058f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
NAMES = ("given_name", "family_name", "father_name")


class BatchError(ValueError):
    """A malformed input file: the message names the file, row and column."""


@dataclass
class Warnings:
    """Dirty values that were linked anyway: how many, and the first few."""

    count: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, path: Path, row: int, column: str, value: str, reason: str) -> None:
        self.count += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append(
                {"file": path.name, "row": row, "column": column, "value": value, "reason": reason}
            )

    def summary(self) -> dict[str, Any]:
        return {"count": self.count, "examples": self.examples}


def read_records(path: Path, warnings: Warnings | None = None) -> list[Record]:
    warnings = warnings if warnings is not None else Warnings()
    text = _text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [c.strip() for c in reader.fieldnames or []]
    if not header:
        raise BatchError(f"{path}: row 1 (header): no header; the first row names the columns")
    if "id" not in header:
        raise BatchError(f"{path}: row 1 (header): column 'id' is required")
    reader.fieldnames = header
    for column in header:
        if column not in COLUMNS:
            warnings.add(path, 1, column, column, "unknown column, ignored")
    records: list[Record] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise BatchError(f"{path}: row {number}: more fields than columns in the header")
        records.append(_record(path, number, row, seen, warnings))
    return records


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BatchError(f"{path}: {error.strerror}") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        start = data.rfind(b"\n", 0, error.start) + 1
        header = data.split(b"\n", 1)[0].decode("utf-8", "replace").split(",")
        position = data.count(b",", start, error.start)
        column = header[position].strip() if position < len(header) else f"field {position + 1}"
        raise BatchError(
            f"{path}: row {line}, column {column!r}: bytes that are not UTF-8 "
            f"(byte {error.start}: {data[error.start : error.start + 1]!r})"
        ) from error


def _record(
    path: Path, number: int, row: dict[str, str], seen: set[str], warnings: Warnings
) -> Record:
    def fail(column: str, message: str) -> BatchError:
        return BatchError(f"{path}: row {number}, column {column!r}: {message}")

    values = {c: _clean(path, number, c, row.get(c) or "", warnings) for c in COLUMNS}
    if not values["id"]:
        raise fail("id", "empty; every row needs an id")
    if values["id"] in seen:
        raise fail("id", f"duplicate id {values['id']!r}")
    seen.add(values["id"])
    sex = values["sex"].lower()
    if sex not in SEXES:
        warnings.add(
            path, number, "sex", values["sex"], "not female, male, f or m: compared as text"
        )
    birth = values["birth_date"]
    if birth and parse_birth(Record(id="", birth_date=birth))[0] is None:
        warnings.add(path, number, "birth_date", birth, "no date: compared as text")
    for column in NAMES:
        if _mixed(values[column]):
            warnings.add(path, number, column, values[column], "mixes scripts")
    return Record(
        id=values["id"],
        given_name=values["given_name"],
        family_name=values["family_name"],
        father_name=values["father_name"],
        sex=SEXES.get(sex, sex),
        birth_date=birth,
        place=values["place"],
        address=values["address"],
        phone=values["phone"],
        document_number=values["document_number"],
    )


def _clean(path: Path, number: int, column: str, value: str, warnings: Warnings) -> str:
    clean = _SPACES.sub(" ", value.strip())
    if clean != value and column != "id":
        warnings.add(path, number, column, value, "stray spaces")
    return clean


def _mixed(value: str) -> bool:
    """Two scripts inside one word (a keyboard switched mid-name)."""
    for word in value.split():
        scripts = sum(bool(p.search(word)) for p in (_ARMENIAN, _CYRILLIC, _LATIN))
        if scripts > 1:
            return True
    return False


def write_pairs(path: Path, pairs: Iterable[Pair]) -> int:
    rows = sorted(pairs, key=lambda p: (-p.probability, p.left_id, p.right_id))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["left_id", "right_id", "probability", "band"])
        for pair in rows:
            writer.writerow([pair.left_id, pair.right_id, f"{pair.probability:.4f}", pair.band])
    return len(rows)
