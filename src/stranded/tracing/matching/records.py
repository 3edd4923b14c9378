"""What the engine compares: a Record, and its Prepared form with every key computed once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from stranded.tracing.matching.givennames import NOBODY, given_group, known
from stranded.tracing.matching.names import (
    father_from_patronymic,
    hy_key,
    latin,
    other_skeletons,
    skeleton,
    split_patronymic,
)

_DIGITS = re.compile(r"\D+")
_DATE = re.compile(r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$")


@dataclass(frozen=True)
class Record:
    id: str
    given_name: str = ""
    family_name: str = ""
    father_name: str = ""
    sex: str = ""  # "female", "male" or ""
    birth_date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD; anything else is compared as text
    birth_year: int | None = None
    birth_approximate: bool = False  # an age said ("about 80"), not a date
    place_id: str = ""  # the gazetteer's id, when the caller resolved the place
    place: str = ""  # free text otherwise
    address: str = ""
    phone: str = ""
    document_number: str = ""


@dataclass
class Prepared:
    """A record with its comparison keys; built once per record, used for every pair."""

    record: Record
    given: str = ""
    given_hy: str = ""
    given_skel: str = ""
    given_others: tuple[str, ...] = ()  # skeletons by other readings (names.other_skeletons)
    given_group: str = ""
    given_known: frozenset[int] = NOBODY  # the known names this spelling is (givennames.known)
    family_known: frozenset[int] = NOBODY
    father_known: frozenset[int] = NOBODY
    family: str = ""
    family_hy: str = ""
    family_skel: str = ""
    family_others: tuple[str, ...] = ()
    father: str = ""
    father_skel: str = ""
    father_others: tuple[str, ...] = ()
    sex: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    birth_text: str = ""  # a birth value that is no date (1945-04-93): its digits, as text
    place: str = ""
    address_tokens: frozenset[str] = field(default_factory=frozenset)
    address: str = ""
    phone: str = ""
    document: str = ""

    @classmethod
    def of(cls, record: Record) -> Prepared:
        given, patronymic = split_patronymic(record.given_name)
        father = record.father_name or patronymic
        prepared = cls(record=record)
        prepared.given = latin(given)
        prepared.given_hy = hy_key(given)
        prepared.given_skel = skeleton(given)
        prepared.given_others = other_skeletons(given)
        prepared.given_group = given_group(given)
        prepared.family = latin(record.family_name)
        prepared.family_hy = hy_key(record.family_name)
        prepared.family_skel = skeleton(record.family_name)
        prepared.family_others = other_skeletons(record.family_name)
        prepared.father = father_from_patronymic(father) if father else ""
        prepared.father_skel = skeleton(prepared.father) if prepared.father else ""
        prepared.father_others = other_skeletons(prepared.father) if prepared.father else ()
        prepared.given_known = known("given", given)
        prepared.family_known = known("family", record.family_name)
        prepared.father_known = known("given", prepared.father) if prepared.father else NOBODY
        prepared.sex = prepare_sex(record.sex)
        prepared.year, prepared.month, prepared.day = parse_birth(record)
        prepared.birth_text = birth_text(record.birth_date, prepared.year)
        prepared.approximate = record.birth_approximate
        prepared.place = record.place_id or latin(record.place)
        prepared.address = latin(record.address)
        prepared.address_tokens = frozenset(prepared.address.split())
        prepared.phone = prepare_phone(record.phone)
        prepared.document = prepare_document(record.document_number)
        return prepared


def prepare_sex(text: str) -> str:
    sex = text.strip().lower()
    return sex[:1] if sex in ("f", "m", "female", "male") else latin(sex)


def birth_text(birth_date: str, year: int | None) -> str:
    """A birth value that is no date, as text (its digits, when it has any)."""
    if birth_date and year is None:
        return _DIGITS.sub("", birth_date) or latin(birth_date)
    return ""


def prepare_phone(text: str) -> str:
    return _DIGITS.sub("", text)[-8:]


def prepare_document(text: str) -> str:
    return _DIGITS.sub("", text) or latin(text).replace(" ", "")


def parse_birth(record: Record) -> tuple[int | None, int | None, int | None]:
    """Year, month and day of a YYYY, YYYY-MM or YYYY-MM-DD date; (birth_year, None, None)
    when birth_date is empty; (None, None, None) when it is no date (compared as text)."""
    if not record.birth_date:
        return record.birth_year, None, None
    if not _DATE.match(record.birth_date.strip()):
        return None, None, None
    numbers = [int(p) for p in record.birth_date.strip().split("-")]
    month, day = [*numbers[1:], None, None][:2]
    try:
        date(numbers[0], month or 1, day or 1)
    except ValueError:
        return None, None, None
    return numbers[0], month, day
