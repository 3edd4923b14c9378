"""Matching pet inquiries against animal sightings (plain Python, no Django).

Species must agree. Colour and markings are compared on normalised text (colour words in
Russian and Armenian mapped to English, then folded) with rapidfuzz's token_set_ratio; the
distance between the last known place and the sighting is scored down with distance. A part
missing on either side counts as a coin toss (0.5): a dog seen next door with no colour noted is
a candidate, below one whose colour and markings agree.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from stranded.lib.fold import fold
from stranded.lib.geo import great_circle_km

WEIGHTS = {"colour": 0.4, "markings": 0.3, "distance": 0.3}
UNKNOWN = 0.5  # what a part not known on both sides counts for
THRESHOLD = 0.55  # below this a sighting is not shown; the species alone scores 0.5
DISTANCE_SCALE_KM = 3.0  # a sighting 3 km away scores 0.37 on distance, 10 km 0.04

# Colour words: Russian stems (any ending) and Armenian words, to English.
_RUSSIAN_STEMS = {
    "черн": "black", "чёрн": "black", "бел": "white", "рыж": "ginger", "сер": "grey",
    "коричнев": "brown", "бур": "brown", "шоколад": "brown", "пятнист": "spotted",
    "полосат": "striped", "тигров": "striped", "трехцвет": "tricolour", "трёхцвет": "tricolour",
    "палев": "fawn", "рыжеват": "ginger", "золотист": "golden", "жёлт": "golden",
    "желт": "golden", "кремов": "cream", "гнед": "bay", "пёстр": "spotted", "пестр": "spotted",
}  # fmt: skip
_ARMENIAN_WORDS = {
    "սև": "black", "սեւ": "black", "սպիտակ": "white", "շիկահեր": "ginger",
    "կարմիր": "ginger", "մոխրագույն": "grey", "գորշ": "grey", "շագանակագույն": "brown",
    "դարչնագույն": "brown", "խայտաբղետ": "spotted", "բծավոր": "spotted",
    "զոլավոր": "striped", "դեղին": "golden", "ոսկեգույն": "golden", "եռագույն": "tricolour",
}  # fmt: skip
_ENGLISH = {
    "gray": "grey", "red": "ginger", "orange": "ginger", "tabby": "striped",
    "stripes": "striped", "spots": "spotted", "spot": "spotted", "patches": "spotted",
    "patched": "spotted", "yellow": "golden", "gold": "golden", "dark": "black",
    "chocolate": "brown", "tan": "fawn", "beige": "fawn", "calico": "tricolour",
    "tortoiseshell": "tricolour", "blond": "golden", "blonde": "golden",
}  # fmt: skip
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case words, colour words in any of the three languages as English, then folded."""
    words = []
    for word in _WORD.findall(text.lower()):
        word = _ARMENIAN_WORDS.get(word, word)
        for stem, english in _RUSSIAN_STEMS.items():
            if word.startswith(stem):
                word = english
                break
        word = fold(word)
        words.append(_ENGLISH.get(word, word))
    return " ".join(w for w in words if w)


@dataclass(frozen=True)
class Animal:
    """What is known of a sought pet or of a sighted animal."""

    species: str
    species_other: str = ""
    colour: str = ""
    markings: str = ""
    point: tuple[float, float] | None = None


@dataclass
class Scored:
    score: float
    reasons: list[str] = field(default_factory=list)
    parts: dict[str, float] = field(default_factory=dict)


def same_species(a: Animal, b: Animal) -> bool:
    if a.species != b.species:
        return False
    if a.species == "other" and a.species_other and b.species_other:
        return fold(a.species_other) == fold(b.species_other)
    return True


def text_score(a: str, b: str) -> float | None:
    left, right = normalise(a), normalise(b)
    if not left or not right:
        return None
    return float(fuzz.token_set_ratio(left, right)) / 100.0


def distance_score(km: float) -> float:
    return math.exp(-km / DISTANCE_SCALE_KM)


def score(sought: Animal, seen: Animal) -> Scored | None:
    """The sighting's score for the inquiry, or None when the species do not agree."""
    if not same_species(sought, seen):
        return None
    parts: dict[str, float] = {}
    reasons = [f"species: both {sought.species_other or sought.species}"]
    for name in ("colour", "markings"):
        value = text_score(getattr(sought, name), getattr(seen, name))
        if value is None:
            reasons.append(f"{name}: not known on both sides")
            continue
        parts[name] = value
        reasons.append(
            f"{name}: '{getattr(sought, name)}' ~ '{getattr(seen, name)}' {round(value * 100)}%"
        )
    if sought.point is not None and seen.point is not None:
        km = great_circle_km(sought.point, seen.point)
        parts["distance"] = distance_score(km)
        reasons.append(f"distance: {km:.1f} km")
    else:
        reasons.append("distance: no coordinates on both sides")
    value = sum(WEIGHTS[name] * parts.get(name, UNKNOWN) for name in WEIGHTS)
    return Scored(score=round(value, 3), reasons=reasons, parts=parts)


def rank(
    sought: Animal, seen: list[tuple[object, Animal]], threshold: float = THRESHOLD
) -> list[tuple[object, Scored]]:
    """Candidates at or above the threshold, best first; keys are the caller's."""
    scored = []
    for key, animal in seen:
        result = score(sought, animal)
        if result is not None and result.score >= threshold:
            scored.append((key, result))
    return sorted(scored, key=lambda pair: -pair[1].score)
