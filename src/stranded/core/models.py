from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from stranded.core.roles import Perm, Role, permissions_for


class User(AbstractUser):
    """A person who logs in. What they may do comes from their Membership, not from this row."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The language pages, PDFs and messages speak to this user; empty: the browser's.
    language = models.CharField(
        _("language"), max_length=8, blank=True, default="", choices=settings.LANGUAGES
    )

    # The operation chosen in this session (set by OperationChoiceMiddleware), if any.
    chosen_operation_id: str | None = None

    def membership(self) -> Membership | None:
        """The membership the user works under now: the operation chosen in this session, else
        the latest started (then by name: never a coin toss between two of the same day)."""
        # Cached per request object: one query per user per request at most.
        cached = getattr(self, "_membership_cache", False)
        if cached is False:
            active = Membership.objects.select_related("operation", "team").filter(
                user=self, active=True
            )
            cached = None
            if self.chosen_operation_id:
                cached = active.filter(operation_id=self.chosen_operation_id).first()
            if cached is None:
                cached = active.order_by("-operation__started_on", "operation__name").first()
            self._membership_cache = cached
        return cached  # type: ignore[return-value]

    @property
    def role(self) -> str | None:
        membership = self.membership()
        return membership.role if membership else None

    @property
    def operation(self) -> Operation | None:
        membership = self.membership()
        return membership.operation if membership else None

    @property
    def team(self) -> Team | None:
        membership = self.membership()
        return membership.team if membership else None

    def can(self, perm: Perm) -> bool:
        if not self.is_authenticated or not self.is_active:
            return False
        return perm in permissions_for(self.role)


class Organisation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.name


class Operation(models.Model):
    """One response: a place, a time, a team, and the settings its work runs under."""

    class PlaceDisplay(models.TextChoices):
        """How places are named (stranded.places.naming): in the reader's language, or one."""

        BOTH = "both", _("Both names, in the reader's language: Khankendi (Stepanakert)")
        USER = "user", _("One name, in the reader's language")
        EN = "en", _("English names, for every reader")
        HY = "hy", _("Armenian names, for every reader")
        AZ = "az", _("Azerbaijani names, for every reader")
        RU = "ru", _("Russian names, for every reader")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    name = models.CharField(max_length=200, unique=True)
    started_on = models.DateField(default=date.today)
    # Marks every page: data of a demo or exercise is never mistaken for real records.
    synthetic = models.BooleanField(default=False)
    place_display = models.CharField(
        max_length=8, choices=PlaceDisplay.choices, default=PlaceDisplay.BOTH
    )
    center_lat = models.FloatField(null=True, blank=True)
    center_lon = models.FloatField(null=True, blank=True)
    # Later issues read their per-operation settings here (cell size, first frost, travel model).
    settings = models.JSONField(default=dict, blank=True)
    # The operation's own clock (core/clock.py): the time zone every time is shown in, and
    # what "today" means (a need overdue, the day an age was said).
    time_zone = models.CharField(max_length=64, default="UTC")
    # How far that clock runs behind the real one: a demo or an exercise replays a past date
    # (the demo: October 2023), advancing in real time. Only a synthetic operation's may differ
    # from zero: real records never carry a made-up time.
    clock_offset = models.DurationField(default=timedelta(0))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(synthetic=True) | models.Q(clock_offset=timedelta(0)),
                name="operation_clock_real_unless_synthetic",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def setting(self, key: str, default: Any) -> Any:
        return self.settings.get(key, default)


class Team(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=100)
    start_lat = models.FloatField(null=True, blank=True)
    start_lon = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["operation", "name"], name="team_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "operation"], name="one_role_per_operation")
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} in {self.operation}"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    """Append-only record of every action and every read of personal data.

    The application refuses update and delete here, and a database trigger (migration 0002)
    refuses them for any client of the database connection.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(db_index=True)
    # PROTECT: a user or operation with audit events is deactivated, never deleted.
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    actor_username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=32, blank=True)
    operation = models.ForeignKey(Operation, null=True, on_delete=models.PROTECT, related_name="+")
    verb = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # Ids and counts only: never names or free text about persons.
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.verb}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("audit events are append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class WorkerHeartbeat(models.Model):
    """A task worker's last sign of life, one row per worker process (no personal data).

    The worker beats every few seconds from a thread of its own, even during a long task; the
    plan page and /health/ say when none has beaten for a minute, and a task whose worker stopped
    beating is retried or failed (stranded.core.worker).
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host} ({self.pid})"


class RoleRequest(models.Model):
    """An admin's request to give a role that reads personal data; a coordinator decides.

    Until approved the account has no membership in the operation (it sees nothing). On approval
    the account's password is made unusable and the approving coordinator gets the one-time
    set-password link, so whoever asked for the role never holds a way into the account.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests")
    role = models.CharField(max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} ({self.status})"


class PhoneCredential(models.Model):
    """A phone's own login to the OpenRosa endpoints (as ODK Central's app users), never the
    account's password: created by a coordinator for a field member, shown once as the QR code
    Collect scans, revocable. Only a hash of the secret is kept (stranded.core.phones)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="phone_credentials")
    label = models.CharField(max_length=100)
    username = models.CharField(max_length=40, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.label} ({self.username})"


class RetentionMark(models.Model):
    """A record whose personal data the retention run replaced (stranded.core.retention): the
    run is idempotent because it skips what is marked here. Ids only."""

    label = models.CharField(max_length=64)  # "tracing.person"
    record_id = models.UUIDField()
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["label", "record_id"], name="retention_mark_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.record_id}"


class Correction(models.Model):
    """A record corrected by hand: who changed which fields from what to what, when. The
    values live here, with the record's other data (the audit event names only the fields)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    at = models.DateTimeField()
    by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    changes = models.JSONField(default=dict)  # {field: [before, after]}

    class Meta:
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]
        ordering = ["at"]
