"""Sharing personal data only as approved.

A sharing request names the recipient, purpose, legal basis, dataset, fields and filters, and an
expiry. Its life: draft -> approved (a coordinator; the records it covers are frozen then) ->
authorised (a second approver, the operation's tracing lead or data protection focal point, not
the first approver) -> downloaded by the recipient with a token shown once (stored hashed) ->
expired or revoked. Every step and every download is audited, the download with the record ids,
fields and digest of what it contained.
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stranded.core.audit import record_event
from stranded.core.models import Operation, User
from stranded.core.roles import Perm
from stranded.interop import pfif
from stranded.interop.models import SharingApprover, SharingDownload, SharingRequest
from stranded.interop.pfif_import import export_records
from stranded.tracing.models import Person

FIELDS = ("sex", "birth", "address", "status", "notes")
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class SharingError(ValueError):
    """A step the request's state does not allow; the message says why."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_second_approver(user: User, operation: Operation) -> bool:
    return SharingApprover.objects.filter(operation=operation, user=user).exists()


@transaction.atomic
def designate_approver(
    *, operation: Operation, user: User, capacity: str, by: User | None
) -> SharingApprover:
    approver, _ = SharingApprover.objects.update_or_create(
        operation=operation, user=user, defaults={"capacity": capacity, "designated_by": by}
    )
    record_event(
        actor=by,
        verb="sharing.approver_designated",
        target=operation,
        detail={"user": str(user.uuid), "capacity": capacity},
    )
    return approver


@transaction.atomic
def create_request(
    *, operation: Operation, data: dict[str, Any], by: User, reference: str = ""
) -> SharingRequest:
    request = SharingRequest.objects.create(
        operation=operation,
        created_by=by,
        reference=reference or "SHR-" + "".join(secrets.choice(ALPHABET) for _ in range(6)),
        recipient=data["recipient"],
        purpose=data["purpose"],
        legal_basis=data["legal_basis"],
        dataset=data["dataset"],
        fields=list(data.get("fields") or []),
        filters=data.get("filters") or {},
        expires_at=data["expires_at"],
    )
    record_event(
        actor=by,
        verb="sharing.requested",
        target=request,
        detail={"dataset": request.dataset, "fields": request.fields},
    )
    return request


def covered_persons(request: SharingRequest) -> list[Any]:
    """The persons the request's filters select now (frozen into `records` at approval)."""
    persons = Person.objects.filter(operation=request.operation, merged_into__isnull=True)
    filters = request.filters
    if request.dataset == SharingRequest.Dataset.PASSENGER_LIST:
        from stranded.evacuation.models import RequestPerson

        on_plan = RequestPerson.objects.filter(request__stops__trip__plan_id=filters.get("plan"))
        persons = persons.filter(pk__in=on_plan.values("person"))
    if filters.get("status"):
        persons = persons.filter(status__in=filters["status"])
    if filters.get("source"):
        persons = persons.filter(source__in=filters["source"])
    if request.legal_basis == SharingRequest.LegalBasis.CONSENT:
        persons = persons.filter(consent_sharing=True)
    return [str(pk) for pk in persons.order_by("created_at").values_list("pk", flat=True)]


@transaction.atomic
def approve_request(*, request: SharingRequest, by: User) -> tuple[SharingRequest, str]:
    """The coordinator's approval, then the second approver's; the token comes with the second
    (returned once, stored hashed). Returns (request, token or "")."""
    request = SharingRequest.objects.select_for_update().get(pk=request.pk)
    if request.expired or request.status == SharingRequest.Status.REVOKED:
        raise SharingError(
            _("%(reference)s is %(state)s")
            % {"reference": request.reference, "state": request.state}
        )
    if request.status == SharingRequest.Status.DRAFT:
        if not by.can(Perm.APPROVE_SHARING):
            raise SharingError(_("only a coordinator gives the first approval"))
        request.status = SharingRequest.Status.APPROVED
        request.approved_by, request.approved_at = by, timezone.now()
        request.records = covered_persons(request)
        request.save()
        record_event(
            actor=by,
            verb="sharing.approved",
            target=request,
            detail={"records": len(request.records)},
        )
        return request, ""
    if request.status != SharingRequest.Status.APPROVED:
        raise SharingError(
            _("%(reference)s is already %(state)s")
            % {"reference": request.reference, "state": request.state}
        )
    if not is_second_approver(by, request.operation):
        raise SharingError(
            _(
                "personal data needs the tracing lead or the data protection focal "
                "point as second approver"
            )
        )
    if by.pk == request.approved_by_id:
        raise SharingError(_("the second approver must be another person than the first"))
    token = secrets.token_urlsafe(32)
    request.status = SharingRequest.Status.AUTHORISED
    request.second_approved_by, request.second_approved_at = by, timezone.now()
    request.token_hash = token_hash(token)
    request.save()
    record_event(actor=by, verb="sharing.authorised", target=request)
    return request, token


@transaction.atomic
def revoke_request(*, request: SharingRequest, reason: str, by: User) -> SharingRequest:
    if request.status == SharingRequest.Status.REVOKED:
        raise SharingError(_("%(reference)s is already revoked") % {"reference": request.reference})
    request.status = SharingRequest.Status.REVOKED
    request.revoked_by, request.revoked_at, request.revoked_reason = by, timezone.now(), reason
    request.token_hash = ""
    request.save()
    record_event(actor=by, verb="sharing.revoked", target=request, detail={"reason": reason})
    return request


def content(request: SharingRequest) -> tuple[bytes, str, str]:
    """What the request covers: (bytes, file name, content type)."""
    order = {pk: index for index, pk in enumerate(request.records)}
    persons = sorted(
        Person.objects.filter(pk__in=request.records).prefetch_related("notes"),
        key=lambda p: order[str(p.pk)],
    )
    fields = set(request.fields)
    name = request.reference.lower()
    if request.dataset == SharingRequest.Dataset.PFIF:
        people, notes = export_records(persons, operation=request.operation, fields=fields)
        return pfif.write(people, notes, "1.4"), f"{name}.pfif.xml", "application/xml"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = ["given_name", "family_name", *[f for f in FIELDS if f in fields and f != "notes"]]
    writer.writerow(["record", *columns])
    for person in persons:
        values = {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "sex": person.sex,
            "birth": person.approximate_birth_year or "",
            "address": person.address,
            "status": person.status,
        }
        writer.writerow([str(person.pk), *[values[c] for c in columns]])
    return buffer.getvalue().encode(), f"{name}.csv", "text/csv; charset=utf-8"


@transaction.atomic
def record_download(
    *, request: SharingRequest, via: str, ip: str | None = None, by: User | None = None
) -> tuple[bytes, str, str]:
    if not request.downloadable:
        raise SharingError(
            _("%(reference)s is %(state)s: nothing may be exported")
            % {"reference": request.reference, "state": request.state}
        )
    data, filename, content_type = content(request)
    digest = hashlib.sha256(data).hexdigest()
    download = SharingDownload.objects.create(
        request=request,
        ip=ip,
        records=request.records,
        fields=request.fields,
        sha256=digest,
        size=len(data),
        via=via,
    )
    record_event(
        actor=by,
        verb="sharing.downloaded",
        target=request,
        detail={
            "download": download.pk,
            "via": via,
            "records": request.records,
            "fields": request.fields,
            "sha256": digest,
        },
    )
    return data, filename, content_type
