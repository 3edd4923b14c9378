"""Synthetic persons whose names vary the way real inquiries do (for the demo and benchmarks).

Names come from real name lists (Faker's hy_AM and az_AZ providers), never from lists of real
people. One person is written several ways: Armenian script; ALA-LC, ISO 9985, BGN/PCGN or
Western Armenian romanisation; the Russian form in Cyrillic or its Latin transliteration
(Оганесян, Oganesyan); Azerbaijani in its own Latin, in Cyrillic, or plain ASCII (Mammadov).
Each record may carry typos, miss the father's name, give a year instead of a date, a year off
by one, or an age ("about 80") instead of a date, and swap the order of the names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

import tetrak_translit
from anyascii import anyascii

from stranded.tracing.matching.build_names import (
    ARMENIAN_TO_RUSSIAN,
    AZERBAIJANI_TO_RUSSIAN,
    russian_forms,
)
from stranded.tracing.matching.records import Record

AS_OF = date(2023, 10, 1)
ARMENIAN_STYLES = (
    "armenian", "ala_lc", "iso_9985", "bgn_pcgn", "western", "russian", "russian_latin",
)  # fmt: skip
AZERBAIJANI_STYLES = ("azerbaijani", "russian", "ascii")


@dataclass(frozen=True)
class Person:
    key: str
    culture: str  # "hy" or "az"
    given: str
    family: str
    father: str
    sex: str
    born: date
    place: str
    address: str


def population(count: int, *, seed: int = 1, places: tuple[str, ...] = ()) -> list[Person]:
    from faker.providers.person.az_AZ import Provider as Azerbaijani
    from faker.providers.person.hy_AM import Provider as Armenian

    rng = random.Random(seed)
    male_hy, female_hy = Armenian.first_names_male, Armenian.first_names_female
    male_az, female_az = Azerbaijani.first_names_male, Azerbaijani.first_names_female
    places = places or ("Khankendi", "Shusha", "Askeran", "Martakert", "Khojavend", "Hadrut")
    streets = ("Tigran Mets", "Azatamartikneri", "Vazgen Sargsyan", "Nzhdeh", "Heratsi", "Lenin")
    people = []
    for number in range(count):
        sex = rng.choice(("male", "female"))
        if rng.random() < 0.8:
            culture = "hy"
            given = rng.choice(male_hy if sex == "male" else female_hy)
            family, father = rng.choice(Armenian.last_names), rng.choice(Armenian.first_names_male)
        else:
            culture = "az"
            given = rng.choice(male_az if sex == "male" else female_az)
            family = rng.choice(
                Azerbaijani.last_names_male if sex == "male" else Azerbaijani.last_names_female
            )
            father = rng.choice(Azerbaijani.first_names_male)
        born = date(rng.randint(1925, 2015), rng.randint(1, 12), rng.randint(1, 28))
        address = f"{rng.choice(streets)} {rng.randint(1, 120)}"
        place = rng.choice(places)
        people.append(
            Person(f"p{number}", culture, given, family, father, sex, born, place, address)
        )
    return people


def write(text: str, culture: str, style: str, *, family: bool = False) -> str:
    if culture == "hy":
        if style == "armenian":
            return text
        if style in ("russian", "russian_latin"):
            russian = _russian_armenian(text, family=family)
            return russian if style == "russian" else anyascii(russian)
        return str(tetrak_translit.to_latin(text, scheme=style))
    if style == "russian":
        return _russian_azerbaijani(text)
    if style == "ascii":
        for letter, plain in (
            ("ə", "a"),
            ("Ə", "A"),
            ("ş", "sh"),
            ("Ş", "Sh"),
            ("ç", "ch"),
            ("Ç", "Ch"),
            ("ğ", "gh"),
        ):
            text = text.replace(letter, plain)
        return anyascii(text)
    return text


def _russian_armenian(text: str, *, family: bool) -> str:
    if not family:
        forms = sorted(russian_forms(text))
        return forms[-1] if forms else text
    word = text.lower().replace("ու", "у")
    if word.startswith("հով"):
        word = "ов" + word[3:].replace("հ", "", 1)
    elif word.startswith("հ"):
        word = word[1:]
    russian = "".join(ARMENIAN_TO_RUSSIAN.get(ch, ch) for ch in word)
    return russian.replace("йан", "ян").capitalize()


def _russian_azerbaijani(text: str) -> str:
    # Azerbaijani casing: İ is the capital of i, I the capital of ı (no combining dot left).
    lower = text.replace("İ", "i").replace("I", "ı").lower()
    return "".join(AZERBAIJANI_TO_RUSSIAN.get(ch, ch) for ch in lower).capitalize()


def typo(text: str, rng: random.Random) -> str:
    if len(text) < 4:
        return text
    letters = list(text)
    position = rng.randrange(1, len(letters) - 1)
    move = rng.choice(("swap", "drop", "double"))
    if move == "swap":
        letters[position], letters[position + 1] = letters[position + 1], letters[position]
    elif move == "drop":
        del letters[position]
    else:
        letters.insert(position, letters[position])
    return "".join(letters)


def record(person: Person, record_id: str, rng: random.Random, *, noisy: bool = True) -> Record:
    styles = ARMENIAN_STYLES if person.culture == "hy" else AZERBAIJANI_STYLES
    style = rng.choice(styles)
    given = write(person.given, person.culture, style)
    family = write(person.family, person.culture, style, family=True)
    father = write(person.father, person.culture, style)
    if noisy and rng.random() < 0.15:
        given = typo(given, rng)
    if noisy and rng.random() < 0.15:
        family = typo(family, rng)
    if noisy and rng.random() < 0.05:
        given, family = family, given
    if noisy and rng.random() < 0.4:
        father = ""
    base = Record(
        id=record_id,
        given_name=given,
        family_name=family,
        father_name=father,
        sex=person.sex,
        place=person.place,
        address=person.address if rng.random() < 0.7 else "",
    )
    return _birth(base, person, rng, noisy=noisy)


def _birth(base: Record, person: Person, rng: random.Random, *, noisy: bool) -> Record:
    roll = rng.random() if noisy else 0.0
    if roll < 0.45:
        return replace(base, birth_date=person.born.isoformat(), birth_year=person.born.year)
    if roll < 0.65:
        return replace(base, birth_year=person.born.year)
    if roll < 0.75:
        return replace(base, birth_year=person.born.year + rng.choice((-1, 1)))
    if roll < 0.92:
        age = AS_OF.year - person.born.year + rng.choice((-2, -1, 0, 1, 2))
        return replace(base, birth_year=AS_OF.year - age, birth_approximate=True)
    return base


def linked_lists(
    count: int, *, extra: int = 0, seed: int = 1
) -> tuple[list[Record], list[Record], set[tuple[str, str]]]:
    """Two lists (inquiries, persons found) with `count` persons in both and `extra` only in the
    second; returns them and the true links."""
    rng = random.Random(seed)
    people = population(count + extra, seed=seed)
    left = [record(p, f"L{p.key}", rng) for p in people[:count]]
    right = [record(p, f"R{p.key}", rng) for p in people]
    rng.shuffle(right)
    truth = {(f"L{p.key}", f"R{p.key}") for p in people[:count]}
    return left, right, truth
