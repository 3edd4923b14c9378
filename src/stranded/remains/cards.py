"""Dashboard: remains by identification status and by where custody stands now (counts only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils.translation import gettext as _

from stranded.core.dashboard import Card, register_card
from stranded.core.roles import Perm
from stranded.remains.models import CustodyKind, IdStatus, Remains

if TYPE_CHECKING:
    from stranded.core.models import Operation, User


def counts(operation: Any) -> dict[str, Any]:
    rows = Remains.objects.filter(operation=operation)
    status = dict(rows.values_list("id_status").annotate(n=Count("id")).order_by())
    kind = dict(rows.values_list("current_kind").annotate(n=Count("id")).order_by())
    return {
        "total": sum(status.values()),
        "by_status": [(v, label, status.get(v, 0)) for v, label in IdStatus.choices],
        "by_kind": [
            (v, label, kind.get(v, 0))
            for v, label in CustodyKind.choices
            if v != CustodyKind.CORRECTION
        ],
    }


@register_card(Perm.VIEW_REMAINS)
def remains_card(user: User, operation: Operation) -> Card | None:
    return Card(title=_("Remains"), template="remains/_card.html", context=counts(operation))
