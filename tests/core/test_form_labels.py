"""Every visible label and help text of every Django form under src/stranded is translated.

The check imports each module that defines a Django form (every forms.py, and the other modules
a grep for `forms.Form`/`forms.ModelForm` finds), builds each form class, and asks of each visible
field that its label and help text be lazy translation proxies, or read differently in Armenian.
A label Django builds from a field's name ("Center lat") is English in every language.
"""

from __future__ import annotations

import importlib
import inspect
import re
import uuid
from pathlib import Path

from django import forms
from django.test import SimpleTestCase
from django.utils import translation
from django.utils.functional import Promise

from stranded.core.inputs import InputForm
from stranded.core.models import Operation

SRC = Path(__file__).resolve().parents[2] / "src" / "stranded"
DEFINES_FORM = re.compile(r"^class \w+\((?:forms\.)?(?:Model)?Form\)", re.MULTILINE)
# Built with these keyword arguments; an operation with an id and no row: its querysets are lazy.
ARGUMENTS = {"operation": lambda: Operation(id=uuid.uuid4(), name="Test")}


def form_modules() -> list[str]:
    """Every forms.py, and every other module defining a Form or ModelForm class."""
    names = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        if path.name == "forms.py" or DEFINES_FORM.search(path.read_text(encoding="utf-8")):
            relative = path.relative_to(SRC.parent).with_suffix("")
            names.append(".".join(relative.parts))
    return names


def form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for name in form_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
                # Checks of input (pages, API, field forms alike), never drawn: the pages that
                # take their input carry the translated labels.
                and not issubclass(value, InputForm)
            ):
                found[f"{name}.{value.__name__}"] = value
    return [found[key] for key in sorted(found)]


def build(cls: type[forms.BaseForm]) -> forms.BaseForm | None:
    """The form with the keyword arguments its __init__ requires, or None (with the reason)."""
    kwargs = {}
    for parameter in inspect.signature(cls.__init__).parameters.values():
        if parameter.kind is not parameter.KEYWORD_ONLY or parameter.default is not parameter.empty:
            continue
        if parameter.name not in ARGUMENTS:
            print(f"skipped {cls.__name__}: needs {parameter.name}")
            return None
        kwargs[parameter.name] = ARGUMENTS[parameter.name]()
    return cls(**kwargs)


def translated(text: object) -> bool:
    if isinstance(text, Promise):
        return True
    with translation.override("en"):
        english = str(text)
    with translation.override("hy"):
        return str(text) != english


class FormLabelsTest(SimpleTestCase):
    def test_it_finds_the_forms(self) -> None:
        names = {cls.__name__ for cls in form_classes()}
        for expected in (
            "VehicleForm",
            "PersonForm",
            "SharingRequestForm",
            "RoleForm",
            "PhoneForm",
        ):
            self.assertIn(expected, names)

    def test_it_builds_every_form(self) -> None:
        self.assertEqual([c.__name__ for c in form_classes() if build(c) is None], [])

    def test_it_translates_every_visible_label_and_help_text(self) -> None:
        untranslated = []
        for cls in form_classes():
            form = build(cls)
            if form is None:
                continue
            for bound in form.visible_fields():
                where = f"{cls.__module__}.{cls.__name__}.{bound.name}"
                if not translated(
                    bound.field.label if bound.field.label is not None else bound.label
                ):
                    untranslated.append(f"{where} label {str(bound.label)!r}")
                if bound.help_text and not translated(bound.help_text):
                    untranslated.append(f"{where} help_text {str(bound.help_text)!r}")
        self.assertEqual(untranslated, [], f"{len(untranslated)} left")

    def test_it_reads_a_label_in_armenian(self) -> None:
        from stranded.evacuation.forms import VehicleForm

        with translation.override("hy"):
            label = str(VehicleForm()["name"].label)
        self.assertNotEqual(label, "Name")
