"""Closed pet inquiries lose the inquirer's name and contact, the address and the closing
reason (stranded.core.retention); species, colour and counts stay."""

from __future__ import annotations

from stranded.animals.models import PetInquiry
from stranded.core.retention import Rule, pseudonym

RULES = [
    Rule(
        "animals.petinquiry",
        lambda op: PetInquiry.objects.filter(operation=op, status=PetInquiry.Status.CLOSED),
        lambda pet: {
            "inquirer_name": pseudonym("I", pet),
            "inquirer_contact": "",
            "address_text": "",
            "address": None,
            "lat": None,
            "lon": None,
            "close_reason": "",
        },
    ),
]
