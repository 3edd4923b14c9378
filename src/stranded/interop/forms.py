"""The sharing request form, shared by the page and the command line."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from stranded.interop.actions import FIELDS
from stranded.interop.models import SharingRequest
from stranded.tracing.models import PersonStatus

MAX_DAYS = 90


class SharingRequestForm(forms.Form):
    recipient = forms.CharField(max_length=200)
    purpose = forms.CharField(max_length=500)
    legal_basis = forms.ChoiceField(choices=SharingRequest.LegalBasis.choices)
    dataset = forms.ChoiceField(choices=SharingRequest.Dataset.choices)
    person_fields = forms.MultipleChoiceField(choices=[(f, f) for f in FIELDS], required=False)
    status = forms.MultipleChoiceField(
        choices=PersonStatus.choices,
        required=False,
        help_text="only persons with these statuses (all if none)",
    )
    plan = forms.UUIDField(required=False, help_text="the plan of a passenger list")
    expires_at = forms.DateTimeField()

    def clean_expires_at(self) -> Any:
        value = self.cleaned_data["expires_at"]
        now = timezone.now()
        if value <= now:
            raise forms.ValidationError("the expiry must be in the future")
        if value > now + timedelta(days=MAX_DAYS):
            raise forms.ValidationError(f"at most {MAX_DAYS} days ahead")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("dataset") == SharingRequest.Dataset.PASSENGER_LIST and not data.get("plan"):
            self.add_error("plan", "a passenger list names its plan")
        data["fields"] = list(data.get("person_fields") or [])
        filters: dict[str, Any] = {}
        if data.get("status"):
            filters["status"] = list(data["status"])
        if data.get("plan"):
            filters["plan"] = str(data["plan"])
        data["filters"] = filters
        return data
