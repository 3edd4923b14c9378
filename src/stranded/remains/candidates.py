"""Who the body may be: persons and inquiries proposed by the tracing matcher.

What is known of the body (names on documents found, sex, an age range, the place and address
where it was found) becomes a probe Record for the operation's index; the candidates are those the
user may see, each read logged, with the inquiries open about them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from stranded.core.audit import record_reads
from stranded.core.http import parse_uuid
from stranded.core.roles import Perm
from stranded.remains.models import Remains

if TYPE_CHECKING:
    from stranded.core.models import User

# A body gives fewer fields than a living person: keep weaker candidates than tracing does.
MINIMUM = 0.05
LIMIT = 8


def split_names(text: str) -> dict[str, str]:
    """'Arsen Hakobyan' -> given, family; 'Arsen Ashoti Hakobyan' -> given, father, family."""
    words = text.replace(",", " ").split()
    if not words:
        return {}
    if len(words) == 1:
        return {"family_name": words[0]}
    names = {"given_name": words[0], "family_name": words[-1]}
    if len(words) > 2:
        names["father_name"] = " ".join(words[1:-1])
    return names


def probe_for(remains: Remains) -> Any:
    from stranded.tracing.index import to_record
    from stranded.tracing.models import Person

    probe = Person(operation_id=remains.operation_id, **split_names(remains.document_names))
    probe.sex = remains.sex
    if remains.age_min is not None or remains.age_max is not None:
        low = remains.age_min if remains.age_min is not None else remains.age_max
        high = remains.age_max if remains.age_max is not None else remains.age_min
        probe.age_years = (int(low or 0) + int(high or 0)) // 2
        probe.age_on = remains.found_at.date()
    probe.place_id = remains.place_id
    probe.address = remains.address.text if remains.address else remains.found_where
    return replace(to_record(probe), id=f"remains:{remains.pk}")


def candidates_for(user: User, remains: Remains, *, limit: int = LIMIT) -> list[dict[str, Any]]:
    from stranded.tracing.index import comparison_rows, index_for
    from stranded.tracing.models import Inquiry, Person

    probe = probe_for(remains)
    if not (probe.given_name or probe.family_name):
        return []  # without a name the matcher would list everyone of that sex and age
    found = index_for(remains.operation_id).search(probe, limit=limit * 3, minimum=MINIMUM)
    visible = Person.objects.visible_to(user).filter(merged_into__isnull=True)
    persons = visible.in_bulk([c.id for c in found])
    shown = [(persons[pk], c) for c in found if (pk := parse_uuid(c.id)) in persons][:limit]
    record_reads(actor=user, targets=[person for person, _ in shown])
    inquiries: dict[Any, list[Any]] = {}
    if user.can(Perm.VIEW_INQUIRIES) and shown:
        rows = Inquiry.objects.visible_to(user).filter(
            sought__in=[p for p, _ in shown], status=Inquiry.Status.OPEN
        )
        for inquiry in rows:
            inquiries.setdefault(inquiry.sought_id, []).append(inquiry)
        record_reads(actor=user, targets=[i for rows_ in inquiries.values() for i in rows_])
    return [
        {
            "person": person,
            "probability": c.probability,
            "band": c.band,
            "comparison": comparison_rows(c),
            "inquiries": inquiries.get(person.pk, []),
        }
        for person, c in shown
    ]
