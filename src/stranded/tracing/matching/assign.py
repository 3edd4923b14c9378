"""One person per list: the pairs of an assignment, not of a threshold.

When each list holds a person at most once, a record keeps at most one partner. The pairs
chosen maximise the sum of their probabilities (the expected number of true links) over every
one-to-one choice; a record may stay alone. The candidate graph falls apart into connected
components (a family, namesakes); each is solved exactly by the Hungarian method (scipy's
`linear_sum_assignment`) with one 'alone' column per row, so the whole is exact.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from stranded.tracing.matching.index import Pair

NO_EDGE = -1e9


def one_to_one(pairs: Sequence[Pair]) -> list[Pair]:
    if not pairs:
        return []
    lefts = {pid: n for n, pid in enumerate(dict.fromkeys(p.left_id for p in pairs))}
    rights = {pid: n for n, pid in enumerate(dict.fromkeys(p.right_id for p in pairs))}
    rows = np.array([lefts[p.left_id] for p in pairs])
    columns = np.array([rights[p.right_id] for p in pairs]) + len(lefts)
    size = len(lefts) + len(rights)
    graph = coo_matrix((np.ones(len(pairs)), (rows, columns)), shape=(size, size))
    _, component = connected_components(graph, directed=False)
    by_component: dict[int, list[int]] = {}
    for number, row in enumerate(rows):
        by_component.setdefault(int(component[row]), []).append(number)
    chosen: list[Pair] = []
    for members in by_component.values():
        chosen += _solve([pairs[n] for n in members])
    return sorted(chosen, key=lambda p: (-p.probability, p.left_id, p.right_id))


def _solve(pairs: list[Pair]) -> list[Pair]:
    if len(pairs) == 1:
        return pairs
    lefts = {pid: n for n, pid in enumerate(dict.fromkeys(p.left_id for p in pairs))}
    rights = {pid: n for n, pid in enumerate(dict.fromkeys(p.right_id for p in pairs))}
    gain = np.full((len(lefts), len(rights) + len(lefts)), NO_EDGE)
    gain[np.arange(len(lefts)), len(rights) + np.arange(len(lefts))] = 0.0  # stay alone
    for pair in pairs:
        gain[lefts[pair.left_id], rights[pair.right_id]] = pair.probability
    row_index, column_index = linear_sum_assignment(gain, maximize=True)
    picked = {(r, c) for r, c in zip(row_index, column_index, strict=True) if c < len(rights)}
    return [p for p in pairs if (lefts[p.left_id], rights[p.right_id]) in picked]
