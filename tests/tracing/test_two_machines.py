"""Two web machines against one PostgreSQL: a person recorded through one is found at once by an
inquiry saved through the other (no stale matching index)."""

from __future__ import annotations

import pytest
from django.db import connection

from stranded.places import geometry
from stranded.places.models import Area
from stranded.sweeps.actions import assign_area, save_areas
from stranded.tracing.models import Person
from tests import processes
from tests.base import PASSWORD, StrandedTransactionTestCase
from tests.sweeps.base import TOWN, SweepsTestCase

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: several web machines share one server (SQLite is one file)",
    ),
]

INQUIRY = {"inquirer_name": "Lusine Grigoryan", "inquirer_relation": "daughter",
           "channel": "phone", "consent_tracing": True}  # fmt: skip


class TwoMachinesTests(StrandedTransactionTestCase):
    def setUp(self) -> None:
        super().setUp()
        boundary = geometry.circle(*TOWN, 600)
        save_areas(
            operation=self.operation, shapes=list(geometry.grid(boundary, 250, "KHA")), by=None
        )
        self.cell = Area.objects.get(operation=self.operation, code=SweepsTestCase.code_at(*TOWN))
        assign_area(area=self.cell, team=self.team, by=self.coordinator)

    def visit(self, key: str) -> bytes:
        return (
            "<stranded_visit id='stranded_visit'>"
            f"<visited_at>2023-10-02T10:15:00+04:00</visited_at><area>{self.cell.code}</area>"
            "<address>Vazgen Sargsyan 14</address><outcome>persons_present</outcome>"
            "<persons><given_name>Siranush</given_name><family_name>Grigoryan</family_name>"
            "<sex>female</sex><birth_year>1937</birth_year></persons>"
            f"<meta><instanceID>{key}</instanceID></meta></stranded_visit>"
        ).encode()

    def test_it_finds_a_person_recorded_through_the_other_machine(self) -> None:
        with processes.two_machines() as (one, other):
            tracer = processes.Browser(other, self.tracing_officer.username, PASSWORD)
            # The other machine has matched before: whatever it keeps in memory is warm.
            status, first = tracer.json(
                "POST",
                "/api/tracing/inquiries",
                {
                    **INQUIRY,
                    "given_name": "Siranush",
                    "family_name": "Grigoryan",
                    "sex": "female",
                    "birth": "1937",
                },
            )
            assert status == 201, first
            assert first["matches"] == []

            assert (
                processes.submit_visit(
                    one, self.visit("uuid:two-1"), *processes.phone(self.field_member)
                )
                == 201
            )
            found = Person.objects.get(family_name="Grigoryan", source="field")

            status, second = tracer.json(
                "POST",
                "/api/tracing/inquiries",
                {
                    **INQUIRY,
                    "given_name": "Сирануш",
                    "family_name": "Григорян",
                    "sex": "female",
                    "birth": "1937",
                },
            )
            assert status == 201, second
            matched = [m["right_id"] for m in second["matches"]]
            assert str(found.pk) in matched
            # Read back through the first machine: the same candidates, stored once.
            reader = processes.Browser(one, self.tracing_officer.username, PASSWORD)
            status, detail = reader.json("GET", f"/api/tracing/inquiries/{second['id']}")
            assert status == 200
            assert str(found.pk) in [m["right_id"] for m in detail["matches"]]
