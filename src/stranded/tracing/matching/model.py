"""Fellegi-Sunter: m and u probabilities per field level, a prior, a calibrated probability.

u (how often two different persons agree at a level) is estimated from random pairs, which are
almost all non-matches; m (how often one person's two records agree at a level) and the prior
are estimated by expectation-maximisation over the blocked candidate pairs, with u held fixed,
as Splink does. Until a model is fitted on an operation's data, `default_model()` gives weights
set from what tracing data usually looks like.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from stranded.tracing.matching.compare import (
    BIRTH_LEVELS,
    FIELD_INDEX,
    FIELDS,
    MISSING,
    SAME_DATE,
    SAME_NAME,
)

FAMILY = FIELD_INDEX["family_name"]
LIKELY = 0.95
POSSIBLE = 0.30
_FLOOR = 1e-4


# A batch's 'likely' band (`likely_threshold`): pairs at or above LIKELY_FLOOR, as long as the
# band's expected precision (the mean probability of its pairs) stays at least this.
LIKELY_FLOOR = 0.90
EXPECTED_PRECISION = 0.99


def band(probability: float, likely: float = LIKELY) -> str:
    if probability >= likely:
        return "likely"
    if probability >= POSSIBLE:
        return "possible"
    return ""


def likely_threshold(probabilities: np.ndarray) -> float:
    """The upper threshold of Fellegi and Sunter for one batch: the lowest probability (not
    below LIKELY_FLOOR, not above LIKELY) such that the pairs at or above it are expected to
    be at least EXPECTED_PRECISION true, by their own probabilities. A pair at 0.92 is likely
    when it stands among many surer ones; the band's precision is what a family relies on."""
    high = np.sort(probabilities[probabilities >= LIKELY_FLOOR])[::-1]
    if not len(high):
        return LIKELY
    expected = np.cumsum(high) / np.arange(1, len(high) + 1)
    enough = np.flatnonzero(expected >= EXPECTED_PRECISION)
    return LIKELY if not len(enough) else float(min(LIKELY, high[enough[-1]]))


Table = list[list[float]]
Tables = tuple[Table, Table, Table]  # general, among kin, among namesakes (`table_of`)
GIVEN = FIELD_INDEX["given_name"]


def table_of(levels: tuple[int, ...] | np.ndarray) -> int:
    """Which weights a pair takes: 2 when both names agree (namesakes, relatives named
    alike), 1 when the family name does, 0 otherwise."""
    family = levels[FAMILY] >= SAME_NAME
    return 2 if family and levels[GIVEN] >= SAME_NAME else int(family)


@dataclass
class Model:
    """m and u per field level. `u_kin`: u among different persons who share the family name
    (a household shares its address, place and father's name): agreement on those says less
    when the family name agrees too. `u_namesake`: u among different persons whose given and
    family names both agree (a grandfather and the grandson named after him, namesakes):
    the chance that the rest agrees too, once the names have."""

    m: list[list[float]]  # per field, per level
    u: list[list[float]]
    prior: float  # probability that a candidate pair is a match, before evidence
    fitted_on: dict[str, int] = field(default_factory=dict)
    u_kin: list[list[float]] | None = None
    u_namesake: list[list[float]] | None = None

    def weights(self, *, kin: bool = False, namesake: bool = False) -> Table:
        """log2 Bayes factor per field level; among kin against u_kin but for the family name,
        among namesakes against u_namesake but for both names (the chain rule: the names
        against strangers, the rest against those whose names agree)."""
        us = self.u
        if namesake and self.u_namesake:
            us = self.u_namesake
        elif (kin or namesake) and self.u_kin:
            us = self.u_kin
        general = {FAMILY, GIVEN} if namesake else {FAMILY}
        return [
            [math.log2(max(m, _FLOOR) / max(u, _FLOOR)) for m, u in zip(ms, field_us, strict=True)]
            for i, (ms, field_us) in enumerate(zip(self.m, us, strict=True))
            for field_us in [self.u[i] if i in general else field_us]
        ]

    def tables(self) -> Tables:
        return self.weights(), self.weights(kin=True), self.weights(namesake=True)

    def log2_odds(
        self, levels: tuple[int, ...], tables: Tables | None = None, extra: float = 0.0
    ) -> float:
        weights = (tables or self.tables())[table_of(levels)]
        total = math.log2(self.prior / (1 - self.prior)) + extra
        for field_weights, level in zip(weights, levels, strict=True):
            if level != MISSING:
                total += field_weights[level]
        return total

    def probability(
        self, levels: tuple[int, ...], tables: Tables | None = None, extra: float = 0.0
    ) -> float:
        odds = self.log2_odds(levels, tables, extra)
        return 1.0 / (1.0 + 2.0 ** (-max(-60.0, min(60.0, odds))))


def default_model() -> Model:
    """Weights before any fit: agreement on a name across scripts is strong evidence, a
    different birth year weak counter-evidence (ages are guessed), and so on."""
    m = [
        [0.04, 0.004, 0.06, 0.15, 0.346, 0.40],  # given name
        [0.03, 0.003, 0.05, 0.12, 0.397, 0.40],  # family name
        [0.10, 0.01, 0.19, 0.70],  # father's name
        [0.03, 0.97],  # sex
        [0.002, 0.02, 0.002, 0.006, 0.25, 0.02, 0.40, 0.30],  # birth
        [0.25, 0.15, 0.60],  # place
        [0.30, 0.30, 0.40],  # address
        [0.20, 0.80],  # phone
        [0.10, 0.10, 0.80],  # document
    ]
    u = [
        [0.93, 0.02, 0.03, 0.01, 0.007, 0.003],
        [0.95, 0.01, 0.025, 0.01, 0.004, 0.001],
        [0.90, 0.03, 0.05, 0.02],
        [0.50, 0.50],
        [0.70, 0.15, 0.05, 0.02, 0.03, 0.001, 0.045, 0.004],
        [0.70, 0.05, 0.25],
        [0.95, 0.045, 0.005],
        [0.999, 0.001],
        [0.9999, 0.00009, 0.00001],
    ]
    return Model(m=m, u=u, prior=0.01)


def estimate_u(levels: np.ndarray) -> list[list[float]]:
    """u from comparisons of random pairs (almost all of them are different persons)."""
    return [_frequencies(levels[:, i], len(f.levels)) for i, f in enumerate(FIELDS)]


def _frequencies(
    column: np.ndarray,
    size: int,
    weights: np.ndarray | None = None,
    towards: list[float] | None = None,
    impossible: frozenset[int] = frozenset(),
) -> list[float]:
    """Share of each level, smoothed by half a pair per level (no level is ever impossible).
    With `towards` (m, smoothed towards u), a level that strangers rarely show gets less:
    half a pair times its share of u times the levels, at most half a pair. A level that
    none of N matches shows then weighs about log2 N bits against whatever its u, not less
    for being rare among strangers too (full dates years apart). `impossible`: levels that
    one person's two records cannot show (`NO_MATCH_SHOWS`): m keeps only that half pair."""
    present = column != MISSING
    counts = np.bincount(
        column[present], weights=None if weights is None else weights[present], minlength=size
    )[:size].astype(float)
    if impossible:
        counts[list(impossible)] = 0.0
    counts += 0.5 if towards is None else np.minimum(0.5, 0.5 * size * np.asarray(towards))
    return list(counts / counts.sum())


def fit(
    pairs: np.ndarray,
    random_pairs: np.ndarray,
    *,
    kin_pairs: np.ndarray | None = None,
    kin_distinct: bool = False,
    namesake_pairs: np.ndarray | None = None,
    start: Model | None = None,
    iterations: int = 25,
    max_prior: float = 0.5,
    total_pairs: int | None = None,
) -> Model:
    """u from `random_pairs`; m by EM in training sessions; then the prior by EM with m, u fixed.

    Blocked pairs agree on the fields they were blocked on, matches or not, so m cannot be
    learnt for those fields from them. As Splink does, each session takes the pairs that agree
    on some fields (same birth date; same names; same document) and learns m for the other
    fields only; each field's m is the mean over the sessions that learnt it. `max_prior`
    bounds the share of matches (in a link of n and k records at most min(n, k) pairs match).

    `total_pairs`: every pair of the lists, blocked or not. The prior is then the chance that
    two records taken at random are one person (as u is learnt from random pairs): a prior
    among blocked pairs would count the names they were blocked on twice. `max_prior` is then
    a share of all pairs.

    `kin_pairs`: random pairs of records that share the family name. Some of them are one
    person (a household is small), so u_kin is their frequencies weighted by the chance that
    the pair is two persons, and m is learnt again with it (two rounds). With `kin_distinct`
    the kin pairs are known to be two persons (pairs inside one list of distinct persons, when
    linking two lists): u_kin is their frequencies, for every field but the family name
    (siblings, parents, grandsons named after their grandfather: what a family shares).
    `namesake_pairs` (with `kin_distinct`): pairs inside one list whose given and family names
    both agree, known to be two persons: u_namesake is their frequencies for the other fields,
    shrunk towards u_kin.
    """
    model = start or default_model()
    pairs, counts = patterns(pairs)
    u = estimate_u(random_pairs)
    u_kin = model.u_kin
    fitted = model
    u_namesake = model.u_namesake
    if kin_distinct and kin_pairs is not None and len(kin_pairs) >= 50:
        u_kin = kin_u(kin_pairs, np.ones(len(kin_pairs)), u, fields=ALL_BUT_FAMILY)
        kin_pairs = None
        if namesake_pairs is not None and len(namesake_pairs):
            u_namesake = kin_u(
                namesake_pairs, np.ones(len(namesake_pairs)), u_kin, fields=ALL_BUT_NAMES
            )
    for _ in range(2 if kin_pairs is not None and len(kin_pairs) >= 50 else 1):
        fitted = _fit_m(
            pairs, counts, model, u, (u_kin, u_namesake), iterations, max_prior, total_pairs
        )
        if kin_pairs is not None and len(kin_pairs) >= 50:
            u_kin = kin_u(kin_pairs, 1.0 - _posteriors(fitted, kin_pairs), u)
            fitted.u_kin = u_kin
    fitted.fitted_on = {"pairs": int(counts.sum()), "random_pairs": len(random_pairs)}
    return fitted


def patterns(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of comparison levels and how many pairs have each: EM over millions
    of pairs runs on a few thousand patterns, with the same result."""
    if not len(pairs):
        return pairs, np.zeros(0)
    shifted = pairs + 1  # MISSING (-1) .. 8: one decimal digit per field
    codes = shifted @ (10 ** np.arange(pairs.shape[1], dtype=np.int64))
    _, first, counts = np.unique(codes, return_index=True, return_counts=True)
    return pairs[first], counts.astype(float)


# What a household shares. Not the given name: same-family pairs that share a given name are
# mostly one person, and weighting them away by EM leaks matches into u (chosen on TUNING).
KIN_FIELDS = {FIELD_INDEX[name] for name in ("father_name", "place", "address")}
ALL_BUT_FAMILY = set(range(len(FIELDS))) - {FAMILY}
ALL_BUT_NAMES = ALL_BUT_FAMILY - {GIVEN}
KIN_PSEUDO = 200.0  # pairs' worth of the general u that u_kin starts from
_NOT_ORDERED = {FIELD_INDEX["birth"], FIELD_INDEX["sex"]}  # levels that are no agreement scale


def kin_u(
    kin_pairs: np.ndarray,
    different: np.ndarray,
    u: list[list[float]],
    fields: set[int] = KIN_FIELDS,
) -> list[list[float]]:
    """u among different persons of one family, for `fields` (by default what a household
    shares: the father's name, place, address); shrunk towards u where few pairs say."""
    found = []
    for i, f in enumerate(FIELDS):
        if i in _NOT_ORDERED and i in fields:
            column = kin_pairs[:, i]
            present = column != MISSING
            counts = np.bincount(
                column[present], weights=different[present], minlength=len(f.levels)
            )[: len(f.levels)]
            shrunk = counts + KIN_PSEUDO * np.array(u[i])
            found.append([float(v) for v in shrunk / shrunk.sum()])
            continue
        if i not in fields:
            found.append(list(u[i]))
            continue
        column = kin_pairs[:, i]
        present = column != MISSING
        counts = np.bincount(column[present], weights=different[present], minlength=len(f.levels))
        shrunk = counts[: len(f.levels)] + KIN_PSEUDO * np.array(u[i])
        # Kinship only makes agreement more common: never less than among strangers (the
        # weighting by EM would otherwise take namesakes for one person and drop them).
        agree = np.maximum(shrunk[1:] / shrunk.sum(), np.array(u[i][1:]))
        found.append([float(max(1.0 - agree.sum(), _FLOOR)), *(float(v) for v in agree)])
    return found


def _fit_m(
    pairs: np.ndarray,
    counts: np.ndarray,
    model: Model,
    u: list[list[float]],
    among: tuple[Table | None, Table | None],
    iterations: int,
    max_prior: float,
    total_pairs: int | None,
) -> Model:
    u_kin, u_namesake = among
    learnt: list[list[list[float]]] = [[] for _ in FIELDS]
    for mask, fixed in training_sessions(pairs, counts):
        if counts[mask].sum() < 20:
            continue
        session = Model(
            m=[list(x) for x in model.m], u=u, prior=0.5, u_kin=u_kin, u_namesake=u_namesake
        )
        inside, weight = pairs[mask], counts[mask]
        # namesakes pass a session on the names as matches (NO_MATCH_SHOWS); not one on the
        # document, which one person carries
        on_names = GIVEN in fixed or FAMILY in fixed
        for _ in range(iterations):
            posterior = _posteriors(session, inside, ignore=fixed)
            mean = float((posterior * weight).sum() / weight.sum())
            session.prior = min(max(mean, 1e-4), 0.999)
            for i, f in enumerate(FIELDS):
                if i not in fixed:
                    session.m[i] = _frequencies(
                        inside[:, i],
                        len(f.levels),
                        posterior * weight,
                        towards=u[i],
                        impossible=NO_MATCH_SHOWS.get(i, frozenset()) if on_names else frozenset(),
                    )
        for i in range(len(FIELDS)):
            if i not in fixed:
                learnt[i].append(session.m[i])
    m = [
        list(np.mean(estimates, axis=0)) if estimates else model.m[i]
        for i, estimates in enumerate(learnt)
    ]
    fitted = Model(
        m=[[float(v) for v in row] for row in m],
        u=u,
        prior=min(model.prior, max_prior),
        u_kin=u_kin,
        u_namesake=u_namesake,
    )
    share = counts.sum() / total_pairs if total_pairs else 1.0
    fitted.prior = min(fitted.prior, max_prior)
    for _ in range(iterations):
        expected = (_posteriors(fitted, pairs) * counts).sum() / counts.sum() * share
        fitted.prior = float(min(max(expected, 1e-12), max_prior))
    return fitted


ENOUGH = 200  # pairs for a session on names and father's name

# Levels that one person's two records show only by an error other than a slip (a slipped
# digit, day and month swapped have their own level): birth years more than ten apart, two
# full dates years apart. In a session on the names, EM would learn their m from the namesakes
# and relatives it half takes for matches (a grandson named after his grandfather, fifty years
# younger, agrees on the names, place and address), so that fifty years apart weighed less
# against than a different place; there their m is the smoothing alone (`_frequencies`: about
# log2 N bits against, N the matches EM saw). A session on the document learns them as the
# rest: one person's number, with a date wholly wrong (FEBRL's corrupted copies).
NO_MATCH_SHOWS = {
    FIELD_INDEX["birth"]: frozenset(
        BIRTH_LEVELS.index(level) for level in ("over 10 years apart", "full dates years apart")
    )
}


def training_sessions(
    pairs: np.ndarray, counts: np.ndarray | None = None
) -> list[tuple[np.ndarray, set[int]]]:
    """Sessions: same birth date; same names and father's name (a namesake or a grandfather
    agrees on the names alone, and would teach EM that matches are born decades apart), or
    same names when too few pairs name the father; same document."""
    given, family = FIELD_INDEX["given_name"], FIELD_INDEX["family_name"]
    birth, document = FIELD_INDEX["birth"], FIELD_INDEX["document_number"]
    father = FIELD_INDEX["father_name"]
    names = (pairs[:, given] >= SAME_NAME) & (pairs[:, family] >= SAME_NAME)
    with_father = names & (pairs[:, father] == len(FIELDS[father].levels) - 1)
    return [
        (pairs[:, birth] == SAME_DATE, {birth}),
        (with_father, {given, family, father})
        if (with_father.sum() if counts is None else counts[with_father].sum()) >= ENOUGH
        else (names, {given, family}),
        (pairs[:, document] == 2, {document}),
    ]


def _posteriors(
    model: Model,
    pairs: np.ndarray,
    ignore: set[int] | None = None,
    extra: np.ndarray | None = None,
) -> np.ndarray:
    log_odds = np.full(len(pairs), math.log2(model.prior / (1 - model.prior)))
    if extra is not None:
        log_odds = log_odds + extra
    if len(pairs):
        family = pairs[:, FAMILY] >= SAME_NAME
        which = np.where(family & (pairs[:, GIVEN] >= SAME_NAME), 2, family.astype(np.int64))
    else:
        which = np.zeros(0, dtype=np.int64)
    for i, tables in enumerate(zip(*model.tables(), strict=True)):
        if ignore and i in ignore:
            continue
        # (table, level): index -1 (missing) reads the trailing 0
        stacked = np.array([[*table, 0.0] for table in tables])
        log_odds += stacked[which, pairs[:, i]]
    return 1.0 / (1.0 + np.power(2.0, -np.clip(log_odds, -60, 60)))


def probabilities(model: Model, pairs: np.ndarray, extra: np.ndarray | None = None) -> np.ndarray:
    return _posteriors(model, pairs, extra=extra)


MOST_PRESENT = 0.9  # never assume more than this share of a list is on the other
ROUNDS = 30  # rounds of belief propagation (`compete`)


def compete(
    rows: np.ndarray,
    columns: np.ndarray,
    probability: np.ndarray,
    prior: float,
    sizes: tuple[int, int],
) -> np.ndarray:
    """Two lists of distinct persons: a record is at most one record of the other list.

    The pairwise probability treats each pair alone, with the prior chance `prior` that two
    records are one person. The lists say more: a record has at most one match, and whether
    it has one at all is a share (pi) of its list, from the prior. The probability that pair
    (i, j) is a match is then a marginal over the one-to-one matchings of the candidate
    pairs, each matching weighted by the product of its pairs' K = prior L (L the pair's
    likelihood ratio) and, for each record left without a match, its chance 1 - pi.

    Belief propagation computes those marginals (exact where the candidate pairs form a
    tree, as most do: one record and its namesakes on the other side). A lone candidate
    pair, nobody else for either record, gets K / (K + (1 - pi_left)(1 - pi_right)): both
    records would otherwise have to be missing from the other list. Two candidates that fit
    equally well (brothers) share one chance; a candidate that another record explains
    better is freed for the rest.
    """
    if not len(probability):
        return probability
    clipped = np.clip(probability, 1e-300, 1 - 1e-16)
    log_ratio = np.log(clipped / (1 - clipped)) - math.log(prior / (1 - prior))  # log L
    matches = prior * sizes[0] * sizes[1]  # expected number of persons on both lists
    for _ in range(OUTER):
        marginal = _matching_marginals(rows, columns, log_ratio, matches, sizes)
        matches = float(marginal.sum())
    return marginal


OUTER = 8  # rounds of EM on the number of persons on both lists (`compete`)


def _matching_marginals(
    rows: np.ndarray,
    columns: np.ndarray,
    log_ratio: np.ndarray,
    matches: float,
    sizes: tuple[int, int],
) -> np.ndarray:
    """Belief propagation over one-to-one matchings (`compete`), `matches` persons expected
    on both lists: a pair's weight K = L matches / (n m), a record alone 1 - matches / n."""
    most = MOST_PRESENT * min(sizes)
    matches = min(max(matches, 1.0), most)
    prior = matches / (sizes[0] * sizes[1])
    weight = np.exp(np.clip(log_ratio + math.log(prior), -700, 40 * math.log(2)))  # K
    alone = [1 - matches / max(size, 1) for size in sizes]  # 1 - pi
    n_rows, n_columns = int(rows.max()) + 1, int(columns.max()) + 1
    to_column = weight.copy()  # nu: row i's message to column j (its weight, pair factor in)
    to_row = np.ones_like(weight)  # lambda: column j's message to row i
    for _ in range(ROUNDS):
        column_total = alone[1] + np.bincount(columns, weights=to_column, minlength=n_columns)
        to_row = 0.5 * to_row + 0.5 / np.maximum(column_total[columns] - to_column, alone[1])
        terms = weight * to_row
        row_total = alone[0] + np.bincount(rows, weights=terms, minlength=n_rows)
        to_column = weight / np.maximum(row_total[rows] - terms, alone[0])
    terms = weight * to_row
    row_total = alone[0] + np.bincount(rows, weights=terms, minlength=n_rows)
    return np.asarray(np.clip(terms / row_total[rows], 0.0, 1.0))
