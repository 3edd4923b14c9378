"""kill -9 in the middle of an OpenRosa submission (a gunicorn worker) and of an import
(`stranded forms import`): nothing of the visit is stored, and sending it again stores it once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from stranded.core import serving
from stranded.core.models import AuditEvent
from stranded.fieldwork import xlsform
from stranded.needs.models import Need
from stranded.places import geometry
from stranded.places.models import Area
from stranded.sweeps.actions import assign_area, save_areas
from stranded.sweeps.models import Visit, VisitPerson
from tests import processes
from tests.base import StrandedTransactionTestCase
from tests.fieldwork import odk
from tests.sweeps.base import TOWN, SweepsTestCase

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: kills processes in the middle of their transactions on a server",
    ),
]


def attempt(base: str, xml: bytes, username: str, secret: str) -> int | str:
    try:
        return processes.submit_visit(base, xml, username, secret)
    except OSError:  # the worker died with the request: the phone sees the connection drop
        return "connection lost"


class CrashTestCase(StrandedTransactionTestCase):
    cell: Area
    tmp: Path

    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path: Path) -> None:
        self.tmp = tmp_path

    def setUp(self) -> None:
        super().setUp()
        boundary = geometry.circle(*TOWN, 600)
        save_areas(
            operation=self.operation, shapes=list(geometry.grid(boundary, 250, "KHA")), by=None
        )
        self.cell = Area.objects.get(operation=self.operation, code=SweepsTestCase.code_at(*TOWN))
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        self.xform = xlsform.xform(xlsform.choices_for(self.operation, self.team))

    def values(self, address: str) -> dict[str, Any]:
        return {
            "visited_at": "2023-10-02T10:15:00.000+04:00",
            "area": self.cell.code,
            "address": address,
            "outcome": "persons_present",
            "water": "not_working",
            "persons": [
                {
                    "given_name": "Anahit",
                    "family_name": "Hakobyan",
                    "sex": "female",
                    "birth_year": 1941,
                    "condition": "needs_care",
                },
                {
                    "given_name": "Garnik",
                    "family_name": "Hakobyan",
                    "sex": "male",
                    "birth_year": 1938,
                },
            ],
            "needs": [{"kind": "medicines", "urgency": "high"}],
        }

    def stored(self, instance_id: str) -> dict[str, int]:
        visits = Visit.objects.filter(instance_id=instance_id)
        return {
            "visits": visits.count(),
            "persons": VisitPerson.objects.filter(visit__in=visits).count(),
            "needs": Need.objects.filter(visit__in=visits).count(),
            "events": AuditEvent.objects.filter(
                verb="visit.recorded", target_id__in=[str(v.pk) for v in visits]
            ).count(),
        }


class SubmissionCrashTests(CrashTestCase):
    def test_it_stores_nothing_when_the_worker_dies_midway_and_the_resend_once(self) -> None:
        key = odk.new_id()
        xml = odk.instance(self.xform, self.values("Mashtots 8"), instance_id=key)
        marker = self.tmp / "paused"
        port = processes.free_port()
        base = f"http://127.0.0.1:{port}"
        environ = processes.env(
            STRANDED_TEST_PAUSE="stranded.fieldwork.actions:follow_lead",
            STRANDED_TEST_PAUSE_FILE=str(marker),
        )
        web = serving.gunicorn_command(
            f"127.0.0.1:{port}", workers=1, app="tests.pausing:application"
        )
        with processes.running(web, environ=environ) as (server,):
            processes.wait_for_http(f"{base}/login/", process=server)
            first: dict[str, Any] = {}
            user, secret = processes.phone(self.field_member)
            phone = threading.Thread(
                target=lambda: first.update(status=attempt(base, xml, user, secret))
            )
            phone.start()
            # The visit and its persons are written, the request not finished: kill the worker.
            processes.wait_for(marker.exists, what="the submission to pause midway")
            worker = int(marker.read_text())
            assert worker in processes.children(server.pid)
            os.kill(worker, signal.SIGKILL)
            phone.join(30)
            assert first["status"] == "connection lost"
            assert self.stored(key) == {"visits": 0, "persons": 0, "needs": 0, "events": 0}

            # The phone sends it again (gunicorn has started a new worker): stored once.
            assert processes.submit_visit(base, xml, user, secret) == 201
            assert processes.submit_visit(base, xml, user, secret) == 202
        assert self.stored(key) == {"visits": 1, "persons": 2, "needs": 1, "events": 1}


class ImportCrashTests(CrashTestCase):
    def test_it_stores_nothing_when_the_import_is_killed_midway_and_all_on_the_rerun(self) -> None:
        records = [(odk.new_id(), self.values(f"Tumanyan {n}")) for n in range(1, 4)]
        export = self.tmp / "export.zip"
        export.write_bytes(odk.central_csv_zip(records))
        marker = self.tmp / "paused"
        command = [
            "forms",
            "--operation",
            self.operation.name,
            "import",
            str(export),
            "--user",
            self.coordinator.username,
            "--json",
        ]
        environ = processes.env(
            STRANDED_TEST_PAUSE="stranded.fieldwork.imports:_try:2",
            STRANDED_TEST_PAUSE_FILE=str(marker),
        )
        paused = [sys.executable, "-m", "tests.pausing", *command]
        with processes.running(paused, environ=environ) as (importer,):
            # Two of the three records are stored in the import's transaction: kill it.
            processes.wait_for(marker.exists, what="the import to pause after two records")
            assert int(marker.read_text()) == importer.pid
            os.kill(importer.pid, signal.SIGKILL)
            assert importer.wait(10) == -signal.SIGKILL
        for key, _ in records:
            assert self.stored(key) == {"visits": 0, "persons": 0, "needs": 0, "events": 0}
        assert not AuditEvent.objects.filter(verb="visits.imported").exists()

        def run_import() -> dict[str, Any]:
            done = subprocess.run(
                processes.stranded(*command),
                env=processes.env(),
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert done.returncode == 0, done.stderr
            return json.loads(done.stdout)

        assert run_import() == {"created": 3, "unchanged": 0, "rejected": []}
        assert run_import() == {"created": 0, "unchanged": 3, "rejected": []}
        for key, _ in records:
            assert self.stored(key) == {"visits": 1, "persons": 2, "needs": 1, "events": 1}
