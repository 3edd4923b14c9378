"""An inquiry's candidates, ranked: which of them another candidate clearly beats.

A sought person is at most one of the known persons. When one candidate's odds are at least
BEATEN_RATIO times another's, and that candidate is itself at least 'possible', the other is
marked beaten: its own probability may still look high (two brothers agree on family name,
father's name and address), but the comparison favours someone else.
"""

from __future__ import annotations

from collections.abc import Sequence

from stranded.tracing.matching.model import POSSIBLE

BEATEN_RATIO = 20.0


def _odds(probability: float) -> float:
    probability = min(max(probability, 1e-12), 1 - 1e-12)
    return probability / (1 - probability)


def clearly_beaten(probabilities: Sequence[float]) -> list[bool]:
    """For each candidate (any order), whether another candidate clearly beats it."""
    best = max(probabilities, default=0.0)
    if best < POSSIBLE:
        return [False] * len(probabilities)
    return [_odds(best) >= BEATEN_RATIO * _odds(p) for p in probabilities]
