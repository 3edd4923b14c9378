"""Validation shared by pages and API: an inquiry taken on the phone, a person found."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from stranded.core import clock
from stranded.core.models import Operation
from stranded.tracing.models import VULNERABILITIES, VULNERABILITY_LABELS, Inquiry, Sex

# "About 80" as the help text says it in each language ("около 80", "մոտ 80", "təxminən 80").
_AGE = re.compile(
    r"^(?:about|approx\.?|ca\.?|~|около|մոտ|təxminən)?\s*(\d{1,3})\s*"
    r"(?:y|yrs|years|лет|տարեկան|yaş|yaşında)?$",
    re.I,
)
# The gazetteer answers while the officer types the town or village: a place to pick, or "not
# in the gazetteer" and the text kept as typed (places/_pick.html, places/pick.js).
PLACE_PICK_ATTRS = {
    "hx-get": reverse_lazy("places:pick"), "hx-trigger": "input changed delay:300ms",
    "hx-target": "#place-pick", "hx-include": "this", "autocomplete": "off",
    # One request at a time with the form's "already known?" check (SQLite serves one at a time).
    "hx-sync": "closest form:queue last",
}  # fmt: skip
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_birth(text: str, *, today: date | None = None) -> dict[str, Any]:
    """'1943-05-02', '1943-05', '1943', 'about 80' or '80' into model fields.

    An age is kept as said (age and the date it was said) rather than as a made-up birth year.
    """
    text = text.strip()
    if not text:
        return {}
    today = today or clock.today()
    if _YEAR.match(text):
        year = int(text)
        if not 1900 <= year <= today.year:
            raise forms.ValidationError(_("birth year %(year)s is out of range") % {"year": year})
        return {"birth_year": year}
    if match := _MONTH.match(text):
        year = int(match.group(1))
        if not 1900 <= year <= today.year:
            raise forms.ValidationError(_("birth year %(year)s is out of range") % {"year": year})
        return {"birth_year": year}
    try:
        born = date.fromisoformat(text)
    except ValueError:
        born = None
    if born is not None:
        if born.year < 1900:
            raise forms.ValidationError(
                _("birth date %(date)s is before 1900") % {"date": born.isoformat()}
            )
        if born > today:
            raise forms.ValidationError(_("birth date is in the future"))
        return {"birth_date": born, "birth_year": born.year}
    if match := _AGE.match(text):
        age = int(match.group(1))
        if age > 120:
            raise forms.ValidationError(_("age %(age)s is out of range") % {"age": age})
        return {"age_years": age, "age_on": today}
    raise forms.ValidationError(_("write a date (1943-05-02), a year (1943) or an age (about 80)"))


class PersonForm(forms.Form):
    given_name = forms.CharField(max_length=100, required=False, label=_("Given name"))
    family_name = forms.CharField(max_length=100, required=False, label=_("Family name"))
    father_name = forms.CharField(max_length=100, required=False, label=_("Father's name"))
    sex = forms.ChoiceField(choices=Sex.choices, required=False, label=_("Sex"))
    birth = forms.CharField(
        max_length=40, required=False, label=_("Born"), help_text=_("1943-05-02, 1943 or about 80")
    )
    place_text = forms.CharField(
        max_length=200,
        required=False,
        label=_("Town or village"),
        widget=forms.TextInput(attrs=PLACE_PICK_ATTRS),
    )
    place_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    place_as_typed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    address = forms.CharField(max_length=300, required=False, label=_("Last known address"))
    phone = forms.CharField(max_length=40, required=False, label=_("Phone"))
    document_number = forms.CharField(max_length=40, required=False, label=_("Document number"))
    bedridden = forms.BooleanField(required=False, label=VULNERABILITY_LABELS["bedridden"])
    wheelchair = forms.BooleanField(required=False, label=VULNERABILITY_LABELS["wheelchair"])
    oxygen_or_dialysis = forms.BooleanField(
        required=False, label=VULNERABILITY_LABELS["oxygen_or_dialysis"]
    )
    needs_medication = forms.BooleanField(
        required=False, label=VULNERABILITY_LABELS["needs_medication"]
    )
    lives_alone = forms.BooleanField(required=False, label=VULNERABILITY_LABELS["lives_alone"])
    cognitive_impairment = forms.BooleanField(
        required=False, label=VULNERABILITY_LABELS["cognitive_impairment"]
    )
    consent_tracing = forms.BooleanField(required=False, label=_("Consents to tracing"))

    def clean_birth(self) -> dict[str, Any]:
        return parse_birth(self.cleaned_data.get("birth", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_name") or data.get("family_name")):
            raise forms.ValidationError(_("give at least a given name or a family name"))
        return data

    def person_data(self, operation: Operation | None = None) -> dict[str, Any]:
        """Model fields of the person, with the place resolved through the gazetteer."""
        data = self.cleaned_data
        person: dict[str, Any] = {
            key: data[key]
            for key in (
                "given_name",
                "family_name",
                "father_name",
                "sex",
                "address",
                "phone",
                "document_number",
                "consent_tracing",
                *VULNERABILITIES,
            )
            if key in data
        }
        person.update(data.get("birth") or {})
        from stranded.places.mapdata import operation_region

        region = operation_region(operation)
        person["place_text"] = data.get("place_text", "").strip()
        typed = "" if data.get("place_as_typed") else person["place_text"]
        person["place"] = resolve_place(data.get("place_id"), typed, region)
        return person


def resolve_place(place_id: Any, text: str, region: Any) -> Any:
    """The place chosen in the search box, or else the confident match of the text typed: none
    when the gazetteer lacks it (the text is kept as typed), never a look-alike far away."""
    from stranded.places.models import Place
    from stranded.places.search import search_places

    if place_id:
        return Place.objects.filter(pk=place_id).first()
    if not text.strip():
        return None
    found = search_places(text, limit=1, region=region)
    return Place.objects.filter(pk=found[0]["id"]).first() if found else None


class PersonSearchForm(PersonForm):
    """A name in any script (with the father's name, a birth, a place if known) to look for."""

    field_order = ["given_name", "family_name", "father_name", "birth", "place_text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = {
            "given_name",
            "family_name",
            "father_name",
            "birth",
            "place_text",
            "place_id",
            "place_as_typed",
        }
        for name in [n for n in self.fields if n not in keep]:
            del self.fields[name]


BIRTH_FIELDS = ("birth_date", "birth_year", "age_years", "age_on")


def person_initial(person: Any) -> dict[str, Any]:
    """The person form filled with what is known, the birth as it would be typed."""
    initial = {
        key: getattr(person, key)
        for key in PersonForm.base_fields
        if key not in ("birth", "place_id", "place_as_typed")
    }
    if person.birth_date:
        birth = person.birth_date.isoformat()
    elif person.birth_year:
        birth = str(person.birth_year)
    else:
        birth = f"about {person.age_years}" if person.age_years is not None else ""
    return {**initial, "birth": birth, "place_id": person.place_id}


class InquiryForm(PersonForm):
    inquirer_name = forms.CharField(max_length=200, label=_("Caller's name"))
    inquirer_contact = forms.CharField(max_length=200, required=False, label=_("Caller's phone"))
    inquirer_relation = forms.CharField(max_length=100, required=False, label=_("Relation"))
    channel = forms.ChoiceField(
        choices=Inquiry.Channel.choices, initial=Inquiry.Channel.PHONE, label=_("Channel")
    )

    def inquirer(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "name": data["inquirer_name"],
            "contact": data.get("inquirer_contact", ""),
            "relation": data.get("inquirer_relation", ""),
        }


class CloseInquiryForm(forms.Form):
    reason = forms.CharField(max_length=200, label=_("Reason"))


class InquiryFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", _("any")), *Inquiry.Status.choices], required=False, label=_("Status")
    )
    channel = forms.ChoiceField(
        choices=[("", _("any")), *Inquiry.Channel.choices], required=False, label=_("Channel")
    )
    reference = forms.CharField(max_length=20, required=False, label=_("Reference"))
