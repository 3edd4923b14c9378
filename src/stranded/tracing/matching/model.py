"""Fellegi-Sunter: m and u probabilities per field level, a prior, a calibrated probability.

u (how often two different persons agree at a level) is estimated from random pairs, which are
almost all non-matches; m (how often one person's two records agree at a level) and the prior
are estimated by expectation-maximisation over the blocked candidate pairs, with u held fixed,
as Splink does. Until a model is fitted on an operation's data, `default_model()` gives weights
set from what tracing data usually looks like.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np

from stranded.tracing.matching.compare import FIELD_INDEX, FIELDS, MISSING

LIKELY = 0.95
POSSIBLE = 0.30
_FLOOR = 1e-4


def band(probability: float) -> str:
    if probability >= LIKELY:
        return "likely"
    if probability >= POSSIBLE:
        return "possible"
    return ""


@dataclass
class Model:
    m: list[list[float]]  # per field, per level
    u: list[list[float]]
    prior: float  # probability that a candidate pair is a match, before evidence
    fitted_on: dict[str, int] = field(default_factory=dict)

    def weights(self) -> list[list[float]]:
        """log2 Bayes factor per field level."""
        return [
            [math.log2(max(m, _FLOOR) / max(u, _FLOOR)) for m, u in zip(ms, us, strict=True)]
            for ms, us in zip(self.m, self.u, strict=True)
        ]

    def log2_odds(
        self, levels: tuple[int, ...], weights: list[list[float]] | None = None, extra: float = 0.0
    ) -> float:
        weights = weights or self.weights()
        total = math.log2(self.prior / (1 - self.prior)) + extra
        for field_weights, level in zip(weights, levels, strict=True):
            if level != MISSING:
                total += field_weights[level]
        return total

    def probability(
        self, levels: tuple[int, ...], weights: list[list[float]] | None = None, extra: float = 0.0
    ) -> float:
        odds = self.log2_odds(levels, weights, extra)
        return 1.0 / (1.0 + 2.0 ** (-max(-60.0, min(60.0, odds))))

    def to_json(self) -> str:
        return json.dumps(
            {"m": self.m, "u": self.u, "prior": self.prior, "fitted_on": self.fitted_on}
        )

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        return cls(
            m=data["m"], u=data["u"], prior=data["prior"], fitted_on=data.get("fitted_on", {})
        )


def default_model() -> Model:
    """Weights before any fit: agreement on a name across scripts is strong evidence, a
    different birth year weak counter-evidence (ages are guessed), and so on."""
    m = [
        [0.04, 0.06, 0.15, 0.35, 0.40],  # given name
        [0.03, 0.05, 0.12, 0.40, 0.40],  # family name
        [0.10, 0.20, 0.70],  # father's name
        [0.03, 0.97],  # sex
        [0.10, 0.25, 0.35, 0.30],  # birth
        [0.25, 0.15, 0.60],  # place
        [0.30, 0.30, 0.40],  # address
        [0.20, 0.80],  # phone
        [0.10, 0.10, 0.80],  # document
    ]
    u = [
        [0.93, 0.05, 0.01, 0.007, 0.003],
        [0.95, 0.035, 0.01, 0.004, 0.001],
        [0.90, 0.08, 0.02],
        [0.50, 0.50],
        [0.80, 0.14, 0.05, 0.01],
        [0.70, 0.05, 0.25],
        [0.95, 0.045, 0.005],
        [0.999, 0.001],
        [0.9999, 0.00009, 0.00001],
    ]
    return Model(m=m, u=u, prior=0.01)


def estimate_u(levels: np.ndarray) -> list[list[float]]:
    """u from comparisons of random pairs (almost all of them are different persons)."""
    return [_frequencies(levels[:, i], len(f.levels)) for i, f in enumerate(FIELDS)]


def _frequencies(column: np.ndarray, size: int, weights: np.ndarray | None = None) -> list[float]:
    present = column != MISSING
    counts = np.bincount(
        column[present], weights=None if weights is None else weights[present], minlength=size
    )[:size].astype(float)
    counts += 0.5  # a little smoothing: no level is ever impossible
    return list(counts / counts.sum())


def fit(
    pairs: np.ndarray,
    random_pairs: np.ndarray,
    *,
    start: Model | None = None,
    iterations: int = 25,
    max_prior: float = 0.5,
) -> Model:
    """u from `random_pairs`; m by EM in training sessions; then the prior by EM with m, u fixed.

    Blocked pairs agree on the fields they were blocked on, matches or not, so m cannot be
    learnt for those fields from them. As Splink does, each session takes the pairs that agree
    on some fields (same birth date; same names; same document) and learns m for the other
    fields only; each field's m is the mean over the sessions that learnt it. `max_prior`
    bounds the share of matches (in a link of n and k records at most min(n, k) pairs match).
    """
    model = start or default_model()
    u = estimate_u(random_pairs)
    learnt: list[list[list[float]]] = [[] for _ in FIELDS]
    for mask, fixed in training_sessions(pairs):
        if mask.sum() < 20:
            continue
        session = Model(m=[list(x) for x in model.m], u=u, prior=0.5)
        for _ in range(iterations):
            posterior = _posteriors(session, pairs[mask], ignore=fixed)
            session.prior = float(min(max(posterior.mean(), 1e-4), 0.999))
            for i, f in enumerate(FIELDS):
                if i not in fixed:
                    session.m[i] = _frequencies(pairs[mask][:, i], len(f.levels), posterior)
        for i in range(len(FIELDS)):
            if i not in fixed:
                learnt[i].append(session.m[i])
    m = [list(np.mean(estimates, axis=0)) if estimates else model.m[i]
         for i, estimates in enumerate(learnt)]  # fmt: skip
    fitted = Model(m=[[float(v) for v in row] for row in m], u=u, prior=min(model.prior, max_prior))
    for _ in range(iterations):
        fitted.prior = float(min(max(_posteriors(fitted, pairs).mean(), 1e-6), max_prior))
    fitted.fitted_on = {"pairs": len(pairs), "random_pairs": len(random_pairs)}
    return fitted


def training_sessions(pairs: np.ndarray) -> list[tuple[np.ndarray, set[int]]]:
    given, family = FIELD_INDEX["given_name"], FIELD_INDEX["family_name"]
    birth, document = FIELD_INDEX["birth"], FIELD_INDEX["document_number"]
    return [
        (pairs[:, birth] == 3, {birth}),
        ((pairs[:, given] >= 3) & (pairs[:, family] >= 3), {given, family}),
        (pairs[:, document] == 2, {document}),
    ]


def _posteriors(
    model: Model, pairs: np.ndarray, ignore: set[int] | None = None,
    extra: np.ndarray | None = None,
) -> np.ndarray:  # fmt: skip
    weights = model.weights()
    log_odds = np.full(len(pairs), math.log2(model.prior / (1 - model.prior)))
    if extra is not None:
        log_odds = log_odds + extra
    for i, field_weights in enumerate(weights):
        if ignore and i in ignore:
            continue
        column = pairs[:, i]
        table = np.array([*field_weights, 0.0])  # index -1 (missing) reads the trailing 0
        log_odds += table[column]
    return 1.0 / (1.0 + np.power(2.0, -np.clip(log_odds, -60, 60)))


def probabilities(model: Model, pairs: np.ndarray, extra: np.ndarray | None = None) -> np.ndarray:
    return _posteriors(model, pairs, extra=extra)
