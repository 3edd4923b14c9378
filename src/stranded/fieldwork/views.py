"""The visit page: a field visit typed in the browser, recorded by `record_field_visit`; a visit
with faults is shown again with everything typed and every fault beside its field."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.inputs import InputError
from stranded.core.roles import Perm
from stranded.fieldwork.actions import record_field_visit
from stranded.needs.models import Kind, Urgency
from stranded.places.models import Area, Utility
from stranded.sweeps import access
from stranded.sweeps.models import Outcome, Visit, VisitPerson
from stranded.tracing.index import warm_index
from stranded.tracing.models import Mobility

PERSON_ROWS = 3
# "Not asked" first, so that a visit saved without touching them records nothing as working.
UTILITY_CHOICES = [(Utility.UNKNOWN.value, gettext_lazy("Not asked / unknown"))] + [
    (value, label) for value, label in Utility.choices if value != Utility.UNKNOWN
]


PERSON_FIELDS = (
    "given_name", "family_name", "father_name", "sex", "birth_year", "condition", "mobility",
    "phone",
)  # fmt: skip
# The page's input for a fault of `clean_visit`, where the names differ.
PAGE_FIELD = {"needs": "needs", "animals": "animal_species", "remains": "remains_condition"}
ANIMAL_FIELD = {
    "species": "animal_species", "count": "animal_count", "condition": "animal_condition",
}  # fmt: skip


def _person_rows(post: Any) -> list[dict[str, Any]]:
    """Every person row as typed, filled or not: a page with an error shows them again."""
    rows = []
    for i in range(PERSON_ROWS):
        row: dict[str, Any] = {k: post.get(f"p{i}-{k}", "") for k in PERSON_FIELDS}
        row["wants_to_leave"] = post.get(f"p{i}-wants_to_leave") == "on"
        row["consent_to_leave"] = post.get(f"p{i}-consent_to_leave") == "on"
        row["i"] = i
        rows.append(row)
    return rows


def _visit_data(post: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    persons = [
        {k: v for k, v in row.items() if k != "i"}
        for row in rows
        if row["given_name"] or row["family_name"]
    ]
    needs = [
        {"kind": k, "urgency": post.get("need_urgency") or "medium"} for k in post.getlist("needs")
    ]
    animals = []
    if post.get("animal_species") or post.get("animal_condition"):
        animals.append(
            {
                "species": post.get("animal_species", ""),
                "count": post.get("animal_count") or 1,
                "condition": post.get("animal_condition", ""),
            }
        )
    return {
        "area": post.get("area", ""),
        "address": post.get("address", ""),
        "lat": post.get("lat", ""),
        "lon": post.get("lon", ""),
        "outcome": post.get("outcome", ""),
        "electricity": post.get("electricity") or "unknown",
        "water": post.get("water") or "unknown",
        "gas": post.get("gas") or "unknown",
        "lead": post.get("lead", ""),
        "need_urgency": post.get("need_urgency") or "medium",
        "remains_condition": post.get("remains_condition", ""),
        "notes": post.get("notes", ""),
        "persons": persons,
        "needs": needs,
        "animals": animals,
        "remains": [{"condition": post.get("remains_condition", "")}]
        if post.get("outcome") == Outcome.DECEASED_FOUND
        else [],
    }


def _page_errors(error: InputError, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Each fault of the visit under the input it belongs to (`persons[2].sex` -> `p1-sex`)."""
    filled = [row["i"] for row in rows if row["given_name"] or row["family_name"]]
    shown: dict[str, str] = {}
    for field, message in error.errors:
        head, _sep, rest = field.partition(".")
        name = PAGE_FIELD.get(head, head)
        if head.startswith("persons[") and rest:
            number = int(head[len("persons[") : -1])
            name = f"p{filled[number - 1]}-{rest}" if number <= len(filled) else "persons"
        elif head.startswith("animals["):
            name = ANIMAL_FIELD.get(rest, "animal_species")
        elif head.startswith(("needs[", "remains[")):
            name = PAGE_FIELD[head.split("[")[0]]
        shown.setdefault(name, message)
    return shown


@require_perm(Perm.RECORD_VISITS)
def visit_new(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.RECORD_VISITS)
    user = actor(request)
    areas = Area.objects.of(operation)
    if not user.can(Perm.ASSIGN_AREAS):
        areas = Area.objects.held_by(user.team)
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "area": request.GET.get("area", ""),
        "lead": request.GET.get("lead", ""),
    }
    rows = _person_rows({})
    if request.method == "POST":
        rows = _person_rows(request.POST)
        data = _visit_data(request.POST, rows)
        warm_index(operation.pk)
        try:
            visit, _matches = record_field_visit(
                operation=operation, data=data, by=actor(request), source=Visit.Source.BROWSER
            )
            messages.success(request, _("Visit recorded in %(code)s.") % {"code": visit.area.code})
            return redirect("sweeps:visit-detail", visit_id=visit.pk)
        except InputError as exc:
            errors = _page_errors(exc, rows)
    for row in rows:
        row["errors"] = {
            k: errors[f"p{row['i']}-{k}"] for k in PERSON_FIELDS if f"p{row['i']}-{k}" in errors
        }
    context = {
        "areas": areas.order_by("code"),
        "data": data,
        "errors": errors,
        "rows": rows,
        "outcomes": Outcome.choices,
        "utilities": UTILITY_CHOICES,
        "need_kinds": Kind.choices,
        "ticked_needs": {n["kind"] for n in data.get("needs", [])},
        "animal": (data.get("animals") or [{}])[0],
        "conditions": VisitPerson.Condition.choices,
        "leads": _open_leads(request, areas),
        "mobilities": Mobility.choices,
        "urgencies": [(u, Urgency(u).label) for u in ("medium", "low", "high", "critical")],
    }
    return render(request, "fieldwork/visit_new.html", context, status=400 if errors else 200)


def _open_leads(request: HttpRequest, areas: Any) -> list[Any]:
    from stranded.tracing.scoping import visible_leads

    leads = list(
        visible_leads(actor(request))
        .filter(area__in=areas, status="open")
        .select_related("area")[:200]
    )
    access.leads_read(actor(request), [lead.pk for lead in leads], purpose="new visit")
    return leads
