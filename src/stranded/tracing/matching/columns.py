"""Comparison levels for many pairs at once: records as columns, pairs as index arrays.

`compare.compare` takes two prepared records; a batch of millions of pairs cannot afford one
Python call per pair. Here every field is reduced to its distinct values (a family name
repeats across thousands of records): each distinct value is prepared once, comparisons that
equality settles (same spelling, same skeleton, same date) are numpy operations on integer
codes, and the rest runs the same scalar functions as `compare`, once per distinct pair of
values. `levels(columns, left, right)` equals `compare` row for row (tests/tracing/matching).

Dedupe blocks with several keys at once (`dedupe_pairs`): names in both orders, one of them cut
short; a name with the birth year; document; phone; each key a sort of integer codes, and
every pair of records inside a block of at most MAX_BLOCK records.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio
from rapidfuzz.process import cpdist

from stranded.tracing.matching.compare import (
    FIELD_INDEX,
    FIELDS,
    MISSING,
    SAME_DATE,
    SAME_NAME,
    _text_birth,
    same_place,
)
from stranded.tracing.matching.givennames import different_names, same_group
from stranded.tracing.matching.names import MOST_READINGS, latin, opening, openings_agree
from stranded.tracing.matching.records import (
    Prepared,
    Record,
    birth_text,
    parse_birth,
    prepare_document,
    prepare_phone,
    prepare_sex,
)

MAX_BLOCK = 200  # dedupe: a key shared by more records than this is skipped (see index.py)


def _codes(values: Sequence[Hashable]) -> tuple[np.ndarray, list[Any]]:
    """Integer code per value, and the distinct values in code order (first seen first)."""
    seen: dict[Hashable, int] = {}
    codes = np.fromiter(
        (seen.setdefault(v, len(seen)) for v in values), dtype=np.int64, count=len(values)
    )
    return codes, list(seen)


Vocabulary = dict[str, int]


def vocabulary() -> Vocabulary:
    """Codes of derived strings, shared by the Columns that are compared with one another;
    '' is always code 0 (so `== 0` means empty)."""
    return {"": 0}


def _code_of(strings: list[str], seen: Vocabulary) -> np.ndarray:
    return np.fromiter(
        (seen.setdefault(s, len(seen)) for s in strings), dtype=np.int64, count=len(strings)
    )


@dataclass
class _Names:
    """One name field: per distinct value its folds (as `Prepared` makes them)."""

    value: np.ndarray  # per record: index of its distinct value
    plain: list[str]  # per distinct value
    hy: list[str]
    skel: list[str]
    group: list[str]
    known: list[frozenset[int]]
    plain_code: np.ndarray  # per distinct value: code of plain, hy, skel, group ('' = 0)
    hy_code: np.ndarray
    skel_code: np.ndarray
    group_code: np.ndarray
    known_code: np.ndarray  # code of the known names it is, as "3,17" ('' = none)
    opening: np.ndarray  # index of its opening in _SOUNDS (names.opening)
    readings: np.ndarray  # (values, 1 + MOST_READINGS): skel_code, then other readings' codes
    heads: np.ndarray  # (values, 1 + MOST_READINGS): first letter of each reading (-1 none)


def _known_text(known: frozenset[int]) -> str:
    return ",".join(str(k) for k in sorted(known))


NameKeys = tuple[str, str, str, str, frozenset[int], bool, tuple[str, ...]]


def name_keys(field: str, text: str) -> NameKeys:
    """What `Prepared.of` makes of one name: (plain, hy, skeleton, group, known names, whether
    a given name carries a patronymic, skeletons of other readings). `field` given, family,
    father, or patronymic (the father's name inside a given name)."""
    if field == "given":
        p = Prepared.of(Record(id="", given_name=text))
        return (
            p.given,
            p.given_hy,
            p.given_skel,
            p.given_group,
            p.given_known,
            bool(p.father),
            p.given_others,
        )
    if field == "family":
        p = Prepared.of(Record(id="", family_name=text))
        return p.family, p.family_hy, p.family_skel, "", p.family_known, False, p.family_others
    if field == "patronymic":
        p = Prepared.of(Record(id="", given_name=text))
    else:
        p = Prepared.of(Record(id="", father_name=text))
    # the father's name is compared on its fold and skeleton only
    return p.father, p.father, p.father_skel, "", p.father_known, False, p.father_others


PARALLEL = 5_000  # distinct names from which their keys are computed in worker processes


def _chunk_keys(work: tuple[str, list[str]]) -> list[NameKeys]:
    field, texts = work
    return [name_keys(field, text) for text in texts]


def _all_keys(field: str, texts: list[str]) -> list[NameKeys]:
    """`name_keys` of each text; with many, in one process per core (folding a name across
    scripts is most of the cost of a large batch)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(texts) < PARALLEL or workers < 2:
        return [name_keys(field, text) for text in texts]
    import multiprocessing

    size = -(-len(texts) // (workers * 4))
    chunks = [(field, texts[k : k + size]) for k in range(0, len(texts), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return [keys for chunk in pool.map(_chunk_keys, chunks) for keys in chunk]


def _names(value: np.ndarray, keys: list[NameKeys], seen: Vocabulary) -> _Names:
    plain, hy, skel = [k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys]
    group, known = [k[3] for k in keys], [k[4] for k in keys]
    skel_code = _code_of(skel, seen)
    readings = np.repeat(skel_code[:, None], 1 + MOST_READINGS, axis=1)
    heads = np.repeat(
        np.array([ord(s[0]) if s else -1 for s in skel], dtype=np.int64)[:, None],
        1 + MOST_READINGS,
        axis=1,
    )
    for row, k in enumerate(keys):
        for column, other in enumerate(k[6], start=1):
            readings[row, column] = seen.setdefault(other, len(seen))
            heads[row, column] = ord(other[0]) if other else -1
    return _Names(
        value=value,
        plain=plain,
        hy=hy,
        skel=skel,
        group=group,
        known=known,
        plain_code=_code_of(plain, seen),
        hy_code=_code_of(hy, seen),
        skel_code=skel_code,
        group_code=_code_of(group, seen),
        known_code=_code_of([_known_text(k) for k in known], seen),
        opening=np.array([_sound(opening(text)) for text in plain], dtype=np.int64),
        readings=readings,
        heads=heads,
    )


def _share_head(a: _Names, b: _Names, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """`names.share_head` of records left of a and right of b."""
    ha, hb = a.heads[a.value[left]], b.heads[b.value[right]]
    found = np.zeros(len(left), dtype=bool)
    for i in range(ha.shape[1]):
        for j in range(hb.shape[1]):
            found |= (ha[:, i] == hb[:, j]) & (ha[:, i] >= 0)
    return found


def _share_skeleton(a: _Names, b: _Names, xa: np.ndarray, xb: np.ndarray) -> np.ndarray:
    """`names.share_skeleton` of distinct values xa of a and xb of b."""
    ra, rb = a.readings[xa], b.readings[xb]
    found = ra[:, 0] == rb[:, 0]
    for i in range(ra.shape[1]):
        for j in range(rb.shape[1]):
            if i or j:
                found |= ra[:, i] == rb[:, j]
    return found


_SOUNDS: dict[str, int] = {}


def _sound(sound: str) -> int:
    return _SOUNDS.setdefault(sound, len(_SOUNDS))


for _letter in ("", *"abcdefghijklmnopqrstuvwxyz", "x", "sh", "ch", "zh", "ts", "dz"):
    _sound(_letter)
_OPENINGS_AGREE = np.array([[openings_agree(x, y) for y in _SOUNDS] for x in _SOUNDS], dtype=bool)


class Columns:
    """Records as arrays: what `compare` needs of each, computed once per distinct value."""

    def __init__(self, records: Sequence[Record], seen: Vocabulary | None = None) -> None:
        self.records = records
        self.size = len(records)
        self.seen = seen = vocabulary() if seen is None else seen
        given_value, given_raw = _codes([r.given_name for r in records])
        given_keys = _all_keys("given", given_raw)
        self.given = _names(given_value, given_keys, seen)
        family_value, family_raw = _codes([r.family_name for r in records])
        self.family = _names(family_value, _all_keys("family", family_raw), seen)
        # The father's name, or the patronymic inside the given name ("@" + the given name).
        patronymic = [
            text if keys[5] else "" for text, keys in zip(given_raw, given_keys, strict=True)
        ]
        father_value, father_raw = _codes(
            [
                r.father_name or ("@" + patronymic[g] if patronymic[g] else "")
                for r, g in zip(records, given_value.tolist(), strict=True)
            ]
        )
        father_keys = [
            name_keys("patronymic", f[1:]) if f.startswith("@") else name_keys("father", f)
            for f in father_raw
        ]
        self.father = _names(father_value, father_keys, seen)
        self._others(records)

    def _field(self, raw: list[Any], prepare: Callable[[Any], str]) -> np.ndarray:
        value, distinct = _codes(raw)
        return _code_of([prepare(v) for v in distinct], self.seen)[value]

    def _others(self, records: Sequence[Record]) -> None:
        seen = self.seen
        self.sex = self._field([r.sex for r in records], prepare_sex)
        self.place = self._field(
            [(r.place_id, r.place) for r in records], lambda v: v[0] or latin(v[1])
        )
        self.place_id = np.array([bool(r.place_id) for r in records], dtype=bool)
        self.address = self._field([r.address for r in records], latin)
        self.phone = self._field([r.phone for r in records], prepare_phone)
        self.document = self._field([r.document_number for r in records], prepare_document)
        value, distinct = _codes(
            [(r.birth_date, r.birth_year, r.birth_approximate) for r in records]
        )
        births = []
        for birth_date, birth_year, approximate in distinct:
            record = Record(
                id="", birth_date=birth_date, birth_year=birth_year, birth_approximate=approximate
            )
            year, month, day = parse_birth(record)
            births.append(
                Prepared(
                    record=record,
                    year=year,
                    month=month,
                    day=day,
                    approximate=approximate,
                    birth_text=birth_text(birth_date, year),
                )
            )
        self.births, self.birth_value = births, value

        def column(get: Callable[[Prepared], Any], dtype: Any = np.int64) -> np.ndarray:
            return np.array([get(p) for p in births], dtype=dtype)[value]

        self.year = column(lambda p: -1 if p.year is None else p.year)
        self.month = column(lambda p: -1 if p.month is None else p.month)
        self.day = column(lambda p: -1 if p.day is None else p.day)
        self.approximate = column(lambda p: p.approximate, bool)
        self.birth_text = column(lambda p: bool(p.birth_text), bool)
        del seen

    def strings(self) -> np.ndarray:
        """Every code's string (codes index it)."""
        if len(getattr(self, "_strings", ())) != len(self.seen):
            self._strings = np.array(list(self.seen), dtype=object)
        return self._strings


def _by_distinct(
    left: np.ndarray, right: np.ndarray, level: Callable[[int, int], int]
) -> np.ndarray:
    """`level(a, b)` for each pair of codes, computed once per distinct pair."""
    if not len(left):
        return np.zeros(0, dtype=np.int64)
    width = int(max(left.max(), right.max())) + 1
    keys, inverse = np.unique(left * width + right, return_inverse=True)
    found = np.fromiter(
        (level(int(k // width), int(k % width)) for k in keys), dtype=np.int64, count=len(keys)
    )
    return found[inverse.ravel()]


def _single(c: Columns, codes: np.ndarray, read: Callable[[str], list[str]]) -> np.ndarray:
    """Per code: the code of its only member, -1 for none, -2 for several (`read` splits)."""
    distinct, inverse = np.unique(codes, return_inverse=True)
    strings = c.strings()
    members = [read(str(strings[code])) for code in distinct.tolist()]
    single = np.array(
        [
            c.seen.setdefault("#" + m[0], len(c.seen)) if len(m) == 1 else -1 if not m else -2
            for m in members
        ],
        dtype=np.int64,
    )
    return single[inverse.ravel()]


def _other_names(c: Columns, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`givennames.different_names` of two codes of known names (_known_text): both known and
    no name in common."""
    result = (a != 0) & (b != 0) & (a != b)
    if not result.any():
        return result
    split = lambda text: text.split(",") if text else []  # noqa: E731
    sa, sb = _single(c, a[result], split), _single(c, b[result], split)
    decided = np.where((sa >= 0) & (sb >= 0), sa != sb, False)
    several = (sa == -2) | (sb == -2)
    if several.any():
        strings = c.strings()

        def other(x: int, y: int) -> int:
            return different_names(_known_set(strings[x]), _known_set(strings[y]))

        decided[several] = _by_distinct(a[result][several], b[result][several], other) > 0
    result[result] = decided
    return result


def _known_set(text: str) -> frozenset[int]:
    return frozenset(int(k) for k in text.split(",")) if text else frozenset()


def _same_groups(c: Columns, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`givennames.same_group` of two codes of groups ("a|b")."""
    result = (a != 0) & (b != 0)
    differ = result & (a != b)
    if not differ.any():
        return result
    split = lambda text: text.split("|") if text else []  # noqa: E731
    sa, sb = _single(c, a[differ], split), _single(c, b[differ], split)
    decided = np.zeros(int(differ.sum()), dtype=bool)  # two single groups that differ
    several = (sa == -2) | (sb == -2)
    if several.any():
        strings = c.strings()
        decided[several] = (
            _by_distinct(
                a[differ][several],
                b[differ][several],
                lambda x, y: same_group(strings[x], strings[y]),
            )
            > 0
        )
    result[differ] = decided
    return result


def _fuzzy(scorer: Any, c: Columns, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`scorer` of the strings of codes a and b, once per distinct pair of codes."""
    if not len(a):
        return np.zeros(0)
    width = int(max(a.max(), b.max())) + 1
    keys, inverse = np.unique(a * width + b, return_inverse=True)
    strings = c.strings()
    found = cpdist(
        list(strings[keys // width]),
        list(strings[keys % width]),
        scorer=scorer,
        dtype=np.float64,
    )
    return np.asarray(found)[inverse.ravel()]


def _present_and_exact(
    a: _Names, b: _Names, left: np.ndarray, right: np.ndarray, exact_level: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Levels with MISSING where either name lacks and `exact_level` where the two are spelt
    alike; which pairs are left to compare, and their two names (distinct-value indexes)."""
    va, vb = a.value[left], b.value[right]
    result = np.full(len(left), MISSING, dtype=np.int64)
    present = (a.plain_code[va] != 0) & (b.plain_code[vb] != 0)
    exact = present & (a.plain_code[va] == b.plain_code[vb])
    result[exact] = exact_level
    rest = present & ~exact
    return result, rest, va[rest], vb[rest]


def _name_levels(
    c: Columns, a: _Names, b: _Names, left: np.ndarray, right: np.ndarray, *, lists: bool = True
) -> np.ndarray:
    """`compare.name_level` for each pair of records (positions in a and b)."""
    result, rest, xa, xb = _present_and_exact(a, b, left, right, 5)
    if not rest.any():
        return result
    skel_same = _share_skeleton(a, b, xa, xb)
    if lists:
        other = _other_names(c, a.known_code[xa], b.known_code[xb])
        group_same = _same_groups(c, a.group_code[xa], b.group_code[xb])
    else:
        other = group_same = np.zeros(len(xa), dtype=bool)
    agree = _OPENINGS_AGREE[a.opening[xa], b.opening[xb]]
    same = ~other & ((a.hy_code[xa] == b.hy_code[xb]) | (skel_same & agree) | group_same)
    level = np.full(len(xa), 4, dtype=np.int64)
    fuzzy = ~same
    # The Armenian fold reads a word by its context and can fold a typo far from the name
    # (Bagdasar: paktasar, baghdsar: paghcar): the closer of the two readings counts.
    similarity = _fuzzy(JaroWinkler.similarity, c, a.hy_code[xa[fuzzy]], b.hy_code[xb[fuzzy]])
    below = similarity < 0.92
    if below.any():
        plain_a, plain_b = a.plain_code[xa[fuzzy][below]], b.plain_code[xb[fuzzy][below]]
        similarity[below] = np.maximum(
            similarity[below], _fuzzy(JaroWinkler.similarity, c, plain_a, plain_b)
        )
    graded = np.where(similarity >= 0.92, 3, np.where(similarity >= 0.80, 2, 0))
    level[fuzzy] = np.where(other[fuzzy] & ((graded > 0) | skel_same[fuzzy]), 1, graded)
    result[rest] = level
    return result


def _father_levels(c: Columns, d: Columns, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """`compare.father_level`."""
    a, b = c.father, d.father
    result, rest, xa, xb = _present_and_exact(a, b, left, right, 3)
    if not rest.any():
        return result
    other = _other_names(c, a.known_code[xa], b.known_code[xb])
    skel_same = _share_skeleton(a, b, xa, xb)
    similarity = np.zeros(len(xa))
    fuzzy = ~skel_same
    similarity[fuzzy] = _fuzzy(
        JaroWinkler.similarity, c, a.plain_code[xa[fuzzy]], b.plain_code[xb[fuzzy]]
    )
    result[rest] = np.where(
        skel_same,
        np.where(other, 1, 3),
        np.where(similarity >= 0.85, np.where(other, 1, 2), 0),
    )
    return result


def _birth_levels(c: Columns, d: Columns, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """`compare.birth_level`."""
    ya, yb = c.year[left], d.year[right]
    ma, mb, da, db = c.month[left], d.month[right], c.day[left], d.day[right]
    approximate = c.approximate[left] | d.approximate[right]
    result = np.full(len(left), MISSING, dtype=np.int64)
    gap = np.abs(ya - yb)
    both = (ya >= 0) & (yb >= 0)
    full = both & (ma >= 0) & (da >= 0) & (mb >= 0) & (db >= 0) & ~approximate
    partial = both & ~full
    near = gap <= np.where(approximate, 3, 1)
    result[partial] = np.where(gap == 0, 6, np.where(near, 4, np.where(gap > 10, 0, 1)))[partial]
    if full.any():
        at = np.flatnonzero(full)
        same = (ya[at] == yb[at]) & (ma[at] == mb[at]) & (da[at] == db[at])
        slip = _slips(ya[at], ma[at], da[at], yb[at], mb[at], db[at])
        g = gap[at]
        result[at] = np.where(
            same, SAME_DATE, np.where(slip, 5, np.where(g > 10, 0, np.where(g > 2, 2, 3)))
        )
    text = c.birth_text[left] | d.birth_text[right]
    if text.any():

        def level(x: int, y: int) -> int:
            return _text_birth(c.births[x], d.births[y])

        result[text] = _by_distinct(c.birth_value[left][text], d.birth_value[right][text], level)
    return result


def _digits(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """YYYYMMDD as an (n, 8) array of digits."""
    number = np.clip(year, 0, 9999) * 10_000 + np.clip(month, 0, 99) * 100 + np.clip(day, 0, 99)
    powers = 10 ** np.arange(7, -1, -1, dtype=np.int64)
    return (number[:, None] // powers) % 10


def _slips(
    ya: np.ndarray, ma: np.ndarray, da: np.ndarray, yb: np.ndarray, mb: np.ndarray, db: np.ndarray
) -> np.ndarray:
    """`compare._slip`: day and month swapped, or at most one edit (OSA) between the digits."""
    swapped = (ya == yb) & (ma == db) & (da == mb)
    a, b = _digits(ya, ma, da), _digits(yb, mb, db)
    differ = a != b
    count = differ.sum(axis=1)
    adjacent = np.zeros(len(ya), dtype=bool)
    for k in range(7):
        adjacent |= (
            differ[:, k] & differ[:, k + 1] & (a[:, k] == b[:, k + 1]) & (a[:, k + 1] == b[:, k])
        )
    return swapped | (count <= 1) | ((count == 2) & adjacent)


def _equal(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.where((a == 0) | (b == 0), MISSING, (a == b).astype(np.int64))


def _text_levels(
    c: Columns,
    a: np.ndarray,
    b: np.ndarray,
    similar: Callable[[np.ndarray], np.ndarray],
    scorer: Any,
) -> np.ndarray:
    """2 the same text, 1 `similar` by `scorer`, 0 different, MISSING when either lacks it."""
    result = np.where((a == 0) | (b == 0), MISSING, 2)
    differ = (a != 0) & (b != 0) & (a != b)
    if differ.any():
        result[differ] = np.where(similar(_fuzzy(scorer, c, a[differ], b[differ])), 1, 0)
    return result


def levels(c: Columns, d: Columns, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Comparison levels of records c[left[k]] and d[right[k]], as `compare.compare` gives
    them: an (n, len(FIELDS)) integer array. c and d share one vocabulary."""
    assert c.seen is d.seen, "compare Columns built with one vocabulary"
    left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    out = np.empty((len(left), len(FIELDS)), dtype=np.int64)
    given = _name_levels(c, c.given, d.given, left, right)
    family = _name_levels(c, c.family, d.family, left, right)
    # The other word order, where the names do not both agree (compare.names).
    check = ~((given >= SAME_NAME) & (family >= SAME_NAME))
    check[check] = _share_head(c.given, d.family, left[check], right[check]) | _share_head(
        c.family, d.given, left[check], right[check]
    )
    if check.any():
        at_l, at_r = left[check], right[check]
        swapped_given = _name_levels(c, c.given, d.family, at_l, at_r, lists=False)
        swapped_family = _name_levels(c, c.family, d.given, at_l, at_r, lists=False)
        g, f = given[check], family[check]
        better = swapped_given + swapped_family >= g + f + 2
        g = np.where(better, np.minimum(swapped_given, SAME_NAME), g)
        f = np.where(better, np.minimum(swapped_family, SAME_NAME), f)
        given[check], family[check] = g, f
    out[:, FIELD_INDEX["given_name"]] = given
    out[:, FIELD_INDEX["family_name"]] = family
    out[:, FIELD_INDEX["father_name"]] = _father_levels(c, d, left, right)
    out[:, FIELD_INDEX["sex"]] = _equal(c.sex[left], d.sex[right])
    out[:, FIELD_INDEX["birth"]] = _birth_levels(c, d, left, right)
    place = _text_levels(c, c.place[left], d.place[right], lambda s: s >= 85, token_set_ratio)
    # two resolved places that differ are different places; two place texts may be one name
    # across scripts (compare.place_level)
    resolved_left, resolved_right = c.place_id[left], d.place_id[right]
    place[(place == 1) & resolved_left & resolved_right] = 0
    texts = (place >= 0) & (place < 2) & ~resolved_left & ~resolved_right
    if texts.any():
        strings = c.strings()
        same = _by_distinct(
            c.place[left][texts],
            d.place[right][texts],
            lambda x, y: same_place(str(strings[x]), str(strings[y])),
        )
        place[texts] = np.where(same > 0, 2, place[texts])
    out[:, FIELD_INDEX["place"]] = place
    out[:, FIELD_INDEX["address"]] = _text_levels(
        c, c.address[left], d.address[right], lambda s: s >= 80, token_set_ratio
    )
    out[:, FIELD_INDEX["phone"]] = _equal(c.phone[left], d.phone[right])
    out[:, FIELD_INDEX["document_number"]] = _text_levels(
        c, c.document[left], d.document[right], lambda s: s <= 1, OSA.distance
    )
    return out


# --- dedupe blocking ---------------------------------------------------------------------------


def _pairs_within(keys: np.ndarray, most: int) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of records sharing a key, in blocks of 2 to `most` records. `keys` is
    (records,) or (records, k): k keys per record, one namespace (-1: no key)."""
    keys = keys.reshape(len(keys), -1)
    owner = np.repeat(np.arange(len(keys)), keys.shape[1])
    flat = keys.ravel()
    present = np.flatnonzero(flat >= 0)
    order = present[np.argsort(flat[present], kind="stable")]
    empty = np.zeros(0, dtype=np.int64)
    if len(order) < 2:
        return empty, empty
    sorted_keys = flat[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    ends = np.r_[starts[1:], len(order)]
    sizes = ends - starts
    keep = (sizes >= 2) & (sizes <= most)
    block_end = np.repeat(np.where(keep, ends, 0), sizes)  # the end of each one's block
    positions = np.arange(len(order))
    counts = np.where(block_end > 0, block_end - positions - 1, 0)
    total = int(counts.sum())
    first = np.repeat(positions, counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    i, j = owner[order[first]], owner[order[first + 1 + offsets]]
    other = i != j  # one record under two keys of one block
    return i[other], j[other]


def _combine(*parts: np.ndarray, width: int) -> np.ndarray:
    """One int64 code per record from codes below `width` (-1 in any: no key)."""
    key = np.zeros(len(parts[0]), dtype=np.int64)
    missing = np.zeros(len(parts[0]), dtype=bool)
    for part in parts:
        missing |= part < 0
        key = key * width + np.maximum(part, 0)
    return np.where(missing, -1, key)


def dedupe_keys(c: Columns) -> list[np.ndarray]:
    """Keys that stay small in a large list (`index.blocking_keys` has more, for one query),
    names by skeleton so that every script meets: both names whole, in either order; one name
    whole and the other's first three letters, in the same decade of birth, in both orders (a
    typo late in a name, names swapped); one name whole, the birth year and the other's
    initial (a typo early in a name); document; phone."""
    family_sorted = [" ".join(sorted(s.split())) for s in c.family.skel]
    given_first = [s.split()[0] if s else "" for s in c.given.skel]
    vocabulary: dict[str, int] = {}  # given and family names on one scale: a swap still meets

    def shared(strings: list[str], length: int | None = None) -> np.ndarray:
        cut = [s[:length] if length else s for s in strings]
        return np.array(
            [vocabulary.setdefault(s, len(vocabulary)) if s else -1 for s in cut], dtype=np.int64
        )

    family, given = shared(family_sorted)[c.family.value], shared(given_first)[c.given.value]
    family3 = shared(family_sorted, 3)[c.family.value]
    given3 = shared(given_first, 3)[c.given.value]
    family1 = shared(family_sorted, 1)[c.family.value]
    given1 = shared(given_first, 1)[c.given.value]
    year = np.where(c.year >= 0, c.year, -1)
    decade = np.where(c.year >= 0, c.year // 10, -1)
    width = max(len(vocabulary), 10_000)
    document, phone = np.where(c.document > 0, c.document, -1), np.where(c.phone > 0, c.phone, -1)
    return [
        _combine(np.minimum(family, given), np.maximum(family, given), width=width),
        np.stack(
            [
                _combine(family, given3, decade, width=width),
                _combine(given, family3, decade, width=width),
            ],
            axis=1,
        ),
        np.stack(
            [
                _combine(given, year, family1, width=width),
                _combine(family, year, given1, width=width),
            ],
            axis=1,
        ),
        document,
        phone,
    ]


def dedupe_pairs(c: Columns, most: int = MAX_BLOCK) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs (i < j) sharing at least one key."""
    found = []
    for keys in dedupe_keys(c):
        i, j = _pairs_within(keys, most)
        found.append(np.minimum(i, j) * c.size + np.maximum(i, j))
    codes = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    codes.sort()  # then drop repeats: faster than np.unique's hashing for millions of pairs
    codes = codes[np.r_[True, codes[1:] != codes[:-1]]] if len(codes) else codes
    return codes // c.size, codes % c.size
