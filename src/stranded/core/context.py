from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from stranded.core.roles import Perm


def operation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"operation": None, "perms": frozenset(), "Perm": Perm}
    from stranded.core.models import Membership
    from stranded.core.roles import Role, permissions_for

    others = Membership.objects.filter(user=user, active=True).select_related("operation")
    return {
        "operation": user.operation,
        "operations": [m.operation for m in others] if len(others) > 1 else [],
        "role": user.role,
        "role_label": Role(user.role).label if user.role in Role.values else "",
        "perms": {p.value for p in permissions_for(user.role)},
        "Perm": Perm,
        "tile_url": settings.STRANDED_TILE_URL,
        "tile_attribution": settings.STRANDED_TILE_ATTRIBUTION,
    }
