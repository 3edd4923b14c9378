"""Checks of a visit and of an assignment, shared by pages, API, field forms and imports.

A visit arrives as a plain dict (from a page, the API, an OpenRosa submission or an ODK Central
export); `VisitForm.check(data)` returns its own part cleaned (the visit and the persons met) or
raises InputError naming each field (`persons[2].sex`). The other apps check their parts of the
visit (fieldwork).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stranded.core import clock
from stranded.core.inputs import Choice, Flag, InputForm, Moment, Point, Text, Whole
from stranded.places.models import Utility
from stranded.sweeps.models import Outcome, VisitPerson
from stranded.tracing.models import Mobility, Sex


class PersonMetForm(InputForm):
    """A person met at a visit."""

    given_name = Text(100)
    family_name = Text(100)
    father_name = Text(100)
    sex = Choice(Sex.values)
    birth_year = Whole(1900, lambda: clock.today().year)
    age_years = Whole(0, 120)
    phone = Text(40)
    condition = Choice(VisitPerson.Condition.values, VisitPerson.Condition.UNKNOWN)
    wants_to_leave = Flag()
    consent_to_leave = Flag()
    mobility = Choice(["", *Mobility.values])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("given_name") or cleaned.get("family_name")):
            self.fault("family_name", _("a person needs a given or family name"))
        if cleaned.get("consent_to_leave") and not cleaned.get("wants_to_leave"):
            self.fault("consent_to_leave", _("consent is recorded only for who wants to leave"))
        return cleaned


class VisitForm(Point):
    """The visit itself (where, when, what was found, the utilities) and the persons met."""

    area = Text(100, required=True)
    address = Text(300)
    visited_at = Moment()
    outcome = Choice(Outcome.values)
    lead = Text(100)
    notes = Text()
    electricity = Choice(Utility.values, Utility.UNKNOWN)
    water = Choice(Utility.values, Utility.UNKNOWN)
    gas = Choice(Utility.values, Utility.UNKNOWN)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.data.get("place"):  # only when given: earlier visits' content hash is unchanged
            cleaned["place"] = str(self.data["place"]).strip()
        cleaned["persons"] = self.rows("persons", PersonMetForm)
        if cleaned.get("outcome") == Outcome.PERSONS_PRESENT and not persons_given(self.data):
            self.fault("persons", _("the outcome is 'persons present' but no person is given"))
        return cleaned


def persons_given(data: Mapping[str, Any]) -> int:
    """How many persons a visit names (a need may say whose it is by number)."""
    value = data.get("persons") or []
    return len(value) if isinstance(value, list) else 0


class AssignForm(forms.Form):
    team = forms.UUIDField(label=gettext_lazy("Team"))
    hours = forms.IntegerField(
        min_value=1, max_value=72, required=False, label=gettext_lazy("Hours")
    )
