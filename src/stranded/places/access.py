"""Permission-aware lookups of the gazetteer: the only way views and API get a place.

Places are public geography, not personal data: every member who may view places reads every
place, and a read is not audit-logged. Missing and forbidden look alike (404)."""

from __future__ import annotations

from uuid import UUID

from django.shortcuts import get_object_or_404

from stranded.core.access import ensure
from stranded.core.models import User
from stranded.core.roles import Perm
from stranded.places.models import Place


def get_place(user: User, place_id: UUID) -> Place:
    ensure(user, Perm.VIEW_PLACES)
    return get_object_or_404(Place, pk=place_id)
