from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from stranded.core.audit import same_type
from stranded.core.clock import valid_zone
from stranded.core.models import AuditEvent, Operation, Team, User
from stranded.core.roles import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class AuditFilterForm(forms.Form):
    actor = forms.CharField(required=False, max_length=150, label=_("Actor"))
    verb = forms.CharField(required=False, max_length=64, label=_("Verb"))
    target_type = forms.CharField(required=False, max_length=64, label=_("Record type"))
    target_id = forms.CharField(required=False, max_length=64, label=_("Record id"))
    since = forms.DateTimeField(required=False, label=_("Since"))
    until = forms.DateTimeField(required=False, label=_("Until"))

    def filter(self, events: models.QuerySet[AuditEvent]) -> models.QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data.get("actor"):
            events = events.filter(actor_username=data["actor"])
        if data.get("verb"):
            events = events.filter(verb=data["verb"])
        if data.get("target_type"):
            events = events.filter(target_type__in=same_type(data["target_type"]))
        if data.get("target_id"):
            events = events.filter(target_id=data["target_id"])
        if data.get("since"):
            events = events.filter(at__gte=data["since"])
        if data.get("until"):
            events = events.filter(at__lte=data["until"])
        return events


# Per-operation settings kept in Operation.settings: key -> (form field, help). Blank = default.
OPERATION_SETTINGS: dict[str, tuple[forms.Field, StrOrPromise]] = {
    "sweep_lock_hours": (forms.IntegerField(min_value=1, max_value=72, required=False,
                                            label=_("Assignment hold (hours)")),
                         _("Hours an assignment holds an area before it is released (8)")),
    "resweep_hours": (forms.IntegerField(min_value=1, max_value=720, required=False,
                                         label=_("Sweep again after (hours)")),
                      _("Hours after which an area with vulnerable persons is due again (48)")),
    "first_frost": (forms.DateField(required=False, label=_("First frost")),
                    _("First frost: the date winter needs are due before (2023-11-15)")),
    "evacuation_detour": (forms.FloatField(min_value=1.0, max_value=3.0, required=False,
                                           label=_("Road detour factor")),
                          _("Road distance over straight-line distance for evacuation trips "
                            "(1.3)")),
    "evacuation_speed_kmh": (forms.FloatField(min_value=5, max_value=120, required=False,
                                              label=_("Vehicle speed (km/h)")),
                             _("Average speed of evacuation vehicles, km/h (40)")),
    "sharing_min_count": (forms.IntegerField(min_value=1, max_value=100, required=False,
                                             label=_("Smallest count shown")),
                          _("Counts below this are shown as '<N' in shared files (5)")),
    "two_factor_field_teams": (forms.BooleanField(required=False,
                                                  label=_("Second factor for field teams")),
                               _("Field members and drivers also log in with a second factor")),
    "ended_on": (forms.DateField(required=False, label=_("Operation ended on")),
                 _("The day the operation ended (retention counts from it)")),
    "retention_days": (forms.IntegerField(min_value=0, max_value=36500, required=False,
                                          label=_("Retention (days)")),
                       _("Days after the end that personal data of closed cases is kept; then "
                         "`stranded retention run` pseudonymises it (blank: kept)")),
}  # fmt: skip


class OperationSettingsForm(forms.ModelForm):
    class Meta:
        model = Operation
        fields = ["place_display", "center_lat", "center_lon", "time_zone"]
        labels = {
            "place_display": _("Place names"),
            "center_lat": _("Centre latitude"),
            "center_lon": _("Centre longitude"),
            "time_zone": _("Time zone"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].help_text = _("e.g. Asia/Baku: every time is shown in it")
        self.fields["time_zone"].required = False  # blank keeps the operation's zone
        for key, (field, help_text) in OPERATION_SETTINGS.items():
            field = copy.deepcopy(field)
            field.help_text = help_text
            field.initial = self.instance.settings.get(key)
            self.fields[key] = field

    @property
    def changed_data(self) -> list[str]:  # type: ignore[override]
        """A blank time zone keeps the operation's: not a change."""
        changed = list(super().changed_data)
        if not (self.data.get("time_zone") or "").strip():
            changed = [name for name in changed if name != "time_zone"]
        return changed

    def clean_time_zone(self) -> str:
        name: str = (self.cleaned_data.get("time_zone") or "").strip()
        if not name:
            return str(self.instance.time_zone or "UTC")
        if not valid_zone(name):
            raise forms.ValidationError(
                _("%(name)s is not a time zone (e.g. Asia/Baku, UTC)") % {"name": name}
            )
        return name

    def setting_fields(self) -> list[Any]:
        return [self[key] for key in OPERATION_SETTINGS]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, label=_("Team"))

    def __init__(self, *args: Any, operation: Operation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = operation.teams.order_by("name")  # type: ignore[attr-defined]


class NewUserForm(RoleForm):
    """An admin creates a staff account with one role in the admin's operation. No password:
    the person sets their own through a one-time link."""

    username = forms.RegexField(regex=r"^[\w.@+-]{3,150}$", max_length=150, label=_("Username"))
    field_order = ["username", "role", "team"]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username
