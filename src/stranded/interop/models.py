"""What the operation exchanged with partners: PFIF records imported (by their record id, with the
versions they replaced) and sharing requests (who gets which personal data, approved by whom,
downloaded when and with what)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stranded.core.models import Operation


class PfifRecord(models.Model):
    """A PFIF person or note as last imported: its record id makes a second import idempotent."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        NOTE = "note", _("Note")

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    record_id = models.CharField(max_length=500)  # "example.org/person.123"
    kind = models.CharField(max_length=8, choices=Kind.choices)
    version = models.CharField(max_length=4)  # the PFIF version of the file it came in
    fields = models.JSONField()  # PFIF 1.4 field names -> text, as received
    person = models.ForeignKey(
        "tracing.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.ForeignKey(
        "tracing.Note", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    inquiry = models.ForeignKey(
        "tracing.Inquiry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["operation", "record_id"], name="pfif_record_unique")
        ]


class PfifRecordVersion(models.Model):
    """The fields a record had before an import changed it: its history."""

    record = models.ForeignKey(PfifRecord, on_delete=models.CASCADE, related_name="versions")
    fields = models.JSONField()
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["replaced_at", "id"]


class SharingApprover(models.Model):
    """A second approver for personal data: the tracing lead or the data protection focal point
    of an operation, designated by its coordinator. Holding a role is not enough."""

    class Capacity(models.TextChoices):
        TRACING_LEAD = "tracing_lead", _("Tracing lead")
        DATA_PROTECTION = "data_protection", _("Data protection focal point")

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(max_length=20, choices=Capacity.choices)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    designated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["operation", "user"], name="sharing_approver_unique")
        ]


class SharingRequest(models.Model):
    class Dataset(models.TextChoices):
        PFIF = "pfif", _("PFIF 1.4 (persons and notes)")
        PASSENGER_LIST = "passenger_list", _("Passenger list of a plan")
        PERSON_LIST = "person_list", _("Filtered person list (CSV)")

    class LegalBasis(models.TextChoices):  # ICRC Handbook on Data Protection, chapter 3
        CONSENT = "consent", _("Consent (only persons who consented to sharing)")
        VITAL_INTEREST = "vital_interest", _("Vital interest")
        PUBLIC_INTEREST = "public_interest", _("Important public interest")
        LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
        LEGAL_OBLIGATION = "legal_obligation", _("Compliance with a legal obligation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved by the coordinator")
        AUTHORISED = "authorised", _("Approved twice: may be downloaded")
        REVOKED = "revoked", _("Revoked")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=24, unique=True)  # "SHR-7KQ2MX"
    recipient = models.CharField(max_length=200)
    purpose = models.CharField(max_length=500)
    legal_basis = models.CharField(max_length=24, choices=LegalBasis.choices)
    dataset = models.CharField(max_length=16, choices=Dataset.choices)
    fields = models.JSONField(default=list)  # the person fields it covers
    filters = models.JSONField(default=dict)  # {"status": [...], "area": [...], "plan": id}
    records = models.JSONField(default=list)  # person ids, frozen at the first approval
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    second_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    second_approved_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)  # sha256 hex

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def downloadable(self) -> bool:
        return self.status == self.Status.AUTHORISED and not self.expired

    @property
    def state(self) -> str:
        """What a page shows: the status, or "expired" once the expiry has passed."""
        if self.status != self.Status.REVOKED and self.expired:
            return "expired"
        return str(self.status)


class SharingDownload(models.Model):
    """One download by the recipient: what it contained (record ids, fields, digest)."""

    request = models.ForeignKey(SharingRequest, on_delete=models.PROTECT, related_name="downloads")
    at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    records = models.JSONField(default=list)
    fields = models.JSONField(default=list)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    via = models.CharField(max_length=16, default="token")  # token or command

    class Meta:
        ordering = ["-at"]


class MovementNotification(models.Model):
    """A movement notified in advance to the authority in control: a published plan's trips or a
    team's day, frozen at creation (`content`), with the authority's answer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        REFUSED = "refused", _("Refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=24, unique=True)  # "MOV-7KQ2MX"
    authority = models.CharField(max_length=200)
    plan = models.ForeignKey(
        "evacuation.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "core.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(null=True, blank=True)
    content = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    status_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    override_reason = models.CharField(max_length=300, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def blocks_trips(self) -> bool:
        return self.status == self.Status.REFUSED and self.overridden_at is None


class MovementEvent(models.Model):
    """The notification's history: sent, acknowledged or refused, when, recorded by whom, and
    who answered at the authority."""

    notification = models.ForeignKey(
        MovementNotification, on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(max_length=16, choices=MovementNotification.Status.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contact = models.CharField(max_length=200, blank=True)  # who answered at the authority
    note = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
