"""Abandoned animals: sightings, what was done for them, partners, and families' pet inquiries.

A sighting is not a personal record, except for its owner's name and contact (shown only to who
may see persons, each read logged). A pet inquiry holds the inquirer's name and contact: visible
to tracing roles only, each read logged. Candidates link inquiries to sightings with a score.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stranded.core.models import Operation, Team
from stranded.core.roles import Perm

if TYPE_CHECKING:
    from stranded.core.models import User


class Species(models.TextChoices):
    DOG = "dog", _("Dog")
    CAT = "cat", _("Cat")
    HORSE = "horse", _("Horse")
    COW = "cow", _("Cow")
    SHEEP_GOAT = "sheep_goat", _("Sheep / goat")
    CHICKENS = "chickens", _("Chickens")
    OTHER = "other", _("Other")


class Condition(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    THIN = "thin", _("Thin")
    INJURED = "injured", _("Injured")
    SICK = "sick", _("Sick")
    DEAD = "dead", _("Dead")
    UNKNOWN = "unknown", _("Unknown")


NEEDS = ("food", "water", "veterinary_care")
NEED_LABELS = {"food": _("food"), "water": _("water"), "veterinary_care": _("veterinary care")}
NEED_CHOICES = [(need, NEED_LABELS[need]) for need in NEEDS]


class SightingQuerySet(models.QuerySet["Sighting"]):
    def visible_to(self, user: User) -> SightingQuerySet:
        operation = getattr(user, "operation", None)
        if operation is None or not user.can(Perm.VIEW_ANIMALS):
            return self.none()
        return self.filter(operation=operation)

    def needing(self, need: str) -> SightingQuerySet:
        return self.filter(**{f"needs_{need.split('_')[0]}": True})

    def active(self) -> SightingQuerySet:
        return self.exclude(status=Sighting.Status.RESOLVED)


class Sighting(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_CARE = "in_care", _("In care")
        REFERRED = "referred", _("Referred")
        RESOLVED = "resolved", _("Resolved")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="sightings")
    species = models.CharField(max_length=16, choices=Species.choices, db_index=True)
    species_other = models.CharField(max_length=60, blank=True)
    count = models.PositiveIntegerField(default=1)
    condition = models.CharField(
        max_length=16, choices=Condition.choices, default=Condition.UNKNOWN
    )
    address = models.ForeignKey(
        "places.Address", null=True, blank=True, on_delete=models.SET_NULL, related_name="sightings"
    )
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="sightings"
    )
    place_text = models.CharField(max_length=300, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    owner_known = models.BooleanField(default=False)
    owner_name = models.CharField(max_length=200, blank=True)  # personal data
    owner_contact = models.CharField(max_length=200, blank=True)  # personal data
    colour = models.CharField(max_length=100, blank=True)
    markings = models.CharField(max_length=300, blank=True)
    # Needs still open: boolean columns filter alike on SQLite and PostgreSQL.
    needs_food = models.BooleanField(default=False)
    needs_water = models.BooleanField(default=False)
    needs_veterinary = models.BooleanField(default=False)
    seen_at = models.DateTimeField(default=timezone.now)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="sightings"
    )
    visit = models.ForeignKey(
        "sweeps.Visit", null=True, blank=True, on_delete=models.SET_NULL, related_name="sightings"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SightingQuerySet.as_manager()

    class Meta:
        ordering = ["-seen_at"]
        indexes = [models.Index(fields=["operation", "status", "species"])]

    def __str__(self) -> str:
        return f"{self.count} × {self.species_label}"

    @property
    def species_label(self) -> str:
        if self.species == Species.OTHER and self.species_other:
            return self.species_other
        return str(Species(self.species).label)

    @property
    def needs(self) -> list[str]:
        flags = (self.needs_food, self.needs_water, self.needs_veterinary)
        return [need for need, on in zip(NEEDS, flags, strict=True) if on]

    @property
    def needs_text(self) -> str:
        return ", ".join(str(NEED_LABELS[need]) for need in self.needs)

    @property
    def has_owner_data(self) -> bool:
        return bool(self.owner_name or self.owner_contact)


class AnimalPartner(models.Model):
    """A named animal-welfare organisation sightings are referred to."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    contact = models.CharField(max_length=300, blank=True)  # an organisation's, not a person's
    species = models.JSONField(default=list, blank=True)  # Species values; empty: all
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "name"], name="animal_partner_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def handles(self, species: str) -> bool:
        return not self.species or species in self.species

    @property
    def species_labels(self) -> list[str]:
        return [str(Species(s).label) for s in self.species if s in Species.values]


class AnimalAction(models.Model):
    class Kind(models.TextChoices):
        FED = "fed", _("Fed")
        WATERED = "watered", _("Watered")
        RESCUED = "rescued", _("Rescued (taken to)")
        REFERRED = "referred", _("Referred to a partner")
        VET_CARE = "vet_care", _("Veterinary care given")
        OWNER_FOUND = "owner_found", _("Owner found")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sighting = models.ForeignKey(Sighting, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    partner = models.ForeignKey(
        AnimalPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    taken_to = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]


class PetInquiryQuerySet(models.QuerySet["PetInquiry"]):
    def visible_to(self, user: User) -> PetInquiryQuerySet:
        operation = getattr(user, "operation", None)
        if operation is None or not (user.can(Perm.VIEW_ANIMALS) or user.can(Perm.VIEW_INQUIRIES)):
            return self.none()
        return self.filter(operation=operation)


class PetInquiry(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    inquirer_name = models.CharField(max_length=200)  # personal data
    inquirer_contact = models.CharField(max_length=200, blank=True)  # personal data
    species = models.CharField(max_length=16, choices=Species.choices)
    species_other = models.CharField(max_length=60, blank=True)
    animal_name = models.CharField(max_length=100, blank=True)
    colour = models.CharField(max_length=100, blank=True)
    markings = models.CharField(max_length=300, blank=True)
    breed = models.CharField(max_length=100, blank=True)
    address = models.ForeignKey(
        "places.Address", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address_text = models.CharField(max_length=300, blank=True)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    close_reason = models.CharField(max_length=200, blank=True)  # may name people: not audited
    matched_sighting = models.ForeignKey(
        Sighting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PetInquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"pet inquiry {str(self.pk)[:8]}"

    @property
    def species_label(self) -> str:
        if self.species == Species.OTHER and self.species_other:
            return self.species_other
        return str(Species(self.species).label)

    @property
    def point(self) -> tuple[float, float] | None:
        if self.lat is not None and self.lon is not None:
            return (self.lat, self.lon)
        if self.address and self.address.lat is not None and self.address.lon is not None:
            return (self.address.lat, self.address.lon)
        if self.place is not None:
            return (self.place.lat, self.place.lon)
        return None


class PetCandidate(models.Model):
    """A sighting that may be the sought pet: score in 0..1 and the reasons, field by field."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")

    inquiry = models.ForeignKey(PetInquiry, on_delete=models.CASCADE, related_name="candidates")
    sighting = models.ForeignKey(Sighting, on_delete=models.CASCADE, related_name="candidates")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["inquiry", "sighting"], name="pet_candidate_unique")
        ]
