"""Adding a place in the field: validation shared by the map page and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stranded.places.models import Place

ADD_KINDS = [
    (Place.Kind.VILLAGE, _("Village")), (Place.Kind.HAMLET, _("Hamlet")),
    (Place.Kind.DISTRICT, _("District")), (Place.Kind.CROSSING, _("Crossing")),
    (Place.Kind.FACILITY, _("Facility")), (Place.Kind.NEIGHBOURHOOD, _("Neighbourhood")),
    (Place.Kind.TOWN, _("Town")),
]  # fmt: skip
# One field per language the operation names places in; any other name goes in other_names.
NAME_LANGUAGES = [("hy", "Armenian"), ("az", "Azerbaijani"), ("ru", "Russian"), ("en", "English")]


class AddPlaceForm(forms.Form):
    name_hy = forms.CharField(max_length=200, required=False, label=_("Armenian name"))
    name_az = forms.CharField(max_length=200, required=False, label=_("Azerbaijani name"))
    name_ru = forms.CharField(max_length=200, required=False, label=_("Russian name"))
    name_en = forms.CharField(max_length=200, required=False, label=_("English name"))
    other_names = forms.CharField(
        max_length=1000,
        required=False,
        label=_("Other names or spellings"),
        help_text=_("separated by |"),
    )
    kind = forms.ChoiceField(choices=ADD_KINDS, initial=Place.Kind.VILLAGE, label=_("Kind"))
    lat = forms.FloatField(min_value=-90, max_value=90, label=_("Latitude"))
    lon = forms.FloatField(min_value=-180, max_value=180, label=_("Longitude"))
    parent = forms.ModelChoiceField(
        queryset=Place.objects.filter(kind__in=["district", "region"]).order_by("name"),
        required=False,
        label=_("District"),
    )
    note = forms.CharField(max_length=500, required=False, label=_("Source or remark"))
    confirm = forms.BooleanField(
        required=False, label=_("It is not one of the places proposed: add it anyway")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.names_from(data):
            raise forms.ValidationError(_("give at least one name"))
        return data

    @staticmethod
    def names_from(data: dict[str, Any]) -> list[tuple[str, str]]:
        names = [
            (data[f"name_{lang}"].strip(), lang)
            for lang, _ in NAME_LANGUAGES
            if (data.get(f"name_{lang}") or "").strip()
        ]
        names += [(t.strip(), "") for t in (data.get("other_names") or "").split("|") if t.strip()]
        return list(dict.fromkeys(names))

    def names(self) -> list[tuple[str, str]]:
        return self.names_from(self.cleaned_data)
