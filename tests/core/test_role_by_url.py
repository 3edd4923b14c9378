"""Every URL of the app, for every role and anonymous, answers as the table says.

Pages come from the URL configuration, API operations from the OpenAPI schema; ids are those of
real records of the operation (a visit, a person, a trip, ...), so a 404 means "not for you",
never "no such record". Run with STRANDED_URL_TABLE=print to see what each URL answers.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from stranded.animals.actions import open_pet_inquiry, record_sighting, save_partner
from stranded.api import api
from stranded.core.actions import change_role, set_password_path
from stranded.core.models import RoleRequest, User
from stranded.core.phones import create_phone_credential
from stranded.fieldwork.actions import record_field_visit
from stranded.interop.actions import create_request
from stranded.interop.movements import create_notification
from stranded.needs.actions import record_need
from stranded.remains.actions import add_attachment, record_remains
from stranded.sweeps.actions import assign_area
from stranded.tracing.actions import open_inquiry
from stranded.tracing.models import Lead, Match
from tests.core import url_table
from tests.evacuation.base import EvacuationTestCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def page_patterns(resolver: URLResolver, prefix: str = "", ns: str = "") -> list[tuple[str, str]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{ns}{entry.namespace}:" if entry.namespace else ns
            found += page_patterns(entry, prefix + str(entry.pattern), namespace)
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), f"{ns}{entry.name}"))
    return [(route, name) for route, name in found if not name.startswith("api:")]


def api_operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return [(method.upper(), path) for path, ops in paths.items() for method in ops]


PRIVATE = tempfile.mkdtemp(prefix="role-by-url-")


@override_settings(REMAINS_PRIVATE_ROOT=PRIVATE)
class RoleByUrlTests(EvacuationTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.ids = cls.build()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(PRIVATE, ignore_errors=True)

    @classmethod
    def build(cls) -> dict[str, Any]:
        op, coordinator = cls.operation, cls.coordinator
        assign_area(area=cls.cell, team=cls.team, by=coordinator)
        inquiry = open_inquiry(
            operation=op,
            inquirer={"name": "Lusine"},
            channel="phone",
            sought={
                "given_name": "Arsen",
                "family_name": "Hakobyan",
                "birth_year": 1941,
                "sex": "male",
                "address": "Tumanyan 3",
                "lat": cls.cell.center_lat,
                "lon": cls.cell.center_lon,
            },
            by=cls.tracing_officer,
        )
        lead = Lead.objects.get(inquiry=inquiry)
        visit, _ = record_field_visit(
            source="browser",
            operation=op,
            by=cls.field_member,
            data={
                "area": cls.cell.code,
                "address": "Tumanyan 3",
                "lat": cls.cell.center_lat,
                "lon": cls.cell.center_lon,
                "outcome": "persons_present",
                "lead": str(lead.pk),
                "visited_at": (timezone.now() - timedelta(hours=1)).isoformat(),
                "persons": [
                    {
                        "given_name": "Арсен",
                        "family_name": "Акопян",
                        "birth_year": 1941,
                        "sex": "male",
                        "condition": "needs_care",
                        "wants_to_leave": True,
                        "consent_to_leave": True,
                    }
                ],
            },
        )
        match = Match.objects.filter(inquiry=inquiry).first()
        test = cls("run")
        test.driver = cls.driver
        trip = test.published_trip()
        need = record_need(operation=op, area=cls.cell, kind="food", by=coordinator)
        remains = record_remains(
            operation=op,
            data={
                "found_where": "Tumanyan 3",
                "lat": cls.cell.center_lat,
                "lon": cls.cell.center_lon,
                "condition": "intact",
            },
            by=cls.field_member,
            area=cls.cell,
        )
        attachment = add_attachment(
            remains=remains,
            upload=SimpleUploadedFile("p.png", PNG, "image/png"),
            content_type="image/png",
            kind="photo",
            caption="",
            by=cls.field_member,
        )
        sighting = record_sighting(
            operation=op,
            by=cls.field_member,
            data={
                "species": "dog",
                "count": 1,
                "condition": "thin",
                "lat": cls.cell.center_lat,
                "lon": cls.cell.center_lon,
                "needs": ["food"],
            },
        )
        partner = save_partner(
            operation=op, by=coordinator, data={"name": "Shelter", "species": ["dog"]}
        )
        pet = open_pet_inquiry(
            operation=op,
            by=cls.tracing_officer,
            data={
                "inquirer_name": "Lusine",
                "species": "dog",
                "colour": "black",
                "lat": cls.cell.center_lat,
                "lon": cls.cell.center_lon,
            },
        )
        newcomer = User.objects.create_user("newcomer", password=None)
        role_request = change_role(
            operation=op, user=newcomer, role="field_member", team=None, by=cls.admin
        )
        assert isinstance(role_request, RoleRequest)
        link = set_password_path(newcomer).strip("/").split("/")
        phone, _ = create_phone_credential(
            operation=op, user=cls.field_member, label="phone", by=coordinator
        )
        notification = create_notification(
            operation=op, authority="Checkpoint command", by=coordinator, plan=trip.plan
        )
        sharing = create_request(
            operation=op,
            by=coordinator,
            data={
                "recipient": "Central Tracing Agency",
                "purpose": "tracing",
                "legal_basis": "consent",
                "dataset": "pfif",
                "expires_at": timezone.now() + timedelta(days=10),
            },
        )
        return {
            "inquiry_id": inquiry.pk,
            "person_id": inquiry.sought_id,
            "area_id": cls.cell.pk,
            "visit_id": visit.pk,
            "match_id": match.pk if match else None,
            "plan_id": trip.plan_id,
            "trip_id": trip.pk,
            "need_id": need.pk,
            "vehicle_id": trip.vehicle_id,
            "notification_id": notification.pk,
            "sharing_request_id": sharing.pk,
            "remains_id": remains.pk,
            "attachment_id": attachment.pk,
            "sighting_id": sighting.pk,
            "partner_id": partner.pk,
            "pet_id": pet.pk,
            "user_id": cls.driver.uuid,
            "role_request_id": role_request.pk,
            "request_id": test.req.pk,
            "place_id": "khankendi",
            "slug": "needs-by-area",
            "form_id": "stranded_visit",
            "uidb64": link[1],
            "token": link[2],
            "credential_id": phone.pk,
            "follow_up_id": inquiry.pk,  # POST only: the URL answers 405 before any lookup
        }

    def value(self, name: str, key: str) -> str:
        if key == "request_id" and name.startswith("core:"):
            key = "role_request_id"
        if key == "request_id" and name.startswith("interop:"):
            key = "sharing_request_id"
        if key == "inquiry_id" and name.startswith(("animals:", "/api/animals")):
            key = "pet_id"
        value = self.ids[key]
        assert value is not None, key
        return str(value)

    def fill(self, name: str, route: str) -> str:
        route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: self.value(name, m.group(1)), route)
        route = re.sub(r"\{(\w+)\}", lambda m: self.value(name, m.group(1)), route)
        return "/" + route.lstrip("/")

    def call(self, method: str, url: str) -> int:
        with transaction.atomic():
            if method == "GET":
                response = self.client.get(url)
            else:
                response = self.client.generic(method, url, b"{}", content_type="application/json")
            transaction.set_rollback(True)
        return response.status_code

    def walk(self) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
        pages = [(name, self.fill(name, route)) for route, name in page_patterns(get_resolver())]
        apis = [(f"{m} {p}", m, self.fill(p, p)) for m, p in api_operations()]
        seen_pages: dict[str, dict[str, int]] = {name: {} for name, _ in pages}
        seen_api: dict[str, dict[str, int]] = {key: {} for key, _, _ in apis}
        users = {**self.users_by_role(), "anonymous": None}
        for role, user in users.items():
            self.client.logout()
            if user is not None:
                self.client.force_login(user)
            for name, url in pages:
                seen_pages[name][role] = self.call("GET", url)
            for key, method, url in apis:
                seen_api[key][role] = self.call(method, url)
        return seen_pages, seen_api

    def test_it_answers_every_url_for_every_role_as_the_table_says(self) -> None:
        pages, apis = self.walk()
        if os.environ.get("STRANDED_URL_TABLE") == "print":
            out = io.StringIO()
            for table in (pages, apis):
                for key, row in table.items():
                    print(f"{key!r}: {row},", file=out)
            print(out.getvalue())
        self.assertEqual(sorted(set(pages) - set(url_table.PAGES)), [], "pages without a row")
        self.assertEqual(sorted(set(apis) - set(url_table.API)), [], "API operations without a row")
        for table, expected in ((pages, url_table.PAGES), (apis, url_table.API)):
            for key, row in table.items():
                with self.subTest(key):
                    self.assertEqual(row, expected[key], key)
