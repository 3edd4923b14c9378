"""Person names across scripts and spellings (pure Python).

Three layers, each a key that more spellings share:
- `latin(text)`: lowercase ASCII, diacritics, apostrophes, hyphens and case folded, Azerbaijani
  letters written out (ə a, ş sh, ç ch, ğ gh, ı i), any other script in Latin (anyascii);
- `hy_key(text)`: tetrak-translit's Armenian fold over that: every standard (ALA-LC, ISO 9985,
  BGN/PCGN) and Western Armenian (Bedrosian = Petrosyan, Hagopian = Hakobyan) lands on one key;
- `skeleton(text)`: what Russian mediation and suffix spelling change: Hov-/Ov-/Og- openings
  (Hovhannisyan, Ovanesyan, Оганесян), -yan/-ian/-jan/-yants, -ova/-ov, a silent initial h
  (Hakobyan, Akopyan), gh/g/k, then vowels dropped and doubles collapsed.

Given names also go through a table of equivalents (`data/given_names.tsv`), built from real
name lists (see data/README.md), for forms no rule reaches.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tetrak_translit.registry import get_script

from stranded.lib.fold import fold

PATRONYMIC = re.compile(r"(ovich|evich|ovych|yevich|ovna|evna|yevna|ichna)$")
# Azerbaijani patronymics are written as separate words after the father's name.
PATRONYMIC_WORDS = {"oglu", "oghlu", "ogli", "ogly", "qizi", "kizi", "gizi", "kyzy", "qyzy"}
_SUFFIXES = [
    (re.compile(r"(yants|yanz|ianz|ients|iants|yanc|ianc|ants)$"), "ian"),
    (re.compile(r"(yan|jan|ean|ian)$"), "ian"),
    (re.compile(r"(ova)$"), "ov"),
    (re.compile(r"(yeva|eva|yev)$"), "ev"),
    (re.compile(r"(ina)$"), "in"),
    (re.compile(r"(skaya)$"), "sky"),
]
_OPENINGS = [
    (re.compile(r"^(hovh|hov|ovh|og|ok)(?=[aeiou])"), "ov"),
    # Russian writes Armenian Հ (h) as Г (g), and drops it too: Harutyun, Арутюн, Гарутюн;
    # Hüseynov, Гусейнов. An initial h or g before a vowel carries no evidence either way.
    (re.compile(r"^[hgk](?=[aeiou])"), ""),
]
_CONSONANT_CLASSES = str.maketrans({"g": "k", "q": "k", "x": "k", "b": "p", "d": "t", "z": "s"})
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")


_ARMENIAN_RUN = re.compile(r"([\u0531-\u058f]+)")


def latin(text: str) -> str:
    """`fold`, word by word; a word mixing Armenian with another script (a keyboard switched
    mid-word) is folded run by run, so that no letter is lost."""
    if not _ARMENIAN_RUN.search(text) or all(_one_script(word) for word in text.split()):
        return fold(text)
    return " ".join(
        "".join(fold(run) for run in _ARMENIAN_RUN.split(word) if run) for word in text.split()
    )


def _one_script(word: str) -> bool:
    armenian = _ARMENIAN_RUN.sub("", word)
    return not armenian or len(armenian) == len(word) or not any(ch.isalpha() for ch in armenian)


_ARMENIAN_RULES = get_script("hy")


@lru_cache(maxsize=500_000)
def hy_key(text: str) -> str:
    plain = latin(text)
    return " ".join(_hy_token(token) for token in plain.split()) if plain else ""


@lru_cache(maxsize=500_000)
def _hy_token(token: str) -> str:
    # `latin` already wrote every script in ASCII: Armenian rules apply to each token directly,
    # without tetrak-translit's per-token script detection (most of its cost).
    return str(_ARMENIAN_RULES.fold_token(token, None)) or token


@lru_cache(maxsize=500_000)
def skeleton(text: str) -> str:
    """One token per word of the name, space-separated, in the given order."""
    return " ".join(_skeleton_token(token) for token in hy_key(text).split())


@lru_cache(maxsize=500_000)
def core_skeleton(text: str) -> str:
    """The skeleton without the opening rules: spellings of one name (Sargsyan, Sarkisyan)
    share it, names that differ in their first sound (Hayrapetyan, Karapetyan) do not."""
    return " ".join(_skeleton_token(token, openings=False) for token in hy_key(text).split())


def _skeleton_token(token: str, *, openings: bool = True) -> str:
    token = token.replace("kh", "k").replace("gh", "k").replace("ch", "c").replace("sh", "s")
    token = token.replace("ts", "c").replace("dz", "c").replace("zh", "j").replace("w", "v")
    for pattern, replacement in _SUFFIXES:
        token = pattern.sub(replacement, token)
    for pattern, replacement in _OPENINGS if openings else _OPENINGS[:1]:
        token = pattern.sub(replacement, token)
    if not token:
        return ""
    head, rest = token[0], token[1:].translate(_CONSONANT_CLASSES)
    rest = _VOWELS.sub("", rest.replace("h", ""))
    return _DOUBLES.sub(r"\1", (head.translate(_CONSONANT_CLASSES) if openings else head) + rest)


def sorted_skeleton(text: str) -> str:
    """Word order ignored: 'Hovhannisyan Hovhannes' = 'Hovhannes Hovhannisyan'."""
    return " ".join(sorted(skeleton(text).split()))


def split_patronymic(text: str) -> tuple[str, str]:
    """('Hovhannes Ashotovich') -> ('Hovhannes', 'Ashotovich'); Azerbaijani 'Məmməd oğlu' too."""
    words = text.split()
    plain = [latin(word) for word in words]
    for position, word in enumerate(plain):
        if word in PATRONYMIC_WORDS and position > 0:
            kept = words[: position - 1] + words[position + 1 :]
            return " ".join(kept), " ".join(words[position - 1 : position + 1])
        if position > 0 and PATRONYMIC.search(word):
            return " ".join(words[:position] + words[position + 1 :]), words[position]
    return text, ""


def father_from_patronymic(text: str) -> str:
    """The father's name inside a patronymic: Ashotovich -> Ashot, Məmməd oğlu -> Məmməd."""
    plain = latin(text)
    words = plain.split()
    if len(words) == 2 and words[1] in PATRONYMIC_WORDS:
        return words[0]
    return PATRONYMIC.sub("", plain) if PATRONYMIC.search(plain) else plain
