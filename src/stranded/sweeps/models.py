"""The coverage of the areas in time and the visits made there.

The areas and addresses themselves are the operation's geography (`places.models`). An area's
coverage state is stored on it and kept right by the actions here and by `coverage.recompute`,
which expires locks and marks areas due again by the operation's rule. Every change of state
leaves an AreaEvent: the full history of who covered what, when.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stranded.core.models import Operation, Team
from stranded.places.models import Address, Area, Utility

if TYPE_CHECKING:
    from stranded.core.models import User


class AreaEvent(models.Model):
    """History of an area's coverage; append-only at the database."""

    class Verb(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        RELEASED = "released", _("Released")
        EXPIRED = "expired", _("Lock expired")
        STARTED = "started", _("Started")
        SWEPT = "swept", _("Swept")
        DUE = "due", _("Re-sweep due")

    id = models.BigAutoField(primary_key=True)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(max_length=16, choices=Verb.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["area", "-at"])]


class Outcome(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer")
    EMPTY = "empty", _("Empty")
    PERSONS_PRESENT = "persons_present", _("Persons present")
    DECEASED_FOUND = "deceased_found", _("Deceased found")
    REFUSED = "refused", _("Refused entry")
    DAMAGED = "damaged", _("Building damaged")


class VisitQuerySet(models.QuerySet["Visit"]):
    def visible_to(self, user: User) -> VisitQuerySet:
        from stranded.core.roles import Perm

        operation = user.operation
        if operation is None or not user.can(Perm.VIEW_AREAS):
            return self.none()
        mine = self.filter(operation=operation)
        if user.can(Perm.ASSIGN_AREAS) or user.can(Perm.VIEW_PERSONS):
            return mine
        # A field member sees the visits of the team's areas and the team's own visits.
        return mine.filter(
            models.Q(area__in=Area.objects.held_by(user.team)) | models.Q(team=user.team)
        ).distinct()


class Visit(models.Model):
    """One knock at one address. What later workflows need is kept here as structured data."""

    class Source(models.TextChoices):
        BROWSER = "browser", _("Browser")
        ODK = "odk", _("ODK/KoBo submission")
        IMPORT = "import", _("Imported file")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="visits")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="visits")
    address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    lead = models.ForeignKey(
        "tracing.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    visited_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    electricity = models.CharField(max_length=16, choices=Utility.choices, default=Utility.UNKNOWN)
    water = models.CharField(max_length=16, choices=Utility.choices, default=Utility.UNKNOWN)
    gas = models.CharField(max_length=16, choices=Utility.choices, default=Utility.UNKNOWN)
    # Structured for the later workflows (needs, remains, animals, evacuation): lists of dicts,
    # validated by forms.VisitForm / the submission parser, e.g.
    # needs: [{"kind": "medicines", "urgency": "high", "person": 0}]
    # animals: [{"species": "dog", "count": 3, "condition": "thin", "needs": ["food"]}]
    # remains: [{"count": 1, "condition": "...", "effects": "..."}]
    needs = models.JSONField(default=list, blank=True)
    animals = models.JSONField(default=list, blank=True)
    remains = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.BROWSER)
    # OpenRosa instanceID (uuid:...): the same submission twice is one visit.
    instance_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    content_hash = models.CharField(max_length=64, blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_at"]
        indexes = [
            models.Index(fields=["area", "-visited_at"]),
            # The operation's list, newest first, a page at a time.
            models.Index(fields=["operation", "-visited_at"], name="visit_list_idx"),
        ]


class VisitPerson(models.Model):
    """A person met at a visit: created or linked, matched at once against open inquiries."""

    class Condition(models.TextChoices):
        WELL = "well", _("Well")
        NEEDS_CARE = "needs_care", _("Needs care")
        CRITICAL = "critical", _("Critical")
        UNKNOWN = "unknown", _("Unknown")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey("tracing.Person", on_delete=models.PROTECT, related_name="visits")
    created = models.BooleanField(default=False)  # recorded at this visit, not linked
    condition = models.CharField(
        max_length=16, choices=Condition.choices, default=Condition.UNKNOWN
    )
    wants_to_leave = models.BooleanField(default=False)
    # Consent to be evacuated, said to the team and recorded: who asked, when.
    consent_to_leave = models.BooleanField(default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    mobility = models.CharField(max_length=16, blank=True)  # seated, wheelchair, stretcher

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "person"], name="visit_person_unique")
        ]
