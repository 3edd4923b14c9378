"""What tracing pseudonymises at the end of retention (stranded.core.retention).

A case is closed when no inquiry about the person is still open or matched: such persons lose
names, phone, document, address and exact place (birth year, sex, status, area and flags stay,
so every count stays); their notes lose their text; closed inquiries lose the inquirer's name and
contact and the closing reason; their leads lose the address.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from stranded.core.models import Operation
from stranded.core.retention import Rule, pseudonym
from stranded.tracing.models import Inquiry, Lead, Note, Person

REMOVED = "[removed: retention]"


def closed_persons(operation: Operation) -> QuerySet[Person]:
    live = Inquiry.objects.exclude(status=Inquiry.Status.CLOSED)
    return Person.objects.filter(operation=operation).exclude(
        Q(pk__in=live.values("sought_id"))
        | Q(pk__in=live.filter(matched_person__isnull=False).values("matched_person_id"))
    )


def person_values(person: Person) -> dict[str, Any]:
    return {
        "given_name": "",
        "family_name": pseudonym("P", person),
        "father_name": "",
        "other_names": "",
        "birth_date": None,
        "place_text": "",
        "address": "",
        "lat": None,
        "lon": None,
        "phone": "",
        "document_number": "",
        "updated_at": timezone.now(),  # the matching index picks the change up
    }


def closed_inquiries(operation: Operation) -> QuerySet[Inquiry]:
    return Inquiry.objects.filter(operation=operation, status=Inquiry.Status.CLOSED)


RULES = [
    Rule("tracing.person", closed_persons, person_values),
    Rule(
        "tracing.note",
        lambda op: Note.objects.filter(person__in=closed_persons(op)),
        lambda note: {"text": REMOVED},
    ),
    Rule(
        "tracing.inquiry",
        closed_inquiries,
        lambda inquiry: {
            "inquirer_name": pseudonym("I", inquiry),
            "inquirer_contact": "",
            "closed_reason": "",
        },
    ),
    Rule(
        "tracing.lead",
        lambda op: Lead.objects.filter(inquiry__in=closed_inquiries(op)),
        lambda lead: {"address": "", "lat": None, "lon": None},
    ),
]
