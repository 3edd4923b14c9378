"""The sharing request form, shared by the page and the command line."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from stranded.interop.actions import FIELDS
from stranded.interop.models import SharingRequest
from stranded.tracing.models import PersonStatus

MAX_DAYS = 90


class SharingRequestForm(forms.Form):
    recipient = forms.CharField(max_length=200, label=_("Recipient"))
    purpose = forms.CharField(max_length=500, label=_("Purpose"))
    legal_basis = forms.ChoiceField(
        choices=SharingRequest.LegalBasis.choices, label=_("Legal basis")
    )
    dataset = forms.ChoiceField(choices=SharingRequest.Dataset.choices, label=_("Dataset"))
    person_fields = forms.MultipleChoiceField(
        choices=[(f, f) for f in FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Fields"),
        help_text=_("names are always included"),
    )
    status = forms.MultipleChoiceField(
        choices=PersonStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Status"),
        help_text=_("only persons with these statuses (all if none)"),
    )
    plan = forms.ChoiceField(
        required=False, label=_("Plan"), help_text=_("the published plan of a passenger list")
    )
    expires_at = forms.DateTimeField(
        label=_("Expires"), help_text=format_lazy(_("at most {days} days ahead"), days=MAX_DAYS)
    )

    def __init__(
        self, *args: Any, plans: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "–"), *(plans or [])]  # type: ignore[attr-defined]
        soon = timezone.localtime() + timedelta(days=30)
        self.fields["expires_at"].initial = soon.strftime("%Y-%m-%d %H:%M")

    def clean_expires_at(self) -> Any:
        value = self.cleaned_data["expires_at"]
        now = timezone.now()
        if value <= now:
            raise forms.ValidationError(_("the expiry must be in the future"))
        if value > now + timedelta(days=MAX_DAYS):
            raise forms.ValidationError(_("at most %(days)s days ahead") % {"days": MAX_DAYS})
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("dataset") == SharingRequest.Dataset.PASSENGER_LIST and not data.get("plan"):
            self.add_error("plan", _("a passenger list names its plan"))
        data["fields"] = list(data.get("person_fields") or [])
        filters: dict[str, Any] = {}
        if data.get("status"):
            filters["status"] = list(data["status"])
        if data.get("plan"):
            filters["plan"] = str(data["plan"])
        data["filters"] = filters
        return data


class MovementForm(forms.Form):
    authority = forms.CharField(max_length=200, label=_("Authority"))
    plan = forms.UUIDField(required=False, label=_("Plan"))
    team = forms.UUIDField(required=False, label=_("Team"))
    day = forms.DateField(required=False, label=_("Day"))
    start = forms.DateTimeField(required=False, label=_("Start"))
    end = forms.DateTimeField(required=False, label=_("End"))
    plates = forms.CharField(
        required=False,
        label=_("Number plates"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('one vehicle a line: "Bus 2 = 12 AB 345"'),
    )

    def clean_plates(self) -> dict[str, str]:
        plates = {}
        for number, line in enumerate(self.cleaned_data.get("plates", "").splitlines(), 1):
            if not line.strip():
                continue
            name, sep, plate = line.partition("=")
            if not sep or not name.strip() or not plate.strip():
                raise forms.ValidationError(
                    _("line %(number)s: write VEHICLE = PLATE") % {"number": number}
                )
            plates[name.strip()] = plate.strip()[:20]
        return plates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("plan") and not data.get("team"):
            raise forms.ValidationError(_("choose a published plan or a team"))
        if data.get("team") and not (data.get("day") and data.get("start") and data.get("end")):
            raise forms.ValidationError(_("a team's day needs the day, start and end"))
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("must be after the start"))
        return data


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            ("sent", _("Sent")),
            ("acknowledged", _("Acknowledged")),
            ("refused", _("Refused")),
        ],
        label=_("Status"),
    )
    at = forms.DateTimeField(required=False, label=_("When"), help_text=_("when (now if empty)"))
    contact = forms.CharField(
        max_length=200,
        required=False,
        label=_("Contact"),
        help_text=_("who answered at the authority"),
    )
    note = forms.CharField(max_length=300, required=False, label=_("Note"))
