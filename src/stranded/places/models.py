"""The operation's geography: the gazetteer (every place by every name, each name with its
source), the areas the ground is divided into and the addresses the teams knock at.

Areas and addresses are the floor every app stands on: persons, leads, needs, remains and
animals are located in an area, and a field team's scope is the areas it holds. An area's
coverage state is stored on it (so that 5,000 areas can be listed and coloured at once) and kept
right by the sweeps' actions and `sweeps.coverage`; the history of that coverage (AreaEvent) is
the sweeps' own. Both tables kept the names they had when the sweeps held them (sweeps_area,
sweeps_address): the move was of the code, not the rows.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from stranded.core import clock
from stranded.core.models import Operation, Team
from stranded.lib.fold import fold


class Place(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        DISTRICT = "district", _("District")
        CITY = "city", _("City")
        TOWN = "town", _("Town")
        VILLAGE = "village", _("Village")
        HAMLET = "hamlet", _("Hamlet")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        STREET = "street", _("Street")
        BUILDING = "building", _("Building")
        CROSSING = "crossing", _("Crossing")
        FACILITY = "facility", _("Facility")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text=_("the source's main name, for lists"))
    lat = models.FloatField()
    lon = models.FloatField()
    boundary = models.JSONField(null=True, blank=True, help_text=_("GeoJSON geometry"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    country_code = models.CharField(max_length=2, blank=True)
    population = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=40)
    source_id = models.CharField(max_length=60)
    added_by_hand = models.BooleanField(default=False)
    source_note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="place_source_unique")
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name


class PlaceName(models.Model):
    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official")
        ALTERNATE = "alternate", _("Alternate")
        HISTORIC = "historic", _("Historic")
        COLLOQUIAL = "colloquial", _("Colloquial")
        TRANSLITERATION = "transliteration", _("Transliteration")

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(max_length=200)
    language = models.CharField(max_length=8, blank=True)
    script = models.CharField(max_length=4, blank=True)  # ISO 15924: Latn, Armn, Cyrl...
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ALTERNATE)
    source = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place", "text", "language", "source"], name="place_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class AreaState(models.TextChoices):
    NOT_REACHED = "not_reached", _("Not reached")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    SWEPT = "swept", _("Swept")
    DUE = "due", _("Re-sweep due")


LOCKED_STATES = (AreaState.ASSIGNED, AreaState.IN_PROGRESS)


class DueReason:
    """Why a swept area is due again (sweeps.coverage), stored as a code: the page says it in
    the reader's language (Area.due_reason_text)."""

    NEW_LEAD = "new_lead"
    VULNERABLE = "vulnerable"


def priority_reason_text(reason: list[Any] | str) -> str:
    """One reason of an area's priority, stored as [code, number] by sweeps.coverage."""
    if isinstance(reason, str):  # stored before the codes; the next recompute replaces it
        return reason
    code, value = reason
    if code == "leads":
        return ngettext("%(n)s open lead", "%(n)s open leads", value) % {"n": value}
    if code == "vulnerable":
        return ngettext(
            "%(n)s vulnerable person known", "%(n)s vulnerable persons known", value
        ) % {"n": value}
    if code == "never":
        return gettext("never reached")
    if code == "swept":
        return gettext("swept %(hours)s h ago") % {"hours": value}
    return gettext("%(km)s km from the base") % {"km": formats.number_format(value, 1)}


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
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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
        db_table = "sweeps_area"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "code"], name="area_code_unique")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def priority_reason_texts(self) -> list[str]:
        return [priority_reason_text(reason) for reason in self.priority_reasons]

    @property
    def due_reason_text(self) -> str:
        if self.due_reason == DueReason.NEW_LEAD:
            return gettext("new lead since the sweep")
        if self.due_reason == DueReason.VULNERABLE and self.last_swept_at:
            hours = int((clock.now(clock.of(self)) - self.last_swept_at).total_seconds() // 3600)
            return gettext("vulnerable persons known, last swept %(hours)s h ago") % {
                "hours": hours
            }
        return self.due_reason  # stored before the codes; the next recompute replaces it

    @property
    def lock_active(self) -> bool:
        return bool(
            self.state in LOCKED_STATES
            and self.lock_expires_at
            and self.lock_expires_at > clock.now(clock.of(self))
        )


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
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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
        db_table = "sweeps_address"
        ordering = ["text"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "key"], name="address_key_unique")
        ]

    def __str__(self) -> str:
        return self.text


def address_key(text: str, area: Area) -> str:
    """An address's identity in its operation (Address.key): the area's code, the folded text."""
    return f"{area.code}|{fold(text)}"[:340]
