"""One way to check input: Django forms over a plain dict, one error type naming each field.

A page's POST (`request.POST.dict()`), an API payload (`payload.dict()`), a field form's
submission and an import row all arrive as a dict; the app's `InputForm` subclass checks it with
`Form.check(data)`, which returns the cleaned values or raises `InputError` carrying every fault,
each named by its field (`sex`) or, inside a list, by its row and field (`persons[2].sex`).

The fields here are lenient where field teams are: text is trimmed and cut at its limit, a blank
choice takes its default, numbers may come as text, yes/no as `1/true/yes/on`. They refuse what
cannot be taken, with the value in the message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from stranded.core import clock


class InputError(ValueError):
    """Input that cannot be taken. `field` and `message` are the first fault; `errors` holds
    every fault found, in the order of the form's fields. The API answers it with `status`
    and every fault (`stranded.api`); pages show each beside its field."""

    status = 422

    def __init__(
        self, field: str, message: str, *, errors: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.errors = errors or [(field, message)]

    def __str__(self) -> str:
        return "; ".join(f"{field}: {message}" for field, message in self.errors)

    def within(self, prefix: str) -> InputError:
        """The same faults named inside a list: `persons[2]` + `sex` -> `persons[2].sex`."""
        errors = [(f"{prefix}.{field}", message) for field, message in self.errors]
        return InputError(*errors[0], errors=errors)


class InputForm(forms.Form):
    """A form over a dict. Subclasses declare fields and may add faults in `clean()` with
    `self.fault(field, message)`, also for keys that are not fields (rows of a list)."""

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data if data is not None else {}, **kwargs)
        self.faults: list[tuple[str, str]] = []

    @classmethod
    def check(cls, data: Any, **kwargs: Any) -> dict[str, Any]:
        form = cls(data, **kwargs)
        return form.checked()

    def checked(self) -> dict[str, Any]:
        valid = self.is_valid()
        errors = faults_of(self) + self.faults
        # In the order of the fields, a rule of clean() beside its field (a stable sort: the
        # faults of one field, and the rows of a list, keep their order).
        order = {name: position for position, name in enumerate(self.fields)}
        errors.sort(key=lambda fault: order.get(fault[0].split("[")[0], len(order)))
        if errors or not valid:
            raise InputError(*errors[0], errors=errors)
        return dict(self.cleaned_data)

    def fault(self, field: str, message: str) -> None:
        if field in self.fields:
            self.add_error(field, message)
        else:
            self.faults.append((field, message))

    def rows(self, key: str, form: type[InputForm], **kwargs: Any) -> list[dict[str, Any]]:
        """The list under `key`, each row checked by `form`; every row's faults are kept,
        named `key[n].field` (n from 1, as a person reads a list)."""
        value = self.data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fault(key, _("must be a list of records"))
            return []
        rows = []
        for number, row in enumerate(value, start=1):
            try:
                rows.append(form.check(row, **kwargs))
            except InputError as error:
                self.faults.extend(error.within(f"{key}[{number}]").errors)
        return rows


def check_rows(
    data: dict[str, Any], key: str, form: type[InputForm], **kwargs: Any
) -> list[dict[str, Any]]:
    """Only the list under `key` of a record (a visit's needs), each row checked by `form`:
    the rows cleaned, or InputError naming `key[n].field` of every faulty row."""
    holder = InputForm(data)
    rows = holder.rows(key, form, **kwargs)
    if holder.faults:
        raise InputError(*holder.faults[0], errors=holder.faults)
    return rows


def faults_of(form: forms.BaseForm, record: str = "") -> list[tuple[str, str]]:
    """A Django form's errors as (field, message), each named `record.field` when the form is
    one record of several (`vehicle.seats`); an error of the whole form is named `record`."""
    faults = []
    for field, messages in form.errors.items():
        name = record if field == "__all__" else ".".join(p for p in (record, field) if p)
        faults += [(name or field, str(message)) for message in messages]
    return faults


def check_form(form: forms.BaseForm, record: str = "") -> dict[str, Any]:
    """Any Django form (a model form, a page's form) checked the same way as an InputForm:
    its cleaned data, or InputError with every fault."""
    if form.is_valid():
        return dict(form.cleaned_data)
    errors = faults_of(form, record)
    raise InputError(*errors[0], errors=errors)


def _refuse(message: str, **values: Any) -> forms.ValidationError:
    return forms.ValidationError(message % values if values else message)


class Text(forms.Field):
    """Text trimmed and cut at `limit` characters (a field team's long note is kept, not
    refused; None: no limit); `required` refuses a blank."""

    def __init__(self, limit: int | None = None, *, required: bool = False, **kwargs: Any) -> None:
        self.limit = limit
        self.needed = required
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> str:
        text = str(value if value is not None else "").strip()[: self.limit]
        if self.needed and not text:
            raise _refuse(_("is required"))
        return text


class Choice(forms.Field):
    """One value of a vocabulary (a list or a callable giving it, for choices known late);
    a blank takes `default`."""

    def __init__(
        self, values: Iterable[Any] | Callable[[], Iterable[Any]], default: str = "", **kwargs: Any
    ) -> None:
        self.values = values
        self.default = default
        super().__init__(required=False, **kwargs)

    def allowed(self) -> list[str]:
        values = self.values() if callable(self.values) else self.values
        return [str(v) for v in values]

    def to_python(self, value: Any) -> str:
        text = str(value or self.default).strip()
        allowed = self.allowed()
        if text not in allowed:
            listed = ", ".join(v or "(blank)" for v in allowed)
            raise _refuse(_("'%(value)s' is not one of %(listed)s"), value=text, listed=listed)
        return text


class Words(Choice):
    """Several values of a vocabulary: a list, or text separated by spaces or commas; each
    kept once, in the order given."""

    widget = forms.SelectMultiple

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if value in (None, ""):
            return []
        if isinstance(value, str):
            value = value.replace(",", " ").split()
        if not isinstance(value, list | tuple):
            raise _refuse(_("must be a list"))
        allowed = self.allowed()
        for word in value:
            if str(word) not in allowed:
                listed = ", ".join(allowed)
                raise _refuse(_("'%(value)s' is not one of %(listed)s"), value=word, listed=listed)
        return list(dict.fromkeys(str(word) for word in value))


class Whole(forms.Field):
    """A whole number from `low` to `high`; blank is `default` (None unless given)."""

    def __init__(
        self, low: int, high: int | Callable[[], int], default: int | None = None, **kwargs: Any
    ) -> None:
        self.low, self.high, self.default = low, high, default
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in (None, ""):
            return self.default
        try:
            number = int(str(value).strip())
        except ValueError:
            raise _refuse(_("'%(value)s' is not a whole number"), value=value) from None
        high = self.high() if callable(self.high) else self.high
        if not self.low <= number <= high:
            raise _refuse(
                _("%(number)s is outside %(low)s..%(high)s"), number=number, low=self.low, high=high
            )
        return number


class Number(forms.Field):
    """A number from `low` to `high`, or None when blank."""

    def __init__(self, low: float, high: float, **kwargs: Any) -> None:
        self.low, self.high = low, high
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> float | None:
        if value in (None, ""):
            return None
        try:
            number = float(str(value).strip())
        except ValueError:
            raise _refuse(_("'%(value)s' is not a number"), value=value) from None
        if not self.low <= number <= self.high:
            raise _refuse(
                _("%(number)s is outside %(low)s..%(high)s"),
                number=number,
                low=self.low,
                high=self.high,
            )
        return number


class Flag(forms.Field):
    """Yes or no as forms, phones and spreadsheets write it: 1/true/yes/on/y are yes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("1", "true", "yes", "on", "y")


class Moment(forms.Field):
    """A date and time (ISO 8601), not in the future; blank is now. `naive` says what a time
    without a zone means: refused (`"refuse"`, the default) or the server's zone (`"local"`)."""

    def __init__(self, *, naive: str = "refuse", **kwargs: Any) -> None:
        self.naive = naive
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> datetime:
        if value in (None, ""):
            return clock.now()
        if isinstance(value, datetime):
            moment = value
        else:
            try:
                parsed = parse_datetime(str(value).strip())
            except ValueError:  # well formed but impossible: 2023-10-32, +99:00
                parsed = None
            if parsed is None:
                raise _refuse(_("'%(value)s' is not a date and time (ISO 8601)"), value=value)
            moment = parsed
        if timezone.is_naive(moment):
            if self.naive != "local":
                raise _refuse(_("the time zone is missing"))
            moment = timezone.make_aware(moment)
        if moment.year < 1900:  # also keeps the conversion to UTC from overflowing (year 1)
            raise _refuse(_("%(date)s is before 1900"), date=moment.date().isoformat())
        if moment > timezone.now() + timedelta(minutes=10):
            raise _refuse(_("is in the future"))
        return moment


class Day(forms.Field):
    """A date (YYYY-MM-DD), or None when blank."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> date | None:
        if value in (None, ""):
            return None
        if isinstance(value, date):
            return value
        try:
            parsed = parse_date(str(value).strip())
        except ValueError:  # well formed but impossible: 2023-02-30
            parsed = None
        if parsed is None:
            raise _refuse(_("'%(value)s' is not a date (YYYY-MM-DD)"), value=value)
        return parsed


class Point(InputForm):
    """A latitude and longitude, both or neither (mixed into forms that place something)."""

    lat = Number(-90, 90)
    lon = Number(-180, 180)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            "lat" in cleaned
            and "lon" in cleaned
            and (cleaned["lat"] is None) != (cleaned["lon"] is None)
        ):
            self.fault("lat", _("latitude and longitude come together"))
        return cleaned
