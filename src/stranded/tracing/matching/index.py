"""Blocking index: one query against every known person, and batch link and dedupe.

A record is filed under several keys at once (family and given skeletons, family skeleton and
birth year, given skeleton with year and family initial, document, phone, full birth date,
family skeleton and place); a query compares itself only with records sharing a key. Keys are
cross-script skeletons, so Оганесян meets Hovhannisyan in the same block.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from stranded.tracing.matching.compare import FIELD_INDEX, FIELDS, MISSING, SAME_NAME, compare
from stranded.tracing.matching.model import FAMILY, Model, band, default_model, fit
from stranded.tracing.matching.records import Prepared, Record

MAX_BLOCK = 5_000  # a key shared by more records than this says nothing: skip it
MIN_FOR_FREQUENCY = 1_000
RARE_BONUS = 3.0
MAX_COMPARED = 400  # one query compares at most this many records, those sharing most keys
SPARSE = "f:"  # the family name alone: a block for queries without given name or birth year


@dataclass(frozen=True)
class FieldComparison:
    field: str
    left: str
    right: str
    level: str
    weight: float


@dataclass(frozen=True)
class Candidate:
    id: str
    probability: float
    band: str
    comparison: tuple[FieldComparison, ...]


def name_values(p: Prepared) -> Iterator[str]:
    """How a name is counted: by its skeleton, so that every script counts one name once."""
    if p.given_skel:
        yield "given_name:" + p.given_skel
    if p.family_skel:
        yield "family_name:" + p.family_skel


def blocking_keys(p: Prepared) -> Iterator[str]:
    """Keys a record is filed under. Names enter in both orders and cut short on one side, so a
    swap of given and family name, or a typo late in one of them, still shares a key."""
    family = " ".join(sorted(p.family_skel.split()))
    given = p.given_skel.split()[0] if p.given_skel else ""
    if family:
        yield f"f:{family}"  # searched only by records that have little else (see SPARSE)
    if family and given:
        for first, second in ((family, given), (given, family)):
            yield f"n:{first}|{second[:2]}"
            yield f"m:{first[:3]}|{second}"
    if family and p.year:
        yield f"fy:{family}|{p.year}"
        yield f"fd:{family}|{p.year // 10}"
    if given and p.year and p.family_skel:
        yield f"gy:{given}|{p.year}|{p.family_skel[:1]}"
    if p.document:
        yield "d:" + p.document
        if len(p.document) >= 6:  # one mistyped digit leaves one half intact
            yield "dh:" + p.document[: len(p.document) // 2]
            yield "dt:" + p.document[len(p.document) // 2 :]
    if p.phone:
        yield "p:" + p.phone
    if p.year and p.month and p.day:
        yield f"b:{p.year}-{p.month}-{p.day}"
    if family and p.place:
        yield f"fp:{family}|{p.place}"
    words = p.address.split()
    if len(words) >= 2 and p.place:
        yield f"ap:{words[0]}|{words[1][:3]}|{p.place.split()[0][:3]}"


class Index:
    def __init__(self, model: Model | None = None) -> None:
        self.model = model or default_model()
        self._weights = self.model.tables()
        self.prepared: list[Prepared] = []
        self.positions: dict[str, int] = {}
        self.blocks: dict[str, list[int]] = defaultdict(list)
        # How common each name is here: agreeing on "Petrosyan" says less than on a rare name.
        self.frequency: dict[str, int] = defaultdict(int)

    def __len__(self) -> int:
        return len(self.prepared)

    def add(self, records: Iterable[Record]) -> None:
        for record in records:
            prepared = Prepared.of(record)
            position = len(self.prepared)
            self.prepared.append(prepared)
            self.positions[record.id] = position
            for key in blocking_keys(prepared):
                self.blocks[key].append(position)
            for key in name_values(prepared):
                self.frequency[key] += 1

    def name_adjustment(self, query: Prepared, other: Prepared, levels: tuple[int, ...]) -> float:
        """Term frequency: log2(u / share of records with this name), as Splink does: agreeing
        on a common name says less, on a rare one more (at most RARE_BONUS bits more).
        Below MIN_FOR_FREQUENCY records, counts say nothing about how common a name is."""
        total = len(self.prepared)
        adjustment = 0.0
        if total < MIN_FOR_FREQUENCY:
            return adjustment
        for field, value in (("given_name", other.given_skel), ("family_name", other.family_skel)):
            level = levels[FIELD_INDEX[field]]
            if level < SAME_NAME or not value:
                continue
            share = self.frequency.get(f"{field}:{value}", 0) / total
            u = self.model.u[FIELD_INDEX[field]][level]
            if share > 0:
                adjustment += min(RARE_BONUS, math.log2(u / share))
        return adjustment

    def candidates(self, prepared: Prepared, *, most: int | None = None) -> set[int]:
        """Records sharing a key with this one; with `most`, only the `most` that share the
        most keys (a query against a million persons compares a few hundred)."""
        shared: Counter[int] = Counter()
        sparse = not (prepared.given_skel and prepared.year)
        for key in blocking_keys(prepared):
            if key.startswith(SPARSE) and not sparse:
                continue
            block = self.blocks.get(key)
            if block and len(block) <= MAX_BLOCK:
                shared.update(block)
        if most is None or len(shared) <= most:
            return set(shared)
        return {position for position, _ in shared.most_common(most)}

    def search(
        self, record: Record, *, limit: int = 20, minimum: float | None = None
    ) -> list[Candidate]:
        """Known records that may be this person, best first, at or above 'possible'."""
        query = Prepared.of(record)
        scored = []
        for position in self.candidates(query, most=MAX_COMPARED):
            other = self.prepared[position]
            if other.record.id == record.id:
                continue
            levels = compare(query, other)
            extra = self.name_adjustment(query, other, levels)
            probability = self.model.probability(levels, self._weights, extra)
            if probability >= (minimum if minimum is not None else _possible()):
                scored.append((probability, position, levels))
        scored.sort(key=lambda item: -item[0])
        return [self._candidate(query, self.prepared[pos], p, lv) for p, pos, lv in scored[:limit]]

    def _candidate(
        self, query: Prepared, other: Prepared, probability: float, levels: tuple[int, ...]
    ) -> Candidate:
        return Candidate(
            id=other.record.id,
            probability=round(probability, 4),
            band=band(probability),
            comparison=explain(
                query.record, other.record, levels, self._weights[levels[FAMILY] >= SAME_NAME]
            ),
        )


def _possible() -> float:
    from stranded.tracing.matching.model import POSSIBLE

    return POSSIBLE


SHOWN = {
    "given_name": "given_name", "family_name": "family_name", "father_name": "father_name",
    "sex": "sex", "place": "place", "address": "address", "phone": "phone",
    "document_number": "document_number",
}  # fmt: skip


def explain(
    left: Record, right: Record, levels: tuple[int, ...], weights: list[list[float]]
) -> tuple[FieldComparison, ...]:
    rows = []
    for field, level, field_weights in zip(FIELDS, levels, weights, strict=True):
        if level == MISSING:
            continue
        rows.append(
            FieldComparison(
                field=field.name if field.name != "birth" else "birth",
                left=_shown(left, field.name),
                right=_shown(right, field.name),
                level=field.levels[level],
                weight=round(field_weights[level], 2),
            )
        )
    return tuple(rows)


def _shown(record: Record, field: str) -> str:
    if field == "birth":
        if record.birth_date:
            return record.birth_date
        if record.birth_year:
            return (
                f"about {record.birth_year}" if record.birth_approximate else str(record.birth_year)
            )
        return ""
    if field == "place":
        return record.place or record.place_id
    return str(getattr(record, field, ""))


@dataclass(frozen=True)
class Pair:
    left_id: str
    right_id: str
    probability: float
    band: str


def candidate_pairs(
    left: Index, right: Index, *, same: bool
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """All blocked pairs (left position, right position) and their comparison levels."""
    pairs, rows = [], []
    for i, prepared in enumerate(left.prepared):
        for j in right.candidates(prepared):
            if same and j <= i:
                continue
            pairs.append((i, j))
            rows.append(compare(prepared, right.prepared[j]))
    levels = np.array(rows, dtype=np.int64).reshape(-1, len(FIELDS))
    return pairs, levels


def adjustments(
    left: Index, right: Index, pairs: list[tuple[int, int]], levels: np.ndarray
) -> np.ndarray:
    return np.array(
        [
            right.name_adjustment(left.prepared[i], right.prepared[j], tuple(row))
            for (i, j), row in zip(pairs, levels.tolist(), strict=True)
        ]
    )


def random_levels(left: Index, right: Index, count: int, seed: int = 1) -> np.ndarray:
    rng = random.Random(seed)
    rows = [compare(rng.choice(left.prepared), rng.choice(right.prepared)) for _ in range(count)]
    return np.array(rows, dtype=np.int64).reshape(-1, len(FIELDS))


def kin_levels(left: Index, right: Index, count: int, seed: int = 2) -> np.ndarray:
    """Random pairs of records that share the family name (its skeleton), whatever else."""
    rng = random.Random(seed)
    rows: list[tuple[int, ...]] = []
    for _ in range(count * 3):
        prepared = rng.choice(left.prepared)
        family = " ".join(sorted(prepared.family_skel.split()))
        block = right.blocks.get(f"f:{family}") if family else None
        if block:
            other = right.prepared[rng.choice(block)]
            if other.record.id != prepared.record.id:
                rows.append(compare(prepared, other))
        if len(rows) >= count:
            break
    return np.array(rows, dtype=np.int64).reshape(-1, len(FIELDS))


def link(
    left: Iterable[Record], right: Iterable[Record], *, model: Model | None = None,
    train: bool = True, minimum: float | None = None,
) -> tuple[list[Pair], Model]:  # fmt: skip
    """Every pair across two lists at or above 'possible', with the model that scored them."""
    left_index, right_index = Index(model), Index(model)
    left_index.add(left)
    right_index.add(right)
    return _score(left_index, right_index, same=False, model=model, train=train, minimum=minimum)


def dedupe(
    records: Iterable[Record], *, model: Model | None = None, train: bool = True,
    minimum: float | None = None,
) -> tuple[list[Pair], Model]:  # fmt: skip
    index = Index(model)
    index.add(records)
    return _score(index, index, same=True, model=model, train=train, minimum=minimum)


def _score(
    left: Index, right: Index, *, same: bool, model: Model | None, train: bool,
    minimum: float | None,
) -> tuple[list[Pair], Model]:  # fmt: skip
    pairs, levels = candidate_pairs(left, right, same=same)
    if train and len(pairs) >= 50:
        sample = min(30_000, max(10_000, 2 * len(pairs)))
        most = min(len(left), len(right)) if not same else len(left) / 2
        total = len(left) * len(right) if not same else len(left) * (len(left) - 1) // 2
        bound = min(0.5, most / total)
        model = fit(
            levels, random_levels(left, right, sample), kin_pairs=kin_levels(left, right, sample),
            start=model, max_prior=bound, total_pairs=total,
        )  # fmt: skip
    model = model or default_model()
    right.model = model
    right._weights = model.tables()
    from stranded.tracing.matching.model import compete, probabilities

    # Across two lists, namesakes compete for one match (`compete`): lowering the weight of a
    # common name as well would count them twice. Within one list, term frequency does it.
    extra = adjustments(left, right, pairs, levels) if len(pairs) and same else None
    scores = probabilities(model, levels, extra) if len(pairs) else np.zeros(0)
    if not same and len(pairs):
        at = np.array(pairs, dtype=np.int64)
        scores = compete(at[:, 0], at[:, 1], scores, model.prior, (len(left), len(right)))
    cutoff = minimum if minimum is not None else _possible()
    found = [
        Pair(left.prepared[i].record.id, right.prepared[j].record.id, float(p), band(float(p)))
        for (i, j), p in zip(pairs, scores, strict=True)
        if p >= cutoff
    ]
    return found, model
