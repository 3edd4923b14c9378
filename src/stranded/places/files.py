"""Reading full gazetteers the user brings: GeoNames dumps and a documented CSV (no network).

GeoNames country dumps (`AZ.zip`, `AM.txt`...; https://download.geonames.org/export/dump/) hold
one place a line in 19 tab-separated columns; every populated place (feature class P) is read,
with the first- and second-level administrative divisions (ADM1, ADM2) as parents. The
`alternateNamesV2` file (or a country's `alternatenames/AZ.zip`) adds names tagged by language,
historic and colloquial ones marked. Place CSV files have the columns of `CSV_COLUMNS`.

Every reader checks everything before anything is written and names file, row and field of what
is wrong; nothing is written when one row is.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

from stranded.lib.fold import fold, skeleton
from stranded.lib.geo import great_circle_km
from stranded.places.importers import Name, SourcePlace, kind_for_population

GEONAMES_COLUMNS = 19
ALTERNATE_COLUMNS = (8, 10)  # alternateNames (old) and alternateNamesV2 (with from and to)
# alternateNames rows whose "language" is a code system, not a language: not names of the place.
NOT_NAMES = {"link", "post", "iata", "icao", "faac", "fr_1793", "abbr", "unlc", "wkdt", "tcid"}
ADMIN_KINDS = {"ADM1": "region", "ADM2": "district", "ADM3": "district"}
ADMIN_LEVELS = {"ADM1": 1, "ADM2": 2, "ADM3": 3}
CSV_COLUMNS = {
    "name": "main name, as lists show it (required)",
    "lat": "latitude, decimal degrees WGS 84 (required)",
    "lon": "longitude, decimal degrees WGS 84 (required)",
    "kind": "village, hamlet, town, city, district, region, neighbourhood, crossing or facility "
    "(default village)",
    "parent": "name of the district (or place) it belongs to, in the file or the gazetteer",
    "name_LANG": "one column per language: name_hy, name_az, name_ru, name_en, ... (any ISO 639)",
    "other_names": "further names or spellings, separated by |",
    "id": "a stable identifier in your list (default: the name and the position)",
    "country": "ISO 3166-1 alpha-2 code (AZ, AM)",
    "population": "whole number",
    "note": "where the row comes from",
}
CSV_KINDS = {
    "village", "hamlet", "town", "city", "district", "region", "neighbourhood", "crossing",
    "facility",
}  # fmt: skip


class FileError(ValueError):
    """What is wrong, where: file, row and field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:20]) + (" ..." if len(problems) > 20 else ""))
        self.problems = problems


@dataclass
class Rows:
    """A file's lines as lists of fields, with their line numbers."""

    name: str
    lines: list[tuple[int, list[str]]] = field(default_factory=list)


@contextmanager
def opened(path: str) -> Iterator[tuple[str, IO[str]]]:
    """(file name, text stream); a .zip gives its one data file (GeoNames' readme.txt aside)."""
    if not zipfile.is_zipfile(path):
        with open(path, encoding="utf-8") as handle:
            yield os.path.basename(path), handle
        return
    with zipfile.ZipFile(path) as archive:
        members = [
            m
            for m in archive.namelist()
            if m.endswith(".txt") and "readme" not in m.lower() and "iso-language" not in m
        ]
        if len(members) != 1:
            raise FileError([f"{os.path.basename(path)}: expected one data file, found {members}"])
        with archive.open(members[0]) as raw:
            yield members[0], io.TextIOWrapper(raw, encoding="utf-8")


def tab_lines(path: str) -> Iterator[tuple[str, int, list[str]]]:
    """(file name, line number, fields), streamed: alternateNamesV2 is hundreds of megabytes."""
    with opened(path) as (name, handle):
        for number_, line in enumerate(handle, start=1):
            line = line.rstrip("\n").rstrip("\r")
            if line.strip() and not line.startswith("#"):
                yield name, number_, line.split("\t")


def tab_rows(path: str) -> Rows:
    rows = Rows(os.path.basename(path))
    for name, number_, cols in tab_lines(path):
        rows.name = name
        rows.lines.append((number_, cols))
    return rows


def columns_of(path: str) -> int:
    return next((len(cols) for _, _, cols in tab_lines(path)), 0)


def read_geonames(rows: Rows) -> list[SourcePlace]:
    places: list[SourcePlace] = []
    admins: dict[tuple[str, ...], SourcePlace] = {}
    codes: dict[int, tuple[str, ...]] = {}  # by id() of the place: SourcePlace is unhashable
    problems: list[str] = []
    for number, cols in rows.lines:
        where = f"{rows.name} row {number}"
        if len(cols) != GEONAMES_COLUMNS:
            problems.append(f"{where}: {len(cols)} columns, a GeoNames dump has 19")
            continue
        feature_class, code = cols[6], cols[7]
        if feature_class != "P" and code not in ADMIN_KINDS:
            continue
        place = geonames_place(cols, where, problems)
        if place is None:
            continue
        places.append(place)
        # (country, admin1, admin2, admin3): a division is known by its own level's prefix.
        path: tuple[str, ...] = (cols[8], cols[10], cols[11], cols[12])
        if code in ADMIN_LEVELS:
            admins[path[: ADMIN_LEVELS[code] + 1]] = place
        codes[id(place)] = path
    if problems:
        raise FileError(problems)
    for place in places:
        path = codes[id(place)]
        for level in (3, 2, 1):
            parent = admins.get(path[: level + 1])
            if parent is not None and parent is not place and parent.kind != place.kind:
                place.parent_key = parent.key
                break
    return places


def geonames_place(cols: list[str], where: str, problems: list[str]) -> SourcePlace | None:
    geonameid, name, ascii_name, alternates = cols[0], cols[1], cols[2], cols[3]
    lat = number(cols[4], f"{where}, field latitude", problems)
    lon = number(cols[5], f"{where}, field longitude", problems)
    population = cols[14].strip() or "0"
    if not geonameid.isdigit():
        problems.append(f"{where}, field geonameid: {geonameid!r} is not a number")
    if not population.isdigit():
        problems.append(f"{where}, field population: {population!r} is not a whole number")
    if not name.strip():
        problems.append(f"{where}, field name: empty")
    if lat is None or lon is None or not geonameid.isdigit() or not population.isdigit():
        return None
    code = cols[7]
    kind = ADMIN_KINDS.get(code) or geonames_kind(code, int(population))
    place = SourcePlace(
        source="geonames",
        source_id=geonameid,
        name=name.strip(),
        kind=kind,
        lat=lat,
        lon=lon,
        country_code=cols[8].strip()[:2],
        population=int(population),
    )
    place.add(Name(name.strip(), "", "official", "geonames"))
    for text in (ascii_name, *alternates.split(",")):
        if text.strip():
            place.add(Name(text.strip(), "", "alternate", "geonames"))
    return place


def geonames_kind(code: str, population: int) -> str:
    if code == "PPLX":
        return "neighbourhood"
    if code in ("PPLC", "PPLA", "PPLA2") and population >= 10_000:
        return "city" if population >= 50_000 else "town"
    if population == 0 and code == "PPLF":  # farm village
        return "hamlet"
    return kind_for_population(population)


def number(text: str, where: str, problems: list[str]) -> float | None:
    try:
        return float(text)
    except ValueError:
        problems.append(f"{where}: {text!r} is not a number")
        return None


def add_alternate_names(path: str, places: dict[str, SourcePlace]) -> None:
    """Language-tagged names onto the places by geonameid (file places or held ones)."""
    problems = []
    for name, number_, cols in tab_lines(path):
        if len(cols) not in ALTERNATE_COLUMNS:
            problems.append(f"{name} row {number_}: {len(cols)} columns, alternateNames has 10")
            if len(problems) > 20:
                break
            continue
        place = places.get(cols[1])
        language, text = cols[2].strip(), cols[3].strip()
        if place is None or language in NOT_NAMES or not text or text.startswith("http"):
            continue
        kind = "historic" if cols[7] == "1" else "colloquial" if cols[6] == "1" else "alternate"
        place.add(Name(text, language[:8], kind, "geonames"))
    if problems:
        raise FileError(problems)


def read_csv(path: str) -> list[SourcePlace]:
    base = os.path.basename(path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        missing = [c for c in ("name", "lat", "lon") if c not in columns]
        if missing:
            raise FileError([f"{base}: missing column(s) {', '.join(missing)}"])
        problems: list[str] = []
        places = [
            p
            for n, row in enumerate(reader, start=2)
            if (p := csv_place(row, f"{base} row {n}", problems)) is not None
        ]
    if problems:
        raise FileError(problems)
    link_csv_parents(places)
    return places


def csv_place(row: dict[str, str], where: str, problems: list[str]) -> SourcePlace | None:
    name = (row.get("name") or "").strip()
    kind = (row.get("kind") or "").strip().lower() or "village"
    lat = number((row.get("lat") or "").strip(), f"{where}, field lat", problems)
    lon = number((row.get("lon") or "").strip(), f"{where}, field lon", problems)
    population = (row.get("population") or "").strip() or "0"
    before = len(problems)
    if not name:
        problems.append(f"{where}, field name: empty")
    if kind not in CSV_KINDS:
        problems.append(f"{where}, field kind: {kind!r} is not one of {sorted(CSV_KINDS)}")
    if not population.isdigit():
        problems.append(f"{where}, field population: {population!r} is not a whole number")
    if lat is not None and not -90 <= lat <= 90:
        problems.append(f"{where}, field lat: {lat} is not a latitude")
    if lon is not None and not -180 <= lon <= 180:
        problems.append(f"{where}, field lon: {lon} is not a longitude")
    if len(problems) > before or lat is None or lon is None:
        return None
    row_id = (row.get("id") or "").strip() or f"{fold(name)}@{lat:.3f},{lon:.3f}"
    place = SourcePlace(
        source="csv",
        source_id=row_id,
        name=name,
        kind=kind,
        lat=lat,
        lon=lon,
        population=int(population),
        country_code=(row.get("country") or "").strip().upper()[:2],
        source_note=(row.get("note") or "").strip(),
    )
    place.add(Name(name, "", "official", "csv"))
    for column, value in row.items():
        if column and column.startswith("name_") and value and value.strip():
            place.add(Name(value.strip(), column[5:].strip()[:8], "official", "csv"))
    for text in (row.get("other_names") or "").split("|"):
        if text.strip():
            place.add(Name(text.strip(), "", "alternate", "csv"))
    place.parent_name = (row.get("parent") or "").strip()
    return place


def link_csv_parents(places: list[SourcePlace]) -> None:
    """A parent named in the file is linked here; one only in the gazetteer, when written."""
    for place in places:
        if not place.parent_name:
            continue
        named = [p for p in places if p is not place and same_name(p, place.parent_name)]
        if named:
            point = (place.lat, place.lon)
            parent = min(named, key=lambda p: great_circle_km((p.lat, p.lon), point))
            place.parent_key = parent.key


def same_name(place: SourcePlace, text: str) -> bool:
    keys = {fold(text), skeleton(text)} - {""}
    return bool(keys & place.name_keys())


def read_files(
    *,
    geonames: Iterable[str] = (),
    alternate_names: Iterable[str] = (),
    csvs: Iterable[str] = (),
    held: Iterable[SourcePlace] = (),
) -> list[SourcePlace]:
    """Every place of the files given; raises FileError, naming file, row and field.

    `held` are the GeoNames places already in the gazetteer (names only): alternate names given
    for them are added too.
    """
    path = ""
    try:
        places: list[SourcePlace] = []
        alternates = list(alternate_names)
        for path in geonames:
            if columns_of(path) in ALTERNATE_COLUMNS:  # alternatenames/AZ.zip is also "AZ.txt"
                alternates.append(path)
            else:
                places.extend(read_geonames(tab_rows(path)))
        if alternates:
            by_id = {p.source_id: p for p in held}
            by_id.update({p.source_id: p for p in places if p.source == "geonames"})
            for path in alternates:
                add_alternate_names(path, by_id)
            places.extend(p for p in by_id.values() if p.names_only and p.names)
        for path in csvs:
            places.extend(read_csv(path))
    except (UnicodeDecodeError, zipfile.BadZipFile, csv.Error) as error:
        raise FileError(
            [f"{os.path.basename(path)}: not readable as UTF-8 text: {error}"]
        ) from error
    return places


def csv_columns_help() -> str:
    out = io.StringIO()
    for column, meaning in CSV_COLUMNS.items():
        out.write(f"  {column:<12} {meaning}\n")
    return out.getvalue()
