"""The API's input schemas built from the forms (core.schemas.from_form): each field of the form
with the JSON type, default and required-ness the API has always taken, its limits documented
in the OpenAPI document but left to the form, which names the field at fault."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.test import SimpleTestCase
from ninja import Schema
from pydantic import ValidationError

from stranded.animals.api import PartnerIn, PetInquiryIn, SightingIn
from stranded.animals.forms import PetInquiryForm
from stranded.core.inputs import Choice, InputForm, Text
from stranded.core.schemas import from_form, payload_field
from stranded.fieldwork.api import VisitIn
from stranded.needs.api import NeedIn
from stranded.needs.forms import NeedForm
from stranded.needs.models import Need
from stranded.remains.api import RemainsIn
from stranded.sweeps.forms import VisitForm
from tests.needs.base import NeedsTestCase

REQUIRED = "required"


def fields_of(schema: type[Schema]) -> dict[str, tuple[Any, Any]]:
    """Each field's (type, default), the default REQUIRED when there is none."""
    return {
        name: (field.annotation, REQUIRED if field.is_required() else field.default)
        for name, field in schema.model_fields.items()
    }


class PayloadFieldTests(SimpleTestCase):
    def test_it_gives_each_field_of_a_form_its_type_and_default(self) -> None:
        self.assertEqual(
            fields_of(NeedIn),
            {
                "kind": (str, REQUIRED),  # a Choice without a default refuses a blank
                "urgency": (str, "medium"),
                "due_before": (str, ""),  # a date as text: the form names a wrong one
                "note": (str, ""),
                "area": (str, ""),
                "address": (str, ""),
                "person": (str, ""),
                "visit": (str, ""),
            },
        )

    def test_it_types_numbers_flags_moments_and_words(self) -> None:
        fields = fields_of(SightingIn)
        self.assertEqual(
            {k: fields[k] for k in ("species", "count", "lat", "owner_known", "needs", "seen_at")},
            {
                "species": (str, REQUIRED),
                "count": (int, 1),
                "lat": (float | None, None),
                "owner_known": (bool, False),
                "needs": (list[str], []),
                "seen_at": (datetime | None, None),
            },
        )
        self.assertEqual(fields_of(PartnerIn)["name"], (str, REQUIRED))  # Text(required=True)

    def test_a_choice_that_takes_a_blank_and_a_whole_without_default_are_optional(self) -> None:
        fields = fields_of(RemainsIn)
        self.assertEqual(
            (fields["sex"], fields["age_min"], fields["found_at"]),
            ((str, ""), (int | None, None), (datetime | None, None)),
        )

    def test_it_keeps_the_fields_the_schema_declares_itself(self) -> None:
        fields = fields_of(VisitIn)
        lists = {"persons", "needs", "animals", "remains"}
        self.assertEqual(set(fields), {*VisitForm.base_fields, *lists})
        self.assertEqual(fields["persons"], (list[dict[str, Any]], []))
        self.assertEqual(
            (fields["area"], fields["outcome"], fields["water"]),
            ((str, REQUIRED), (str, REQUIRED), (str, "unknown")),
        )

    def test_the_schema_keeps_its_name_and_lists_the_forms_fields(self) -> None:
        self.assertEqual((NeedIn.__name__, NeedIn.__module__), ("NeedIn", "stranded.needs.api"))
        self.assertEqual(list(NeedIn.model_fields), list(NeedForm.base_fields))

    def test_it_refuses_the_types_the_old_schema_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            SightingIn(species=5, count="many", lat="north", needs="food")
        self.assertEqual(
            [(e["loc"][0], e["type"]) for e in caught.exception.errors()],
            [
                ("species", "string_type"),
                ("lat", "float_parsing"),
                ("count", "int_parsing"),
                ("needs", "list_type"),
            ],
        )

    def test_a_late_vocabulary_is_optional_and_read_when_documented(self) -> None:
        values = ["a"]

        class LateForm(InputForm):
            pick = Choice(lambda: values)
            name = Text(None, required=True)

        @from_form(LateForm)
        class LateIn(Schema):
            pass

        values.append("b")
        schema = LateIn.model_json_schema()
        self.assertEqual(schema["properties"]["pick"]["enum"], ["a", "b"])
        self.assertNotIn("description", schema["properties"]["name"])  # no limit
        self.assertEqual(schema["required"], ["name"])

    def test_it_reads_the_form_class_in_its_field_order_without_making_a_form(self) -> None:
        class Unmade(InputForm):
            note = Text(10)
            name = Text(10, required=True)
            field_order = ("name",)

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                raise AssertionError("a form was made while building the schema")

        @from_form(Unmade)
        class UnmadeIn(Schema):
            pass

        self.assertEqual(list(UnmadeIn.model_fields), ["name", "note"])
        # As a form made of the class orders them (its field_order puts the inquirer first).
        self.assertEqual(list(PetInquiryIn.model_fields), list(PetInquiryForm().fields))
        self.assertEqual(next(iter(PetInquiryIn.model_fields)), "inquirer_name")

    def test_a_choices_default_is_plain_text(self) -> None:
        default = NeedIn.model_fields["urgency"].default
        self.assertEqual((type(default), default), (str, "medium"))
        self.assertEqual(NeedIn(kind="food").dict()["urgency"], "medium")

    def test_it_refuses_a_field_it_has_no_type_for(self) -> None:
        with self.assertRaisesMessage(TypeError, "no JSON type for a CharField field"):
            payload_field(forms.CharField())


class PayloadSchemaApiTests(NeedsTestCase):
    def test_the_openapi_document_lists_a_choices_values_and_a_texts_limit(self) -> None:
        self.login(self.coordinator)
        need_in = self.client.get("/api/openapi.json").json()["components"]["schemas"]["NeedIn"]
        props = need_in["properties"]
        self.assertEqual(
            props["kind"],
            {
                "title": "Kind",
                "type": "string",
                "enum": [
                    "medical_care",
                    "medicines",
                    "food",
                    "drinking_water",
                    "electricity",
                    "gas_heating",
                    "shelter",
                    "winter_clothing_fuel",
                    "mobility_aid",
                    "psychosocial",
                ],
            },
        )
        self.assertEqual(props["urgency"]["default"], "medium")
        # A blank urgency takes the default, so the document lists it too.
        self.assertEqual(props["urgency"]["enum"], ["low", "medium", "high", "critical", ""])
        self.assertEqual(
            props["note"],
            {
                "title": "Note",
                "type": "string",
                "default": "",
                "description": "cut at 300 characters",
            },
        )
        self.assertEqual(props["due_before"]["description"], "a date, YYYY-MM-DD, or blank")
        self.assertNotIn("format", props["due_before"])  # "" is no date, and a blank is taken
        self.assertEqual(need_in["required"], ["kind"])

    def test_a_bad_choice_gets_422_naming_the_field(self) -> None:
        self.login(self.coordinator)
        response = self.api_post("/api/needs/", {"kind": "wifi", "area": "V-SHOSH"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("kind: 'wifi' is not one of medical_care, ", response.json()["detail"])
        self.assertEqual(Need.objects.count(), 0)

    def test_a_missing_or_mistyped_field_gets_422_from_the_schema(self) -> None:
        self.login(self.coordinator)
        missing = self.api_post("/api/needs/", {"area": "V-SHOSH"})
        mistyped = self.api_post("/api/needs/", {"kind": "food", "area": "V-SHOSH", "note": 5})
        self.assertEqual((missing.status_code, mistyped.status_code), (422, 422))
        self.assertEqual(
            [(e["type"], e["loc"]) for e in missing.json()["detail"]],
            [("missing", ["body", "payload", "kind"])],
        )
        self.assertEqual(
            [(e["type"], e["loc"]) for e in mistyped.json()["detail"]],
            [("string_type", ["body", "payload", "note"])],
        )

    def test_a_long_text_is_cut_not_refused(self) -> None:
        self.login(self.coordinator)
        response = self.api_post(
            "/api/needs/", {"kind": "food", "area": "V-SHOSH", "note": "x" * 500}
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(len(Need.objects.get().note), 300)

    def test_a_blank_choice_takes_its_default(self) -> None:
        self.login(self.coordinator)
        response = self.api_post("/api/needs/", {"kind": "food", "area": "V-SHOSH", "urgency": ""})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Need.objects.get().urgency, "medium")
