"""The API's input schemas built from the forms that check the input, so that each field is
declared once, on its form (core.inputs):

    @from_form(NeedForm)
    class NeedIn(Schema):
        pass

Each field gets the JSON type the API takes for it (text as a string, a number, true or false, a
date and time, a list of words) and the form's default, or is required when a blank is refused
(`Text(required=True)`, a `Choice` without a default; a vocabulary given as a callable is known
only later, so its field is optional here and the form refuses the blank). The form's limits are
documented in the OpenAPI document, not checked by the schema: a choice's values (`enum`, with
"" where a blank takes the default) and a text's limit (in
its description, not as `maxLength`: longer text is cut by the form, not refused, and a client
generated from the document must not refuse it either). A wrong value thus reaches the form,
which names the field at fault as it does on a page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django import forms
from ninja import Schema
from pydantic import Field, create_model
from pydantic.config import JsonDict, JsonValue

from stranded.core.inputs import Choice, Day, Flag, InputForm, Moment, Number, Text, Whole, Words

S = TypeVar("S", bound=Schema)

# Fields whose type and default do not depend on how they are declared.
PLAIN: dict[type[forms.Field], tuple[Any, Any]] = {
    Number: (float | None, None),
    Flag: (bool, False),
    Moment: (datetime | None, None),  # blank is now: the form's to say
}


def from_form(form: type[InputForm]) -> Callable[[type[S]], type[S]]:
    """The schema (of the same name) with, after the fields it declares itself, each field of
    `form` in the form's order."""

    def build(schema: type[S]) -> type[S]:
        own = schema.model_fields
        fields: dict[str, Any] = {
            name: payload_field(field) for name, field in ordered(form).items() if name not in own
        }
        return create_model(
            schema.__name__,
            __base__=schema,
            __module__=schema.__module__,
            __doc__=schema.__doc__,
            **fields,
        )

    return build


def ordered(form: type[InputForm]) -> dict[str, forms.Field]:
    """The form's declared fields in its `field_order` (as a bound form orders them), read from
    the class: no form is made, so an api module may be imported before the apps are ready."""
    fields = dict(form.base_fields)
    first = [name for name in form.field_order or () if name in fields]
    return {name: fields[name] for name in [*first, *(n for n in fields if n not in first)]}


def payload_field(field: forms.Field) -> tuple[Any, Any]:
    """A form field's (type, default or FieldInfo) in a schema."""
    if isinstance(field, Words):  # before Choice, of which it is one
        return list[str], Field([], json_schema_extra=_listed(field, items=True))
    if isinstance(field, Choice):
        blank_refused = not callable(field.values) and "" not in field.allowed()
        default: Any = ... if blank_refused and not field.default else str(field.default)
        return str, Field(default, json_schema_extra=_listed(field))
    if isinstance(field, Text):
        cut = f"cut at {field.limit} characters" if field.limit else None
        return str, Field(... if field.needed else "", description=cut)
    if isinstance(field, Whole):
        return (int | None, None) if field.default is None else (int, field.default)
    if isinstance(field, Day):  # as text: the form names a wrong date
        return str, Field("", description="a date, YYYY-MM-DD, or blank")
    if type(field) in PLAIN:
        return PLAIN[type(field)]
    raise TypeError(f"no JSON type for a {type(field).__name__} field")


def _listed(field: Choice, *, items: bool = False) -> Callable[[JsonDict], None]:
    """The choice's values in the field's JSON schema, read when the document is made (a
    vocabulary may be known late)."""

    def document(schema: JsonDict) -> None:
        values: list[JsonValue] = list(field.allowed())
        if field.default and not items and "" not in values:  # a blank takes the default
            values.append("")
        if items:
            schema["items"] = {"type": "string", "enum": values}
        else:
            schema["enum"] = values

    return document
