"""Validation of needs and status changes, shared by pages, API and visits.

Input arrives as a plain dict; `NeedForm.check(data)` and `NeedStatusForm.check(data)` return it
cleaned or raise InputError naming each faulty field. Records named in the input (area, address,
person, visit) are resolved by access.py, which knows what the user may see.
"""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext as _

from stranded.core.inputs import Choice, Day, InputForm, Text, Whole, check_rows
from stranded.needs.models import Kind, Status, Urgency
from stranded.sweeps.forms import persons_given

# What a need may be about: at least one of them is given.
REFERENCES = ("area", "address", "person", "visit")


class NeedForm(InputForm):
    kind = Choice(Kind.values)
    urgency = Choice(Urgency.values, Urgency.MEDIUM)
    due_before = Day()
    note = Text(300)
    area = Text(100)
    address = Text(100)
    person = Text(100)
    visit = Text(100)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(key) for key in REFERENCES):
            self.fault("area", _("give the area, the household (address), the person or the visit"))
        return cleaned


class NeedStatusForm(InputForm):
    status = Choice(Status.values)
    partner = Text(200)
    reason = Text(300)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        status = cleaned.get("status")
        if status == Status.REFERRED and not cleaned["partner"]:
            self.fault("partner", _("a referral names the partner it goes to"))
        if status == Status.CANNOT_BE_MET and not cleaned["reason"]:
            self.fault("reason", _("say why the need cannot be met"))
        return cleaned


class VisitNeedForm(InputForm):
    """One need of a visit's list: a kind of this app's vocabulary, an urgency, whose it is
    (the number of a person met at the visit, 1 = the first; `persons` is how many were met)."""

    kind = Choice(Kind.values)
    urgency = Choice(Urgency.values, Urgency.MEDIUM)
    note = Text(300)
    person = Whole(1, 0)

    def __init__(self, data: Any = None, *, persons: int = 0, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        cast(Whole, self.fields["person"]).high = persons

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Stored as the index into the visit's persons, and only when given (the content of
        # visits stored before stays the same).
        number = cleaned.pop("person", None)
        if number is not None:
            cleaned["person"] = number - 1
        return cleaned


def clean_visit_needs(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A visit's needs (called by fieldwork with the whole visit), or InputError naming
    `needs[2].kind`."""
    return check_rows(data, "needs", VisitNeedForm, persons=persons_given(data))
