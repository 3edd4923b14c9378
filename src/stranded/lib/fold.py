"""Folding text across scripts into comparison keys (pure Python, no Django).

`fold` gives a lowercase ASCII key that ignores case (Azerbaijani/Turkish dotted and dotless i
included), diacritics, apostrophes and punctuation, and writes Cyrillic, Greek and other scripts
in Latin (anyascii; never unidecode, which turns ə into "@"). Armenian goes through
tetrak-translit, which also reads Latin in any of the Armenian romanisations (ALA-LC, ISO 9985,
BGN/PCGN, Western) onto one key: `hy_fold`. `skeleton` drops what spellings disagree on
(x/kh/h, q/g/gh, sh/s, vowels that ə and e share) for a looser key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import tetrak_translit
from anyascii import anyascii

_ARMENIAN = re.compile(r"[\u0531-\u058f\ufb13-\ufb17]")
_APOSTROPHES = "'’ʻʼ`´‘ʹʽ\u055a\u055b\u055c\u055e"
# Azerbaijani and Turkish letters that NFKD does not reduce to a base letter.
_LATIN_EXTRA = str.maketrans(
    {
        "ə": "a", "Ə": "a", "ı": "i", "İ": "i", "ş": "sh", "Ş": "sh", "ç": "ch", "Ç": "ch",
        "ğ": "gh", "Ğ": "gh", "ø": "o", "ł": "l", "đ": "d",
    }
)  # fmt: skip
_NON_KEY = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


def casefold(text: str) -> str:
    """Lower case that knows the dotted capital İ and the dotless ı of Azerbaijani."""
    return text.translate(_LATIN_EXTRA).lower()


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    if _ARMENIAN.search(text):
        text = " ".join(_fold_armenian_token(token) for token in text.split())
    text = casefold(text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = anyascii(text).lower()
    text = _NON_KEY.sub(" ", text.replace("-", " "))
    return _SPACES.sub(" ", text).strip()


def _fold_armenian_token(token: str) -> str:
    return tetrak_translit.fold(token) if _ARMENIAN.search(token) else token


@lru_cache(maxsize=200_000)
def hy_fold(text: str) -> str:
    """The Armenian-aware key: every romanisation of an Armenian name lands on one key."""
    latin = fold(text)
    if not latin:
        return ""
    try:
        return str(tetrak_translit.fold(latin, script="hy"))
    except ValueError:
        return latin


# Order matters: digraphs first. ch, c, j, zh, dz, ts all become one affricate class, because
# Azerbaijani c is English j, Armenian ձ is dz or c, and Russian ц is ts.
_SKELETON_RULES = [
    ("kh", "h"), ("x", "h"), ("gh", "g"), ("q", "g"), ("sh", "s"), ("ch", "c"), ("zh", "c"),
    ("dz", "c"), ("ts", "c"), ("tz", "c"), ("j", "c"), ("ph", "p"), ("th", "t"), ("w", "v"),
    ("y", "i"), ("e", "a"), ("o", "u"),
]  # fmt: skip
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def skeleton(text: str) -> str:
    key = fold(text)
    for old, new in _SKELETON_RULES:
        key = key.replace(old, new)
    return _DOUBLES.sub(r"\1", key).replace(" ", "")
