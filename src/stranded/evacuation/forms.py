"""Forms of evacuation, shared by pages and API (checked by `core.inputs.check_form`, which names
the record and field of each fault: `vehicle.seats`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stranded.evacuation.models import Destination, Vehicle


class RequestForm(forms.Form):
    seated = forms.IntegerField(
        min_value=0, max_value=200, initial=1, required=False, label=_("Seated")
    )
    wheelchair = forms.IntegerField(
        min_value=0, max_value=50, initial=0, required=False, label=_("Wheelchair")
    )
    stretcher = forms.IntegerField(
        min_value=0, max_value=20, initial=0, required=False, label=_("Stretcher")
    )
    medical_priority = forms.IntegerField(
        min_value=0, max_value=3, initial=0, required=False, label=_("Medical priority")
    )
    consent = forms.BooleanField(required=False, label=_("Consent"))
    ready_from = forms.DateTimeField(required=False, label=_("Ready from"))
    address = forms.CharField(max_length=300, required=False, label=_("Address"))
    lat = forms.FloatField(min_value=-90, max_value=90, label=_("Latitude"))
    lon = forms.FloatField(min_value=-180, max_value=180, label=_("Longitude"))
    escort = forms.CharField(max_length=200, required=False, label=_("Escort"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in ("seated", "wheelchair", "stretcher", "medical_priority"):
            data[key] = data.get(key) or 0
        if self.errors:
            return data
        if not any(data[k] for k in ("seated", "wheelchair", "stretcher")):
            raise forms.ValidationError(
                _("nobody to carry (seated, wheelchair and stretcher are 0)")
            )
        return data


class VehicleForm(forms.ModelForm):
    # The largest coach carries about 80 seated; an ambulance two stretchers, a converted bus 6.
    seats = forms.IntegerField(min_value=0, max_value=90, initial=0, label=_("Seats"))
    wheelchair = forms.IntegerField(min_value=0, max_value=12, initial=0, label=_("Wheelchair"))
    stretcher = forms.IntegerField(min_value=0, max_value=8, initial=0, label=_("Stretcher"))
    base_lat = forms.FloatField(
        min_value=-90, max_value=90, required=False, label=_("Base latitude")
    )
    base_lon = forms.FloatField(
        min_value=-180, max_value=180, required=False, label=_("Base longitude")
    )

    class Meta:
        model = Vehicle
        fields = [
            "name",
            "kind",
            "seats",
            "wheelchair",
            "stretcher",
            "base_lat",
            "base_lon",
            "available_from",
            "available_until",
            "active",
        ]
        labels = {
            "name": pgettext_lazy("a thing's name", "Name"),
            "kind": _("Kind"),
            "available_from": _("Available from"),
            "available_until": _("Available until"),
            "active": _("Active"),
        }
        widgets = {
            "available_from": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "available_until": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args: Any, operation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.operation = operation

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        same = Vehicle.objects.filter(operation=self.operation, name=name)
        if self.operation is not None and same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("this operation already has a vehicle of that name"))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if not any(data.get(k) for k in ("seats", "wheelchair", "stretcher")):
            raise forms.ValidationError(_("carries nobody (seats, wheelchair and stretcher are 0)"))
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end <= start:
            self.add_error("available_until", _("must be after the time it is available from"))
        if (data.get("base_lat") is None) != (data.get("base_lon") is None):
            self.add_error("base_lon", _("latitude and longitude of the base come together"))
        return data


class DestinationForm(forms.ModelForm):
    class Meta:
        model = Destination
        fields = [
            "name",
            "kind",
            "lat",
            "lon",
            "opens",
            "closes",
            "unload_minutes",
            "receiving_organisation",
        ]
        labels = {
            "name": pgettext_lazy("a thing's name", "Name"),
            "kind": _("Kind"),
            "lat": _("Latitude"),
            "lon": _("Longitude"),
            "opens": _("Opens"),
            "closes": _("Closes"),
            "unload_minutes": _("Unloading time (minutes)"),
            "receiving_organisation": _("Receiving organisation"),
        }


class PlanForm(forms.Form):
    destination = forms.ModelChoiceField(
        queryset=Destination.objects.none(), label=_("Destination")
    )
    seconds = forms.FloatField(
        min_value=1, max_value=600, initial=10, required=False, label=_("Planning time (seconds)")
    )
    horizon_minutes = forms.IntegerField(
        min_value=30,
        max_value=1440,
        initial=600,
        required=False,
        label=_("Planning horizon (minutes)"),
    )
    starts_at = forms.DateTimeField(required=False, label=_("Starts at"))
    detour = forms.FloatField(
        min_value=1, max_value=3, required=False, label=_("Road detour factor")
    )
    speed_kmh = forms.FloatField(
        min_value=5, max_value=120, required=False, label=_("Vehicle speed (km/h)")
    )

    def __init__(self, *args: Any, operation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = Destination.objects.filter(  # type: ignore[attr-defined]
            operation=operation
        )

    def clean_seconds(self) -> float:
        return self.cleaned_data.get("seconds") or 10.0


class HandoverForm(forms.Form):
    at = forms.DateTimeField(label=_("When"))
    organisation = forms.CharField(max_length=200, label=_("Receiving organisation"))
    received_by = forms.CharField(max_length=200, label=_("Received by"))
    reason = forms.CharField(max_length=300, required=False, label=_("Reason"))
