"""Place resolution over an in-memory index (pure Python, no Django).

Every name of every place is indexed under three keys (`stranded.lib.fold`): the folded text, the
Armenian-aware fold and a looser skeleton. A query is folded the same way; exact hits on any key
come first, then names within one or two edits of the query (rapidfuzz, optimal string alignment:
a swap of two letters is one edit), so "Khakendi" and
"Stepanakret" still land. Candidates are ranked by name evidence, then by importance
(population, kind) and, when the caller gives one, by closeness to a focus point: two places
called Martuni exist, and an operation in Karabakh means the one near it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from stranded.lib.fold import fold, hy_fold, skeleton
from stranded.lib.geo import great_circle_km

# Name evidence, best first; bonuses below stay under the gap between two levels.
EXACT, ARMENIAN, SKELETON = 1.0, 0.97, 0.94
FUZZY_ONE, FUZZY_TWO = 0.86, 0.78
KIND_WEIGHT = {
    "city": 1.0, "town": 0.9, "crossing": 0.8, "facility": 0.6, "village": 0.6,
    "district": 0.5, "region": 0.5, "neighbourhood": 0.4, "street": 0.3, "building": 0.2,
    "country": 0.3,
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
class Candidate:
    id: str
    score: float
    matched: str  # the name that matched
    evidence: str  # exact, armenian, skeleton, fuzzy-1, fuzzy-2


@dataclass
class Resolver:
    """Built once from all places; `resolve` answers in a few milliseconds."""

    entries: list[PlaceEntry] = field(default_factory=list)
    _keys: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    _fuzzy_keys: dict[str, list[str]] = field(default_factory=dict)
    _key_names: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def build(cls, places: Iterable[PlaceEntry]) -> Resolver:
        resolver = cls()
        index: dict[str, dict[str, set[int]]] = {k: defaultdict(set) for k in KEYS}
        for position, entry in enumerate(places):
            resolver.entries.append(entry)
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
        self, text: str, *, limit: int = 10, near: tuple[float, float] | None = None
    ) -> list[Candidate]:
        evidence = self._evidence(text)
        ranked = sorted(
            (
                Candidate(self.entries[i].id, round(s + self._bonus(i, near), 4), name, how)
                for i, (s, name, how) in evidence.items()
            ),
            key=lambda c: -c.score,
        )
        return ranked[:limit]

    def _evidence(self, text: str) -> dict[int, tuple[float, str, str]]:
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
        if not best or max(s for s, _, _ in best.values()) < EXACT:
            self._fuzzy(keys, offer)
        return best

    def _fuzzy(self, keys: dict[str, str], offer: object) -> None:
        for kind in ("fold", "hy"):
            query = keys[kind]
            if len(query) < 4:
                continue
            allowed = 1 if len(query) < 7 else 2
            matches = process.extract(
                query, self._fuzzy_keys[kind], scorer=OSA.distance,
                score_cutoff=allowed, limit=30,
            )  # fmt: skip
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
