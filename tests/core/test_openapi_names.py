"""Every schema of the API has its own name: two classes of one name overwrite each other in the
OpenAPI document (the needs history and the custody chain were both `EventOut`)."""

from __future__ import annotations

from collections import defaultdict

from django.test import SimpleTestCase
from ninja import Schema

from stranded.api import api


def subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | subclasses(sub)
    return found


class OpenApiNamesTests(SimpleTestCase):
    def test_it_gives_every_schema_a_unique_name(self) -> None:
        api.get_openapi_schema()  # builds every router's schemas
        by_name: dict[str, set[str]] = defaultdict(set)
        for cls in subclasses(Schema):
            if cls.__module__.startswith("stranded."):
                by_name[cls.__name__].add(cls.__module__)
        self.assertGreater(len(by_name), 10)
        self.assertEqual(
            {name: sorted(mods) for name, mods in by_name.items() if len(mods) > 1}, {}
        )

    def test_the_schema_lists_the_renamed_event_schemas(self) -> None:
        components = api.get_openapi_schema()["components"]["schemas"]
        self.assertIn("NeedEventOut", components)
        self.assertIn("CustodyEventOut", components)
        self.assertNotIn("EventOut", components)
