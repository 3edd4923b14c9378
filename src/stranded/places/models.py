"""The gazetteer: every place by every name, each name with its source."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


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
