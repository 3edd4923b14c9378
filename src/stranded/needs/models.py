"""Needs of those who stay: a person's, a household's or a whole area's, tracked to resolution.

A need belongs to an area always (the dashboard counts by area), to a household (an address) or
a person when known, and to the visit it came from. Its status moves open -> referred (to a named
partner) / in progress -> met or cannot be met (with a reason); every change leaves a NeedEvent.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stranded.core import clock
from stranded.core.models import Operation
from stranded.core.roles import Perm

if TYPE_CHECKING:
    from stranded.core.models import User


class Kind(models.TextChoices):
    # The values are those of sweeps.forms.NEED_KINDS: a visit's needs become Needs unchanged.
    MEDICAL_CARE = "medical_care", _("Medical care")
    MEDICINES = "medicines", _("Medicines")
    FOOD = "food", _("Food")
    DRINKING_WATER = "drinking_water", _("Drinking water")
    ELECTRICITY = "electricity", _("Electricity")
    GAS_HEATING = "gas_heating", _("Gas or heating")
    SHELTER = "shelter", _("Shelter")
    WINTER_CLOTHING_FUEL = "winter_clothing_fuel", _("Winter clothing and fuel")
    MOBILITY_AID = "mobility_aid", _("Mobility aid")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


URGENCY_RANK = {Urgency.LOW: 0, Urgency.MEDIUM: 1, Urgency.HIGH: 2, Urgency.CRITICAL: 3}


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    REFERRED = "referred", _("Referred")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    CANNOT_BE_MET = "cannot_be_met", _("Cannot be met")


ACTIVE = (Status.OPEN, Status.REFERRED, Status.IN_PROGRESS)
FINAL = (Status.MET, Status.CANNOT_BE_MET)


class NeedQuerySet(models.QuerySet["Need"]):
    def visible_to(self, user: User) -> NeedQuerySet:
        """The operation's needs for who coordinates or traces; a field member only those in
        the areas the team holds now; nobody else."""
        from stranded.places.models import Area

        operation = getattr(user, "operation", None)
        if operation is None or not user.can(Perm.VIEW_NEEDS):
            return self.none()
        mine = self.filter(operation=operation)
        if user.can(Perm.ASSIGN_AREAS) or user.can(Perm.VIEW_PERSONS):
            return mine
        return mine.filter(area__in=Area.objects.held_by(user.team))

    def active(self) -> NeedQuerySet:
        return self.filter(status__in=ACTIVE)

    def overdue(self, today: date | None = None) -> NeedQuerySet:
        return self.active().filter(due_before__lt=today or clock.today())

    def by_urgency(self) -> NeedQuerySet:
        rank = models.Case(
            *(models.When(urgency=u, then=models.Value(r)) for u, r in URGENCY_RANK.items()),
            output_field=models.IntegerField(),
        )
        return self.annotate(urgency_rank=rank).order_by(
            "-urgency_rank", "due_before", "-created_at"
        )


class Need(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="needs")
    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="needs")
    address = models.ForeignKey(
        "places.Address", null=True, blank=True, on_delete=models.PROTECT, related_name="needs"
    )
    person = models.ForeignKey(
        "tracing.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="needs"
    )
    visit = models.ForeignKey(
        "sweeps.Visit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.MEDIUM)
    due_before = models.DateField()
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    partner = models.CharField(max_length=200, blank=True)  # who it is referred to
    reason = models.CharField(max_length=300, blank=True)  # why it cannot be met
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["operation", "status", "kind"])]
        constraints = [
            # One active need of a kind per household: a visit seeing it again joins its history
            # (actions.needs_from_visit); the database keeps two concurrent visits from doubling it.
            models.UniqueConstraint(
                fields=["address", "kind"],
                condition=models.Q(address__isnull=False, status__in=ACTIVE),
                name="need_one_active_per_address_kind",
            )
        ]

    def __str__(self) -> str:
        return f"need {self.pk}"  # never names: __str__ ends up in logs

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    @property
    def overdue(self) -> bool:
        return self.status in ACTIVE and self.due_before < clock.today(clock.of(self))


class NeedEvent(models.Model):
    """The history of a need: created, seen again at a visit, referred, met ... Appended only."""

    class Verb(models.TextChoices):
        CREATED = "created", _("Recorded")
        SEEN_AGAIN = "seen_again", _("Seen again at a visit")
        URGENCY_RAISED = "urgency_raised", _("Urgency raised")
        STATUS = "status", _("Status changed")
        REOPENED = "reopened", _("Reopened")

    id = models.BigAutoField(primary_key=True)
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(max_length=16, choices=Verb.choices)
    status = models.CharField(max_length=16, choices=Status.choices)
    previous = models.CharField(max_length=16, choices=Status.choices, blank=True)
    urgency = models.CharField(max_length=16, choices=Urgency.choices)
    partner = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    visit = models.ForeignKey(
        "sweeps.Visit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
