"""Tests that need the real gazetteer import it once per test class."""

from __future__ import annotations

from django.test import TestCase

from stranded.places.actions import ImportResult, import_gazetteer


class GazetteerMixin(TestCase):
    first_import: ImportResult

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.first_import = import_gazetteer()
