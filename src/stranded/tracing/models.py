"""Persons, inquiries, notes, matches and leads.

A Person is anyone the operation knows of: sought by a family (the inquiry's subject), found in
the field, evacuated, deceased. Names are kept as given, in the script given; matching folds them.
Statuses follow PFIF 1.4 (information_sought, believed_*) plus the operation's own states.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stranded.core import clock
from stranded.core.models import Operation
from stranded.core.roles import Perm

if TYPE_CHECKING:
    from datetime import date

    from stranded.core.models import User


class Mobility(models.TextChoices):
    """How a person travels: on a seat, in a wheelchair, on a stretcher."""

    SEATED = "seated", _("Seated")
    WHEELCHAIR = "wheelchair", _("Wheelchair")
    STRETCHER = "stretcher", _("Stretcher")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "", _("Unknown")


class PersonStatus(models.TextChoices):
    INFORMATION_SOUGHT = "information_sought", _("Information sought")
    BELIEVED_MISSING = "believed_missing", _("Believed missing")
    BELIEVED_ALIVE = "believed_alive", _("Believed alive")
    BELIEVED_DEAD = "believed_dead", _("Believed dead")
    LOCATED = "located", _("Located")
    EVACUATION_REQUESTED = "evacuation_requested", _("Evacuation requested")
    EVACUATED = "evacuated", _("Evacuated")
    HANDED_OVER = "handed_over", _("Handed over")
    DECLINED_EVACUATION = "declined_evacuation", _("Declined evacuation")
    DECEASED = "deceased", _("Deceased")


class Source(models.TextChoices):
    INQUIRY = "inquiry", _("Family inquiry")
    FIELD = "field", _("Found in the field")
    PARTNER = "partner", _("Partner list")
    IMPORT = "import", _("Import")


VULNERABILITIES = (
    "bedridden",
    "wheelchair",
    "oxygen_or_dialysis",
    "needs_medication",
    "lives_alone",
    "cognitive_impairment",
)
# What a person reads for each flag, in their language (the inquiry form, the person's page).
VULNERABILITY_LABELS = {
    "bedridden": _("Bedridden"),
    "wheelchair": _("Wheelchair"),
    "oxygen_or_dialysis": _("Oxygen or dialysis"),
    "needs_medication": _("Needs medication"),
    "lives_alone": _("Lives alone"),
    "cognitive_impairment": _("Cognitive impairment"),
}


# Who may not survive a long wait: the coverage re-sweeps their areas first (sweeps.coverage).
VULNERABLE_Q = (
    Q(bedridden=True)
    | Q(wheelchair=True)
    | Q(oxygen_or_dialysis=True)
    | Q(needs_medication=True)
    | Q(lives_alone=True)
    | Q(cognitive_impairment=True)
)


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: User) -> PersonQuerySet:
        """Need to know: the whole operation for tracing roles; a field member only persons in
        the areas assigned to their team (areas come with the sweeps app); nobody else."""
        operation = getattr(user, "operation", None)
        if operation is None or not user.is_active:
            return self.none()
        # Merged records stay visible (their page points at the kept record); lists that want
        # one row per human filter merged_into__isnull=True themselves.
        from stranded.tracing.scoping import personal_scope

        return self.filter(operation=operation).filter(personal_scope(user))


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="persons")
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    father_name = models.CharField(max_length=100, blank=True, help_text=_("or patronymic"))
    other_names = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=8, choices=Sex.choices, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # "about 80" is kept as said: an age at a date, and turned into an approximate birth year.
    age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    age_on = models.DateField(null=True, blank=True)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The town or village as the caller said it, kept whether or not the gazetteer holds it.
    place_text = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    # The sweep area the address falls in (set by places.locate); scopes field teams' access.
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="persons"
    )
    phone = models.CharField(max_length=40, blank=True)
    document_number = models.CharField(max_length=40, blank=True)
    bedridden = models.BooleanField(default=False)
    wheelchair = models.BooleanField(default=False)
    oxygen_or_dialysis = models.BooleanField(default=False)
    needs_medication = models.BooleanField(default=False)
    lives_alone = models.BooleanField(default=False)
    cognitive_impairment = models.BooleanField(default=False)
    status = models.CharField(
        max_length=32, choices=PersonStatus.choices, default=PersonStatus.BELIEVED_MISSING
    )
    consent_tracing = models.BooleanField(default=False)
    consent_sharing = models.BooleanField(default=False)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.FIELD)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(default=clock.now)  # the operation's clock
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["operation", "status"]),
            models.Index(fields=["operation", "family_name"]),
            # Each process's matching index reads the rows changed since it last looked.
            models.Index(fields=["operation", "updated_at"], name="person_changed_idx"),
            # The coverage's vulnerable persons per area (sweeps.coverage) read only these.
            models.Index(
                fields=["operation", "area", "status"],
                name="person_vulnerable_idx",
                condition=VULNERABLE_Q & Q(area__isnull=False, merged_into__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"person {self.pk}"  # never names: __str__ ends up in logs

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.father_name, self.family_name) if p)

    @property
    def approximate_birth_year(self) -> int | None:
        if self.birth_date:
            return self.birth_date.year
        if self.birth_year:
            return self.birth_year
        if self.age_years is not None:
            return self.age_said_on.year - self.age_years
        return None

    @property
    def age_said_on(self) -> date:
        """The day the age was said: an age is true on that day, not today (the record's own
        day on the operation's clock when the day was not kept)."""
        if self.age_on:
            return self.age_on
        if self.created_at:
            return clock.date_of(self.created_at, clock.of(self))
        return clock.today(clock.of(self))

    @property
    def birth_is_approximate(self) -> bool:
        return self.birth_date is None and self.birth_year is None and self.age_years is not None

    @property
    def vulnerabilities(self) -> list[str]:
        return [flag for flag in VULNERABILITIES if getattr(self, flag)]

    @property
    def vulnerability_labels(self) -> list[str]:
        """What a person reads: "Lives alone", not `lives_alone`."""
        return [str(VULNERABILITY_LABELS[flag]) for flag in self.vulnerabilities]


# Reasons the system gives for a status change, stored as "[code] subject" and worded when read,
# in the reader's language; a reason a person typed is stored and shown as typed.
SYSTEM_REASONS = {
    "boarded": _("boarded %(subject)s"),
    "not_on_board": _("not on board %(subject)s (corrected)"),
    "evacuation_request": _("evacuation request %(subject)s"),
    "handed_over": _("handed over at %(subject)s"),
    "inquiry_handed_over": _("inquiry %(subject)s: handed over"),
    "demo": _("demo data"),
}
SYSTEM_REASON = re.compile(r"\[(\w+)\] ?(.*)", re.DOTALL)


def system_reason(code: str, subject: object = "") -> str:
    """The stored form of a reason the system gives (`code` a key of SYSTEM_REASONS)."""
    if code not in SYSTEM_REASONS:
        raise ValueError(f"no system reason {code!r}")
    return f"[{code}] {subject}".strip()


class StatusChange(models.Model):
    """The person's status history; appended by actions, never edited."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(max_length=32, choices=PersonStatus.choices)
    previous = models.CharField(max_length=32, choices=PersonStatus.choices, blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at"]

    @property
    def reason_shown(self) -> str:
        """The reason in the reader's language when the system gave it; as typed otherwise."""
        found = SYSTEM_REASON.fullmatch(self.reason)
        if found is None or found.group(1) not in SYSTEM_REASONS:
            return self.reason
        return str(SYSTEM_REASONS[found.group(1)]) % {"subject": found.group(2)}


class InquiryQuerySet(models.QuerySet["Inquiry"]):
    def visible_to(self, user: User) -> InquiryQuerySet:
        operation = getattr(user, "operation", None)
        if operation is None or not user.is_active or not user.can(Perm.VIEW_INQUIRIES):
            return self.none()
        return self.filter(operation=operation)


class Inquiry(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        FORM = "form", _("Form")
        PARTNER = "partner", _("Partner")
        IN_PERSON = "in_person", _("In person")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="inquiries")
    reference = models.CharField(max_length=20, unique=True)  # said on the phone: "INQ-00042"
    inquirer_name = models.CharField(max_length=200)
    inquirer_contact = models.CharField(max_length=200, blank=True)
    inquirer_relation = models.CharField(max_length=100, blank=True)
    sought = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="inquiries")
    received_at = models.DateTimeField()
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.PHONE)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    closed_reason = models.CharField(max_length=200, blank=True)
    matched_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="found_by_inquiries"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    # closed as a duplicate of another inquiry about the same person (both families are told)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        # The list, newest first, a page at a time.
        indexes = [models.Index(fields=["operation", "-received_at"], name="inquiry_list_idx")]

    def __str__(self) -> str:
        return self.reference


class Note(models.Model):
    """PFIF-like note on a person: who said what, with what status, linking which record."""

    class Status(models.TextChoices):
        NONE = "", _("None")
        INFORMATION_SOUGHT = "information_sought", _("Information sought")
        IS_NOTE_AUTHOR = "is_note_author", _("Is note author")
        BELIEVED_ALIVE = "believed_alive", _("Believed alive")
        BELIEVED_MISSING = "believed_missing", _("Believed missing")
        BELIEVED_DEAD = "believed_dead", _("Believed dead")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    inquiry = models.ForeignKey(
        Inquiry, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    text = models.TextField()
    status = models.CharField(max_length=32, choices=Status.choices, blank=True)
    linked_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)  # the operation's clock

    class Meta:
        ordering = ["created_at"]


class MatchQuerySet(models.QuerySet["Match"]):
    def visible_to(self, user: User) -> MatchQuerySet:
        """Both persons visible: the whole operation for tracing roles (one indexed filter, no
        join over the operation's persons), a field member's team areas otherwise."""
        operation = getattr(user, "operation", None)
        if operation is None or not user.is_active:
            return self.none()
        if user.can(Perm.VIEW_PERSONS):
            return self.filter(operation=operation)
        persons = Person.objects.visible_to(user)
        return self.filter(operation=operation, left__in=persons, right__in=persons)

    def to_review(self) -> MatchQuerySet:
        """Pending, the sought record not merged away; likely first, then by probability."""
        return self.filter(
            decision=Match.Decision.PENDING, left__merged_into__isnull=True
        ).order_by("band", "-probability", "pk")

    def count_to_review(self) -> int:
        """`to_review().count()` without joining every pending match to its sought record: the
        pending ones (read from the review index) less those whose record was merged away (found
        from the few merged persons)."""
        pending = self.filter(decision=Match.Decision.PENDING)
        return pending.count() - pending.filter(left__merged_into__isnull=False).count()


class Match(models.Model):
    """A candidate pair from the matcher: an inquiry's sought person and a known person, or two
    persons who may be one (duplicates). A human decides."""

    class Band(models.TextChoices):
        LIKELY = "likely", _("Likely")
        POSSIBLE = "possible", _("Possible")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    inquiry = models.ForeignKey(
        Inquiry, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    band = models.CharField(max_length=16, choices=Band.choices)
    comparison = models.JSONField(default=list)  # [{"field", "left", "right", "level", "weight"}]
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)  # the operation's clock

    objects = MatchQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["left", "right"], name="match_pair_unique")]
        ordering = ["-probability"]
        indexes = [
            models.Index(
                fields=["operation", "decision", "band", "-probability", "id"],
                name="match_review_idx",
            ),
        ]


class Lead(models.Model):
    """An open inquiry's last known address, turned into a visit task for the sweeps."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        VISITED = "visited", _("Visited")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="leads")
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="leads")
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(max_length=300, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=clock.now)  # the operation's clock


class FollowUp(models.Model):
    """After a confirmed match, the tracing officer tells the family that asked (the inquirer,
    by the contact they gave) what was found; tracked to done, with how they were told."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="follow_ups")
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=clock.now)  # the operation's clock
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=300, blank=True)  # how the family was told

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["operation", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry"],
                condition=Q(status="open"),
                name="follow_up_one_open_per_inquiry",
            )
        ]

    def __str__(self) -> str:
        return f"follow-up {self.pk}"
