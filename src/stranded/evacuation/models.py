"""Evacuation: requests to leave, the fleet, destinations, plans, trips, manifests, boarding,
hand-over at the crossing, and the messages to the families who asked.

A request groups the persons met at one address who want to leave and consented. A plan freezes
its inputs (a planner scenario, JSON) and holds what the planner found; publishing one turns its
trips into Trip rows whose stops assign requests to vehicles (capacity checked under a row lock,
see actions.assign_request), a Manifest per trip and a Boarding row per person expected.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stranded.core import clock
from stranded.core.models import Operation
from stranded.tracing.models import Mobility

# The order of a vehicle's places and of a stop's load.
MOBILITY = tuple(Mobility.values)


class RequestState(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned to a trip")
    BOARDED = "boarded", _("Boarded")
    HANDED_OVER = "handed_over", _("Handed over")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class EvacuationRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20, unique=True)  # said on the radio: "EVR-00042"
    visit = models.ForeignKey(
        "sweeps.Visit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evacuation_requests",
    )
    persons = models.ManyToManyField("tracing.Person", through="RequestPerson", related_name="+")
    seated = models.PositiveSmallIntegerField(default=0)
    wheelchair = models.PositiveSmallIntegerField(default=0)
    stretcher = models.PositiveSmallIntegerField(default=0)
    medical_priority = models.PositiveSmallIntegerField(default=0)  # 0 none .. 3 critical
    consent = models.BooleanField(default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    ready_from = models.DateTimeField(null=True, blank=True)
    pickup_place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(max_length=300, blank=True)
    lat = models.FloatField()
    lon = models.FloatField()
    escort = models.CharField(max_length=200, blank=True)  # who accompanies them, if anyone
    state = models.CharField(
        max_length=16, choices=RequestState.choices, default=RequestState.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)  # the operation's clock

    class Meta:
        ordering = ["-medical_priority", "created_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def load(self) -> tuple[int, int, int]:
        return (self.seated, self.wheelchair, self.stretcher)

    @property
    def total(self) -> int:
        return self.seated + self.wheelchair + self.stretcher


class RequestPerson(models.Model):
    request = models.ForeignKey(EvacuationRequest, on_delete=models.CASCADE, related_name="rows")
    person = models.ForeignKey("tracing.Person", on_delete=models.PROTECT, related_name="+")
    mobility = models.CharField(max_length=16, choices=Mobility.choices, default=Mobility.SEATED)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="request_person_unique")
        ]


class Vehicle(models.Model):
    class Kind(models.TextChoices):
        BUS = "bus", _("Bus")
        MINIBUS = "minibus", _("Minibus")
        AMBULANCE = "ambulance", _("Ambulance")
        CAR = "car", _("Car")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=60)  # "Bus 2", plate or call sign
    kind = models.CharField(max_length=16, choices=Kind.choices)
    seats = models.PositiveSmallIntegerField(default=0)
    wheelchair = models.PositiveSmallIntegerField(default=0)
    stretcher = models.PositiveSmallIntegerField(default=0)
    base_lat = models.FloatField(null=True, blank=True)
    base_lon = models.FloatField(null=True, blank=True)
    driver = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vehicles",
    )
    available_from = models.DateTimeField(null=True, blank=True)
    available_until = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "name"], name="vehicle_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def capacity(self) -> tuple[int, int, int]:
        return (self.seats, self.wheelchair, self.stretcher)


class Destination(models.Model):
    class Kind(models.TextChoices):
        CROSSING = "crossing", _("Crossing")
        RECEPTION = "reception", _("Reception point")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lat = models.FloatField()
    lon = models.FloatField()
    opens = models.TimeField(null=True, blank=True)
    closes = models.TimeField(null=True, blank=True)
    unload_minutes = models.PositiveSmallIntegerField(default=15)
    receiving_organisation = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class Plan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(Destination, on_delete=models.PROTECT, related_name="plans")
    starts_at = models.DateTimeField()  # minute 0 of the planner's clock
    seconds = models.FloatField(default=30)
    settings = models.JSONField(default=dict, blank=True)
    inputs = models.JSONField()  # the planner scenario, frozen
    status = models.CharField(
        max_length=16, choices=PlanStatus.choices, default=PlanStatus.QUEUED, db_index=True
    )
    progress = models.JSONField(default=dict, blank=True)  # fraction, best makespan so far
    result = models.JSONField(default=dict, blank=True)  # Plan.to_json of the planner
    makespan_minutes = models.FloatField(null=True, blank=True)
    lower_bound_minutes = models.FloatField(null=True, blank=True)
    greedy_makespan_minutes = models.FloatField(null=True, blank=True)
    evacuated = models.PositiveIntegerField(default=0)
    unserved = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The authority's refusal of the plan's movement, kept current by interop.movements (the
    # plan's latest notification, refused and not overridden): its trips cannot start while set.
    refused_reference = models.CharField(max_length=24, blank=True)
    refused_authority = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation"],
                condition=Q(status="published"),
                name="one_published_plan_per_operation",
            )
        ]

    def __str__(self) -> str:
        if not self.created_at:
            return gettext("Plan")
        when = date_format(timezone.localtime(self.created_at), "d M H:i")
        return gettext("Plan %(when)s") % {"when": when}

    @property
    def active(self) -> bool:
        return self.status in (PlanStatus.QUEUED, PlanStatus.RUNNING)

    @property
    def groups(self) -> int:
        return len(self.inputs.get("groups", []))

    @property
    def persons(self) -> int:
        return sum(
            g.get("seated", 0) + g.get("wheelchair", 0) + g.get("stretcher", 0)
            for g in self.inputs.get("groups", [])
        )

    @property
    def trip_count(self) -> int:
        return len(self.result.get("trips", []))

    @property
    def gap_percent(self) -> float | None:
        if not self.makespan_minutes or not self.lower_bound_minutes:
            return None
        return round(100 * (self.makespan_minutes / self.lower_bound_minutes - 1), 1)


class Trip(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HANDED_OVER = "handed_over", _("Handed over")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="trips")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="trips")
    number = models.PositiveSmallIntegerField()  # the vehicle's 1st, 2nd ... trip
    destination = models.ForeignKey(Destination, on_delete=models.PROTECT, related_name="+")
    depart_at = models.DateTimeField()
    arrive_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["depart_at", "vehicle__name"]

    def __str__(self) -> str:
        return gettext("%(vehicle)s trip %(number)s") % {
            "vehicle": self.vehicle,
            "number": self.number,
        }

    def load(self) -> tuple[int, int, int]:
        totals = self.stops.aggregate(
            s=models.Sum("seated"), w=models.Sum("wheelchair"), t=models.Sum("stretcher")
        )
        return (totals["s"] or 0, totals["w"] or 0, totals["t"] or 0)


class Stop(models.Model):
    """A request (or the part of it that fits) assigned to a trip: the only double-booking
    guard is actions.assign_request, which locks the trip row first."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="stops")
    request = models.ForeignKey(EvacuationRequest, on_delete=models.PROTECT, related_name="stops")
    order = models.PositiveSmallIntegerField()
    eta = models.DateTimeField()
    seated = models.PositiveSmallIntegerField(default=0)
    wheelchair = models.PositiveSmallIntegerField(default=0)
    stretcher = models.PositiveSmallIntegerField(default=0)
    # persons of a request made by counts, whose names nobody recorded: counted, not named
    unnamed_boarded = models.PositiveSmallIntegerField(default=0)
    unnamed_handed_over = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["trip", "order"]

    @property
    def load(self) -> tuple[int, int, int]:
        return (self.seated, self.wheelchair, self.stretcher)


class Manifest(models.Model):
    """What the driver needs, frozen at publication: rows of stop order, ETA, names, mobility,
    pickup address and point, escort, phone. Nothing else about the persons."""

    trip = models.OneToOneField(Trip, on_delete=models.CASCADE, related_name="manifest")
    created_at = models.DateTimeField(auto_now=True)
    rows = models.JSONField(default=list)

    def person_ids(self) -> list[str]:
        return [row["person"] for row in self.rows if row.get("person")]


class Boarding(models.Model):
    class Status(models.TextChoices):
        EXPECTED = "expected", _("Expected")
        BOARDED = "boarded", _("Boarded")
        NO_SHOW = "no_show", _("No-show")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="boardings")
    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="boardings")
    person = models.ForeignKey("tracing.Person", on_delete=models.PROTECT, related_name="+")
    mobility = models.CharField(max_length=16, choices=Mobility.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.EXPECTED)
    at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["stop__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "person"], name="boarding_person_unique")
        ]


class Handover(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, related_name="handovers")
    at = models.DateTimeField()
    organisation = models.CharField(max_length=200)
    received_by = models.CharField(max_length=200)  # name of who received, as they gave it
    persons = models.ManyToManyField("tracing.Person", related_name="+")
    unnamed = models.PositiveSmallIntegerField(default=0)  # persons handed over without a name
    # Places on the manifest neither handed over, nor marked no-show, when it was recorded,
    # and the driver's reason (required when there are any): the coordinator sees both.
    unaccounted = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    inquiry = models.ForeignKey(
        "tracing.Inquiry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=40, default="log")
    recipient = models.CharField(max_length=200, blank=True)  # the family's contact
    text = models.TextField()
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]


def counts_by(queryset: Any, field: str) -> dict[str, int]:
    return dict(queryset.values_list(field).annotate(n=models.Count("pk")).values_list(field, "n"))


class DriverNotice(models.Model):
    """What a new plan changed for one vehicle's driver: trips kept as they are under way,
    trips cancelled, new trips. Shown on the driver's page."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="notices")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="notices")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
