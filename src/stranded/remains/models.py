"""Remains: a body found, its identification and its custody chain to the family.

Following the PAHO/WHO/ICRC field manual "Management of Dead Bodies after Disasters", every body
gets a unique reference at once, where it is found, built from the place (the operation's
prefix), the recovery team and a sequence number ("KHK-TA-0007"); it never changes, and labels,
photos and records all carry it.

Custody events are append-only at the database (migration 0002): a mistake is corrected by a new
'correction' event that refers to the one corrected. The current location is the last event's
location, copied onto the remains row so that lists and the dashboard need no subquery.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stranded.core.models import Operation, Team
from stranded.core.roles import Perm
from stranded.tracing.models import Sex

if TYPE_CHECKING:
    from stranded.core.models import User


class PrivateStorage(FileSystemStorage):
    """Attachments live outside the web root and have no URL: only the access-checked views
    (views.attachment_download, the API) serve them. The directory is read from the settings
    at each use (REMAINS_PRIVATE_ROOT, else PRIVATE_MEDIA_ROOT/remains)."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        root = getattr(settings, "REMAINS_PRIVATE_ROOT", None)
        return str(root or Path(settings.PRIVATE_MEDIA_ROOT) / "remains")

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


class IdStatus(models.TextChoices):
    UNIDENTIFIED = "unidentified", _("Unidentified")
    TENTATIVE = "tentative", _("Tentatively identified")
    CONFIRMED = "confirmed", _("Identification confirmed")


class IdMethod(models.TextChoices):
    NONE = "", _("None")
    VISUAL = "visual", _("Visual recognition")
    DOCUMENTS = "documents", _("Documents")
    EFFECTS = "effects", _("Personal effects")
    FINGERPRINTS = "fingerprints", _("Fingerprints")
    DENTAL = "dental", _("Dental")
    DNA = "dna", _("DNA")
    OTHER = "other", _("Other")


class CustodyKind(models.TextChoices):
    FOUND = "found", _("Found")
    COLLECTED = "collected", _("Collected")
    STORED_AT = "stored_at", _("Stored at")
    TRANSFERRED_TO = "transferred_to", _("Transferred to")
    HANDED_OVER = "handed_over", _("Handed over")
    CORRECTION = "correction", _("Correction")


class RemainsQuerySet(models.QuerySet["Remains"]):
    def visible_to(self, user: User) -> RemainsQuerySet:
        """Need to know: coordinators and tracing officers see the operation's remains; a field
        member those in the areas the team holds and those the team found; nobody else."""
        operation = getattr(user, "operation", None)
        if operation is None or not user.is_active:
            return self.none()
        mine = self.filter(operation=operation)
        if user.can(Perm.VIEW_REMAINS):
            return mine
        if user.can(Perm.EDIT_REMAINS) and user.team is not None:
            from stranded.places.models import Area

            return mine.filter(Q(area__in=Area.objects.held_by(user.team)) | Q(team=user.team))
        return self.none()


class Remains(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="remains")
    code = models.CharField(max_length=40)  # "KHK-TA-0007": on the body bag, said on the radio
    sequence = models.PositiveIntegerField()
    # Found where, when, by whom
    found_at = models.DateTimeField()
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="remains"
    )
    visit = models.ForeignKey(
        "sweeps.Visit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="remains_found",
    )
    address = models.ForeignKey(
        "places.Address", null=True, blank=True, on_delete=models.PROTECT, related_name="remains"
    )
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="remains"
    )
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    found_where = models.CharField(max_length=300)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    # What is known of the body
    condition = models.CharField(max_length=200, blank=True)
    effects = models.TextField(blank=True)  # personal effects, as described
    sex = models.CharField(max_length=8, choices=Sex.choices, blank=True)
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    document_names = models.CharField(max_length=300, blank=True)  # names on documents found
    # Identification
    id_status = models.CharField(
        max_length=16, choices=IdStatus.choices, default=IdStatus.UNIDENTIFIED, db_index=True
    )
    id_method = models.CharField(max_length=16, choices=IdMethod.choices, blank=True)
    identified_person = models.ForeignKey(
        "tracing.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="remains"
    )
    identified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    identified_at = models.DateTimeField(null=True, blank=True)
    # Custody now: a copy of the last event's kind and place (never blank once created)
    current_kind = models.CharField(max_length=16, choices=CustodyKind.choices, db_index=True)
    current_where = models.CharField(max_length=300)
    current_party = models.CharField(max_length=300, blank=True)
    current_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RemainsQuerySet.as_manager()

    class Meta:
        ordering = ["-found_at", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "code"], name="remains_code_unique"),
            models.UniqueConstraint(fields=["operation", "sequence"], name="remains_seq_unique"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def age_range(self) -> str:
        if self.age_min is None and self.age_max is None:
            return ""
        if self.age_min == self.age_max:
            return f"about {self.age_min}"
        return f"{self.age_min if self.age_min is not None else '?'}-{self.age_max or '?'}"


class CustodyEvent(models.Model):
    """One link of the custody chain; append-only at the database."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    remains = models.ForeignKey(Remains, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=CustodyKind.choices)
    at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    where = models.CharField(max_length=300)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiving_organisation = models.CharField(max_length=200, blank=True)
    receiving_name = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )

    class Meta:
        ordering = ["at", "recorded_at"]
        indexes = [models.Index(fields=["remains", "at"])]

    @property
    def party(self) -> str:
        return " · ".join(p for p in (self.receiving_organisation, self.receiving_name) if p)


ATTACHMENT_SUFFIXES = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf",
}  # fmt: skip


def attachment_path(instance: Attachment, filename: str) -> str:
    """Stored under the body's id with a generated name and the suffix of the checked type:
    the uploaded file's name (which may hold a person's name, or say .html) is never used."""
    suffix = ATTACHMENT_SUFFIXES.get(instance.content_type, ".bin")
    return f"{instance.remains_id}/{instance.pk}{suffix}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    remains = models.ForeignKey(Remains, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PHOTO)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    caption = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
