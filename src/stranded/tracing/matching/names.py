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

import itertools
import re
from functools import lru_cache

from tetrak_translit.registry import get_script

from stranded.lib.fold import fold

PATRONYMIC = re.compile(r"(ovich|evich|ovych|yevich|ovna|evna|yevna|ichna)$")
# Azerbaijani patronymics are written as separate words after the father's name.
PATRONYMIC_WORDS = {"oglu", "oghlu", "ogli", "ogly", "qizi", "kizi", "gizi", "kyzy", "qyzy"}
_SUFFIXES = [
    # -անց: -yants, -янц, -анц (Abelants, Абелянц; German -anz); ts is c here already
    (re.compile(r"(yants|yanz|ianz|ients|iants|yanc|ianc|ants|anc|anz)$"), "ian"),
    (re.compile(r"(yan|jan|ean|ian)$"), "ian"),
    (re.compile(r"(ova)$"), "ov"),
    (re.compile(r"(yeva|eva|yev)$"), "ev"),
    (re.compile(r"(ina)$"), "in"),
    (re.compile(r"(skaya)$"), "sky"),
]
_OPENINGS = [
    # Russian writes Armenian Հով- and Օհ- alike as Ов- or Ог- (Ованес, Оганес; Оганян, Ohanyan;
    # Оганджанян, Ohanjanyan): one opening.
    (re.compile(r"^(hovh|hov|ovh|og|ok|oh)(?=[aeiou])"), "ov"),
    # Russian writes Armenian Հ (h) as Г (g), and drops it too: Harutyun, Арутюн, Гарутюн;
    # Hüseynov, Гусейнов. An initial h or g before a vowel carries no evidence either way.
    (re.compile(r"^[hgkqx]?(?=[aeiouy])"), ""),
    # A palatalised opening vowel (the Armenian fold writes y as i after a consonant, h at
    # the start): Гёзалов (Gyozalov) is Gözəlov, Гюлтадж Gültac, Yeghiazaryan Егиазарян.
    (re.compile(r"^[yi](?=[aeiou])"), ""),
]
# Russian writes h as г (Rəhimova, Рагимова; Mher, Мгер): inside a word h, g, k, q, x are one.
_CONSONANT_CLASSES = str.maketrans(
    {"g": "k", "q": "k", "x": "k", "h": "k", "b": "p", "d": "t", "z": "s"}
)
# An opening vowel that scripts render differently: ə as a (Russian) or e (ASCII), ö and ü as
# o/u or ё/ю. Inside the skeleton vowels are dropped anyway.
_HEAD_VOWELS = str.maketrans({"e": "a", "u": "o", "y": "i"})
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")


_ARMENIAN_RUN = re.compile(r"([\u0531-\u058f]+)")


# Cyrillic signs that carry no sound of their own (anyascii writes them as an apostrophe, which
# `fold` would take for a word break: Погосьян, one word), and Soviet Azerbaijani ј (= й).
# Ё is yo (anyascii writes a plain e: Гёзалов would lose the ö of Gözəlov).
_CYRILLIC_SIGNS = str.maketrans(
    {"ь": "", "Ь": "", "ъ": "", "Ъ": "", "ј": "й", "Ј": "Й", "ё": "йо", "Ё": "Йо"}
)


# A hyphen parts two words in every script (Տեր-Պետրոսյան, Тер-Петросян, Ter-Petrosyan).
_HYPHENS = str.maketrans({"-": " ", "\u2010": " ", "\u2011": " ", "\u058a": " ", "\u2013": " "})


@lru_cache(maxsize=500_000)
def latin(text: str) -> str:
    """`fold`, word by word; a word mixing Armenian with another script (a keyboard switched
    mid-word) is folded run by run, so that no letter is lost."""
    if text.isascii():
        return _ascii_fold(text)
    text = text.translate(_CYRILLIC_SIGNS).translate(_HYPHENS)
    if not _ARMENIAN_RUN.search(text) or all(_one_script(word) for word in text.split()):
        return fold(text)
    return " ".join(
        "".join(fold(run) for run in _ARMENIAN_RUN.split(word) if run) for word in text.split()
    )


_ASCII_DROP = str.maketrans({"'": "", "`": ""})
_NON_KEY = re.compile(r"[^a-z0-9]+")


def _ascii_fold(text: str) -> str:
    """`fold` of ASCII text, without its Unicode steps (a batch folds every distinct value)."""
    return " ".join(_NON_KEY.sub(" ", text.translate(_ASCII_DROP).lower()).split())


def _one_script(word: str) -> bool:
    armenian = _ARMENIAN_RUN.sub("", word)
    return not armenian or len(armenian) == len(word) or not any(ch.isalpha() for ch in armenian)


_ARMENIAN_RULES = get_script("hy")


@lru_cache(maxsize=500_000)
def hy_key(text: str) -> str:
    """The Armenian-aware fold of each word; a word written in Latin letters by a German
    convention (`readings`) is read by it first."""
    plain = latin(text)
    if not plain:
        return ""
    if _CYRILLIC_OR_ARMENIAN.search(text):
        return " ".join(_hy_token(token) for token in plain.split())
    return " ".join(_hy_token(_readings(token)[0]) for token in plain.split())


# How a Latin spelling was written: English conventions (the default: Khachatryan, Janoyan),
# German ones (Chatschatrjan, Awetisjan, Bajramow: sch, tsch, w, j for y, ch for kh, z for ts)
# or French ones (Khatchatourian, Chahbazian, Djanoyan: tch, dj, ch for sh, j for zh). Marks
# that English spellings of these names never have tell the German convention, which is then
# the first reading; French marks are as often Western Armenian in English (ou) or English (j
# for ջ: Anjela, French for Анжела), so the French reading is only another one. Two spellings
# are one name if any of their readings agree.
_CYRILLIC_OR_ARMENIAN = re.compile(r"[\u0400-\u04ff\u0531-\u058f]")
_CONSONANT = "bcdfgklmnpqrstvxz"
# (nj and dj are English for ջ: Ohanjanyan, Babajanyan; ow inside a word is ISO 9985's u:
# Harowt'yownyan)
_GERMAN_MARKS = re.compile(
    rf"sch|(?<!o)w|[{_CONSONANT.replace('n', '').replace('d', '')}]j[aeiou]"
    rf"|[aeiou]j[{_CONSONANT}]|[aeiou]j$|j[aeiou]$|jan$|(ow|ew|owa|ewa)$"
)
_FRENCH_MARKS = re.compile(r"tch|dj|ou|(?<![tkzsd])ch|j")
# Letters that a German spelling shares with others, so that the German reading is only another
# one: ow inside a word (ISO 9985's ու, or German ով: Howssep, Owsep, Howik, Овсеп), ch (English
# չ, French ш, German х: Chagani, Хагани), z (English z, German ц: Abelanz, Abelyants; Zolak,
# Ցոլակ) and j (English ջ, German й: Hmajak, Gajane, Junis, Ejjub).
_GERMAN_HINTS = re.compile(r"ow(?!$)|(?<![tkzsd])ch|z|j")
_GERMAN_READING = (
    (re.compile(r"tsch"), "\x01"), (re.compile(r"dsch"), "\x02"), (re.compile(r"sch"), "sh"),
    (re.compile(r"ch"), "kh"), (re.compile(r"j"), "y"), (re.compile(r"w"), "v"),
    (re.compile(r"z"), "ts"), (re.compile(r"ss"), "s"), (re.compile("\x01"), "ch"),
    (re.compile("\x02"), "j"),
)  # fmt: skip
_FRENCH_READING = (
    (re.compile(r"tch"), "\x01"), (re.compile(r"dj"), "\x02"), (re.compile(r"ch"), "sh"),
    (re.compile(r"j"), "zh"), (re.compile(r"ou"), "u"), (re.compile("\x01"), "ch"),
    (re.compile("\x02"), "j"),
)  # fmt: skip


def _rewrite(token: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, replacement in rules:
        token = pattern.sub(replacement, token)
    return token


@lru_cache(maxsize=500_000)
def _readings(token: str) -> tuple[str, ...]:
    """A Latin word's readings, the likeliest first (see above)."""
    found = [token]
    if _GERMAN_MARKS.search(token):
        german = _rewrite(token, _GERMAN_READING)
        found.insert(0, german)
        if "sh" in german:  # German has no letter for ж: sch or sh (Waruschan, Warushan, Варужан)
            found.insert(1, german.replace("sh", "zh"))
    elif _GERMAN_HINTS.search(token):
        found.append(_rewrite(token, _GERMAN_READING))
    if _FRENCH_MARKS.search(token):
        found.append(_rewrite(token, _FRENCH_READING))
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=500_000)
def _hy_token(token: str) -> str:
    # `latin` already wrote every script in ASCII: Armenian rules apply to each token directly,
    # without tetrak-translit's per-token script detection (most of its cost).
    return str(_ARMENIAN_RULES.fold_token(token, None)) or token


@lru_cache(maxsize=500_000)
def first_word_keys(text: str) -> tuple[str, ...]:
    """The Armenian-aware fold of the name's first word by each of its readings, the first
    reading's first (`hy_key`'s); Cyrillic and Armenian text has one."""
    plain = latin(text)
    if not plain:
        return ()
    first = plain.split()[0]
    if _CYRILLIC_OR_ARMENIAN.search(text):
        return (_hy_token(first),)
    return tuple(dict.fromkeys(_hy_token(reading) for reading in _readings(first)))


MOST_READINGS = 3  # other skeletons kept per name (`other_skeletons`)


@lru_cache(maxsize=500_000)
def other_skeletons(text: str) -> tuple[str, ...]:
    """The name's skeletons by its other readings (see above), at most MOST_READINGS, in a
    fixed order; `skeleton` is the first reading's. Two spellings are one name if they
    share one."""
    plain = latin(text)
    if not plain or _CYRILLIC_OR_ARMENIAN.search(text):
        return ()
    words = [[_skeleton_token(_hy_token(r)) for r in _readings(t)] for t in plain.split()]
    first = skeleton(text)
    found = dict.fromkeys(" ".join(choice) for choice in itertools.product(*words))
    found.pop(first, None)
    return tuple(found)[:MOST_READINGS]


def share_skeleton(a: str, a_others: tuple[str, ...], b: str, b_others: tuple[str, ...]) -> bool:
    if a == b:
        return True
    return bool((a_others or b_others) and {a, *a_others} & {b, *b_others})


def share_head(a: str, a_others: tuple[str, ...], b: str, b_others: tuple[str, ...]) -> bool:
    """Whether two names' skeletons (by any reading) start alike: names written in the other
    order are looked for only then."""
    return bool({s[:1] for s in (a, *a_others) if s} & {s[:1] for s in (b, *b_others) if s})


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
    rest = _VOWELS.sub("", rest)
    if openings:
        head = head.translate(_CONSONANT_CLASSES).translate(_HEAD_VOWELS)
    return _DOUBLES.sub(r"\1", head + rest)


# Openings that one name takes across scripts: Հ as h, as Г (g) or dropped in Russian;
# Western Armenian g for k, b for p, d for t, ch for j (Garabedian, Karapetyan; Bedrosian,
# Petrosyan); a cedilla dropped (Şirinov, Sirinov; Çingiz); German s for z, z for ts, ch
# for kh, j for y; French ch for sh, j for zh; Azerbaijani q as к or г, x as х (kh) or h,
# c as дж (j: Cavadov, Джавадов; Cəfərov, Джафаров); German sch for ж (Schala, Jalə), z for
# ц (Zolak, Ցոլակ: c in the Armenian fold) and j read as y (Jirayr: English ջ, German й, French
# ժ).
# Other openings that differ (Hayrapetyan, Karapetyan: h and k) are two names.
_OPENING_VARIANTS = {
    frozenset(pair) for pair in (("h", "g"), ("h", ""), ("g", ""), ("g", "k"), ("q", "k"),
                                 ("q", "g"), ("x", "h"), ("s", "sh"), ("c", "ch"), ("s", "z"),
                                 ("z", "ts"), ("b", "p"), ("d", "t"), ("j", "ch"),
                                 ("ch", "x"), ("ch", "sh"), ("j", ""), ("j", "zh"), ("c", "j"),
                                 ("zh", ""), ("sh", "zh"), ("sh", "j"), ("z", "c"))
}  # fmt: skip
_OPENING = re.compile(r"^(kh|gh|sh|ch|zh|ts|dz|[a-z])")
# German and French letters for one opening sound (Tschobanjan, Tchobanian, Chobanyan;
# Dschanojan, Djanoyan; Schahbasjan; Wanezjan; Jusifow, Yusifov)
_OPENING_LETTERS = (
    (re.compile(r"^(tsch|tch)"), "ch"), (re.compile(r"^(dsch|dzh|dj)"), "j"),
    (re.compile(r"^sch"), "sh"), (re.compile(r"^w"), "v"), (re.compile(r"^j(?=[aeiou])"), "y"),
)  # fmt: skip


@lru_cache(maxsize=500_000)
def opening(text: str) -> str:
    """The first sound of a name's first word in Latin (`latin(text)`): '' for a vowel."""
    for pattern, replacement in _OPENING_LETTERS:
        if pattern.match(text):
            text = pattern.sub(replacement, text)
            break
    found = _OPENING.match(text)
    if not found:
        return ""
    sound = {"kh": "x", "gh": "g"}.get(found.group(1), found.group(1))
    return "" if sound in "aeiouy" else sound


def openings_agree(a: str, b: str) -> bool:
    """Whether two openings (`opening`) can be one name's across scripts."""
    return a == b or frozenset((a, b)) in _OPENING_VARIANTS


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
