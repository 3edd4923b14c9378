"""Place resolution over an in-memory index (pure Python, no Django).

Every name of every place is indexed under three keys (`stranded.lib.fold`): the folded text, the
Armenian-aware fold and a looser skeleton. A query is folded the same way; exact hits on any key
come first, then names within one or two edits of the query (rapidfuzz, optimal string alignment:
a swap of two letters is one edit), so "Khakendi" and
"Stepanakret" still land. Candidates are ranked by name evidence, then by importance
(population, kind) and, when the caller gives one, by closeness to a focus point: two places
called Martuni exist, and an operation in Karabakh means the one near it.

`answer` then weighs the distance from the operation's region (its centre and its areas) against
the strength of the spelling evidence: a name spelt exactly may lie further out than one found
by two changed letters. What lies beyond its evidence's reach is never the answer: it is listed
apart as a weak candidate, with its distance, and the query is "not found". A village of the
region that the gazetteer lacks must not land on a look-alike in northern Armenia.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from stranded.lib.fold import fold, hy_fold, skeleton
from stranded.lib.geo import great_circle_km

# Name evidence, best first; bonuses below stay under the gap between two levels.
EXACT, ARMENIAN, SKELETON = 1.0, 0.97, 0.94
FUZZY_ONE, FUZZY_TWO = 0.86, 0.78
KIND_WEIGHT = {
    "city": 1.0, "town": 0.9, "crossing": 0.8, "facility": 0.6, "village": 0.6,
    "hamlet": 0.5, "district": 0.5, "region": 0.5, "neighbourhood": 0.4, "street": 0.3,
    "building": 0.2, "country": 0.3,
}  # fmt: skip


@dataclass(frozen=True)
class PlaceEntry:
    id: str
    names: tuple[str, ...]
    kind: str
    lat: float
    lon: float
    population: int = 0


@dataclass(frozen=True)
class PlaceCandidate:
    id: str
    score: float
    matched: str  # the name that matched
    evidence: str  # exact, armenian, skeleton, fuzzy-1, fuzzy-2
    distance_km: float | None = None  # from the operation's region, when one is given


# How far from the operation's region each kind of spelling evidence may reach and still be the
# answer. An exact name is a namesake at worst; a changed letter is strong evidence in a long name
# and weak in a short one (Togh is one letter from Tegh, 40 km away), so fuzzy evidence reaches
# FUZZY_REACH_KM * (1 - 2.5 * edits / letters): 35 km for one edit in six letters, 22 in four.
REACH_KM = {"exact": 60.0, "armenian": 60.0, "skeleton": 50.0}
FUZZY_REACH_KM = 60.0


def reach_km(evidence: str, letters: int) -> float:
    if evidence in REACH_KM:
        return REACH_KM[evidence]
    edits = int(evidence.rsplit("-", 1)[-1]) if evidence.startswith("fuzzy-") else letters
    return max(0.0, FUZZY_REACH_KM * (1 - 2.5 * edits / max(letters, 1)))


@dataclass(frozen=True)
class Region:
    """The operation's region: its centre, then the centres of its areas.

    The distance from an area counts double: areas widen the region by half of each evidence's
    reach (an exact name up to 30 km beyond the outermost village swept), so that a wide
    operation does not reach namesakes a whole reach beyond its last village.
    """

    points: tuple[tuple[float, float], ...]

    def distance_km(self, lat: float, lon: float) -> float:
        centre, *areas = self.points
        from_areas = (2 * great_circle_km(point, (lat, lon)) for point in areas)
        return min(great_circle_km(centre, (lat, lon)), *from_areas, float("inf"))

    def focus(self) -> tuple[float, float]:
        return self.points[0]


@dataclass(frozen=True)
class Answer:
    """Confident candidates (best first) and weak ones (nearest first), each with its distance."""

    candidates: list[PlaceCandidate]
    weak: list[PlaceCandidate]

    @property
    def found(self) -> bool:
        return bool(self.candidates)


@dataclass
class Resolver:
    """Built once from all places; `resolve` answers in a few milliseconds."""

    entries: list[PlaceEntry] = field(default_factory=list)
    _keys: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    _fuzzy_keys: dict[str, list[str]] = field(default_factory=dict)
    _key_names: dict[tuple[str, str], str] = field(default_factory=dict)
    _position: dict[str, int] = field(default_factory=dict)
    _regional: dict[Region, dict[str, list[str]]] = field(default_factory=dict)  # the last one

    @classmethod
    def build(cls, places: Iterable[PlaceEntry]) -> Resolver:
        resolver = cls()
        index: dict[str, dict[str, set[int]]] = {k: defaultdict(set) for k in KEYS}
        for position, entry in enumerate(places):
            resolver.entries.append(entry)
            resolver._position[entry.id] = position
            for name in entry.names:
                for kind, key_of in KEYS.items():
                    key = key_of(name)
                    if key:
                        index[kind][key].add(position)
                        resolver._key_names.setdefault((kind, key), name)
        resolver._keys = {kind: dict(keys) for kind, keys in index.items()}
        resolver._fuzzy_keys = {kind: list(resolver._keys[kind]) for kind in ("fold", "hy")}
        return resolver

    def resolve(
        self,
        text: str,
        *,
        limit: int = 10,
        near: tuple[float, float] | None = None,
        fuzzy_pool: dict[str, list[str]] | None = None,
    ) -> list[PlaceCandidate]:
        """`fuzzy_pool`: look for misspellings among these keys, even after an exact hit."""
        evidence = self._evidence(text, fuzzy_pool=fuzzy_pool)
        ranked = sorted(
            (
                PlaceCandidate(self.entries[i].id, round(s + self._bonus(i, near), 4), name, how)
                for i, (s, name, how) in evidence.items()
            ),
            key=lambda c: -c.score,
        )
        return ranked[:limit]

    def answer(self, text: str, *, region: Region | None, limit: int = 10) -> Answer:
        """Split the candidates into those within their evidence's reach and the rest."""
        if region is None:
            return Answer(self.resolve(text, limit=limit), [])
        letters = len(fold(text).replace(" ", ""))
        found = self.resolve(text, limit=100, near=region.focus())
        confident, weak = self._split(found, region, letters)
        if not confident:  # an exact namesake far away must not hide a near misspelling
            pool = self._regional_keys(region)
            found = self.resolve(text, limit=100, near=region.focus(), fuzzy_pool=pool)
            confident, near_weak = self._split(found, region, letters)
            taken = {c.id for c in confident} | {c.id for c in near_weak}
            weak = near_weak + [c for c in weak if c.id not in taken]
        weak.sort(key=lambda c: (c.distance_km or 0.0, -c.score))
        return Answer(confident[:limit], weak[:limit])

    def _split(
        self, found: list[PlaceCandidate], region: Region, letters: int
    ) -> tuple[list[PlaceCandidate], list[PlaceCandidate]]:
        confident: list[PlaceCandidate] = []
        weak: list[PlaceCandidate] = []
        for candidate in found:
            entry = self.entries[self._position[candidate.id]]
            distance = round(region.distance_km(entry.lat, entry.lon), 1)
            reach = reach_km(candidate.evidence, letters)
            placed = replace(candidate, distance_km=distance)
            (confident if distance <= reach else weak).append(placed)
        return confident, weak

    def _regional_keys(self, region: Region) -> dict[str, list[str]]:
        """The fuzzy keys of the places within reach of a region: a few hundred, not all."""
        if region not in self._regional:
            reach = max(FUZZY_REACH_KM, *REACH_KM.values()) + 1.0
            near = {
                i for i, e in enumerate(self.entries) if region.distance_km(e.lat, e.lon) <= reach
            }
            self._regional = {
                region: {
                    kind: [key for key in self._fuzzy_keys[kind] if near & self._keys[kind][key]]
                    for kind in self._fuzzy_keys
                }
            }
        return self._regional[region]

    def _evidence(
        self, text: str, *, fuzzy_pool: dict[str, list[str]] | None
    ) -> dict[int, tuple[float, str, str]]:
        best: dict[int, tuple[float, str, str]] = {}

        def offer(positions: Iterable[int], score: float, kind: str, key: str, how: str) -> None:
            name = self._key_names.get((kind, key), key)
            for position in positions:
                if position not in best or best[position][0] < score:
                    best[position] = (score, name, how)

        keys = {kind: key_of(text) for kind, key_of in KEYS.items()}
        for kind, score, how in LEVELS:
            key = keys[kind]
            if key and key in self._keys[kind]:
                offer(self._keys[kind][key], score, kind, key, how)
        if fuzzy_pool is not None:
            self._fuzzy(keys, offer, fuzzy_pool)
        elif not best or max(s for s, _, _ in best.values()) < EXACT:
            self._fuzzy(keys, offer, self._fuzzy_keys)
        return best

    def _fuzzy(self, keys: dict[str, str], offer: object, pool: dict[str, list[str]]) -> None:
        for kind in ("fold", "hy"):
            query = keys[kind]
            if len(query) < 4:
                continue
            allowed = 1 if len(query) < 7 else 2
            matches = process.extract(
                query,
                pool[kind],
                scorer=OSA.distance,
                score_cutoff=allowed,
                limit=100,
            )
            for key, distance, _ in matches:
                # Within one level, the closer spelling (fewer letters changed) ranks higher.
                level = FUZZY_ONE if distance <= 1 else FUZZY_TWO
                score = level + 0.02 * fuzz.ratio(query, key) / 100
                how = f"fuzzy-{int(distance)}"
                offer(self._keys[kind][key], score, kind, key, how)  # type: ignore[operator]

    def _bonus(self, position: int, near: tuple[float, float] | None) -> float:
        entry = self.entries[position]
        importance = 0.012 * min(math.log10(entry.population + 1), 7.0) / 7.0
        importance += 0.008 * KIND_WEIGHT.get(entry.kind, 0.3)
        if near is None:
            return importance
        distance = great_circle_km(near, (entry.lat, entry.lon))
        return importance + 0.03 * math.exp(-distance / 100.0)


KEYS = {"fold": fold, "hy": hy_fold, "skeleton": skeleton}
LEVELS = [
    ("fold", EXACT, "exact"),
    ("hy", ARMENIAN, "armenian"),
    ("skeleton", SKELETON, "skeleton"),
]
