"""The check of a field visit: each app that owns a part of a visit checks that part with its own
form, and every fault of every part is reported at once, named by its field and row
(`persons[2].sex`, `needs[1].kind`, `animals[1].species`, `remains[1].count`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stranded.animals.forms import clean_visit_animals
from stranded.core.inputs import InputError
from stranded.needs.forms import clean_visit_needs
from stranded.remains.forms import clean_visit_remains
from stranded.sweeps.forms import VisitForm


def check_field_visit(data: dict[str, Any]) -> dict[str, Any]:
    """The visit cleaned by each app that owns a part of it, or InputError with every fault."""
    faults: list[tuple[str, str]] = []

    def part(check: Callable[[dict[str, Any]], Any], default: Any) -> Any:
        try:
            return check(data)
        except InputError as error:
            faults.extend(error.errors)
            return default

    cleaned = part(VisitForm.check, {})
    cleaned["needs"] = part(clean_visit_needs, [])
    cleaned["animals"] = part(clean_visit_animals, [])
    cleaned["remains"] = part(clean_visit_remains, [])
    if faults:
        raise InputError(*faults[0], errors=faults)
    return cleaned
