"""Sweep areas, their coverage in time, addresses and the visits made there.

An area is a grid cell over a town or one village. Its coverage state is stored (so that 5,000
areas can be listed and coloured at once) and kept right by the actions and by
`coverage.recompute`, which expires locks and marks areas due again by the operation's rule.
Every change of state leaves an AreaEvent: the full history of who covered what, when.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stranded.core import clock
from stranded.core.models import Operation, Team

if TYPE_CHECKING:
    from stranded.core.models import User


class AreaState(models.TextChoices):
    NOT_REACHED = "not_reached", _("Not reached")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    SWEPT = "swept", _("Swept")
    DUE = "due", _("Re-sweep due")


LOCKED_STATES = (AreaState.ASSIGNED, AreaState.IN_PROGRESS)


class AreaQuerySet(models.QuerySet["Area"]):
    def of(self, operation: Operation | None) -> AreaQuerySet:
        return self.filter(operation=operation) if operation else self.none()

    def held_by(self, team: Team | None) -> AreaQuerySet:
        """Areas a team holds now: assigned to it, lock not expired."""
        if team is None:
            return self.none()
        now = clock.now(clock.of(team))
        return self.filter(team=team, state__in=LOCKED_STATES, lock_expires_at__gt=now)


class Area(models.Model):
    class Kind(models.TextChoices):
        CELL = "cell", _("Grid cell")
        VILLAGE = "village", _("Village")
        CUSTOM = "custom", _("Drawn area")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(max_length=40)  # "KHA-03-07", "V-Shosh": said on the radio
    name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # GeoJSON geometry (Polygon or MultiPolygon, lon/lat); a village without a boundary is a
    # point with a radius, and its geometry is the circle as a polygon.
    geometry = models.JSONField()
    center_lat = models.FloatField()
    center_lon = models.FloatField()
    radius_m = models.FloatField(null=True, blank=True)
    # Bounding box for the first cut of point-in-area lookups.
    min_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lat = models.FloatField()
    max_lon = models.FloatField()
    # Rank among overlapping areas: a point in a town cell and a village circle belongs to the
    # lower rank (cells 0, villages 1), so that every point falls in exactly one area.
    rank = models.PositiveSmallIntegerField(default=0)

    state = models.CharField(
        max_length=16, choices=AreaState.choices, default=AreaState.NOT_REACHED, db_index=True
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="areas"
    )
    lock_expires_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    last_swept_at = models.DateTimeField(null=True, blank=True)
    last_swept_by = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_outcome = models.JSONField(default=dict, blank=True)  # outcome counts of the last sweep
    due_reason = models.CharField(max_length=200, blank=True)
    priority = models.FloatField(default=0)
    priority_reasons = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "code"], name="area_code_unique")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def lock_active(self) -> bool:
        return bool(
            self.state in LOCKED_STATES
            and self.lock_expires_at
            and self.lock_expires_at > clock.now(clock.of(self))
        )


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


class Utility(models.TextChoices):
    WORKING = "working", _("Working")
    NOT_WORKING = "not_working", _("Not working")
    UNKNOWN = "unknown", _("Unknown")


class Address(models.Model):
    """A building or household the teams can knock at; holds the latest utilities state."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="addresses")
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="addresses"
    )
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(max_length=300)
    key = models.CharField(max_length=340)  # folded text and place: one row per building
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    electricity = models.CharField(max_length=16, choices=Utility.choices, default=Utility.UNKNOWN)
    water = models.CharField(max_length=16, choices=Utility.choices, default=Utility.UNKNOWN)
    gas = models.CharField(max_length=16, choices=Utility.choices, default=Utility.UNKNOWN)
    last_visit_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=24, blank=True)

    class Meta:
        ordering = ["text"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "key"], name="address_key_unique")
        ]

    def __str__(self) -> str:
        return self.text


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
