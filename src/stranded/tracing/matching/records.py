"""What the engine compares: a Record, and its Prepared form with every key computed once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stranded.tracing.matching.givennames import NOBODY, given_group, known
from stranded.tracing.matching.names import (
    father_from_patronymic,
    hy_key,
    latin,
    skeleton,
    split_patronymic,
)

_DIGITS = re.compile(r"\D+")


@dataclass(frozen=True)
class Record:
    id: str
    given_name: str = ""
    family_name: str = ""
    father_name: str = ""
    sex: str = ""  # "female", "male" or ""
    birth_date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
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
    given_group: str = ""
    given_known: frozenset[int] = NOBODY  # the known names this spelling is (givennames.known)
    family_known: frozenset[int] = NOBODY
    father_known: frozenset[int] = NOBODY
    family: str = ""
    family_hy: str = ""
    family_skel: str = ""
    father: str = ""
    father_skel: str = ""
    sex: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    approximate: bool = False
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
        prepared.given_group = given_group(given)
        prepared.family = latin(record.family_name)
        prepared.family_hy = hy_key(record.family_name)
        prepared.family_skel = skeleton(record.family_name)
        prepared.father = father_from_patronymic(father) if father else ""
        prepared.father_skel = skeleton(prepared.father) if prepared.father else ""
        prepared.given_known = known("given", given)
        prepared.family_known = known("family", record.family_name)
        prepared.father_known = known("given", prepared.father) if prepared.father else NOBODY
        prepared.sex = record.sex.lower()[:1] if record.sex else ""
        prepared.year, prepared.month, prepared.day = parse_birth(record)
        prepared.approximate = record.birth_approximate
        prepared.place = record.place_id or latin(record.place)
        prepared.address = latin(record.address)
        prepared.address_tokens = frozenset(prepared.address.split())
        prepared.phone = _DIGITS.sub("", record.phone)[-8:]
        prepared.document = _DIGITS.sub("", record.document_number) or latin(
            record.document_number
        ).replace(" ", "")
        return prepared


def parse_birth(record: Record) -> tuple[int | None, int | None, int | None]:
    parts = [p for p in record.birth_date.split("-") if p] if record.birth_date else []
    numbers = [int(p) for p in parts if p.isdigit()]
    year = numbers[0] if numbers else record.birth_year
    month = numbers[1] if len(numbers) > 1 else None
    day = numbers[2] if len(numbers) > 2 else None
    return year, month, day
