from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.db import models

from stranded.core.models import AuditEvent, Operation, Team, User
from stranded.core.roles import Role


class AuditFilterForm(forms.Form):
    actor = forms.CharField(required=False, max_length=150)
    verb = forms.CharField(required=False, max_length=64)
    target_type = forms.CharField(required=False, max_length=64)
    target_id = forms.CharField(required=False, max_length=64)
    since = forms.DateTimeField(required=False)
    until = forms.DateTimeField(required=False)

    def filter(self, events: models.QuerySet[AuditEvent]) -> models.QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data.get("actor"):
            events = events.filter(actor_username=data["actor"])
        if data.get("verb"):
            events = events.filter(verb=data["verb"])
        if data.get("target_type"):
            events = events.filter(target_type=data["target_type"])
        if data.get("target_id"):
            events = events.filter(target_id=data["target_id"])
        if data.get("since"):
            events = events.filter(at__gte=data["since"])
        if data.get("until"):
            events = events.filter(at__lte=data["until"])
        return events


class OperationSettingsForm(forms.ModelForm):
    class Meta:
        model = Operation
        fields = ["place_display", "center_lat", "center_lon"]


class NewUserForm(forms.Form):
    """An admin creates a staff account with one role in the admin's operation."""

    username = forms.RegexField(regex=r"^[\w.@+-]{3,150}$", max_length=150)
    role = forms.ChoiceField(choices=Role.choices)
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)
    password = forms.CharField(widget=forms.PasswordInput, min_length=12)

    def __init__(self, *args: Any, operation: Operation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = operation.teams.order_by("name")  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("This username is taken.")
        return username

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password
