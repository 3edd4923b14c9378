"""Builders for remains tests: the sweeps grid, one cell held by Team A, a body recorded there."""

from __future__ import annotations

import shutil
import tempfile
from typing import Any

from django.test import override_settings

from stranded.core.models import User
from stranded.remains.actions import record_remains
from stranded.remains.models import Remains
from stranded.sweeps.actions import assign_area
from tests.sweeps.base import SweepsTestCase


class RemainsTestCase(SweepsTestCase):
    def setUp(self) -> None:
        self.private_root = tempfile.mkdtemp(prefix="remains-test-")
        self.settings_override = override_settings(REMAINS_PRIVATE_ROOT=self.private_root)
        self.settings_override.enable()
        assign_area(area=self.cell, team=self.team, by=self.coordinator)

    def tearDown(self) -> None:
        self.settings_override.disable()
        shutil.rmtree(self.private_root, ignore_errors=True)

    def create_remains(self, by: User | None = None, **data: Any) -> Remains:
        values = {
            "found_where": "Tumanyan 3, courtyard",
            "lat": self.cell.center_lat,
            "lon": self.cell.center_lon,
            "condition": "intact",
        }
        values.update(data)
        return record_remains(
            operation=self.operation, data=values, by=by or self.field_member, area=self.cell
        )

    def post_json(self, user: User, url: str, data: dict[str, Any]) -> Any:
        self.login(user)
        return self.client.post(url, data, content_type="application/json")
