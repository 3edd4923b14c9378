"""The tracing lists' filters and exports: the match queue by band, area, script and age; the
inquiries' export (no names, no contacts: what a report on the tracing work needs)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, IntegerField, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stranded.core import clock
from stranded.tracing.models import Match

# The script the sought name is written in (the family's own spelling): one letter of it
# anywhere in the given or family name. Literal ranges: the same pattern for PostgreSQL and
# SQLite (Python's re).
SCRIPTS: dict[str, tuple[Any, str]] = {
    "armenian": (_("Armenian script"), "[\u0531-\u058f]"),
    "cyrillic": (_("Cyrillic script"), "[\u0400-\u04ff]"),
    "latin": (_("Latin script"), "[A-Za-z\u00c0-\u024f\u0259]"),
}
# Age bands of the sought person, on the operation's today; "unknown": no birth or age given.
AGES: dict[str, tuple[Any, int | None, int | None]] = {
    "0-17": (_("under 18"), 0, 17),
    "18-59": (_("18 to 59"), 18, 59),
    "60-79": (_("60 to 79"), 60, 79),
    "80+": (_("80 and over"), 80, None),
    "unknown": (_("unknown"), None, None),
}
MATCH_FILTERS = ("band", "area", "script", "age")


def match_choices() -> dict[str, list[tuple[str, Any]]]:
    return {
        "bands": list(Match.Band.choices),
        "scripts": [(key, label) for key, (label, _pattern) in SCRIPTS.items()],
        "ages": [(key, label) for key, (label, _low, _high) in AGES.items()],
    }


def filtered_matches(
    rows: QuerySet[Match], params: Any, *, today: date | None = None
) -> tuple[QuerySet[Match], dict[str, str]]:
    """The queue narrowed by band, area (either person's, by code), script of the sought name
    and age band of the sought person; the chosen values, blank when unknown."""
    chosen = {key: str(params.get(key) or "").strip() for key in MATCH_FILTERS}
    if chosen["band"] in Match.Band.values:
        rows = rows.filter(band=chosen["band"])
    else:
        chosen["band"] = ""
    if chosen["area"]:
        area = chosen["area"]
        rows = rows.filter(Q(left__area__code__iexact=area) | Q(right__area__code__iexact=area))
    if chosen["script"] in SCRIPTS:
        pattern = SCRIPTS[chosen["script"]][1]
        rows = rows.filter(Q(left__given_name__regex=pattern) | Q(left__family_name__regex=pattern))
    else:
        chosen["script"] = ""
    if chosen["age"] in AGES:
        rows = _by_age(rows, chosen["age"], (today or clock.today()).year)
    else:
        chosen["age"] = ""
    return rows, chosen


def _by_age(rows: QuerySet[Match], band: str, year: int) -> QuerySet[Match]:
    """By the sought person's birth year: given, or said as an age on a day (the day it was
    said, else the record's own)."""
    said = Coalesce(ExtractYear("left__age_on"), ExtractYear("left__created_at"))
    born = Coalesce(F("left__birth_year"), said - F("left__age_years"), output_field=IntegerField())
    rows = rows.annotate(sought_born=born)
    _label, low, high = AGES[band]
    if low is None:
        return rows.filter(sought_born__isnull=True)
    rows = rows.filter(sought_born__lte=year - low)
    return rows if high is None else rows.filter(sought_born__gte=year - high)


def _received(inquiry: Any) -> str:
    return timezone.localtime(inquiry.received_at).isoformat(timespec="minutes")


# The export of inquiries: the state of the tracing work, never who asked or who is sought (no
# names, contacts, relations or notes); the area of the last known address, not the address.
INQUIRY_COLUMNS: list[tuple[str, Any]] = [
    ("reference", lambda i: i.reference), ("received_at", _received),
    ("channel", lambda i: i.channel), ("status", lambda i: i.status),
    ("area", lambda i: i.sought.area.code if i.sought.area else ""),
    ("matched", lambda i: "yes" if i.matched_person_id else "no"),
    ("duplicate_of", lambda i: i.duplicate_of.reference if i.duplicate_of else ""),
]  # fmt: skip
