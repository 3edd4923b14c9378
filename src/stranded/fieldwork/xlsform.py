"""The visit form for ODK Collect, KoBoCollect and Enketo, as an XLSForm and as an XForm.

One definition, three uses: `stranded forms xlsform visit` writes it as a workbook, the OpenRosa
server hands pyxform's XForm of it to the phones, and the tests submit instances built from that
same XForm. Field names are the keys `clean_visit` reads, so a submission becomes a visit with no
mapping table in between (see submissions.py).

Labels are in English, Armenian, Russian and Azerbaijani, from the glossary of the domain's
words (src/stranded/locale/glossary.csv): the phone says what the pages say. Choice lists: the
operation's areas, the places of its region (settlements near its centre and areas, and every
place added in the field: `form_places`), each named in each language by the operation's display
policy, and the team's open leads (filtered by the chosen area). A lead is shown by its inquiry
reference and address only: no names go onto tablets that can be lost; the team reads who is
sought in the browser worklist.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from openpyxl import Workbook
from pyxform.xls2xform import convert

from stranded.core import glossary
from stranded.core.models import Operation, Team
from stranded.places.models import Area
from stranded.places.naming import area_name, place_name

FORM_ID = "stranded_visit"
LANGUAGES = ("English (en)", "Armenian (hy)", "Russian (ru)", "Azerbaijani (az)")
SPECIES = ("dog", "cat", "horse", "cow", "sheep_goat", "chickens", "other")

Label = tuple[str, str, str, str]  # en, hy, ru, az

# The questions' labels in four languages, from the glossary (src/stranded/locale/glossary.csv,
# rows form:KEY): the phone says the words the pages say.
LABELS: dict[str, Label] = glossary.form_labels("")

# The lists of choices, each from the glossary's rows form:LIST:VALUE.
CHOICE_LABELS: dict[str, dict[str, Label]] = {
    name: glossary.form_labels(name) for name in glossary.form_lists()
}

# type, name, label key, extra columns
Row = tuple[str, str, str, dict[str, str]]
SURVEY: list[Row] = [
    ("dateTime", "visited_at", "visited_at", {"required": "yes", "default": "now()"}),
    ("select_one area", "area", "area", {"required": "yes"}),
    ("select_one lead", "lead", "lead", {"choice_filter": "area=${area} or area=''"}),
    ("select_one place", "place", "place", {"appearance": "autocomplete"}),
    ("text", "address", "address", {}),
    ("geopoint", "location", "location", {}),
    ("select_one outcome", "outcome", "outcome", {"required": "yes"}),
    ("select_one utility", "electricity", "electricity", {"default": "unknown"}),
    ("select_one utility", "water", "water", {"default": "unknown"}),
    ("select_one utility", "gas", "gas", {"default": "unknown"}),
    ("begin_repeat", "persons", "persons", {"relevant": "${outcome}='persons_present'"}),
    ("text", "given_name", "given_name", {}),
    ("text", "family_name", "family_name", {"required": "yes"}),
    ("text", "father_name", "father_name", {}),
    ("select_one sex", "sex", "sex", {}),
    ("integer", "birth_year", "birth_year", {"constraint": ". >= 1900 and . <= 2100"}),
    ("integer", "age_years", "age_years", {"constraint": ". >= 0 and . <= 120"}),
    ("text", "phone", "phone", {}),
    ("select_one condition", "condition", "condition", {"default": "unknown"}),
    ("select_one yes_no", "wants_to_leave", "wants_to_leave", {}),
    (
        "select_one yes_no", "consent_to_leave", "consent_to_leave",
        {"relevant": "${wants_to_leave}='yes'"},
    ),
    ("select_one mobility", "mobility", "mobility", {"relevant": "${wants_to_leave}='yes'"}),
    ("end_repeat", "", "", {}),
    ("begin_repeat", "needs", "needs", {}),
    ("select_one need_kind", "kind", "kind", {"required": "yes"}),
    ("select_one urgency", "urgency", "urgency", {"default": "medium"}),
    ("text", "note", "note", {}),
    ("end_repeat", "", "", {}),
    ("begin_repeat", "animals", "animals", {}),
    ("select_one species", "species", "species", {"required": "yes"}),
    ("integer", "count", "count", {"default": "1", "constraint": ". >= 1"}),
    ("text", "condition", "animal_condition", {}),
    ("select_multiple animal_need", "needs", "animal_needs", {}),
    ("end_repeat", "", "", {}),
    ("begin_repeat", "remains", "remains", {"relevant": "${outcome}='deceased_found'"}),
    ("integer", "count", "remains_count", {"default": "1", "constraint": ". >= 1"}),
    ("text", "condition", "remains_condition", {}),
    ("text", "effects", "effects", {}),
    ("end_repeat", "", "", {}),
    ("text", "notes", "notes", {}),
]  # fmt: skip
EXTRA_COLUMNS = ("required", "relevant", "constraint", "default", "choice_filter", "appearance")
FORM_PLACES_KM = 60.0  # settlements this far from the operation's centre or an area are offered
FORM_PLACE_KINDS = ("city", "town", "village", "hamlet", "neighbourhood", "crossing", "facility")


@dataclass
class FormChoices:
    """The per-operation (and per-team) part of the form."""

    areas: list[tuple[str, Label]]  # code, label in each language
    leads: list[tuple[str, str, str]]  # id, label, area code
    places: list[tuple[str, Label]] = field(default_factory=list)  # place id, label per language

    @property
    def version(self) -> str:
        digest = hashlib.sha256(
            json.dumps([self.areas, self.leads, self.places], ensure_ascii=False).encode()
        ).hexdigest()
        return digest[:12]


def choices_for(operation: Operation, team: Team | None) -> FormChoices:
    """The operation's areas; the open leads in the areas the team holds (all open leads of the
    operation when no team is named, for a coordinator's copy)."""
    from stranded.tracing.models import Lead

    policy = operation.place_display
    areas = [
        (a.code, in_languages(partial(area_label, a, policy)))
        for a in Area.objects.of(operation).order_by("rank", "code")
    ]
    leads = Lead.objects.filter(operation=operation, status=Lead.Status.OPEN, area__isnull=False)
    if team is not None:
        leads = leads.filter(area__in=Area.objects.held_by(team))
    rows = []
    for lead in leads.select_related("inquiry", "area").order_by("area__code", "created_at"):
        code = lead.area.code if lead.area else ""
        rows.append((str(lead.pk), f"{lead.inquiry.reference} · {lead.address or code}", code))
    return FormChoices(areas=areas, leads=rows, places=form_places(operation))


def in_languages(label: Callable[[str], str]) -> Label:
    """One label per column of the form (en, hy, ru, az)."""
    return (label("en"), label("hy"), label("ru"), label("az"))


def area_label(area: Area, policy: str, language: str) -> str:
    name = area_name(area, policy=policy, language=language)
    return f"{area.code} · {name}" if name and name != area.code else area.code


def place_label(place: Any, policy: str, language: str) -> str:
    return place_name(place, policy=policy, language=language)


def form_places(operation: Operation) -> list[tuple[str, Label]]:
    """The places a visit may name: settlements within FORM_PLACES_KM of the operation's centre
    or of one of its areas, and every place added in the field (whatever its distance), each
    labelled in the form's languages by the operation's display policy; by name."""
    from stranded.places.mapdata import operation_region
    from stranded.places.models import Place

    region = operation_region(operation)
    policy = operation.place_display
    places = [
        p
        for p in Place.objects.filter(kind__in=FORM_PLACE_KINDS).order_by("name", "pk")
        if p.added_by_hand or region is None or region.distance_km(p.lat, p.lon) <= FORM_PLACES_KM
    ]
    return [(str(p.pk), in_languages(partial(place_label, p, policy))) for p in places]


def workbook(choices: FormChoices, *, title: str = "Field visit") -> Workbook:
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    label_columns = [f"label::{language}" for language in LANGUAGES]
    survey.append(["type", "name", *label_columns, *EXTRA_COLUMNS])
    for kind, name, key, extra in SURVEY:
        texts = list(LABELS[key]) if key else ["", "", "", ""]
        survey.append([kind, name, *texts, *(extra.get(c, "") for c in EXTRA_COLUMNS)])
    sheet = book.create_sheet("choices")
    sheet.append(["list_name", "name", *label_columns, "area"])
    for list_name, options in CHOICE_LABELS.items():
        for value, labels in options.items():
            sheet.append([list_name, str(value), *labels, ""])
    for code, labels in choices.areas:
        sheet.append(["area", code, *labels, ""])
    if not choices.places:
        sheet.append(["place", "none", "-", "-", "-", "-", ""])
    for place_id, labels in choices.places:
        sheet.append(["place", place_id, *labels, ""])
    if not choices.leads:
        # pyxform needs at least one choice per list: a placeholder nobody can pick.
        sheet.append(["lead", "none", "-", "-", "-", "-", "-"])
    for lead_id, text, area in choices.leads:
        sheet.append(["lead", lead_id, text, text, text, text, area])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language", "instance_name"])
    settings.append(
        [title, FORM_ID, choices.version, LANGUAGES[0], "concat(${area}, ' ', ${outcome})"]
    )
    return book


def xlsx_bytes(choices: FormChoices) -> bytes:
    buffer = io.BytesIO()
    workbook(choices).save(buffer)
    return buffer.getvalue()


def xform(choices: FormChoices) -> str:
    """pyxform's XForm (XML) of the workbook."""
    result = convert(xlsform=io.BytesIO(xlsx_bytes(choices)), file_type=".xlsx", form_name=FORM_ID)
    return str(result.xform)


def describe(choices: FormChoices) -> dict[str, Any]:
    return {
        "form_id": FORM_ID,
        "version": choices.version,
        "areas": len(choices.areas),
        "leads": len(choices.leads),
        "places": len(choices.places),
        "languages": list(LANGUAGES),
    }
