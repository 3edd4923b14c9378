"""Who sees sharing requests: those who may see aggregates (requests hold no personal data),
in their own operation; a missing or foreign request is a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from stranded.core.access import ensure_operation
from stranded.core.roles import Perm
from stranded.interop.actions import token_hash
from stranded.interop.models import SharingRequest

if TYPE_CHECKING:
    from stranded.core.models import User


def sharing_requests(user: User) -> Any:
    operation = ensure_operation(user, Perm.VIEW_AGGREGATES)
    return SharingRequest.objects.filter(operation=operation)


def get_sharing_request(user: User, request_id: UUID) -> SharingRequest:
    return get_object_or_404(sharing_requests(user), pk=request_id)


def request_for_token(token: str) -> SharingRequest:
    """The request a recipient's token opens; revoked or unknown tokens are a 404."""
    if not token or len(token) > 100:
        raise Http404
    return get_object_or_404(
        SharingRequest, token_hash=token_hash(token), status=SharingRequest.Status.AUTHORISED
    )
