"""Blocking index: one query against every known person, and batch link and dedupe.

A record is filed under several keys at once (family and given skeletons, family skeleton and
birth year, given skeleton with year and family initial, document, phone, full birth date,
family skeleton and place); a query compares itself only with records sharing a key. Keys are
cross-script skeletons, so Оганесян meets Hovhannisyan in the same block.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial

import numpy as np

from stranded.tracing.matching import aliases
from stranded.tracing.matching.columns import Columns, dedupe_pairs, levels, vocabulary
from stranded.tracing.matching.compare import FIELD_INDEX, FIELDS, MISSING, SAME_NAME, compare
from stranded.tracing.matching.model import (
    LIKELY,
    POSSIBLE,
    Model,
    band,
    compete,
    default_model,
    fit,
    likely_threshold,
    probabilities,
    table_of,
)
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
class SearchHit:
    """A known record that may be the person searched for (`Index.search`)."""

    id: str
    probability: float
    band: str
    comparison: tuple[FieldComparison, ...]


Candidate = SearchHit  # the former name (tracing.matcher and places have their own Candidate)


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


_VOWEL = str.maketrans("", "", "aeiouy")


def loose_keys(p: Prepared) -> Iterator[str]:
    """More keys for linking two lists (blocks there stay small): each name whole with the
    first letter of the other (its skeleton's, and its first consonant's), in either order,
    and both names by their consonants alone; a typo in each name, in an opening vowel
    (Gazaryan, Ghizaryan) or in names written in the other order still meets."""
    families = [" ".join(sorted(s.split())) for s in (p.family_skel, *p.family_others)]
    givens = [s.split()[0] for s in (p.given_skel, *p.given_others) if s]
    if not (families[0] and givens):
        return
    # every reading of each name (names.other_skeletons): Chagbazian meets Schahbasjan
    for family, given in itertools.product(families, givens):
        family_consonants, given_consonants = family.translate(_VOWEL), given.translate(_VOWEL)
        for name, other, consonants in (
            (given, family, family_consonants),
            (family, given, given_consonants),
        ):
            yield f"l1:{name}|{other[:1]}"
            yield f"l2:{name}|{consonants[:1]}"
        yield f"lc:{family_consonants}|{given_consonants[:2]}"


class Index:
    def __init__(self, model: Model | None = None, *, loose: bool = False) -> None:
        self.model = model or default_model()
        self.loose = loose  # also filed under `loose_keys` (linking two lists)
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
            for key in self.keys(prepared):
                self.blocks[key].append(position)
            for key in name_values(prepared):
                self.frequency[key] += 1

    def keys(self, prepared: Prepared) -> Iterator[str]:
        yield from blocking_keys(prepared)
        if self.loose:
            yield from loose_keys(prepared)

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

    def candidates(
        self, prepared: Prepared, *, most: int | None = None, sparse: bool = False
    ) -> set[int]:
        """Records sharing a key with this one; with `most`, only the `most` that share the
        most keys (a query against a million persons compares a few hundred). The family
        name alone is a key for a record with little else, or with `sparse`."""
        shared: Counter[int] = Counter()
        sparse = sparse or not (prepared.given_skel and prepared.year)
        for key in self.keys(prepared):
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
    ) -> list[SearchHit]:
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
            if probability >= (minimum if minimum is not None else POSSIBLE):
                scored.append((probability, position, levels))
        scored.sort(key=lambda item: -item[0])
        return [self._candidate(query, self.prepared[pos], p, lv) for p, pos, lv in scored[:limit]]

    def _candidate(
        self, query: Prepared, other: Prepared, probability: float, levels: tuple[int, ...]
    ) -> SearchHit:
        return SearchHit(
            id=other.record.id,
            probability=round(probability, 4),
            band=band(probability),
            comparison=explain(query.record, other.record, levels, self._weights[table_of(levels)]),
        )


def explain(
    left: Record, right: Record, levels: tuple[int, ...], weights: list[list[float]]
) -> tuple[FieldComparison, ...]:
    rows = []
    for field, level, field_weights in zip(FIELDS, levels, weights, strict=True):
        if level == MISSING:
            continue
        rows.append(
            FieldComparison(
                field=field.name,
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


def candidate_positions(left: Index, right: Index) -> tuple[np.ndarray, np.ndarray]:
    """Every blocked pair across two lists: (left positions, right positions). A record
    with little else (no given name or birth year) meets the other list's records of its
    family name, from either side."""
    rows: list[int] = []
    columns: list[int] = []
    for i, prepared in enumerate(left.prepared):
        found = right.candidates(prepared)
        rows += [i] * len(found)
        columns += found
    sparse = [j for j, p in enumerate(right.prepared) if not (p.given_skel and p.year)]
    for j in sparse:
        found = left.candidates(right.prepared[j], sparse=True)
        rows += found
        columns += [j] * len(found)
    codes = np.unique(np.array(rows, dtype=np.int64) * max(len(right), 1) + columns)
    return codes // max(len(right), 1), codes % max(len(right), 1)


def random_positions(
    left: int, right: int, count: int, seed: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, left, count), rng.integers(0, right, count)


def kin_positions(
    left: Columns, right: Columns, count: int, seed: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Random pairs of records that share the family name (its skeleton), whatever else."""
    rng = np.random.default_rng(seed)
    seen: dict[str, int] = {"": 0}

    def families(c: Columns) -> np.ndarray:
        keys = [" ".join(sorted(skel.split())) for skel in c.family.skel]
        return np.array([seen.setdefault(k, len(seen)) for k in keys], dtype=np.int64)[
            c.family.value
        ]

    mine, theirs = families(left), families(right)
    order = np.argsort(theirs, kind="stable")
    ordered = theirs[order]
    chosen = rng.integers(0, max(left.size, 1), count * 3)
    chosen = chosen[mine[chosen] != 0] if left.size else chosen[:0]
    start = np.searchsorted(ordered, mine[chosen], side="left")
    end = np.searchsorted(ordered, mine[chosen], side="right")
    has = end > start
    chosen, start, end = chosen[has], start[has], end[has]
    other = order[start + (rng.random(len(chosen)) * (end - start)).astype(np.int64)]
    if left is right:
        keep = other != chosen
        chosen, other = chosen[keep], other[keep]
    return chosen[:count], other[:count]


def _skeleton_counts(*sides: Columns) -> dict[str, tuple[list[np.ndarray], np.ndarray]]:
    """Per name field: each side's skeleton code per record, and how many records of all the
    sides carry each skeleton (the sides share one vocabulary)."""
    found = {}
    for field in ("given", "family"):
        per_side = [getattr(c, field).skel_code[getattr(c, field).value] for c in sides]
        joined = np.concatenate(per_side) if per_side else np.zeros(0, dtype=np.int64)
        counts = np.bincount(joined, minlength=int(joined.max()) + 1 if len(joined) else 1)
        found[field] = (per_side, counts)
    return found


def namesake_positions(
    c: Columns, count: int, seed: int = 3, most: int = 50
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of records of one list whose given and family names share their skeletons (at
    most `count`, drawn at random; names shared by more than `most` records left out)."""
    from stranded.tracing.matching.columns import _pairs_within

    family = c.family.skel_code[c.family.value]
    given = c.given.skel_code[c.given.value]
    width = int(max(given.max(initial=0), 1)) + 1
    keys = np.where((family > 0) & (given > 0), family * width + given, -1)
    a, b = _pairs_within(keys, most)
    if len(a) > count:
        keep = np.random.default_rng(seed).choice(len(a), count, replace=False)
        a, b = a[keep], b[keep]
    return a, b


def term_frequency(
    model: Model, levels: np.ndarray, *sides: tuple[Columns, np.ndarray]
) -> np.ndarray:
    """Term frequency, as Splink does: where a name agrees (across scripts or exactly), the
    u of agreeing is the share of records that carry this name (by skeleton, so every script
    counts one name once), not the mean over all names. A rare name counts more, a common one
    less: log2(u_agree / share), at most RARE_BONUS bits more. The shares are counted in the
    data being linked (every list of `sides`: (columns, positions of the pairs' records));
    nothing below MIN_FOR_FREQUENCY records. With two sides, the commoner spelling counts."""
    lists = list({id(c): c for c, _ in sides}.values())
    total = sum(c.size for c in lists)
    adjustment = np.zeros(len(levels))
    if total < MIN_FOR_FREQUENCY or not len(levels):
        return adjustment
    for field, (per_list, counts) in _skeleton_counts(*lists).items():
        column = FIELD_INDEX[f"{field}_name"]
        share = np.zeros(len(levels))
        for c, at in sides:
            code = per_list[lists.index(c)][at]
            share = np.maximum(share, np.where(code != 0, counts[code], 0) / total)
        u_agree = sum(model.u[column][SAME_NAME:])
        use = (levels[:, column] >= SAME_NAME) & (share > 0)
        adjustment[use] += np.minimum(RARE_BONUS, np.log2(u_agree / share[use]))
    return adjustment


def link(
    left: Iterable[Record],
    right: Iterable[Record],
    *,
    model: Model | None = None,
    train: bool = True,
    minimum: float | None = None,
) -> tuple[list[Pair], Model]:
    """Every pair across two lists at or above 'possible', with the model that scored them.
    Blocking by `Index` (every key of one query); levels by `columns.levels`.

    Training, twice: the model scores the pairs; the places that the surest pairs (p >= 0.99)
    name together far more often than chance are one place under two names (Stepanakert,
    Khankendi: `aliases.learn`); place levels are read again with them, and the model is
    fitted again."""
    lefts, rights = list(left), list(right)
    left_index, right_index = Index(model, loose=True), Index(model, loose=True)
    left_index.add(lefts)
    right_index.add(rights)
    seen = vocabulary()
    lc, rc = Columns(lefts, seen), Columns(rights, seen)
    i, j = candidate_positions(left_index, right_index)
    found = levels(lc, rc, i, j)
    total = len(lefts) * len(rights)
    start = model
    if train and len(i) >= 50:
        sample = min(30_000, max(10_000, 2 * len(i)))
        random_at = random_positions(lc.size, rc.size, sample)
        random_found = levels(lc, rc, *random_at)
        # Inside one list every record is another person: pairs of one list that share the
        # family name are relatives and namesakes, known to be two persons.
        kin_inside = [(c, kin_positions(c, c, sample // 2)) for c in (lc, rc)]
        kin_found = np.concatenate([levels(c, c, *at) for c, at in kin_inside])
        # and the pairs of one list whose given and family names both agree
        namesakes_inside = [(c, namesake_positions(c, sample // 2)) for c in (lc, rc)]
        namesake_found = np.concatenate([levels(c, c, *at) for c, at in namesakes_inside])
        bound = min(0.5, min(len(lefts), len(rights)) / total)
        # the level arrays are read when called: after `aliases.apply`, the places as learnt
        refit = partial(
            fit,
            found,
            random_found,
            kin_pairs=kin_found,
            kin_distinct=True,
            namesake_pairs=namesake_found,
            start=start,
            max_prior=bound,
            total_pairs=total,
        )
        model = refit()
        sure = _scores(model, found, i, j, lc, rc) >= aliases.SURE
        # every spelling of a place name counts as one (free text only: ids are one already)
        texts = np.concatenate([lc.place[~lc.place_id], rc.place[~rc.place_id]])
        spelling = aliases.spellings(texts, lc.strings())

        def place(c: Columns, at: np.ndarray) -> np.ndarray:
            return aliases.canonical(c.place[at], spelling)

        same = aliases.learn(place(lc, i[sure]), place(rc, j[sure]))
        if same:
            for at, rows in (((i, j), found), (random_at, random_found)):
                aliases.apply(rows, same, place(lc, at[0]), place(rc, at[1]))
            for inside, found_inside in (
                (kin_inside, kin_found),
                (namesakes_inside, namesake_found),
            ):
                start_row = 0
                for c, (a, b) in inside:
                    rows = found_inside[start_row : start_row + len(a)]  # a view: in place
                    aliases.apply(rows, same, place(c, a), place(c, b))
                    start_row += len(a)
            model = refit()
    model = model or default_model()
    scores = _scores(model, found, i, j, lc, rc)
    return _pairs(lefts, rights, i, j, scores, minimum), model


def _scores(
    model: Model, found: np.ndarray, i: np.ndarray, j: np.ndarray, lc: Columns, rc: Columns
) -> np.ndarray:
    """Across two lists, namesakes compete for one match (`compete`): lowering the weight of a
    common name as well would count them twice. Within one list, term frequency does it."""
    if not len(i):
        return np.zeros(0)
    extra = term_frequency(model, found, (lc, i), (rc, j))
    return compete(i, j, probabilities(model, found, extra), model.prior, (lc.size, rc.size))


def dedupe(
    records: Iterable[Record],
    *,
    model: Model | None = None,
    train: bool = True,
    minimum: float | None = None,
) -> tuple[list[Pair], Model]:
    """Every pair of one list at or above 'possible' (left before right in the list), with the
    model that scored them. Vectorised: blocking on several keys (`columns.dedupe_pairs`),
    levels by `columns.levels`, term frequency by name; `clusters` groups the pairs."""
    items = list(records)
    c = Columns(items)
    i, j = dedupe_pairs(c)
    found = levels(c, c, i, j)
    total = len(items) * (len(items) - 1) // 2
    if train and len(i) >= 50:
        sample = min(30_000, max(10_000, 2 * len(i)))
        a, b = random_positions(c.size, c.size, sample)
        model = fit(
            found,
            levels(c, c, a[a != b], b[a != b]),
            kin_pairs=levels(c, c, *kin_positions(c, c, sample)),
            start=model,
            max_prior=min(0.5, (len(items) / 2) / total),
            total_pairs=total,
        )
    model = model or default_model()
    extra = term_frequency(model, found, (c, i), (c, j))
    scores = probabilities(model, found, extra) if len(i) else np.zeros(0)
    return _pairs(items, items, i, j, scores, minimum), model


def _pairs(
    lefts: list[Record],
    rights: list[Record],
    i: np.ndarray,
    j: np.ndarray,
    scores: np.ndarray,
    minimum: float | None,
) -> list[Pair]:
    keep = np.flatnonzero(scores >= (minimum if minimum is not None else POSSIBLE))
    likely = likely_threshold(scores)
    return [
        Pair(lefts[a].id, rights[b].id, p, band(p, likely))
        for a, b, p in zip(i[keep].tolist(), j[keep].tolist(), scores[keep].tolist(), strict=True)
    ]


def clusters(pairs: Iterable[Pair], *, minimum: float = LIKELY) -> list[list[str]]:
    """Records that are one person, by union of the pairs at or above `minimum` (connected
    components): each group of two or more ids, sorted."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ids: dict[str, int] = {}
    rows, columns = [], []
    for pair in pairs:
        if pair.probability >= minimum:
            rows.append(ids.setdefault(pair.left_id, len(ids)))
            columns.append(ids.setdefault(pair.right_id, len(ids)))
    if not ids:
        return []
    graph = coo_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(ids), len(ids)))
    _, component = connected_components(graph, directed=False)
    groups: dict[int, list[str]] = defaultdict(list)
    for record_id, number in ids.items():
        groups[int(component[number])].append(record_id)
    return sorted(sorted(group) for group in groups.values())
