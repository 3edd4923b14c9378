"""Field-by-field comparison of two prepared records into agreement levels.

Each field gives a level (higher = stronger agreement) or MISSING when either side lacks it;
missing fields add no evidence either way, as in Fellegi-Sunter with null levels.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from stranded.tracing.matching.givennames import same_group
from stranded.tracing.matching.records import Prepared

MISSING = -1


@dataclass(frozen=True)
class Field:
    name: str
    levels: tuple[str, ...]  # labels, index = level


FIELDS = (
    Field("given_name", ("different", "similar", "close", "same across scripts", "exact")),
    Field("family_name", ("different", "similar", "close", "same across scripts", "exact")),
    Field("father_name", ("different", "similar", "same across scripts")),
    Field("sex", ("different", "same")),
    Field("birth", ("different", "near (±1 year, or age ±3)", "same year", "same date")),
    Field("place", ("different", "similar", "same")),
    Field("address", ("different", "similar", "same")),
    Field("phone", ("different", "same")),
    Field("document_number", ("different", "one typo", "same")),
)
FIELD_INDEX = {f.name: i for i, f in enumerate(FIELDS)}


def name_level(
    a: str, a_hy: str, a_skel: str, b: str, b_hy: str, b_skel: str, groups: tuple[str, str]
) -> int:
    if not a or not b:
        return MISSING
    if a == b:
        return 4
    if a_hy == b_hy or a_skel == b_skel or same_group(*groups):
        return 3
    similarity = JaroWinkler.similarity(a_hy, b_hy)
    if similarity >= 0.92:
        return 2
    if similarity >= 0.80:
        return 1
    return 0


def names(p: Prepared, q: Prepared) -> tuple[int, int]:
    """Given and family levels, trying the other word order when that agrees better."""
    given = name_level(
        p.given, p.given_hy, p.given_skel, q.given, q.given_hy, q.given_skel,
        (p.given_group, q.given_group),
    )  # fmt: skip
    family = name_level(
        p.family, p.family_hy, p.family_skel, q.family, q.family_hy, q.family_skel, ("", "")
    )
    if given >= 3 and family >= 3:
        return given, family
    swapped_given = name_level(
        p.given, p.given_hy, p.given_skel, q.family, q.family_hy, q.family_skel, ("", "")
    )
    swapped_family = name_level(
        p.family, p.family_hy, p.family_skel, q.given, q.given_hy, q.given_skel, ("", "")
    )
    if swapped_given + swapped_family >= given + family + 2:
        # Word order differs: agreement, but a notch weaker than the same names in place.
        return min(swapped_given, 3), min(swapped_family, 3)
    return given, family


def father_level(p: Prepared, q: Prepared) -> int:
    if not p.father or not q.father:
        return MISSING
    if p.father == q.father or p.father_skel == q.father_skel:
        return 2
    return 1 if JaroWinkler.similarity(p.father, q.father) >= 0.85 else 0


def birth_level(p: Prepared, q: Prepared) -> int:
    if p.year is None or q.year is None:
        return MISSING
    gap = abs(p.year - q.year)
    if gap == 0:
        exact = p.month is not None and (p.month, p.day) == (q.month, q.day)
        return 3 if exact and not (p.approximate or q.approximate) else 2
    if gap <= 1 or ((p.approximate or q.approximate) and gap <= 3):
        return 1
    if p.month is not None and (p.month, p.day) == (q.month, q.day) and _one_digit(p, q):
        return 1  # a mistyped year digit of an otherwise identical date
    return 0


def _one_digit(p: Prepared, q: Prepared) -> bool:
    return OSA.distance(str(p.year), str(q.year)) <= 1


def address_level(p: Prepared, q: Prepared) -> int:
    if not p.address or not q.address:
        return MISSING
    if p.address == q.address:
        return 2
    return 1 if token_set_ratio(p.address, q.address) >= 80 else 0


def place_level(p: Prepared, q: Prepared) -> int:
    """Same gazetteer place, or the same place text; near-identical text (a typo) is similar."""
    if not p.place or not q.place:
        return MISSING
    if p.place == q.place:
        return 2
    if p.record.place_id and q.record.place_id:
        return 0  # two resolved places that differ are different places
    return 1 if token_set_ratio(p.place, q.place) >= 85 else 0


def equal_level(a: str, b: str) -> int:
    if not a or not b:
        return MISSING
    return 1 if a == b else 0


def document_level(p: Prepared, q: Prepared) -> int:
    if not p.document or not q.document:
        return MISSING
    if p.document == q.document:
        return 2
    return 1 if OSA.distance(p.document, q.document) <= 1 else 0


def compare(p: Prepared, q: Prepared) -> tuple[int, ...]:
    given, family = names(p, q)
    return (
        given,
        family,
        father_level(p, q),
        equal_level(p.sex, q.sex),
        birth_level(p, q),
        place_level(p, q),
        address_level(p, q),
        equal_level(p.phone, q.phone),
        document_level(p, q),
    )
