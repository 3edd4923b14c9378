"""Field-by-field comparison of two prepared records into agreement levels.

Each field gives a level (higher = stronger agreement) or MISSING when either side lacks it;
missing fields add no evidence either way, as in Fellegi-Sunter with null levels.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from stranded.tracing.matching.givennames import NOBODY, different_names, same_group
from stranded.tracing.matching.names import (
    hy_key,
    opening,
    openings_agree,
    other_skeletons,
    share_head,
    share_skeleton,
    skeleton,
)
from stranded.tracing.matching.records import Prepared

MISSING = -1


@dataclass(frozen=True)
class Field:
    name: str
    levels: tuple[str, ...]  # labels, index = level


NAME_LEVELS = (
    "different", "another known name", "similar", "close", "same across scripts", "exact",
)  # fmt: skip
SAME_NAME = NAME_LEVELS.index("same across scripts")
BIRTH_LEVELS = (
    "over 10 years apart", "years apart", "full dates years apart", "dates conflict",
    "near (±1 year, or age ±3)",
    "one slip in the date", "same year", "same date",
)  # fmt: skip
SAME_DATE = BIRTH_LEVELS.index("same date")
FIELDS = (
    Field("given_name", NAME_LEVELS),
    Field("family_name", NAME_LEVELS),
    Field("father_name", ("different", "another known name", "similar", "same across scripts")),
    Field("sex", ("different", "same")),
    Field("birth", BIRTH_LEVELS),
    Field("place", ("different", "similar", "same")),
    Field("address", ("different", "similar", "same")),
    Field("phone", ("different", "same")),
    Field("document_number", ("different", "one typo", "same")),
)
FIELD_INDEX = {f.name: i for i, f in enumerate(FIELDS)}


def name_level(
    a: str,
    a_hy: str,
    a_skel: str,
    b: str,
    b_hy: str,
    b_skel: str,
    groups: tuple[str, str],
    known: tuple[frozenset[int], frozenset[int]] = (NOBODY, NOBODY),
    others: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
) -> int:
    """Exact; the same name across scripts (one fold, or one skeleton with openings that one
    name takes across scripts: Hovhannisyan, Оганесян; not Hayrapetyan, Karapetyan); close or
    similar (a typo); another known name: two spellings that the name lists know as two
    different names, however alike they look; different. `a` and `b` are `latin` forms."""
    if not a or not b:
        return MISSING
    if a == b:
        return 5
    other = different_names(*known)
    shared = share_skeleton(a_skel, others[0], b_skel, others[1])
    skel = shared and openings_agree(opening(a), opening(b))
    if not other and (a_hy == b_hy or skel or same_group(*groups)):
        return 4
    similarity = JaroWinkler.similarity(a_hy, b_hy)
    if similarity < 0.92:  # the plain fold may read a typo closer (columns.py does the same)
        similarity = max(similarity, JaroWinkler.similarity(a, b))
    level = 3 if similarity >= 0.92 else 2 if similarity >= 0.80 else 0
    return 1 if other and (level or shared) else level


def names(p: Prepared, q: Prepared) -> tuple[int, int]:
    """Given and family levels, trying the other word order when that agrees better."""
    given = name_level(
        p.given,
        p.given_hy,
        p.given_skel,
        q.given,
        q.given_hy,
        q.given_skel,
        (p.given_group, q.given_group),
        (p.given_known, q.given_known),
        (p.given_others, q.given_others),
    )
    family = name_level(
        p.family,
        p.family_hy,
        p.family_skel,
        q.family,
        q.family_hy,
        q.family_skel,
        ("", ""),
        (p.family_known, q.family_known),
        (p.family_others, q.family_others),
    )
    if given >= SAME_NAME and family >= SAME_NAME:
        return given, family
    if not (
        share_head(p.given_skel, p.given_others, q.family_skel, q.family_others)
        or share_head(p.family_skel, p.family_others, q.given_skel, q.given_others)
    ):
        return given, family  # no name of one starts like the other's other name
    swapped_given = name_level(
        p.given,
        p.given_hy,
        p.given_skel,
        q.family,
        q.family_hy,
        q.family_skel,
        ("", ""),
        others=(p.given_others, q.family_others),
    )
    swapped_family = name_level(
        p.family,
        p.family_hy,
        p.family_skel,
        q.given,
        q.given_hy,
        q.given_skel,
        ("", ""),
        others=(p.family_others, q.given_others),
    )
    if swapped_given + swapped_family >= given + family + 2:
        # Word order differs: agreement, but a notch weaker than the same names in place.
        return min(swapped_given, SAME_NAME), min(swapped_family, SAME_NAME)
    return given, family


def father_level(p: Prepared, q: Prepared) -> int:
    if not p.father or not q.father:
        return MISSING
    if p.father == q.father:
        return 3
    other = different_names(p.father_known, q.father_known)
    if share_skeleton(p.father_skel, p.father_others, q.father_skel, q.father_others):
        return 1 if other else 3
    if JaroWinkler.similarity(p.father, q.father) >= 0.85:
        return 1 if other else 2
    return 0


def birth_level(p: Prepared, q: Prepared) -> int:
    """Full dates that differ are a conflict (a slip of one digit, or day and month swapped,
    aside); years are near within a year, or three when an age was said; beyond that apart."""
    if p.birth_text or q.birth_text:
        return _text_birth(p, q)
    if p.year is None or q.year is None:
        return MISSING
    gap = abs(p.year - q.year)
    approximate = p.approximate or q.approximate
    if _full(p) and _full(q) and not approximate:
        if (p.year, p.month, p.day) == (q.year, q.month, q.day):
            return SAME_DATE
        if _slip(p, q):
            return 5
        return 0 if gap > 10 else 2 if gap > 2 else 3
    if gap == 0:
        return 6
    if gap <= (3 if approximate else 1):
        return 4
    return 0 if gap > 10 else 1


def _text_birth(p: Prepared, q: Prepared) -> int:
    """A value that is no date, against the other as text: the same, or one slip away."""
    left, right = p.birth_text or _digits(p), q.birth_text or _digits(q)
    if not left or not right:
        return MISSING
    if left == right:
        return SAME_DATE
    return 5 if OSA.distance(left, right) <= 1 else MISSING


def _digits(p: Prepared) -> str:
    if p.year is None:
        return ""
    return f"{p.year:04d}" + "".join(f"{v:02d}" for v in (p.month, p.day) if v is not None)


def _full(p: Prepared) -> bool:
    return p.month is not None and p.day is not None


def _slip(p: Prepared, q: Prepared) -> bool:
    left, right = f"{p.year:04d}{p.month:02d}{p.day:02d}", f"{q.year:04d}{q.month:02d}{q.day:02d}"
    swapped = (p.year, p.month, p.day) == (q.year, q.day, q.month)
    return swapped or OSA.distance(left, right) <= 1


def address_level(p: Prepared, q: Prepared) -> int:
    if not p.address or not q.address:
        return MISSING
    if p.address == q.address:
        return 2
    return 1 if token_set_ratio(p.address, q.address) >= 80 else 0


def place_level(p: Prepared, q: Prepared) -> int:
    """Same gazetteer place, or the same place text, or one place name across scripts (as a
    person's name: Hadrut, Гадрут, Հադրութ); near-identical text (a typo) is similar."""
    if not p.place or not q.place:
        return MISSING
    if p.place == q.place:
        return 2
    if p.record.place_id and q.record.place_id:
        return 0  # two resolved places that differ are different places
    if not (p.record.place_id or q.record.place_id) and same_place(p.place, q.place):
        return 2
    return 1 if token_set_ratio(p.place, q.place) >= 85 else 0


def same_place(a: str, b: str) -> bool:
    """Two place names (`latin` forms) that are one name written in two scripts or
    conventions, by the rules of person names (`name_level`'s "same across scripts"): one
    Armenian-aware fold, or one skeleton with openings that agree. A place under two names
    (Stepanakert, Khankendi) is learnt from the lists instead (`aliases`)."""
    if hy_key(a) == hy_key(b):
        return True
    shared = share_skeleton(skeleton(a), other_skeletons(a), skeleton(b), other_skeletons(b))
    return shared and openings_agree(opening(a), opening(b))


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
