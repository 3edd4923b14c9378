"""One place under two names, learnt from the lists themselves.

A place has names in several languages (Stepanakert, Ստեփանակերտ, Степанакерт; Khankendi,
Xankəndi): folding across scripts joins the spellings of one name, not two names. No list of
such names is needed: among the pairs the model is surest of (almost all of them one person),
two place values that appear together far more often than chance would have them are one place.
Their place level then reads 'same', and the model is fitted again (`index.link`).
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np

from stranded.tracing.matching.compare import FIELD_INDEX, MISSING, same_place
from stranded.tracing.matching.names import other_skeletons, skeleton

SURE = 0.99  # pairs this probable teach which place names go together
MIN_PAIRS = 5  # sure pairs naming both places, at least
MIN_SHARE = 0.1  # of the sure pairs naming the rarer of the two
MIN_LIFT = 3.0  # times what independent places would give
PLACE = FIELD_INDEX["place"]


def learn(left: np.ndarray, right: np.ndarray) -> dict[int, int]:
    """Place codes (0: none) of the two records of each sure pair -> for each code that has
    another name, the code that stands for its group. Empty when nothing is learnt."""
    both = (left != 0) & (right != 0)
    left, right = left[both].tolist(), right[both].tolist()
    total = len(left)
    if not total:
        return {}
    on_left, on_right = Counter(left), Counter(right)
    together = Counter((a, b) for a, b in zip(left, right, strict=True) if a != b)
    parent: dict[int, int] = {}

    def root(code: int) -> int:
        while parent.get(code, code) != code:
            code = parent[code]
        return code

    for (a, b), count in together.items():
        expected = on_left[a] * on_right[b] / total
        rarer = min(on_left[a], on_right[b])
        if count >= MIN_PAIRS and count >= MIN_SHARE * rarer and count >= MIN_LIFT * expected:
            first, second = sorted((root(a), root(b)))
            if first != second:
                parent[second] = first
                parent.setdefault(first, first)
    return {code: root(code) for code in parent}


def spellings(codes: np.ndarray, strings: np.ndarray) -> dict[int, int]:
    """Place codes of free text (`strings[code]`, a `latin` form) -> the code that stands for
    every spelling of that name across scripts (`compare.same_place`: Martuni, Мартуни,
    Մարտունի), so that `learn` counts the sure pairs of one place name together, however
    each was written. Compared only within a skeleton's bucket."""
    distinct = sorted(set(codes.tolist()) - {0})
    buckets: dict[str, list[int]] = {}
    for code in distinct:
        text = str(strings[code])
        for key in {text, skeleton(text), *other_skeletons(text)}:
            buckets.setdefault(key, []).append(code)
    parent: dict[int, int] = {}

    def root(code: int) -> int:
        while parent.get(code, code) != code:
            code = parent[code]
        return code

    for members in buckets.values():
        for a, b in itertools.combinations(members, 2):
            if root(a) != root(b) and same_place(str(strings[a]), str(strings[b])):
                first, second = sorted((root(a), root(b)))
                parent[second] = first
    return {code: root(code) for code in distinct if root(code) != code}


def canonical(codes: np.ndarray, spelling: dict[int, int]) -> np.ndarray:
    """`codes` with each spelling replaced by the code that stands for its name (`spellings`)."""
    if not spelling or not len(codes):
        return codes
    return np.vectorize(lambda code: spelling.get(code, code), otypes=[np.int64])(codes)


def apply(rows: np.ndarray, same: dict[int, int], left: np.ndarray, right: np.ndarray) -> None:
    """Place level 'same' (in place) where the two codes are one place under two names."""
    if not len(rows):
        return
    lookup = np.vectorize(lambda code: same.get(code, code), otypes=[np.int64])
    a, b = lookup(left), lookup(right)
    joined = (rows[:, PLACE] != MISSING) & (a == b)
    rows[joined, PLACE] = 2
