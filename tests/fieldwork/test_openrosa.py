"""The OpenRosa server, as ODK Collect and Enketo talk to it, with submissions built from
pyxform's XForm of our own XLSForm."""

from __future__ import annotations

import base64
import threading
import time
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client

from stranded.core.models import User
from stranded.core.phones import create_phone_credential
from stranded.fieldwork.imports import store
from stranded.fieldwork.submissions import parse_instance
from stranded.places.models import Area
from stranded.sweeps.actions import assign_area
from stranded.sweeps.models import Visit
from tests.base import StrandedTransactionTestCase
from tests.fieldwork import odk
from tests.sweeps.base import SweepsTestCase, assigned_town_cell

FORMS = "{http://openrosa.org/xforms/xformsList}"
RESPONSE = "{http://openrosa.org/http/response}"


def basic(user: User, password: str | None = None) -> dict[str, str]:
    """HTTP Basic with a phone credential of the user's (a new one), or with `password`."""
    username = user.username
    if password is None:
        credential, password = create_phone_credential(
            operation=user.operation, user=user, label="test phone", by=user
        )
        username = credential.username
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


class OpenRosaTestCase(SweepsTestCase):
    def setUp(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)

    def download_xform(self, user: User) -> str:
        listing = self.client.get("/openrosa/formList", **basic(user))
        self.assertEqual(listing.status_code, 200)
        root = ET.fromstring(listing.content)
        url = root.findtext(f"./{FORMS}xform/{FORMS}downloadUrl")
        assert url is not None
        form = self.client.get(url.replace("http://testserver", ""), **basic(user))
        self.assertEqual(form.status_code, 200)
        return form.content.decode()

    def values(self, **extra: Any) -> dict[str, Any]:
        values: dict[str, Any] = {
            "visited_at": "2023-10-02T10:15:00.000+04:00",
            "area": self.cell.code,
            "address": "Mashtots 8",
            "outcome": "empty",
            "electricity": "working",
            "water": "not_working",
            "gas": "unknown",
        }
        values.update(extra)
        return values

    def submit(self, user: User, xml: bytes, **headers: str) -> Any:
        upload = SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
        return self.client.post(
            "/openrosa/submission",
            {"xml_submission_file": upload},
            HTTP_X_OPENROSA_VERSION="1.0",
            **basic(user),
            **headers,
        )

    def message(self, response: Any) -> str:
        return ET.fromstring(response.content).findtext(f"./{RESPONSE}message") or ""


class FormListTests(OpenRosaTestCase):
    def test_the_form_list_names_our_form_with_its_version_and_hash(self) -> None:
        response = self.client.get("/openrosa/formList", **basic(self.field_member))
        self.assertEqual(response["X-OpenRosa-Version"], "1.0")
        root = ET.fromstring(response.content)
        self.assertEqual(root.findtext(f"./{FORMS}xform/{FORMS}formID"), "stranded_visit")
        self.assertTrue((root.findtext(f"./{FORMS}xform/{FORMS}hash") or "").startswith("md5:"))
        self.assertEqual(len(root.findtext(f"./{FORMS}xform/{FORMS}version") or ""), 12)

    def test_without_credentials_or_with_a_wrong_password_it_asks_for_them(self) -> None:
        anonymous = self.client.get("/openrosa/formList")
        self.assertEqual(anonymous.status_code, 401)
        self.assertIn("Basic", anonymous["WWW-Authenticate"])
        wrong = self.client.get("/openrosa/formList", **basic(self.field_member, "nope"))
        self.assertEqual(wrong.status_code, 401)

    def test_roles_that_do_not_record_visits_are_refused(self) -> None:
        for user in (self.driver, self.liaison, self.auditor, self.tracing_officer):
            with self.subTest(user=user.username):
                response = self.client.get("/openrosa/formList", **basic(user))
                self.assertEqual(response.status_code, 403)


class SubmissionTests(OpenRosaTestCase):
    def test_head_tells_where_to_submit(self) -> None:
        response = self.client.head("/openrosa/submission", **basic(self.field_member))
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["X-OpenRosa-Accept-Content-Length"], str(10 * 1024 * 1024))
        self.assertEqual(response["Location"], "http://testserver/openrosa/submission")

    def test_new_201_identical_202_different_409_and_the_stored_one_unchanged(self) -> None:
        xform = self.download_xform(self.field_member)
        key = odk.new_id()
        xml = odk.instance(xform, self.values(), instance_id=key)
        created = self.submit(self.field_member, xml)
        self.assertEqual(created.status_code, 201, created.content)
        visit = Visit.objects.get(instance_id=key)
        self.assertEqual((visit.source, visit.recorded_by), (Visit.Source.ODK, self.field_member))
        self.assertEqual((visit.water, visit.area), ("not_working", self.cell))
        again = self.submit(self.field_member, xml)
        self.assertEqual(again.status_code, 202)
        self.assertEqual(self.message(again), "Already received; nothing changed.")
        changed = odk.instance(xform, self.values(outcome="refused"), instance_id=key)
        conflict = self.submit(self.field_member, changed)
        self.assertEqual(conflict.status_code, 409)
        self.assertIn("instanceID", self.message(conflict))
        self.assertEqual(Visit.objects.count(), 1)
        visit.refresh_from_db()
        self.assertEqual(visit.outcome, "empty")

    def test_malformed_submissions_get_400_with_the_reason(self) -> None:
        xform = self.download_xform(self.field_member)
        bad_value = odk.instance(xform, self.values(outcome="flooded"), instance_id=odk.new_id())
        cases = {
            b"<stranded_visit id='stranded_visit'><area>": "not well-formed XML",
            b"<other_form id='other_form'/>": "this is form 'other_form'",
            odk.instance(xform, self.values(), instance_id=""): "meta/instanceID is missing",
            bad_value: "outcome: 'flooded' is not one of",
        }
        for xml, reason in cases.items():
            with self.subTest(reason=reason):
                response = self.submit(self.field_member, xml)
                self.assertEqual(response.status_code, 400)
                self.assertIn(reason, self.message(response))
        no_file = self.client.post("/openrosa/submission", {}, **basic(self.field_member))
        self.assertEqual(no_file.status_code, 400)
        self.assertFalse(Visit.objects.exists())

    def test_odd_input_is_answered_never_a_server_error(self) -> None:
        def xml(visited_at: str = "2023-10-02T10:15:00+04:00", key: str = "uuid:x") -> bytes:
            return (
                "<stranded_visit id='stranded_visit'>"
                f"<visited_at>{visited_at}</visited_at><area>{self.cell.code}</area>"
                f"<outcome>empty</outcome><meta><instanceID>{key}</instanceID></meta>"
                "</stranded_visit>"
            ).encode()

        nested = ("<a>" * 3000 + "</a>" * 3000).encode()
        cases = {
            xml("2023-10-32T10:15:00+04:00"): "visited_at: '2023-10-32T10:15:00+04:00' is not",
            xml(key="uuid:" + "9" * 120): "instanceID: is longer than 100 characters",
            b'<?xml version="1.0" encoding="bogus"?><x/>': "not well-formed XML",
            b"<stranded_visit id='stranded_visit'>" + nested + b"</stranded_visit>": "nested",
        }
        for body, reason in cases.items():
            with self.subTest(reason=reason):
                response = self.submit(self.field_member, body)
                self.assertEqual(response.status_code, 400)
                self.assertIn(reason, self.message(response))
        odd_header = self.client.get("/openrosa/formList", HTTP_AUTHORIZATION="Basic éé")
        self.assertEqual(odd_header.status_code, 401)
        self.assertFalse(Visit.objects.exists())

    def test_a_team_less_field_member_gets_no_leads(self) -> None:
        from stranded.core.roles import Role
        from stranded.tracing.actions import open_inquiry

        open_inquiry(
            operation=self.operation,
            inquirer={"name": "Lusine"},
            channel="phone",
            sought={
                "given_name": "Arsen",
                "family_name": "Hakobyan",
                "address": "Tumanyan 3",
                "lat": self.cell.center_lat,
                "lon": self.cell.center_lon,
            },
            by=self.tracing_officer,
        )
        loner = self.create_user("loner", Role.FIELD_MEMBER)
        form = self.download_xform(loner)
        self.assertIn(self.cell.code, form)
        self.assertNotIn("INQ-", form)

    def test_a_field_member_cannot_submit_for_an_area_their_team_does_not_hold(self) -> None:
        xform = self.download_xform(self.other_field_member)
        xml = odk.instance(xform, self.values(), instance_id=odk.new_id())
        response = self.submit(self.other_field_member, xml)
        self.assertEqual(response.status_code, 403)
        self.assertIn("not held by your team", self.message(response))
        self.assertFalse(Visit.objects.exists())

    def test_the_xform_a_team_downloads_lists_only_its_own_leads(self) -> None:
        from stranded.tracing.actions import open_inquiry

        inquiry = open_inquiry(
            operation=self.operation,
            inquirer={"name": "Lusine"},
            channel="phone",
            sought={
                "given_name": "Arsen",
                "family_name": "Hakobyan",
                "address": "Tumanyan 3",
                "lat": self.cell.center_lat,
                "lon": self.cell.center_lon,
            },
            by=self.tracing_officer,
        )
        mine = self.download_xform(self.field_member)
        theirs = self.download_xform(self.other_field_member)
        self.assertIn(inquiry.reference, mine)
        self.assertNotIn(inquiry.reference, theirs)
        self.assertNotIn("Hakobyan", mine)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite serialises whole-database writes)",
)
class ConcurrentSubmissionTests(StrandedTransactionTestCase):
    """Two identical submissions at the same moment: the unique instanceID keeps one visit."""

    cell: Area

    def setUp(self) -> None:
        super().setUp()
        self.cell = assigned_town_cell(self.operation, self.team, self.coordinator)

    def test_two_identical_submissions_at_once_make_one_visit(self) -> None:
        cell, user = self.cell, self.field_member
        xml = (
            "<stranded_visit id='stranded_visit'>"
            f"<visited_at>2023-10-02T10:15:00+04:00</visited_at><area>{cell.code}</area>"
            "<outcome>empty</outcome><meta><instanceID>uuid:same</instanceID></meta>"
            "</stranded_visit>"
        ).encode()
        submission = parse_instance(xml)
        first_stored, release = threading.Event(), threading.Event()
        results: dict[str, Any] = {}

        def first() -> None:
            try:
                with transaction.atomic():
                    results["first"] = store(
                        operation=user.operation,
                        submission=submission,
                        by=user,
                        source=Visit.Source.ODK,
                    )[1]
                    first_stored.set()
                    release.wait(10)
            finally:
                connection.close()

        def second() -> None:
            try:
                first_stored.wait(10)
                results["second"] = store(
                    operation=user.operation,
                    submission=submission,
                    by=user,
                    source=Visit.Source.ODK,
                )[1]
            finally:
                connection.close()

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        first_stored.wait(10)
        time.sleep(0.5)  # the second is now blocked on the unique index, or about to be
        release.set()
        for thread in threads:
            thread.join(20)
        self.assertEqual(results, {"first": True, "second": False})
        self.assertEqual(Visit.objects.filter(instance_id="uuid:same").count(), 1)

    def test_the_http_path_answers_201_then_202_from_two_clients(self) -> None:
        cell, user = self.cell, self.field_member
        xml = (
            "<stranded_visit id='stranded_visit'>"
            f"<visited_at>2023-10-02T10:15:00+04:00</visited_at><area>{cell.code}</area>"
            "<outcome>no_answer</outcome><meta><instanceID>uuid:twice</instanceID></meta>"
            "</stranded_visit>"
        ).encode()
        statuses: list[int] = []

        def post() -> None:
            try:
                upload = SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
                response = Client().post(
                    "/openrosa/submission", {"xml_submission_file": upload}, **basic(user)
                )
                statuses.append(response.status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=post) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.assertEqual(sorted(statuses), [201, 202])
        self.assertEqual(Visit.objects.filter(instance_id="uuid:twice").count(), 1)
