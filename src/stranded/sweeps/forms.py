"""Validation of visits and assignments, shared by pages, API, field forms and imports.

A visit arrives as a plain dict (from a page, the API, an OpenRosa submission or an ODK Central
export); `clean_visit` returns it cleaned or raises VisitError naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stranded.core import clock
from stranded.places.models import Utility
from stranded.sweeps.models import Outcome, VisitPerson

MOBILITY = ("seated", "wheelchair", "stretcher")
SEXES = ("", "female", "male")


class VisitError(ValueError):
    """The first fault names `field` and `message`; `errors` holds every fault found."""

    def __init__(
        self, field: str, message: str, *, errors: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.errors = errors or [(field, message)]


class VisitForbidden(VisitError):
    """The visit is for an area the recording user's team does not hold."""


class VisitNotFound(VisitError):
    """A record the visit refers to does not exist for this user (missing or outside scope)."""


class VisitConflict(VisitError):
    """The same submission (instanceID) arrived before with other content."""


def choice(data: dict[str, Any], key: str, allowed: Any, default: str = "") -> str:
    value = str(data.get(key) or default).strip()
    values = [str(v) for v in allowed]
    if value not in values:
        listed = ", ".join(v or "(blank)" for v in values)
        raise VisitError(
            key, _("'%(value)s' is not one of %(listed)s") % {"value": value, "listed": listed}
        )
    return value


def whole(data: dict[str, Any], key: str, low: int = 0, high: int = 10_000) -> int | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise VisitError(key, _("'%(value)s' is not a whole number") % {"value": value}) from None
    if not low <= number <= high:
        raise VisitError(
            key,
            _("%(number)s is outside %(low)s..%(high)s")
            % {"number": number, "low": low, "high": high},
        )
    return number


def _float(data: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        number = float(str(value))
    except ValueError:
        raise VisitError(key, _("'%(value)s' is not a number") % {"value": value}) from None
    if not low <= number <= high:
        raise VisitError(
            key,
            _("%(number)s is outside %(low)s..%(high)s")
            % {"number": number, "low": low, "high": high},
        )
    return number


def _bool(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on", "y")


def _when(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            parsed = parse_datetime(str(value or "").strip())
        except ValueError:  # well formed but impossible: 2023-10-32, +99:00
            parsed = None
        if parsed is None:
            raise VisitError(
                "visited_at", _("'%(value)s' is not a date and time (ISO 8601)") % {"value": value}
            )
        moment = parsed
    if timezone.is_naive(moment):
        raise VisitError("visited_at", _("the time zone is missing"))
    if moment.year < 1900:  # also keeps the conversion to UTC from overflowing (year 1, +14:00)
        raise VisitError(
            "visited_at", _("%(date)s is before 1900") % {"date": moment.date().isoformat()}
        )
    if moment > timezone.now() + timedelta(minutes=10):
        raise VisitError("visited_at", _("the visit is in the future"))
    return moment


class Faults:
    """Collects every fault of a visit, so that a form shows them all at once."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def check(self, clean: Callable[..., Any], *args: Any, default: Any = None) -> Any:
        try:
            return clean(*args)
        except VisitError as error:
            self.errors.extend(error.errors)
            return default

    def add(self, field: str, message: str) -> None:
        self.errors.append((field, message))

    def raise_any(self) -> None:
        if self.errors:
            field, message = self.errors[0]
            raise VisitError(field, message, errors=self.errors)


def visit_items(data: dict[str, Any], key: str, clean: Callable[..., Any], *args: Any) -> list[Any]:
    faults = Faults()
    items = [faults.check(clean, item, i, *args) for i, item in enumerate(_list(data, key))]
    faults.raise_any()
    return items


def clean_visit(data: dict[str, Any]) -> dict[str, Any]:
    """The visit itself and the persons met; the other apps check their parts (fieldwork)."""
    faults = Faults()
    area = str(data.get("area") or "").strip()
    if not area:
        faults.add("area", "is required")
    cleaned: dict[str, Any] = {
        "area": area,
        "address": str(data.get("address") or "").strip()[:300],
        "lat": faults.check(_float, data, "lat", -90, 90),
        "lon": faults.check(_float, data, "lon", -180, 180),
        "visited_at": faults.check(_when, data.get("visited_at") or clock.now()),
        "outcome": faults.check(choice, data, "outcome", Outcome.values, default=""),
        "lead": str(data.get("lead") or "").strip(),
        "notes": str(data.get("notes") or "").strip(),
    }
    if data.get("place"):  # only when given: the content hash of earlier visits stays the same
        cleaned["place"] = str(data["place"]).strip()
    for utility in ("electricity", "water", "gas"):
        cleaned[utility] = faults.check(choice, data, utility, Utility.values, Utility.UNKNOWN)
    if (cleaned["lat"] is None) != (cleaned["lon"] is None):
        faults.add("lat", "latitude and longitude come together")
    cleaned["persons"] = faults.check(visit_items, data, "persons", _person, default=[])
    if cleaned["outcome"] == Outcome.PERSONS_PRESENT and not _list_given(data, "persons"):
        faults.add("persons", "the outcome is 'persons present' but no person is given")
    faults.raise_any()
    return cleaned


def persons_given(data: dict[str, Any]) -> int:
    """How many persons a visit names (a need may say whose it is by number)."""
    return len(_list_given(data, "persons"))


def _list_given(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key) or []
    return value if isinstance(value, list) else []


def _list(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise VisitError(key, _("must be a list of records"))
    return value


def nested(prefix: str, error: VisitError) -> VisitError:
    errors = [(f"{prefix}.{field}", message) for field, message in error.errors]
    return VisitError(*errors[0], errors=errors)


def _person(data: dict[str, Any], index: int) -> dict[str, Any]:
    faults = Faults()
    person = {
        "given_name": str(data.get("given_name") or "").strip()[:100],
        "family_name": str(data.get("family_name") or "").strip()[:100],
        "father_name": str(data.get("father_name") or "").strip()[:100],
        "sex": faults.check(choice, data, "sex", SEXES),
        "birth_year": faults.check(whole, data, "birth_year", 1900, clock.today().year),
        "age_years": faults.check(whole, data, "age_years", 0, 120),
        "phone": str(data.get("phone") or "").strip()[:40],
        "condition": faults.check(
            choice, data, "condition", VisitPerson.Condition.values, "unknown"
        ),
        "wants_to_leave": _bool(data.get("wants_to_leave")),
        "consent_to_leave": _bool(data.get("consent_to_leave")),
        "mobility": faults.check(choice, data, "mobility", ("", *MOBILITY)),
    }
    if not (person["given_name"] or person["family_name"]):
        faults.add("family_name", "a person needs a given or family name")
    if person["consent_to_leave"] and not person["wants_to_leave"]:
        faults.add("consent_to_leave", "consent is recorded only for who wants to leave")
    try:
        faults.raise_any()
    except VisitError as error:
        raise nested(f"persons[{index + 1}]", error) from None
    return person


class AssignForm(forms.Form):
    team = forms.UUIDField(label=gettext_lazy("Team"))
    hours = forms.IntegerField(
        min_value=1, max_value=72, required=False, label=gettext_lazy("Hours")
    )
