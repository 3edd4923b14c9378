"""Demo sharing: the tracing officer is the tracing lead (second approver), and one PFIF request
of the persons families asked about, approved twice, reference SHR-DEMO-PFIF."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from stranded.core.models import Membership, Operation
from stranded.interop.actions import approve_request, create_request, designate_approver
from stranded.interop.models import SharingApprover, SharingRequest

REFERENCE = "SHR-DEMO-PFIF"


def seed(*, operation: Operation, small: bool, out: Any) -> None:
    if SharingRequest.objects.filter(reference=REFERENCE).exists():
        out.write(f"interop: {REFERENCE} exists already; kept as it is")
        return
    members = {m.role: m.user for m in Membership.objects.filter(operation=operation)}
    coordinator, lead = members.get("coordinator"), members.get("tracing_officer")
    if coordinator is None or lead is None:
        return
    designate_approver(
        operation=operation,
        user=lead,
        by=coordinator,
        capacity=SharingApprover.Capacity.TRACING_LEAD,
    )
    request = create_request(
        operation=operation,
        by=coordinator,
        reference=REFERENCE,
        data={
            "recipient": "Armenian Red Cross Society, tracing service",
            "purpose": "Restoring family links: persons sought by families in Armenia",
            "legal_basis": SharingRequest.LegalBasis.VITAL_INTEREST,
            "dataset": SharingRequest.Dataset.PFIF,
            "fields": ["sex", "birth", "notes"],
            "filters": {"source": ["inquiry"]},
            "expires_at": timezone.now() + timedelta(days=30),
        },
    )
    request, _ = approve_request(request=request, by=coordinator)
    request, _ = approve_request(request=request, by=lead)
    out.write(f"interop: {REFERENCE} approved twice, {len(request.records)} persons (PFIF 1.4)")
